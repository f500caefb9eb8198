import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { isCalendarDate, QueryError } from '../store/query/parse.js';
import { parseQueryParams } from './validate.js';
import { PLOVER_TYPES } from '../understand/events/types.js';
import type { ActorProfile, EventFilter, EventRow, Store } from '../store/types.js';
import { analysisSchema } from '../understand/schema.js';
import { actorRollup, type ActorRollup } from './api-actors.js';
import { shippedActorLookup, type ActorDictionaryInfo, type ActorLookup } from './actor-info.js';
import { cellsInBox, MAP_LIMITS, type BBox } from '../store/map-clusters.js';
import { anchorFor } from '../understand/dates/anchor.js';
import type { TimeAnchor } from '../understand/types.js';

// The JSON API over events, actors and places, and exports. Every route validates its parameters with a
// schema (the OpenAPI document is generated from the same schemas) and answers errors in one shape:
// { error: code, message, ...details }.

/** A calendar date as YYYY, YYYY-MM or YYYY-MM-DD. */
const date = z.string().refine(isCalendarDate, 'a calendar date as YYYY, YYYY-MM or YYYY-MM-DD').optional();
const eventType = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(PLOVER_TYPES))
  .optional();

const actorParam = z
  .string()
  .max(200)
  .optional()
  .describe('actor id (country:IRN) or code prefix (IRN, IRNMIL)');
/** The claim kinds the pipeline produces, from the Analysis schema itself. */
const claimKind = analysisSchema.shape.claims.element.shape.kind;
const articleFilter = {
  q: z.string().max(2000).optional().describe('search-language query the articles must match'),
  from: date.describe('articles published from this date (inclusive)'),
  to: date.describe('articles published up to this date (inclusive)'),
};
export const eventFilterSchema = z.object({
  q: z.string().max(2000).optional().describe('search-language query the events’ articles must match'),
  type: eventType.describe('PLOVER event type'),
  actor: actorParam,
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166 alpha-2 code')
    .optional()
    .describe('country of the event’s place'),
  from: date.describe('events whose date range overlaps from…to'),
  to: date,
});
/** "west,south,east,north" in degrees, as the map's view: west < east (no antimeridian crossing), south < north. */
const bbox = z
  .string()
  .max(200)
  .transform((text, ctx): BBox => {
    const n = text.split(',').map((x) => (x.trim() === '' ? NaN : Number(x)));
    const [west = NaN, south = NaN, east = NaN, north = NaN] = n;
    const problem =
      n.length !== 4 || !n.every(Number.isFinite)
        ? 'four numbers: west,south,east,north'
        : west < -180 || east > 180 || south < -90 || north > 90
          ? 'longitudes within -180…180 and latitudes within -90…90'
          : west >= east || south >= north
            ? 'west < east and south < north'
            : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return { west, south, east, north };
  })
  .describe('the view: west,south,east,north in degrees (west < east, south < north)');

export const mapClustersSchema = eventFilterSchema
  .extend({
    bbox,
    zoom: z.coerce
      .number()
      .int()
      .min(MAP_LIMITS.minZoom)
      .max(MAP_LIMITS.maxZoom)
      .describe('grid level: cells of 360 / 2^(zoom+2) degrees'),
    feed: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAP_LIMITS.feed)
      .default(50)
      .describe('how many of the newest events in view to return'),
    span: z
      .string()
      .optional()
      .transform((v) => /^(1|true|yes)$/i.test(v ?? ''))
      .describe('1 or true: also the first and last event date of the filter over the whole map'),
  })
  .superRefine((v, ctx) => {
    // Work bounded by the request: a box of more cells than a screen holds is a zoom the client got wrong.
    if (Number.isFinite(v.bbox.west) && cellsInBox(v.bbox, v.zoom) > MAP_LIMITS.cellsInBox)
      ctx.addIssue({
        code: 'custom',
        path: ['bbox'],
        message: `covers more than ${MAP_LIMITS.cellsInBox} grid cells at zoom ${v.zoom}: zoom out or shrink it`,
      });
  });

