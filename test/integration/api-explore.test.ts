import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { Hono } from 'hono';
import { registerExploreApi } from '../../src/serve/api-explore.js';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import type { Analysis } from '../../src/understand/types.js';
import type { DictionaryActor } from '../../src/understand/actors/types.js';

// Every route under /api over a store of analysed articles: answers, filters, pagination, 400s that name the
// parameter, 404s, and the OpenAPI document listing each route. Expected quotes and claims are computed from
// the analyses the test made, not from the store, so the store's tables are checked against their source.

const SEED = readFileSync(
  join(packageRoot(), 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);
const FLOODS =
  'Floodwaters swept through Dhaka overnight, forcing thousands of residents to leave their homes.\n\n' +
  'The government of Bangladesh asked the army to help with the evacuation on Tuesday.';
const TURKEY =
  'Turkish jets bombed Kurdish militant positions in northern Iraq on Monday, the Turkish military said.\n\n' +
  'At least 12 soldiers were killed in the attack on a border post near Erbil, officials said.\n\n' +
  '"We will respond to every attack on our soldiers," Turkish President Recep Tayyip Erdogan said.';

const DOCS: Array<{ name: string; text: string; url: string; publishedAt: string }> = [
  {
    name: 'seed',
    text: SEED,
    url: 'https://news.example/iran-syria',
    publishedAt: '2020-07-08T00:00:00.000Z',
  },
  {
    name: 'floods',
    text: FLOODS,
    url: 'https://other.example/floods',
    publishedAt: '2021-03-02T00:00:00.000Z',
  },
  {
    name: 'turkey',
    text: TURKEY,
    url: 'https://wire.example/turkey-iraq',
    publishedAt: '2020-08-03T00:00:00.000Z',
  },
];

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
const ids: Record<string, number> = {};
const analyses = new Map<number, Analysis>();
const texts = new Map<number, string>();

beforeAll(async () => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-api-')));
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  for (const d of DOCS) {
    const input = toArticleInput(
      {
        url: d.url,
        canonicalUrl: null,
        title: d.name,
        byline: null,
        siteName: null,
        language: 'en',
        publishedAt: d.publishedAt,
        publishedAtSource: 'meta',
        text: d.text,
        excerpt: null,
      },
      'url',
    );
    input.analysis = analyzer.analyze({ text: d.text, publishedAt: d.publishedAt, language: 'en' });
    const id = (await store.saveArticle(input)).articleId;
    ids[d.name] = id;
    analyses.set(id, input.analysis);
    texts.set(id, d.text);
  }
  app = createApp(store);
});
afterAll(async () => store.close());

const get = (path: string, headers?: Record<string, string>) => app.request(path, { headers });
async function ok<T = Record<string, unknown>>(path: string): Promise<T> {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}
async function refused(path: string, status: number, error: string): Promise<Record<string, unknown>> {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.error, path).toBe(error);
  expect(typeof body.message, path).toBe('string');
  expect((body.message as string).length, path).toBeGreaterThan(5);
  return body;
}
const q = encodeURIComponent;

interface QuoteItem {
  id: string;
  articleId: number;
  articleTitle: string;
  text: string;
  speaker: { actorId: string | null; name: string | null; text: string | null };
  sentence: number;
  start: number;
  end: number;
  confidence: number;
}
interface ClaimItem {
  id: string;
  articleId: number;
  kind: string;
  value: number | null;
  qualifier: string;
  unit: string | null;
  text: string;
  sentence: number;
  start: number;
  end: number;
}

/** The quotes the analyses hold, keyed like the API's ids, with the speaker resolved to its actor. */
function expectedQuotes() {
  return [...analyses].flatMap(([articleId, a]) =>
    a.quotes.map((x, i) => {
      const actor = a.actors.find((y) => y.id === x.speaker);
      return {
        id: `${articleId}-${i}`,
        articleId,
        text: x.text,
        actorId: actor?.actorId ?? null,
        codes: actor?.codes ?? [],
        speakerText: x.speakerSpan?.text ?? null,
      };
    }),
  );
}

