import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { distanceKm } from '../src/understand/places/geo.js';
import { createAnalyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import type { Analysis } from '../src/understand/types.js';
import type { SuiteOutput } from './harness.js';

type Analyzer = ReturnType<typeof createAnalyzer>;

// Arabic and Persian figures (issue 20) on two project-written sets. eval/gold/languages.jsonl: 15 Arabic and
// 15 Persian sentences written while the Arabic-script branches were built, by the same hand, a regression
// set. eval/gold/languages-news.jsonl: 41 Arabic and 41 Persian news-style paragraphs written afterwards as a
// gold (docs/LANGUAGE-GOLD.md), split into dev and test by a hash of the paragraph id; fixes are tuned on dev.
// Articles are analysed without their language stated, so detection is scored too.

/** One gold paragraph of either set, its mentions placed by offset in `text`. */
interface Gold {
  id: string;
  language: 'ar' | 'fa';
  publishedAt: string;
  text: string;
  /** `actor` null: a name the dictionary lacks; it must not be linked to any dictionary actor. */
  actors: Array<{ span: Range; actor: string | null }>;
  places: Array<{ span: Range; lat: number; lon: number }>;
  dates: Array<{ span: Range; date: string }>;
  /** `source`/`target` null in the news set: an actor the dictionary lacks or none, not checked. */
  events: Array<{ type: string; source: string | null; target: string | null }>;
}

interface Range {
  start: number;
  end: number;
}

/** eval/gold/languages.jsonl, the regression set: mentions by first occurrence, dates as `start`. */
interface RegressionLine {
  language: 'ar' | 'fa';
  publishedAt: string;
  text: string;
  actors: Array<{ text: string; actor: string }>;
  places: Array<{ text: string; lat: number; lon: number }>;
  dates: Array<{ text: string; start: string }>;
  events: Array<{ type: string; source: string | null; target: string | null }>;
}

/** eval/gold/languages-news.jsonl (docs/LANGUAGE-GOLD.md): offsets given, split fixed in the file. */
interface NewsLine {
  id: string;
  split: 'dev' | 'test';
  language: 'ar' | 'fa';
  publishedAt: string;
  text: string;
  actors: Array<{ text: string; start: number; actor: string | null }>;
  places: Array<{ text: string; start: number; geonameId: number | null; lat: number; lon: number }>;
  dates: Array<{ text: string; start: number; date: string }>;
  events: Array<{ type: string; source: string | null; target: string | null }>;
}

const overlaps = (a: Range, b: Range): boolean => a.start < b.end && b.start < a.end;

/** Where a gold surface form stands in its sentence: its first occurrence. */
function at(text: string, surface: string): Range {
  const start = text.indexOf(surface);
  return { start, end: start + surface.length };
}

const placed = (m: { text: string; start: number }): Range => ({
  start: m.start,
  end: m.start + m.text.length,
});

function fromRegression(g: RegressionLine, i: number): Gold {
  return {
    id: `${g.language}-${i}`,
    language: g.language,
    publishedAt: g.publishedAt,
    text: g.text,
    actors: g.actors.map((a) => ({ span: at(g.text, a.text), actor: a.actor })),
    places: g.places.map((p) => ({ span: at(g.text, p.text), lat: p.lat, lon: p.lon })),
    dates: g.dates.map((d) => ({ span: at(g.text, d.text), date: d.start })),
    // The regression set's null means "no actor": it is checked there.
    events: g.events,
  };
}

function fromNews(g: NewsLine): Gold {
  return {
    id: g.id,
    language: g.language,
    publishedAt: g.publishedAt,
    text: g.text,
    actors: g.actors.map((a) => ({ span: placed(a), actor: a.actor })),
    places: g.places.map((p) => ({ span: placed(p), lat: p.lat, lon: p.lon })),
    dates: g.dates.map((d) => ({ span: placed(d), date: d.date })),
    events: g.events,
  };
}

/**
 * Scores one set. `nullIsUnchecked`: whether an event's null source or target means "not checked" (the news
 * set, where null is an actor the dictionary lacks) or "no actor" (the regression set). `misses`, when given,
 * collects one line per gold item the system got wrong, for error analysis on a dev half.
 */
function score(
  analyzer: Analyzer,
  gold: readonly Gold[],
  nullIsUnchecked: boolean,
  misses?: string[],
): Record<string, number> {
  const n = {
    docs: 0,
    language: 0,
    actors: 0,
    actorFound: 0,
    actorLinked: 0,
    unknownActors: 0,
    unknownLinked: 0,
    places: 0,
    placeFound: 0,
    place161: 0,
    dates: 0,
    dateFound: 0,
    dateRight: 0,
    events: 0,
    eventType: 0,
    eventActors: 0,
    eventlessDocs: 0,
    eventlessWithEvent: 0,
    cpuMs: 0,
  };
  const miss = (g: Gold, what: string): void => {
    misses?.push(`${g.id} ${what}`);
  };
  const surface = (g: Gold, r: Range): string => g.text.slice(r.start, r.end);
  for (const g of gold) {
    const cpu = process.cpuUsage();
    const a: Analysis = analyzer.analyze({ text: g.text, publishedAt: g.publishedAt });
    const used = process.cpuUsage(cpu);
    n.cpuMs += (used.user + used.system) / 1000;
    n.docs++;
    if (a.language === g.language) n.language++;
    else miss(g, `language ${a.language ?? 'none'}`);
    const actorId = (id: string): string | undefined => a.actors.find((x) => x.id === id)?.actorId;
    for (const ga of g.actors) {
      const hits = a.actorMentions.filter((m) => overlaps(m.span, ga.span));
      const linked = hits.map((m) => actorId(m.actor) ?? '?');
      if (ga.actor === null) {
        n.unknownActors++;
        if (linked.some((id) => id !== '?')) {
          n.unknownLinked++;
          miss(g, `unknown actor "${surface(g, ga.span)}" linked to ${linked.join(',')}`);
        }
        continue;
      }
      n.actors++;
      if (hits.length) n.actorFound++;
      if (linked.includes(ga.actor)) n.actorLinked++;
      else
        miss(
          g,
          `actor "${surface(g, ga.span)}" ${ga.actor}: ${hits.length ? linked.join(',') : 'not found'}`,
        );
    }
    for (const gp of g.places) {
      n.places++;
      const hit = a.places.find((p) => overlaps(p.span, gp.span) && p.place);
      const km = hit?.place ? distanceKm(hit.place.lat, hit.place.lon, gp.lat, gp.lon) : null;
      if (hit?.place) n.placeFound++;
      if (km !== null && km <= 161) n.place161++;
      else
        miss(
          g,
          `place "${surface(g, gp.span)}": ${hit?.place ? `${hit.place.name} ${Math.round(km ?? 0)} km off` : 'not found'}`,
        );
    }
    for (const gd of g.dates) {
      n.dates++;
      const hit = a.dates.find((d) => overlaps(d.span, gd.span));
      if (hit) n.dateFound++;
      if (hit?.start === gd.date) n.dateRight++;
      else miss(g, `date "${surface(g, gd.span)}" ${gd.date}: ${hit ? String(hit.start) : 'not found'}`);
    }
    if (g.events.length === 0) {
      n.eventlessDocs++;
      if (a.events.length) {
        n.eventlessWithEvent++;
        miss(g, `no event, found ${a.events.map((e) => e.type).join(',')}`);
      }
    }
    for (const ge of g.events) {
      n.events++;
      const typed = a.events.filter((e) => e.type === ge.type);
      if (typed.length) n.eventType++;
      const same = (ids: string[], want: string | null): boolean =>
        want === null ? nullIsUnchecked || ids.length === 0 : ids.some((id) => actorId(id) === want);
      if (typed.some((e) => same(e.sources, ge.source) && same(e.targets, ge.target))) n.eventActors++;
      else
        miss(
          g,
          `event ${ge.type} ${ge.source ?? '-'} -> ${ge.target ?? '-'}: found ${a.events.map((e) => `${e.type} ${e.sources.map(actorId).join('+')} -> ${e.targets.map(actorId).join('+')}`).join('; ') || 'none'}`,
        );
    }
  }
  const share = (x: number, of: number): number => (of === 0 ? 0 : Math.round((x / of) * 1000) / 1000);
  return {
    sentences: n.docs,
    languageAccuracy: share(n.language, n.docs),
    goldActors: n.actors,
    actorMentionRecall: share(n.actorFound, n.actors),
    actorLinkAccuracy: share(n.actorLinked, n.actors),
    ...(nullIsUnchecked ? { goldUnknownActors: n.unknownActors, unknownActorsLinked: n.unknownLinked } : {}),
    goldPlaces: n.places,
    placeAcc161: share(n.place161, n.places),
    goldDates: n.dates,
    dateAccuracy: share(n.dateRight, n.dates),
    goldEvents: n.events,
    eventTypeAccuracy: share(n.eventType, n.events),
    eventTypeAndActorsAccuracy: share(n.eventActors, n.events),
    ...(nullIsUnchecked
      ? { eventlessParagraphs: n.eventlessDocs, eventlessWithSpuriousEvent: n.eventlessWithEvent }
      : {}),
    msCpuPerSentence: Math.round((n.cpuMs / Math.max(1, n.docs)) * 10) / 10,
  };
}

function readLines<T>(file: string): T[] {
  return readFileSync(join(packageRoot(), 'eval', 'gold', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function runLanguagesEval(): Promise<SuiteOutput> {
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  const regression = readLines<RegressionLine>('languages.jsonl').map(fromRegression);
  const news = readLines<NewsLine>('languages-news.jsonl');
  // The news set's test half is scored only when asked for (WATCHFLOOR_EVAL_TEST=1), so tuning on dev
  // cannot read it by accident; WATCHFLOOR_EVAL_MISSES=1 prints the dev half's misses for error analysis.
  const withTest = process.env.WATCHFLOOR_EVAL_TEST === '1';
  const misses: string[] | undefined = process.env.WATCHFLOOR_EVAL_MISSES === '1' ? [] : undefined;
  const datasets: Record<string, Record<string, number>> = {
    'project-ar': score(
      analyzer,
      regression.filter((g) => g.language === 'ar'),
      false,
    ),
    'project-fa': score(
      analyzer,
      regression.filter((g) => g.language === 'fa'),
      false,
    ),
  };
  for (const split of withTest ? (['dev', 'test'] as const) : (['dev'] as const)) {
    for (const language of ['ar', 'fa'] as const) {
      const part = news.filter((g) => g.split === split && g.language === language).map(fromNews);
      datasets[`news-${language}-${split}`] = score(
        analyzer,
        part,
        true,
        split === 'dev' ? misses : undefined,
      );
    }
  }
  if (misses) process.stderr.write(`${misses.join('\n')}\n`);
  return Promise.resolve({ stage: 'languages', datasets });
}
