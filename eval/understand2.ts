import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { aliasKey } from '../src/understand/actors/normalise.js';
import { extractDates } from '../src/understand/dates.js';
import { createAnalyzer, type Analyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import { splitSentences } from '../src/understand/sentences.js';
import { sharedData } from './entities.js';
import type { SuiteOutput } from './harness.js';

// Understand II figures. ../shared/data holds no gold for dates or quotes, so both sets are written by the
// project (eval/gold/, see eval/gold/README.md): small, and the date set shares patterns with the unit tests,
// so read them as regression figures, not as a benchmark. Actor links are scored on the PLOVER gold-standard
// records (CC BY-SA), whose source and target actors carry CAMEO codes.

let shared: Analyzer | null = null;
function analyzer(): Analyzer {
  shared ??= createAnalyzer(loadResources(packageRoot()));
  return shared;
}

function lines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

interface DateGold {
  text: string;
  publishedAt: string;
  expressions: Array<{ text: string; start: string | null; end: string | null; precision: string }>;
}

/**
 * Detection counts a found expression that overlaps the gold one (the lenient TIMEX convention: whether
 * "on" or "at midnight" belongs to the span is a matter of style); `strictF1` asks for the exact text.
 * Normalisation accuracy: start, end and precision all right, over the matched expressions.
 */
export function scoreDates(gold: readonly DateGold[]): Record<string, number> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let right = 0;
  let strict = 0;
  let expressions = 0;
  const t0 = performance.now();
  for (const g of gold) {
    const found = extractDates({
      text: g.text,
      sentences: splitSentences(g.text),
      publishedAt: g.publishedAt,
    });
    expressions += found.length;
    const goldSpans = g.expressions.map((e) => {
      const at = g.text.indexOf(e.text);
      return { ...e, from: at, to: at + e.text.length };
    });
    const overlaps = (f: (typeof found)[number], e: (typeof goldSpans)[number]) =>
      f.span.start < e.to && e.from < f.span.end;
    for (const e of goldSpans) {
      const f = found.find((x) => overlaps(x, e));
      if (!f) {
        fn++;
        continue;
      }
      tp++;
      if (f.span.text === e.text) strict++;
      if (f.start === e.start && f.end === e.end && f.precision === e.precision) right++;
    }
    fp += found.filter((f) => !goldSpans.some((e) => overlaps(f, e))).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    strictSpanShare: tp === 0 ? 0 : strict / tp,
    normalisationAccuracy: tp === 0 ? 0 : right / tp,
    endToEndAccuracy: tp + fn === 0 ? 0 : right / (tp + fn),
    expressions: tp + fn,
    sentencesPerSecond: gold.length / seconds,
    foundPerSecond: expressions / seconds,
  };
}

interface QuoteGold {
  doc: string;
  start: number;
  quote?: string;
  speaker: string;
}

/** A quote counts when found at the gold offset and attributed to an actor whose name has the speaker's. */
export function scoreQuotes(
  gold: readonly QuoteGold[],
  docs: ReadonlyMap<string, { text: string; publishedAt: string | null }>,
): Record<string, number> {
  let found = 0;
  let right = 0;
  const cache = new Map<string, ReturnType<Analyzer['analyze']>>();
  for (const g of gold) {
    const doc = docs.get(g.doc);
    if (!doc)
      throw new Error(`eval/gold/quotes.jsonl names ${g.doc}, which is not in data/demo/articles.jsonl`);
    let a = cache.get(g.doc);
    if (!a) {
      a = analyzer().analyze({ text: doc.text, publishedAt: doc.publishedAt });
      cache.set(g.doc, a);
    }
    const q = a.quotes.find((x) =>
      g.start >= 0 ? x.span.start === g.start : x.text.startsWith(g.quote ?? ''),
    );
    if (!q) continue;
    found++;
    const speaker = a.actors.find((x) => x.id === q.speaker);
    if (
      speaker &&
      aliasKey(speaker.name)
        .split(' ')
        .includes(aliasKey(g.speaker).split(' ').pop() ?? '')
    )
      right++;
  }
  return {
    quotes: gold.length,
    detectionRecall: found / gold.length,
    attributionAccuracy: right / gold.length,
    attributionAccuracyOfFound: found === 0 ? 0 : right / found,
  };
}