describe('GET /api/events/:id', () => {
  it('answers each listed event by its id, and 404 or 400 otherwise', async () => {
    const list = await ok<{ items: Array<{ id: string }> }>('/api/events?limit=500');
    expect(list.items.length).toBeGreaterThan(2);
    for (const e of list.items.slice(0, 5)) expect(await ok(`/api/events/${e.id}`)).toEqual(e);
    await refused(`/api/events/${ids.floods}-999`, 404, 'not_found');
    await refused('/api/events/999999-0', 404, 'not_found');
    const bad = await refused('/api/events/not-an-id', 400, 'bad_request');
    expect(bad.details).toEqual([expect.objectContaining({ parameter: 'id' })]);
  });

  it('leaves out negated events, as the lists do', async () => {
    const negated = [...analyses].flatMap(([articleId, a]) =>
      a.events.flatMap((e, i) => (e.negated ? [`${articleId}-${i}`] : [])),
    );
    for (const id of negated) await refused(`/api/events/${id}`, 404, 'not_found');
  });
});

describe('GET /api/quotes', () => {
  it('lists every stored quote with its speaker and evidence, newest article first', async () => {
    const want = expectedQuotes();
    expect(want.length).toBeGreaterThan(3);
    const all = await ok<{ total: number; items: QuoteItem[]; limit: number; offset: number }>('/api/quotes');
    expect(all.total).toBe(want.length);
    expect(all.limit).toBe(50);
    expect(all.items.map((i) => i.id).sort()).toEqual(want.map((w) => w.id).sort());
    for (const item of all.items) {
      const w = want.find((x) => x.id === item.id)!;
      expect(item.text).toBe(w.text);
      expect(item.speaker.actorId).toBe(w.actorId);
      expect(item.speaker.text).toBe(w.speakerText);
      expect(item.articleTitle).toBe(DOCS.find((d) => ids[d.name] === item.articleId)!.name);
      // The offsets are evidence: the article text between them is the quotation, marks included.
      expect(texts.get(item.articleId)!.slice(item.start, item.end)).toContain(w.text.slice(0, 20));
    }
    // Turkey (August 2020) before the seed (July 2020).
    const order = [...new Set(all.items.map((i) => i.articleId))];
    expect(order.indexOf(ids.turkey!)).toBeLessThan(order.indexOf(ids.seed!));
  });

  it('filters by speaker id or code, query and publication dates', async () => {
    const want = expectedQuotes();
    const speaker = want.find((w) => w.actorId?.startsWith('person:'))!.actorId!;
    const bySpeaker = await ok<{ total: number; items: QuoteItem[] }>(`/api/quotes?actor=${q(speaker)}`);
    expect(bySpeaker.items.map((i) => i.id).sort()).toEqual(
      want
        .filter((w) => w.actorId === speaker)
        .map((w) => w.id)
        .sort(),
    );
    const code = want.find((w) => w.codes.length > 0)!.codes[0]!.slice(0, 3);
    const byCode = await ok<{ items: QuoteItem[] }>(`/api/quotes?actor=${code.toLowerCase()}`);
    expect(byCode.items.map((i) => i.id).sort()).toEqual(
      want
        .filter((w) => w.codes.some((c) => c.startsWith(code)))
        .map((w) => w.id)
        .sort(),
    );
    const turkey = await ok<{ items: QuoteItem[] }>(`/api/quotes?q=${q('erbil OR source:wire.example')}`);
    expect(turkey.items.length).toBeGreaterThan(0);
    expect(turkey.items.every((i) => i.articleId === ids.turkey)).toBe(true);
    const july = await ok<{ items: QuoteItem[] }>('/api/quotes?from=2020-07&to=2020-07-31');
    expect(new Set(july.items.map((i) => i.articleId))).toEqual(new Set([ids.seed]));
    expect((await ok<{ total: number }>('/api/quotes?from=2022')).total).toBe(0);
  });

  it('pages with limit and offset, keeping the total', async () => {
    const all = await ok<{ total: number; items: QuoteItem[] }>('/api/quotes');
    const second = await ok<{ total: number; items: QuoteItem[]; offset: number }>(
      '/api/quotes?limit=2&offset=2',
    );
    expect(second.total).toBe(all.total);
    expect(second.offset).toBe(2);
    expect(second.items).toEqual(all.items.slice(2, 4));
    const past = await ok<{ total: number; items: QuoteItem[] }>('/api/quotes?offset=1000');
    expect(past).toMatchObject({ total: all.total, items: [] });
  });

  it('refuses bad parameters with a 400 that names them', async () => {
    for (const [path, parameter] of [
      ['/api/quotes?limit=0', 'limit'],
      ['/api/quotes?limit=501', 'limit'],
      ['/api/quotes?offset=-1', 'offset'],
      ['/api/quotes?from=yesterday', 'from'],
      ['/api/quotes?to=2020-7-1', 'to'],
      [`/api/quotes?actor=${'x'.repeat(201)}`, 'actor'],
    ] as const) {
      const body = await refused(path, 400, 'bad_request');
      expect(body.details, path).toEqual([expect.objectContaining({ parameter })]);
    }
    expect(await refused(`/api/quotes?q=${q('iran (syria')}`, 400, 'bad_query')).toMatchObject({
      position: 5,
    });
  });
});

