import { QueryError } from './query/parse.js';

// Volume over time (Media Cloud's attention chart): how many articles match a search-language query, by
// publication date. Each engine counts ALL matches by day with its own full-text match (sqlite/search.ts,
// postgres/search.ts: the same compilation as search, not the 1,000-result facet sample); everything after
// the per-day counts (buckets, the range, the undated count, the filled series) is this one module.

export type VolumeBucket = 'day' | 'week' | 'month' | 'year';
export const VOLUME_BUCKETS = ['day', 'week', 'month', 'year'] as const;

/** A chart wider than this is unreadable and costly to draw: ask for a coarser bucket or a narrower range. */
export const MAX_VOLUME_BUCKETS = 1000;
/** Distinct publication days one query may count (about 270 years of daily news): a bound on the group. */
export const MAX_VOLUME_DAYS = 100_000;

export interface VolumeOptions {
  /** Bucket size; chosen from the span (the range, else the dates of the matches) when absent. */
  bucket?: VolumeBucket;
  /** Calendar dates (YYYY, YYYY-MM or YYYY-MM-DD), inclusive, on the publication date. */
  from?: string;
  to?: string;
}

export interface VolumeCount {
  /** First day of the bucket, YYYY-MM-DD (weeks start on Monday). */
  date: string;
  count: number;
}

/**
 * Articles matching `query` counted by publication date. total = dated (in `counts`) + outside + undated:
 * every match is accounted for.
 */
export interface VolumeResult {
  query: string;
  bucket: VolumeBucket;
  /** Every article the query matches. */
  total: number;
  /** Matches with a publication date in the range: the sum of `counts`. */
  dated: number;
  /** Matches with no publication date: on no axis, so counted apart. */
  undated: number;
  /** Dated matches outside from…to. */
  outside: number;
  /** The first and last publication day of the dated matches in the range; null when there are none. */
  span: { first: string; last: string } | null;
  /** Every bucket from the range's start (else the first match) to its end (else the last), empty ones too. */
  counts: VolumeCount[];
}

/** One row of an engine's count: a publication day (YYYY-MM-DD, or a shorter date as stored) or null. */
export interface DayCount {
  day: string | null;
  n: number;
}

/**
 * The engine's query: `SELECT <DAY_COLUMN> AS day, count(*) AS n FROM <matches> GROUP BY 1 LIMIT <…>`.
 * substr() on the ISO text both engines store; the same expression on each.
 */
export const DAY_COLUMN = 'substr(a.published_at, 1, 10)';

/** A stored date of any precision as a day: '2020' is 2020-01-01, '2020-07' is 2020-07-01. */
function asDay(d: string): string {
  return d.length >= 10 ? d.slice(0, 10) : d.length >= 7 ? `${d.slice(0, 7)}-01` : `${d.slice(0, 4)}-01-01`;
}

/** The last day a calendar date covers ("to 2020-07" is up to 2020-07-31). */
function lastDay(d: string): string {
  if (d.length >= 10) return d.slice(0, 10);
  const next = d.length >= 7 ? step(`${d.slice(0, 7)}-01`, 'month') : `${Number(d.slice(0, 4)) + 1}-01-01`;
  return addDays(next, -1);
}

const DAY_MS = 86_400_000;
const toTime = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const fromTime = (t: number): string => new Date(t).toISOString().slice(0, 10);
const addDays = (day: string, n: number): string => fromTime(toTime(day) + n * DAY_MS);

/** The first day of the bucket holding `day`. */
export function bucketStart(day: string, bucket: VolumeBucket): string {
  switch (bucket) {
    case 'day':
      return day;
    case 'week':
      // getUTCDay: 0 is Sunday; a week starts on Monday (ISO 8601).
      return addDays(day, -((new Date(toTime(day)).getUTCDay() + 6) % 7));
    case 'month':
      return `${day.slice(0, 7)}-01`;
    case 'year':
      return `${day.slice(0, 4)}-01-01`;
  }
}