interface PloverRecord {
  id: string;
  text?: string;
  date?: string;
  source?: Array<{ actorText: string; code: string; sector?: string }> | string;
  target?: Array<{ actorText: string; code: string; sector?: string }> | string;
}

/**
 * Each gold actor of a PLOVER record is looked for among our actor mentions overlapping its text; the
 * country code must match, and with a gold sector (GOV, MIL…) the full code too.
 */
export function scoreActorLinks(records: readonly PloverRecord[]): Record<string, number> {
  let gold = 0;
  let mentioned = 0;
  let country = 0;
  let full = 0;
  let withSector = 0;
  let sectorRight = 0;
  const t0 = performance.now();
  let articles = 0;
  for (const r of records) {
    if (!r.text) continue;
    const actors = [
      ...(Array.isArray(r.source) ? r.source : []),
      ...(Array.isArray(r.target) ? r.target : []),
    ];
    if (actors.length === 0) continue;
    const a = analyzer().analyze({ text: r.text, publishedAt: null });
    articles++;
    for (const g of actors) {
      if (!g.code || !g.actorText) continue;
      gold++;
      const at = r.text.indexOf(g.actorText);
      const m = a.actorMentions.find(
        (x) => at >= 0 && x.span.start < at + g.actorText.length && at < x.span.end,
      );
      if (!m) continue;
      mentioned++;
      const actor = a.actors.find((x) => x.id === m.actor);
      const codes = actor?.codes ?? [];
      const wantCountry = g.code.slice(0, 3);
      if (codes.some((c) => c.startsWith(wantCountry))) country++;
      const want = `${g.code}${g.sector ?? ''}`;
      if (codes.some((c) => c === want || c.startsWith(want))) full++;
      if (g.sector) {
        withSector++;
        if (codes.some((c) => c.startsWith(want))) sectorRight++;
      }
    }
  }
  return {
    goldActors: gold,
    mentionRecall: gold === 0 ? 0 : mentioned / gold,
    countryCodeAccuracy: gold === 0 ? 0 : country / gold,
    fullCodeAccuracy: gold === 0 ? 0 : full / gold,
    sectorAccuracy: withSector === 0 ? 0 : sectorRight / withSector,
    sentencesPerSecond: articles / ((performance.now() - t0) / 1000),
  };
}

export async function runUnderstand2Eval(): Promise<SuiteOutput[]> {
  const root = packageRoot();
  const dates = scoreDates(lines<DateGold>(join(root, 'eval', 'gold', 'dates.jsonl')));
  const demo = new Map(
    lines<{ id: string; text: string; publishedAt: string | null }>(
      join(root, 'data', 'demo', 'articles.jsonl'),
    ).map((d) => [d.id, { text: d.text, publishedAt: d.publishedAt }]),
  );
  const quotes = scoreQuotes(lines<QuoteGold>(join(root, 'eval', 'gold', 'quotes.jsonl')), demo);
  const outputs: SuiteOutput[] = [
    { stage: 'dates', datasets: { 'watchfloor-dates-v1': dates } },
    { stage: 'quotes', datasets: { 'watchfloor-quotes-v1': quotes } },
  ];
  const plover = join(sharedData(), 'events', 'PLOVER_GSR_CAMEO.json');
  if (existsSync(plover)) {
    const records = JSON.parse(readFileSync(plover, 'utf8')) as PloverRecord[];
    outputs.push({ stage: 'actors', datasets: { 'plover-gsr': scoreActorLinks(records) } });
  }
  // Whole-pipeline speed on the demo corpus: what ingestion pays per article.
  const texts = [...demo.values()];
  for (const d of texts.slice(0, 30)) analyzer().analyze(d);
  const t0 = performance.now();
  for (const d of texts) analyzer().analyze(d);
  const perSecond = texts.length / ((performance.now() - t0) / 1000);
  outputs.push({
    stage: 'pipeline',
    datasets: { 'demo-corpus': { articles: texts.length, articlesPerSecond: perSecond } },
  });
  return outputs;
}