describe('GET /api/claims', () => {
  const want = () =>
    [...analyses].flatMap(([articleId, a]) =>
      a.claims.map((c, i) => ({ id: `${articleId}-${i}`, articleId, c })),
    );

  it('lists numeric claims as the analyses have them, with their evidence', async () => {
    const all = await ok<{ total: number; items: ClaimItem[] }>('/api/claims');
    expect(all.total).toBe(want().length);
    expect(all.total).toBeGreaterThan(2);
    for (const item of all.items) {
      const w = want().find((x) => x.id === item.id)!;
      expect(item).toMatchObject({
        kind: w.c.kind,
        value: w.c.value,
        qualifier: w.c.qualifier,
        unit: w.c.unit,
        text: w.c.span.text,
        sentence: w.c.span.sentence,
      });
      expect(texts.get(item.articleId)!.slice(item.start, item.end)).toBe(item.text);
    }
  });

  it('filters by kind, query and dates, and pages', async () => {
    const kinds = [...new Set(want().map((w) => w.c.kind))];
    for (const kind of kinds) {
      const r = await ok<{ total: number; items: ClaimItem[] }>(`/api/claims?kind=${kind}`);
      expect(r.items.map((i) => i.id).sort(), kind).toEqual(
        want()
          .filter((w) => w.c.kind === kind)
          .map((w) => w.id)
          .sort(),
      );
    }
    const fatal = await ok<{ items: ClaimItem[] }>(
      `/api/claims?kind=fatalities&q=${q('source:wire.example')}`,
    );
    expect(fatal.items.map((i) => i.articleId)).toEqual(
      want()
        .filter((w) => w.articleId === ids.turkey && w.c.kind === 'fatalities')
        .map(() => ids.turkey),
    );
    const early = await ok<{ items: ClaimItem[] }>('/api/claims?to=2020-07-08');
    expect(early.items.every((i) => i.articleId === ids.seed)).toBe(true);
    expect(early.items.length).toBeGreaterThan(0);
    const all = await ok<{ items: ClaimItem[] }>('/api/claims');
    const page = await ok<{ total: number; items: ClaimItem[] }>('/api/claims?limit=1&offset=1');
    expect(page.items).toEqual(all.items.slice(1, 2));
    expect(page.total).toBe(all.items.length);
  });

  it('refuses an unknown kind and other bad parameters', async () => {
    for (const [path, parameter] of [
      ['/api/claims?kind=deaths', 'kind'],
      ['/api/claims?limit=abc', 'limit'],
      ['/api/claims?from=2020-13-99x', 'from'],
    ] as const) {
      const body = await refused(path, 400, 'bad_request');
      expect(body.details, path).toEqual([expect.objectContaining({ parameter })]);
    }
    await refused(`/api/claims?q=${q('colour:red')}`, 400, 'bad_query');
  });
});