const page = (max: number, fallback: number) => ({
  limit: z.coerce.number().int().min(1).max(max).default(fallback),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const ROUTE_SCHEMAS = {
  '/api/search': z.object({
    q: z.string().trim().min(1, 'give a query in ?q=').describe('search-language query (see /api/docs)'),
    ...page(200, 20),
    facets: z
      .string()
      .optional()
      .transform((v) => /^(1|true|yes)$/i.test(v ?? ''))
      .describe('1 or true: also count results by facet'),
    site: z.string().max(200).optional(),
    language: z.string().max(20).optional(),
    from: date.describe('articles published from this date (inclusive)'),
    to: date.describe('articles published up to this date (inclusive)'),
    sort: z
      .enum(['relevance', 'newest', 'oldest'])
      .optional()
      .describe('relevance (the default with words to rank by), newest or oldest first; undated last'),
  }),
  '/api/events': eventFilterSchema.extend(page(500, 50)),
  '/api/events.geojson': eventFilterSchema.extend(page(5000, 1000)),
  '/api/events.csv': eventFilterSchema.extend({
    limit: z.coerce.number().int().min(1).max(20_000).default(5000).describe('rows at most'),
  }),
  '/api/map/clusters': mapClustersSchema,
  '/api/timeline': eventFilterSchema.extend({
    bucket: z.enum(['day', 'week', 'month', 'year']).default('month'),
  }),
  '/api/graph': eventFilterSchema.extend({ limit: z.coerce.number().int().min(1).max(2000).default(200) }),
  '/api/quotes': z
    .object({ ...articleFilter, actor: actorParam.describe('the speaker: actor id or code prefix') })
    .extend(page(500, 50)),
  '/api/claims': z
    .object({ ...articleFilter, kind: claimKind.optional().describe('what is counted') })
    .extend(page(500, 50)),
  '/api/export': z.object({
    q: z.string().min(1).max(2000).describe('search-language query'),
    format: z.enum(['csv', 'json', 'geojson']).default('json'),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  }),
} as const;

/** Path parameters, keyed by the OpenAPI path. */
export const PATH_SCHEMAS = {
  '/api/events/{id}': z.object({
    id: z
      .string()
      .regex(/^\d{1,15}-\d{1,9}$/, 'an event id: <articleId>-<index>')
      .describe('event id, <articleId>-<index>'),
  }),
  '/api/actors/{id}': z.object({
    id: z.string().min(1).max(200).describe('actor id, e.g. country:IRN or person:mohammad-bagheri'),
  }),
  '/api/places/{id}': z.object({ id: z.string().min(1).max(200).describe('gazetteer id') }),
} as const;

const filterOf = (v: z.infer<typeof eventFilterSchema>): EventFilter => ({
  ...(v.q ? { query: v.q } : {}),
  ...(v.type ? { type: v.type } : {}),
  ...(v.actor ? { actor: v.actor } : {}),
  ...(v.country ? { country: v.country } : {}),
  ...(v.from ? { from: v.from } : {}),
  ...(v.to ? { to: v.to } : {}),
});

/**
 * The answer to a query the store refused, under the error's own code: a malformed or too costly query is a
 * 400 `bad_query` that says where; a well-formed one stopped at its deadline is a 503 `query_timeout`.
 * 503, not 400: the same query may finish on a quieter server, the request itself is not wrong, and
 * monitoring should see searches being cut off as the server's trouble. No Retry-After: retried unchanged it
 * will most likely be stopped again, so the message asks for a narrower query.
 */
export function queryErrorResponse(c: Context, err: QueryError): Response {
  return err.code === 'query_timeout'
    ? c.json({ error: err.code, message: err.message }, 503)
    : c.json({ error: err.code, message: err.message, position: err.position }, 400);
}

/** Runs a store call; a refused query gets its own code (queryErrorResponse). */
async function guarded(c: Context, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof QueryError) return queryErrorResponse(c, err);
    throw err;
  }
}