/** The first day of the bucket after the one starting on `start`. */
function step(start: string, bucket: VolumeBucket): string {
  switch (bucket) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month': {
      const y = Number(start.slice(0, 4));
      const m = Number(start.slice(5, 7));
      return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    }
    case 'year':
      return `${Number(start.slice(0, 4)) + 1}-01-01`;
  }
}

/** A bucket that gives a readable chart (at most about 120 bars) over first…last. */
export function chooseBucket(first: string, last: string): VolumeBucket {
  const days = (toTime(last) - toTime(first)) / DAY_MS;
  return days <= 92 ? 'day' : days <= 730 ? 'week' : days <= 3650 ? 'month' : 'year';
}

/** The bucket starts from first to last, or a QueryError when there would be more than MAX_VOLUME_BUCKETS. */
function bucketsOver(first: string, last: string, bucket: VolumeBucket): string[] {
  const out: string[] = [];
  const end = bucketStart(last, bucket);
  for (let b = bucketStart(first, bucket); b <= end; b = step(b, bucket)) {
    if (out.length === MAX_VOLUME_BUCKETS)
      throw new QueryError(
        `${first}…${last} by ${bucket} is more than ${MAX_VOLUME_BUCKETS} buckets: choose a coarser bucket or a narrower from/to.`,
        0,
      );
    out.push(b);
  }
  return out;
}

/** An engine's per-day counts of one query's matches as its volume over time. */
export function volumeFromDays(
  query: string,
  rows: readonly DayCount[],
  options: VolumeOptions,
): VolumeResult {
  const from = options.from ? asDay(options.from) : null;
  const to = options.to ? lastDay(options.to) : null;
  let undated = 0;
  let outside = 0;
  const inRange: Array<[string, number]> = [];
  for (const r of rows) {
    if (r.day === null) undated += r.n;
    else {
      const day = asDay(r.day);
      if ((from && day < from) || (to && day > to)) outside += r.n;
      else inRange.push([day, r.n]);
    }
  }
  inRange.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const first = from ?? inRange[0]?.[0] ?? null;
  const last = to ?? inRange.at(-1)?.[0] ?? null;
  const bucket = options.bucket ?? (first && last ? chooseBucket(first, last) : 'month');
  const byBucket = new Map<string, number>();
  for (const [day, n] of inRange) {
    const b = bucketStart(day, bucket);
    byBucket.set(b, (byBucket.get(b) ?? 0) + n);
  }
  const counts =
    first && last && first <= last
      ? bucketsOver(first, last, bucket).map((date) => ({ date, count: byBucket.get(date) ?? 0 }))
      : [];
  const dated = inRange.reduce((s, [, n]) => s + n, 0);
  const span = inRange.length ? { first: inRange[0]![0], last: inRange.at(-1)![0] } : null;
  return { query, bucket, total: dated + outside + undated, dated, undated, outside, span, counts };
}

/**
 * Several queries on one axis (query comparison): the same bucket and the same buckets for each. Without a
 * bucket or range, a first pass finds each query's span; when they differ, each is counted again over the
 * union (the count is by day, so a second pass costs what the first did).
 */
export async function compareVolume(
  volume: (query: string, options: VolumeOptions) => Promise<VolumeResult>,
  queries: readonly string[],
  options: VolumeOptions,
): Promise<VolumeResult[]> {
  const first = await Promise.all(queries.map((q) => volume(q, options)));
  const spans = first.flatMap((r) => (r.span ? [r.span] : []));
  if (first.length < 2 || !spans.length) return first;
  const from = options.from ?? spans.map((s) => s.first).reduce((a, b) => (a < b ? a : b));
  const to = options.to ?? spans.map((s) => s.last).reduce((a, b) => (a > b ? a : b));
  const bucket = options.bucket ?? chooseBucket(asDay(from), lastDay(to));
  const axis = (r: VolumeResult) => `${r.bucket} ${r.counts[0]?.date} ${r.counts.at(-1)?.date}`;
  if (first.every((r) => axis(r) === axis(first[0]!) && r.bucket === bucket)) return first;
  return Promise.all(queries.map((q) => volume(q, { bucket, from, to })));
}