describe('GET /api/actors/:id', () => {
  const dictionary = readFileSync(join(packageRoot(), 'data', 'actors', 'actors.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DictionaryActor);

  it('adds what the actor dictionary knows to a mentioned actor', async () => {
    const entry = dictionary.find((a) => a.id === 'person:mohammad-bagheri')!;
    expect(entry.roles.length).toBeGreaterThan(0);
    const a = await ok<{
      articles: number;
      mentions: number;
      dictionary: { aliases: string[]; codes: string[]; country: string | null; roles: unknown[] };
    }>(`/api/actors/${q(entry.id)}`);
    expect(a.articles).toBe(1);
    expect(a.mentions).toBeGreaterThan(0);
    expect(a.dictionary).toEqual({
      name: entry.name,
      kind: entry.kind,
      aliases: entry.aliases,
      codes: entry.codes,
      country: entry.country,
      roles: entry.roles,
    });
  });

  it('answers a dictionary actor no article mentions with zero counts, and 404 for one nobody knows', async () => {
    const mentioned = new Set([...analyses.values()].flatMap((a) => a.actors.map((x) => x.actorId)));
    const quiet = dictionary.find((a) => a.kind === 'person' && a.roles.length > 0 && !mentioned.has(a.id))!;
    const a = await ok<Record<string, unknown>>(`/api/actors/${q(quiet.id)}`);
    expect(a).toMatchObject({
      actorId: quiet.id,
      name: quiet.name,
      mentions: 0,
      articles: 0,
      eventTypes: [],
      partners: [],
      recentArticles: [],
      dictionary: { roles: quiet.roles, aliases: quiet.aliases },
    });
    // A discovered actor is in no dictionary: the profile stands alone.
    const discovered = [...mentioned].find((id) => id.startsWith('discovered:'))!;
    expect((await ok<{ dictionary: unknown }>(`/api/actors/${q(discovered)}`)).dictionary).toBeNull();
    await refused('/api/actors/person:nobody-at-all', 404, 'not_found');
    const long = await refused(`/api/actors/${'x'.repeat(201)}`, 400, 'bad_request');
    expect(long.details).toEqual([expect.objectContaining({ parameter: 'id' })]);
  });
});

describe('the other /api routes', () => {
  it('search: hits, facets, pagination and errors', async () => {
    const all = await ok<{ total: number; hits: Array<{ id: number }> }>('/api/search?q=lang:en');
    expect(all.total).toBe(3);
    const page = await ok<{ total: number; hits: Array<{ id: number }> }>(
      '/api/search?q=lang:en&limit=1&offset=1',
    );
    expect(page.total).toBe(3);
    expect(page.hits.map((h) => h.id)).toEqual([all.hits[1]!.id]);
    const f = await ok<{ total: number; facets: { counted: number; source: Array<{ value: string }> } }>(
      `/api/search?facets=1&limit=1&q=${q('floodwaters OR erbil')}`,
    );
    expect(f.total).toBe(2);
    expect(f.facets.counted).toBe(2);
    expect(f.facets.source.map((s) => s.value).sort()).toEqual(['other.example', 'wire.example']);
    await refused('/api/search', 400, 'bad_request');
    await refused(`/api/search?q=${q('type:BOMB')}`, 400, 'bad_query');
  });

  it('articles, analyses and stories, with 404s', async () => {
    const list = await ok<{ total: number; items: Array<{ id: number }> }>('/api/articles?limit=2&offset=1');
    expect(list.total).toBe(3);
    expect(list.items).toHaveLength(2);
    expect(await ok<{ id: number }>(`/api/articles/${ids.turkey}`)).toMatchObject({
      id: ids.turkey,
      title: 'turkey',
    });
    const analysis = await ok<Analysis>(`/api/articles/${ids.seed}/analysis`);
    expect(analysis.quotes.length).toBe(analyses.get(ids.seed!)!.quotes.length);
    const article = await ok<{ storyId: number }>(`/api/articles/${ids.seed}`);
    expect((await ok<{ articleIds: number[] }>(`/api/stories/${article.storyId}`)).articleIds).toContain(
      ids.seed,
    );
    await refused('/api/articles/424242', 404, 'not_found');
    await refused('/api/articles/424242/analysis', 404, 'not_found');
    await refused('/api/stories/424242', 404, 'not_found');
  });

  it('events, GeoJSON, timeline, graph, places, export and status', async () => {
    const events = await ok<{ total: number; items: Array<{ id: string }> }>('/api/events?limit=2&offset=1');
    const every = await ok<{ items: Array<{ id: string }> }>('/api/events?limit=500');
    expect(events.items).toEqual(every.items.slice(1, 3));
    expect(events.total).toBe(every.items.length);
    const geo = await get('/api/events.geojson?type=ASSAULT');
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    expect(((await geo.json()) as { type: string }).type).toBe('FeatureCollection');
    expect((await ok<{ bucket: string }>('/api/timeline?bucket=week')).bucket).toBe('week');
    expect((await ok<{ edges: unknown[] }>('/api/graph?limit=1')).edges.length).toBeLessThanOrEqual(1);
    const place = (
      await ok<{ items: Array<{ place: { id: string } | null }> }>(`/api/events?country=SY&limit=500`)
    ).items.find((e) => e.place)!.place!;
    expect((await ok<{ country: string }>(`/api/places/${q(place.id)}`)).country).toBe('SY');
    await refused('/api/places/nowhere', 404, 'not_found');
    const csv = await get(`/api/export?format=csv&limit=1&q=${q('lang:en')}`);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(2);
    expect((await ok<{ articles: number }>('/api/status')).articles).toBe(3);
    await refused('/api/export?limit=0&q=x', 400, 'bad_request');
    await refused('/api/nothing-here', 404, 'not_found');
  });

  it('documents every /api route in the OpenAPI document, and tags answers for revalidation', async () => {
    const doc = await ok<{
      paths: Record<string, { get: { parameters: Array<{ name: string; in: string }> } }>;
    }>('/api/openapi.json');
    // The read API: the explore routes as registered, and the article routes server.ts adds.
    const explore = new Hono();
    registerExploreApi(explore, store);
    const routes = [
      ...explore.routes.filter((r) => r.method === 'GET').map((r) => r.path.replace(/:(\w+)/g, '{$1}')),
      '/api/search',
      '/api/articles',
      '/api/articles/{id}',
      '/api/articles/{id}/analysis',
      '/api/stories/{id}',
      '/api/status',
    ];
    expect(routes).toEqual(expect.arrayContaining(['/api/quotes', '/api/claims', '/api/events/{id}']));
    for (const path of routes) expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths['/api/claims']!.get.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'kind', 'from', 'to', 'limit', 'offset']),
    );
    expect(doc.paths['/api/events/{id}']!.get.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path' }),
    ]);
    for (const path of ['/api/quotes', '/api/claims?kind=strikes', `/api/actors/country:IRN`]) {
      const first = await get(path);
      const tag = first.headers.get('etag');
      expect(tag, path).toBeTruthy();
      expect((await get(path, { 'If-None-Match': tag! })).status, path).toBe(304);
    }
  });
});
