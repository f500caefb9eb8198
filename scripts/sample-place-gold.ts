// Picks the candidate place mentions of the news place gold set (docs/PLACE-GOLD.md) from the demo corpus's
// Middle East stories (data/demo/articles.jsonl, GPL-3.0 texts) by a seeded rule, and assigns each article
// to the dev or the test half. Candidates are capitalised names the shipped gazetteer carries, found without
// the resolver or the tagger, so the choice of what to annotate is not made by looking at the analyzer's
// output. The intended gazetteer entry of each is then annotated by hand.
//   npx tsx scripts/sample-place-gold.ts            print the sample (JSONL, one candidate a line)
//   npx tsx scripts/sample-place-gold.ts --check    verify eval/gold/news-places/{dev,test}.jsonl hold exactly
//                                                   the sample, each mention in its article's half
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PlaceGazetteer } from '../src/understand/places/gazetteer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 'watchfloor-place-gold-v1';

interface DemoArticle {
  id: string;
  text: string;
  corpus: 'tr-news' | 'lgl' | 'seed';
}

export interface PlaceCandidate {
  doc: string;
  split: 'dev' | 'test';
  tier: 'ambiguous' | 'multi-country' | 'other';
  start: number;
  end: number;
  text: string;
  /** The sentence-sized window around the mention, for the annotator. */
  context: string;
}

/** A story is about the region when it names it this often. */
const REGION =
  /\b(Iran|Iraq|Syria|Israel|Palestin\w*|Gaza|West Bank|Lebanon|Lebanese|Hezbollah|Hamas|Yemen|Saudi|Egypt|Jordan|Libya|Tripoli|Beirut|Damascus|Cairo|Baghdad|Tehran|Jerusalem|Middle East)\b/g;
const REGION_HITS = 3;

/** The names the issue lists as ambiguous between the region and elsewhere: sampled first, all of them. */
export const AMBIGUOUS = new Set([
  'Gaza',
  'Alexandria',
  'Tripoli',
  'Georgia',
  'Lebanon',
  'Washington',
  'Sur',
  'Tyre',
  'Hama',
  'Homs',
  'Side',
  'Jordan',
  'Nazareth',
  'Bethlehem',
  'Jericho',
  'Hebron',
  'Damascus',
  'Cairo',
  'Memphis',
  'Palestine',
  'Babylon',
  'Medina',
  'Mecca',
  'Goshen',
  'Sidon',
  'Canaan',
  'Jerusalem',
  'Syria',
  'Petersburg',
]);

/** At most this many mentions of one name in one article: repeats add little and would swamp the set. */
const PER_NAME = 5;
/** Candidates of the third tier drawn after the first two are all in. */
const OTHER_QUOTA = 1000;

const hash = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Dev or test, by article; the seed article is the project's worked example, so it goes to dev. */
export function splitOf(doc: string): 'dev' | 'test' {
  if (doc.startsWith('seed-')) return 'dev';
  return parseInt(hash(`split:${SEED}:${doc}`).slice(0, 8), 16) % 2 === 0 ? 'dev' : 'test';
}

/**
 * The Middle East stories: LGL-derived and seed articles only. TR-News is the geoparser's held-out corpus,
 * and annotating its texts would mean reading it.
 */
export function regionArticles(articles: readonly DemoArticle[]): DemoArticle[] {
  return articles.filter((a) => a.corpus !== 'tr-news' && (a.text.match(REGION)?.length ?? 0) >= REGION_HITS);
}

