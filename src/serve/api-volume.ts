import type { Hono } from 'hono';
import { z } from 'zod';
import { isCalendarDate, QueryError } from '../store/query/parse.js';
import type { Store } from '../store/types.js';
import { compareVolume, VOLUME_BUCKETS } from '../store/volume.js';
import { queryErrorResponse } from './api-explore.js';
import { parseQueryParams } from './validate.js';

// Volume over time (issue 18 part 4, Media Cloud's attention chart): articles matching one to four
// search-language queries, counted by publication date over every match (not the facet sample), one series
// per query on one axis, the undated ones counted apart.

/** More series than this are not readable on one chart, and each costs a full count of its matches. */
export const MAX_VOLUME_QUERIES = 4;

const date = z.string().refine(isCalendarDate, 'a calendar date as YYYY, YYYY-MM or YYYY-MM-DD').optional();

export const VOLUME_SCHEMA = z.object({
  q: z
    .array(z.string().trim().min(1, 'a query may not be empty').max(2000))
    .min(1, 'give a query in ?q= (repeat q to compare up to 4)')
    .max(MAX_VOLUME_QUERIES, `at most ${MAX_VOLUME_QUERIES} queries to compare`)
    .describe('search-language query; repeat q to compare 2-4 queries on one axis'),
  bucket: z
    .enum(VOLUME_BUCKETS)
    .optional()
    .describe('day, week, month or year; chosen from the span when absent (at most 1000 buckets)'),
  from: date.describe('count articles published from this date (inclusive)'),
  to: date.describe('count articles published up to this date (inclusive)'),
});

export function registerVolumeApi(app: Hono, store: Store): void {
  app.get('/api/search/volume', async (c) => {
    const p = parseQueryParams(c, VOLUME_SCHEMA, {
      ...c.req.query(),
      q: c.req.queries('q') ?? [],
    });
    if (!p.ok) return p.res;
    const { q, bucket, from, to } = p.value;
    if (from && to && from > to) {
      const message = 'from is after to';
      return c.json({ error: 'bad_request', message, details: [{ parameter: 'from', message }] }, 400);
    }
    try {
      const series = await compareVolume((query, o) => store.volume(query, o), q, {
        ...(bucket ? { bucket } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      });
      return c.json({
        counts: 'articles by publication date, every match; undated and out-of-range ones counted apart',
        bucket: series[0]!.bucket,
        series,
      });
    } catch (err) {
      if (err instanceof QueryError) return queryErrorResponse(c, err);
      throw err;
    }
  });
}
