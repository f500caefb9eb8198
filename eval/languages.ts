import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { distanceKm } from '../src/understand/places/geo.js';
import { createAnalyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import type { Analysis, Span } from '../src/understand/types.js';
import type { SuiteOutput } from './harness.js';

// Arabic and Persian figures (issue 20) on eval/gold/languages.jsonl: 15 Arabic and 15 Persian news-style
// sentences written by the project (see eval/gold/README.md). The set was written while the Arabic-script
// branches were being built, by the same hand, so read its figures as regression checks, not as a benchmark.
// Articles are analysed without their language stated, so detection is scored too.

interface Gold {
  language: 'ar' | 'fa';
  publishedAt: string;
  text: string;
  actors: Array<{ text: string; actor: string }>;
  places: Array<{ text: string; lat: number; lon: number }>;
  dates: Array<{ text: string; start: string }>;
  events: Array<{ type: string; source: string | null; target: string | null }>;
}

const overlaps = (a: Pick<Span, 'start' | 'end'>, b: Pick<Span, 'start' | 'end'>): boolean =>
  a.start < b.end && b.start < a.end;

/** Where a gold surface form stands in its sentence: its first occurrence. */
function at(text: string, surface: string): { start: number; end: number } {
  const start = text.indexOf(surface);
  return { start, end: start + surface.length };
}

function score(gold: readonly Gold[]): Record<string, number> {
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  const n = {
    docs: 0,
    language: 0,
    actors: 0,
    actorFound: 0,
    actorLinked: 0,
    places: 0,
    placeFound: 0,
    place161: 0,
    dates: 0,
    dateFound: 0,
    dateRight: 0,
    events: 0,
    eventType: 0,
    eventActors: 0,
    cpuMs: 0,
  };
  for (const g of gold) {
    const cpu = process.cpuUsage();
    const a: Analysis = analyzer.analyze({ text: g.text, publishedAt: g.publishedAt });
    const used = process.cpuUsage(cpu);
    n.cpuMs += (used.user + used.system) / 1000;
    n.docs++;
    if (a.language === g.language) n.language++;
    const actorId = (id: string): string | undefined => a.actors.find((x) => x.id === id)?.actorId;
    for (const ga of g.actors) {
      n.actors++;
      const span = at(g.text, ga.text);
      const hits = a.actorMentions.filter((m) => overlaps(m.span, span));
      if (hits.length) n.actorFound++;
      if (hits.some((m) => actorId(m.actor) === ga.actor)) n.actorLinked++;
    }
    for (const gp of g.places) {
      n.places++;
      const span = at(g.text, gp.text);
      const hit = a.places.find((p) => overlaps(p.span, span) && p.place);
      if (!hit?.place) continue;
      n.placeFound++;
      if (distanceKm(hit.place.lat, hit.place.lon, gp.lat, gp.lon) <= 161) n.place161++;
    }
    for (const gd of g.dates) {
      n.dates++;
      const span = at(g.text, gd.text);
      const hit = a.dates.find((d) => overlaps(d.span, span));
      if (!hit) continue;
      n.dateFound++;
      if (hit.start === gd.start) n.dateRight++;
    }
    for (const ge of g.events) {
      n.events++;
      const typed = a.events.filter((e) => e.type === ge.type);
      if (typed.length) n.eventType++;
      const same = (ids: string[], want: string | null): boolean =>
        want === null ? ids.length === 0 : ids.some((id) => actorId(id) === want);
      if (typed.some((e) => same(e.sources, ge.source) && same(e.targets, ge.target))) n.eventActors++;
    }
  }
  const share = (x: number, of: number): number => (of === 0 ? 0 : Math.round((x / of) * 1000) / 1000);
  return {
    sentences: n.docs,
    languageAccuracy: share(n.language, n.docs),
    goldActors: n.actors,
    actorMentionRecall: share(n.actorFound, n.actors),
    actorLinkAccuracy: share(n.actorLinked, n.actors),
    goldPlaces: n.places,
    placeAcc161: share(n.place161, n.places),
    goldDates: n.dates,
    dateAccuracy: share(n.dateRight, n.dates),
    goldEvents: n.events,
    eventTypeAccuracy: share(n.eventType, n.events),
    eventTypeAndActorsAccuracy: share(n.eventActors, n.events),
    msCpuPerSentence: Math.round((n.cpuMs / Math.max(1, n.docs)) * 10) / 10,
  };
}

export function runLanguagesEval(): Promise<SuiteOutput> {
  const gold = readFileSync(join(packageRoot(), 'eval', 'gold', 'languages.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Gold);
  return Promise.resolve({
    stage: 'languages',
    datasets: {
      'project-ar': score(gold.filter((g) => g.language === 'ar')),
      'project-fa': score(gold.filter((g) => g.language === 'fa')),
    },
  });
}