/** A capitalised word, without a possessive "'s" ("Israel's" names Israel). */
const WORD = /[\p{Lu}][\p{L}.-]*(?:['’](?!s\b)[\p{L}.-]+)*/gu;

/** Capitalised names the gazetteer carries, longest first at each position, with no overlap. */
function gazetteerNames(
  text: string,
  g: PlaceGazetteer,
): Array<{ start: number; end: number; text: string }> {
  const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const out: Array<{ start: number; end: number; text: string }> = [];
  for (let i = 0; i < words.length;) {
    let taken = 0;
    for (let n = Math.min(4, words.length - i); n >= 1 && !taken; n--) {
      const first = words[i];
      const last = words[i + n - 1];
      if (!first || !last) continue;
      const surface = text.slice(first.start, last.end).replace(/[.'’-]+$/, '');
      // Only names joined by single spaces: a name does not run across a comma or a line.
      if (n > 1 && !/^[\p{L}'’.-]+(?: [\p{L}'’.-]+)*$/u.test(surface)) continue;
      // "The Jordan Junior Olympic…": the article opens a phrase, not a name.
      if (n > 1 && /^the$/i.test(text.slice(first.start, first.end))) continue;
      if (g.lookup(surface).length) {
        out.push({ start: first.start, end: first.start + surface.length, text: surface });
        taken = n;
      }
    }
    i += taken || 1;
  }
  return out;
}

function countries(g: PlaceGazetteer, surface: string): number {
  return new Set(g.lookup(surface).map((i) => g.places[i]?.cc)).size;
}

/** Deterministic order by a seeded hash. */
const shuffled = <T>(xs: readonly T[], key: (x: T) => string): T[] =>
  [...xs].sort((a, b) => (hash(`${SEED}:${key(a)}`) < hash(`${SEED}:${key(b)}`) ? -1 : 1));

export function sample(articles: readonly DemoArticle[], g: PlaceGazetteer): PlaceCandidate[] {
  const all: PlaceCandidate[] = [];
  for (const a of regionArticles(articles)) {
    const perName = new Map<string, number>();
    const names = shuffled(gazetteerNames(a.text, g), (n) => `${a.id}:${n.start}`);
    for (const n of names) {
      const k = perName.get(n.text) ?? 0;
      if (k >= PER_NAME) continue;
      perName.set(n.text, k + 1);
      const tier = AMBIGUOUS.has(n.text) ? 'ambiguous' : countries(g, n.text) > 1 ? 'multi-country' : 'other';
      const context = a.text
        .slice(Math.max(0, n.start - 90), n.end + 60)
        .replace(/\s+/g, ' ')
        .trim();
      all.push({ doc: a.id, split: splitOf(a.id), tier, start: n.start, end: n.end, text: n.text, context });
    }
  }
  const key = (c: PlaceCandidate): string => `${c.doc}:${c.start}`;
  const first = all.filter((c) => c.tier !== 'other');
  const rest = shuffled(
    all.filter((c) => c.tier === 'other'),
    key,
  ).slice(0, OTHER_QUOTA);
  return [...first, ...rest].sort((a, b) => (a.doc === b.doc ? a.start - b.start : a.doc < b.doc ? -1 : 1));
}

export function loadDemo(): DemoArticle[] {
  return readFileSync(join(root, 'data', 'demo', 'articles.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DemoArticle);
}

function main(): void {
  const g = PlaceGazetteer.fromTsv(
    gunzipSync(readFileSync(join(root, 'data', 'places', 'places.tsv.gz'))).toString('utf8'),
  );
  const picked = sample(loadDemo(), g);
  if (!process.argv.includes('--check')) {
    for (const c of picked) process.stdout.write(`${JSON.stringify(c)}\n`);
    return;
  }
  const want = new Set(picked.map((c) => `${c.split}:${c.doc}:${c.start}:${c.end}`));
  const have = new Set<string>();
  for (const split of ['dev', 'test'] as const) {
    const file = join(root, 'eval', 'gold', 'news-places', `${split}.jsonl`);
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as { doc: string; start: number; end: number };
      if (splitOf(r.doc) !== split)
        throw new Error(`${r.doc} is in ${split}, its article's half is the other`);
      have.add(`${split}:${r.doc}:${r.start}:${r.end}`);
    }
  }
  const missing = [...want].filter((k) => !have.has(k));
  const extra = [...have].filter((k) => !want.has(k));
  if (missing.length || extra.length)
    throw new Error(`gold differs from the sample: ${missing.length} missing, ${extra.length} extra`);
  process.stdout.write(`ok: ${have.size} mentions, as sampled\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
