// Bucket arithmetic and stacking for the timeline. Bucket keys are the store's (SqliteExplore.timeline):
// day 'YYYY-MM-DD', week 'YYYY-MM-DD' (the week's Monday), month 'YYYY-MM', year 'YYYY'. All date maths is
// in UTC so a bucket never shifts by a day with the analyst's time zone.

import type { TimelinePoint } from '../../store/types.js';
import { compareTypes } from './palette.js';

export type Granularity = 'day' | 'week' | 'month' | 'year';

/** Beyond this, filling gaps would draw more bars than there are pixels (a stray date in 1900, say). */
export const MAX_FILLED_BUCKETS = 5000;

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function ymd(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The bucket's first day as a UTC timestamp, or null when the key is not in the granularity's format. */
export function bucketStart(key: string, gran: Granularity): number | null {
  let m: RegExpExecArray | null;
  if (gran === 'year') {
    m = /^(\d{4})$/.exec(key);
    return m ? Date.UTC(Number(m[1]), 0, 1) : null;
  }
  if (gran === 'month') {
    m = /^(\d{4})-(\d{2})$/.exec(key);
    if (!m) return null;
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? Date.UTC(Number(m[1]), month - 1, 1) : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  // Rejects 2021-02-30 and the like, which Date.UTC would roll into March.
  return new Date(t).getUTCDate() === d && new Date(t).getUTCMonth() === mo - 1 ? t : null;
}

export function bucketKey(t: number, gran: Granularity): string {
  const s = ymd(t);
  return gran === 'year' ? s.slice(0, 4) : gran === 'month' ? s.slice(0, 7) : s;
}

/** The key of the bucket after `key`. */
export function nextBucket(key: string, gran: Granularity): string | null {
  const t = bucketStart(key, gran);
  if (t === null) return null;
  const d = new Date(t);
  if (gran === 'day') return bucketKey(t + DAY_MS, gran);
  if (gran === 'week') return bucketKey(t + 7 * DAY_MS, gran);
  if (gran === 'month') return bucketKey(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1), gran);
  return bucketKey(Date.UTC(d.getUTCFullYear() + 1, 0, 1), gran);
}

/**
 * Every bucket from the earliest to the latest key, empty ones included, so a quiet month shows as a gap
 * instead of silently vanishing. Keys off the step (a week bucket not on the first one's weekday, a key in
 * another format) are kept, in order. Sparse (just the keys) when filling would exceed MAX_FILLED_BUCKETS.
 */
export function bucketSequence(keys: Iterable<string>, gran: Granularity): string[] {
  const unique = [...new Set(keys)].sort();
  const parsed = unique.filter((k) => bucketStart(k, gran) !== null);
  const first = parsed[0];
  const last = parsed[parsed.length - 1];
  if (first === undefined || last === undefined) return unique;
  const filled: string[] = [];
  for (let k: string | null = first; k !== null && k <= last; k = nextBucket(k, gran)) {
    filled.push(k);
    if (filled.length > MAX_FILLED_BUCKETS) return unique;
  }
  const on = new Set(filled);
  const off = unique.filter((k) => !on.has(k));
  return off.length === 0 ? filled : [...filled, ...off].sort();
}

/** First and last day (inclusive) of a bucket, as YYYY-MM-DD. */
export function bucketRange(key: string, gran: Granularity): { from: string; to: string } | null {
  const t = bucketStart(key, gran);
  if (t === null) return null;
  const next = nextBucket(key, gran);
  const end = next === null ? t : (bucketStart(next, gran) ?? t + DAY_MS) - DAY_MS;
  return { from: ymd(t), to: ymd(end) };
}

/** The dates a brush over buckets a..b (either order, inclusive) covers. */
export function brushRange(a: string, b: string, gran: Granularity): { from: string; to: string } | null {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  const start = bucketRange(lo, gran);
  const end = bucketRange(hi, gran);
  return start && end ? { from: start.from, to: end.to } : null;
}

export interface StackSegment {
  type: string;
  count: number;
  /** Cumulative counts below and at the top of this segment. */
  y0: number;
  y1: number;
}

export interface StackBucket {
  key: string;
  total: number;
  /** Bottom to top, in legend order; only types with a count. */
  segments: StackSegment[];
}

export interface Stack {
  buckets: StackBucket[];
  /** Types present anywhere, in legend order. */
  types: string[];
  /** Per type over all buckets. */
  totals: Map<string, number>;
  max: number;
}

export function stackTimeline(points: ReadonlyArray<TimelinePoint>, gran: Granularity): Stack {
  const byBucket = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  for (const p of points) {
    if (!(p.count > 0)) continue;
    let m = byBucket.get(p.bucket);
    if (!m) byBucket.set(p.bucket, (m = new Map()));
    m.set(p.type, (m.get(p.type) ?? 0) + p.count);
    totals.set(p.type, (totals.get(p.type) ?? 0) + p.count);
  }
  const types = [...totals.keys()].sort(compareTypes);
  let max = 0;
  const buckets = bucketSequence(byBucket.keys(), gran).map((key) => {
    const m = byBucket.get(key);
    const segments: StackSegment[] = [];
    let y = 0;
    if (m) {
      for (const type of types) {
        const count = m.get(type) ?? 0;
        if (count === 0) continue;
        segments.push({ type, count, y0: y, y1: y + count });
        y += count;
      }
    }
    max = Math.max(max, y);
    return { key, total: y, segments };
  });
  return { buckets, types, totals, max };
}

/** Round tick values from 0 covering `max`: about `count` of them, steps of 1, 2 or 5 × 10ⁿ, integers only. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / Math.max(count, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v));
  return ticks;
}

/** Show every n-th x label so labels `labelWidth` wide do not collide across `count` bars in `plotWidth`. */
export function labelStep(count: number, plotWidth: number, labelWidth: number): number {
  if (count <= 0 || plotWidth <= 0) return 1;
  const band = plotWidth / count;
  const n = Math.max(1, Math.ceil(labelWidth / band));
  // Steps that divide a year of months or weeks evenly, then hundreds, so labels fall on regular dates.
  const nice = [1, 2, 3, 4, 6, 12, 24, 52, 104];
  return nice.find((s) => s >= n) ?? Math.ceil(n / 100) * 100;
}

/** Events the timeline leaves out for want of a date: all the filter's events less those it draws. */
export function undatedEvents(total: number, points: ReadonlyArray<TimelinePoint>): number {
  return Math.max(0, total - points.reduce((n, p) => n + p.count, 0));
}