export function eventsGeoJson(items: readonly EventRow[]): object {
  return {
    type: 'FeatureCollection',
    features: items
      .filter((e) => e.place)
      .map((e) => ({
        type: 'Feature',
        id: e.id,
        geometry: { type: 'Point', coordinates: [e.place?.lon, e.place?.lat] },
        properties: {
          type: e.type,
          mode: e.mode,
          cameo: e.cameo,
          date: e.date,
          place: e.place?.name,
          country: e.place?.country,
          sources: e.sources.map((s) => s.name),
          targets: e.targets.map((t) => t.name),
          articleId: e.articleId,
          evidence: `/articles/${e.articleId}#s${e.sentence}`,
        },
      })),
  };
}

const EVENT_CSV_COLUMNS = [
  'id',
  'date',
  'datePrecision',
  'type',
  'mode',
  'cameo',
  'quadClass',
  'goldstein',
  'sources',
  'sourceCodes',
  'targets',
  'targetCodes',
  'place',
  'country',
  'lat',
  'lon',
  'intended',
  'confidence',
  'articleId',
  'articleTitle',
  'articleUrl',
  'evidence',
  'timeAnchor',
  'timeAnchorSource',
] as const;

/**
 * The time an article (or one of its sentences) speaks from, as its analysis recorded it (issue 17), for the
 * exports: its date and where it was read ("published", "dateline", "text", "sentence"…), or "undated" when
 * nothing dates it. One read of each article's analysis per export.
 */
function anchorReader(
  store: Store,
): (articleId: number, sentence: number | null) => Promise<{ timeAnchor: string; timeAnchorSource: string }> {
  const seen = new Map<number, Promise<readonly TimeAnchor[]>>();
  return async (articleId, sentence) => {
    let anchors = seen.get(articleId);
    if (!anchors) {
      anchors = store.getAnalysis(articleId).then((a) => a?.timeAnchors ?? []);
      seen.set(articleId, anchors);
    }
    const list = await anchors;
    const a = sentence === null ? (list.find((x) => x.sentence === null) ?? null) : anchorFor(list, sentence);
    return a
      ? { timeAnchor: a.value, timeAnchorSource: a.source }
      : { timeAnchor: 'undated', timeAnchorSource: '' };
  };
}

/** RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; formula-like cells defused. */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  const cell = (v: unknown): string => {
    let s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
    // A cell starting with = + - @ would run as a formula in a spreadsheet.
    if (/^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((k) => cell(r[k])).join(','))].join('\r\n')}\r\n`;
}

/** The profile of an actor the dictionary knows but no stored article mentions yet: zero counts. */
function unmentioned(actorId: string, known: ActorDictionaryInfo): ActorProfile {
  return {
    actorId,
    name: known.name,
    kind: known.kind,
    codes: known.codes,
    mentions: 0,
    articles: 0,
    eventTypes: [],
    partners: [],
    recentArticles: [],
  };
}

/** A sector no article names as such: its name from its code, no mentions of its own. */
function sectorProfile(actorId: string, rollup: ActorRollup): ActorProfile {
  const country = shippedActorLookup()(`country:${rollup.code.slice(0, 3)}`)?.name ?? rollup.code.slice(0, 3);
  return {
    ...unmentioned(actorId, {
      name: `${country} (${rollup.label})`,
      kind: 'organisation',
      aliases: [],
      codes: [rollup.code],
      country: rollup.code.slice(0, 3),
      roles: [],
    }),
    kind: 'sector',
  };
}

/** `actors` answers what the dictionary knows of an actor; by default the shipped one, read on first use. */
export function registerExploreApi(app: Hono, store: Store, actors?: ActorLookup): void {
  app.get('/api/events', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/events']);
      if (!p.ok) return p.res;
      const { limit, offset } = p.value;
      return c.json({ ...(await store.listEvents({ ...filterOf(p.value), limit, offset })), limit, offset });
    }),
  );
  app.get('/api/events.geojson', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/events.geojson']);
      if (!p.ok) return p.res;
      // Unplaced events are left out before the page is cut, so `limit` counts features, and the collection
      // says how many placed events there are in all: a map of 1,000 of 1,071 says it is not all of them.
      const { limit, offset } = p.value;
      const { total, items } = await store.listEvents({ ...filterOf(p.value), placed: true, limit, offset });
      c.header('Content-Type', 'application/geo+json');
      return c.body(
        JSON.stringify({
          ...eventsGeoJson(items),
          total,
          limit,
          offset,
          truncated: offset + items.length < total,
        }),
      );
    }),
  );
  app.get('/api/map/clusters', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/map/clusters']);
      if (!p.ok) return p.res;
      const { bbox: box, zoom, feed, span } = p.value;
      return c.json(
        await store.mapClusters({ ...filterOf(p.value), bbox: box, zoom, feedLimit: feed, span }),
      );
    }),
  );
  app.get('/api/events.csv', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/events.csv']);
      if (!p.ok) return p.res;
      // Pages of the list's own size until the limit: the file holds what /api/events would, newest first.
      const rows: EventRow[] = [];
      let total = 0;
      do {
        const page = await store.listEvents({ ...filterOf(p.value), limit: 500, offset: rows.length });
        total = page.total;
        rows.push(...page.items);
        if (!page.items.length) break;
      } while (rows.length < Math.min(p.value.limit, total));
      const out = rows.slice(0, p.value.limit);
      const origin = c.get('publicUrl');
      const anchorOf = anchorReader(store);
      const anchors = await Promise.all(out.map((e) => anchorOf(e.articleId, e.sentence)));
      const names = (ps: EventRow['sources']) => ps.map((x) => x.name);
      const codes = (ps: EventRow['sources']) => ps.flatMap((x) => x.codes);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header(
        'Content-Disposition',
        `attachment; filename="watchfloor-events-${new Date().toISOString().slice(0, 10)}.csv"`,
      );
      // How many events matched, so a file cut at the limit says so.
      c.header('X-Total-Count', String(total));
      return c.body(
        toCsv(
          out.map((e, i) => ({
            id: e.id,
            date: e.date,
            datePrecision: e.datePrecision,
            type: e.type,
            mode: e.mode,
            cameo: e.cameo,
            quadClass: e.quadClass,
            goldstein: e.goldstein,
            sources: names(e.sources),
            sourceCodes: codes(e.sources),
            targets: names(e.targets),
            targetCodes: codes(e.targets),
            place: e.place?.name,
            country: e.place?.country,
            lat: e.place?.lat,
            lon: e.place?.lon,
            intended: e.intended,
            confidence: e.confidence,
            articleId: e.articleId,
            articleTitle: e.articleTitle,
            articleUrl: e.articleUrl,
            evidence: `${origin}/articles/${e.articleId}#s${e.sentence}`,
            ...anchors[i],
          })),
          EVENT_CSV_COLUMNS,
        ),
      );
    }),
  );
  app.get('/api/timeline', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/timeline']);
      if (!p.ok) return p.res;
      return c.json({
        bucket: p.value.bucket,
        points: await store.eventTimeline({ ...filterOf(p.value), bucket: p.value.bucket }),
      });
    }),
  );
  app.get('/api/graph', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/graph']);
      if (!p.ok) return p.res;
      return c.json(await store.actorGraph({ ...filterOf(p.value), limit: p.value.limit }));
    }),
  );
  app.get('/api/events/:id', async (c) => {
    const p = parseQueryParams(c, PATH_SCHEMAS['/api/events/{id}'], c.req.param());
    if (!p.ok) return p.res;
    const e = await store.getEvent(p.value.id);
    return e
      ? c.json(e)
      : c.json({ error: 'not_found', message: `No stored analysis has event "${p.value.id}".` }, 404);
  });
  app.get('/api/quotes', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/quotes']);
      if (!p.ok) return p.res;
      const { q, actor, from, to, limit, offset } = p.value;
      const list = await store.listQuotes({
        ...(q ? { query: q } : {}),
        ...(actor ? { actor } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        limit,
        offset,
      });
      return c.json({ ...list, limit, offset });
    }),
  );
  app.get('/api/claims', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/claims']);
      if (!p.ok) return p.res;
      const { q, kind, from, to, limit, offset } = p.value;
      const list = await store.listClaims({
        ...(q ? { query: q } : {}),
        ...(kind ? { kind } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        limit,
        offset,
      });
      return c.json({ ...list, limit, offset });
    }),
  );
  app.get('/api/actors/:id', async (c) => {
    const p = parseQueryParams(c, PATH_SCHEMAS['/api/actors/{id}'], c.req.param());
    if (!p.ok) return p.res;
    const { id } = p.value;
    const [profile, known, rollup] = await Promise.all([
      store.getActor(id),
      (actors ?? shippedActorLookup())(id),
      actorRollup(store, id),
    ]);
    // A sector (sector:IRNMIL) is in no dictionary and may never be named as such ("Iranian forces"), yet
    // its members are: its page is its rollup.
    const body =
      profile ??
      (known
        ? unmentioned(id, known)
        : rollup && rollup.events + rollup.articles > 0
          ? sectorProfile(id, rollup)
          : null);
    return body
      ? c.json({ ...body, dictionary: known, rollup })
      : c.json(
          {
            error: 'not_found',
            message: `Neither the actor dictionary nor a stored article knows actor "${id}".`,
          },
          404,
        );
  });
  app.get('/api/places/:id', async (c) => {
    const p = parseQueryParams(c, PATH_SCHEMAS['/api/places/{id}'], c.req.param());
    if (!p.ok) return p.res;
    const place = await store.getPlace(p.value.id);
    return place
      ? c.json(place)
      : c.json({ error: 'not_found', message: `No stored article mentions place "${p.value.id}".` }, 404);
  });
  app.get('/api/export', (c) =>
    guarded(c, async () => {
      const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/export']);
      if (!p.ok) return p.res;
      const { q, format, limit } = p.value;
      const name = `watchfloor-${new Date().toISOString().slice(0, 10)}`;
      if (format === 'geojson') {
        const { items } = await store.listEvents({ query: q, limit: Math.min(limit, 5000) });
        c.header('Content-Type', 'application/geo+json');
        c.header('Content-Disposition', `attachment; filename="${name}.geojson"`);
        return c.body(JSON.stringify(eventsGeoJson(items)));
      }
      const result = await store.search(q, { limit: Math.min(limit, 200) });
      // Pages of 200 until the limit: search caps a page, exports should not.
      const hits = [...result.hits];
      while (hits.length < Math.min(limit, result.total)) {
        const next = await store.search(q, { limit: 200, offset: hits.length });
        if (!next.hits.length) break;
        hits.push(...next.hits);
      }
      const anchorOf = anchorReader(store);
      const kept = hits.slice(0, limit);
      const anchors = await Promise.all(kept.map((h) => anchorOf(h.id, null)));
      const rows = kept.map((h, i) => ({
        id: h.id,
        title: h.title,
        url: h.url,
        site: h.site,
        publishedAt: h.publishedAt,
        language: h.language,
        storyId: h.storyId,
        score: h.score,
        ...anchors[i],
      }));
      if (format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
        return c.body(
          toCsv(rows, [
            'id',
            'title',
            'url',
            'site',
            'publishedAt',
            'language',
            'storyId',
            'score',
            'timeAnchor',
            'timeAnchorSource',
          ]),
        );
      }
      c.header('Content-Disposition', `attachment; filename="${name}.json"`);
      return c.json({ query: q, total: result.total, items: rows });
    }),
  );
}
