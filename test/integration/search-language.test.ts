import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { parseQuery, QueryError } from '../../src/store/query/parse.js';
import { compileQuery, type CompileOptions } from '../../src/store/sqlite/compile-query.js';

// The search language over real analyses: fields reach the actor, place and event tables written with
// each analysis, facets count the whole result set, and the API answers a malformed query with its place.

const SEED = readFileSync(
  join(packageRoot(), 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);
const FLOODS =
  'Floodwaters swept through Dhaka overnight, forcing thousands of residents to leave their homes.\n\n' +
  'The government of Bangladesh asked the army to help with the evacuation on Tuesday.';
const TURKEY =
  'Turkish jets bombed Kurdish militant positions in northern Iraq on Monday, the Turkish military said.\n\n' +
  'The strikes near Erbil followed an attack on a border post.';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-search-')));
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  const docs: Array<[string, string, string, string]> = [
    ['seed', SEED, 'https://news.example/iran-syria', '2020-07-08T00:00:00.000Z'],
    ['floods', FLOODS, 'https://other.example/floods', '2021-03-02T00:00:00.000Z'],
    ['turkey', TURKEY, 'https://wire.example/turkey-iraq', '2020-08-03T00:00:00.000Z'],
  ];
  for (const [name, text, url, publishedAt] of docs) {
    const input = toArticleInput(
      {
        url,
        canonicalUrl: null,
        title: name,
        byline: null,
        siteName: null,
        language: 'en',
        publishedAt,
        publishedAtSource: 'meta',
        text,
        excerpt: null,
      },
      'url',
    );
    input.analysis = analyzer.analyze({ text, publishedAt, language: 'en' });
    ids[name] = (await store.saveArticle(input)).articleId;
  }
  app = createApp(store);
});
afterAll(async () => store.close());

const found = async (q: string): Promise<number[]> => (await store.search(q)).hits.map((h) => h.id).sort();

describe('search language on analysed articles', () => {
  it('finds by actor code, person, event type, place, country, source, dates and language', async () => {
    expect(await found('actor:IRN')).toEqual([ids.seed]);
    expect(await found('actor:TUR')).toEqual([ids.turkey]);
    expect(await found('person:"Mohammad Bagheri"')).toEqual([ids.seed]);
    // The seed article's events are AID (Iran → Syria's air defence), AGREE (the military deal) and ASSAULT
    // (Israel's strikes in Syria); the Turkish raid is the other article with an ASSAULT.
    expect(await found('type:ASSAULT')).toEqual([ids.seed, ids.turkey].sort());
    expect(await found('type:AID')).toEqual([ids.seed]);
    expect(await found('type:AGREE -type:AID')).toEqual([]);
    expect(await found('type:ASSAULT -type:AGREE')).toEqual([ids.turkey]);
    expect(await found('place:Damascus')).toEqual([ids.seed]);
    expect(await found('country:BD')).toEqual([ids.floods]);
    expect(await found('source:wire.example')).toEqual([ids.turkey]);
    expect(await found('type:ASSAULT from:2020-08-01 to:2020-12-31')).toEqual([ids.turkey]);
    expect(await found('lang:en to:2020-07-08')).toEqual([ids.seed]);
  });

  it('combines text and fields with OR, NOT and parentheses, ranking text matches', async () => {
    expect(await found('army OR strikes')).toEqual([ids.seed, ids.floods, ids.turkey].sort());
    expect(await found('(army OR strikes) NOT country:IQ')).toEqual([ids.seed, ids.floods].sort());
    const ranked = await store.search('strikes place:Erbil');
    expect(ranked.hits.map((h) => h.id)).toEqual([ids.turkey]);
    expect(ranked.hits[0]?.snippet).toContain('<mark>');
  });

  it('counts facets over the whole result set (up to the sample size), not only the page', async () => {
    const r = await store.search('lang:en', { facets: true, limit: 1 });
    expect(r.total).toBe(3);
    expect(r.hits).toHaveLength(1);
    expect(r.facets?.counted).toBe(3);
    expect(r.facets?.source.map((f) => f.value).sort()).toEqual([
      'news.example',
      'other.example',
      'wire.example',
    ]);
    expect(r.facets?.type.find((f) => f.value === 'ASSAULT')?.count).toBe(2);
    expect(r.facets?.type.find((f) => f.value === 'AID')?.count).toBe(1);
    expect(r.facets?.actor.find((f) => f.value === 'country:IRN')?.count).toBe(1);
    expect(r.facets?.place.find((f) => f.label === 'Damascus')?.count).toBe(1);
    expect(r.facets?.date.map((f) => f.value)).toEqual(['2020-07', '2020-08', '2021-03']);
  });

  // The web app shows the same error with a caret under the position (test/e2e).
  it('answers a malformed query with the position and the reason', async () => {
    await expect(store.search('type:BOMB')).rejects.toBeInstanceOf(QueryError);
    const api = await app.request('/api/search?q=' + encodeURIComponent('iran (syria'));
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: 'bad_query', position: 5 });
    const field = await app.request('/api/search?q=' + encodeURIComponent('colour:red'));
    expect(field.status).toBe(400);
    expect(((await field.json()) as { message: string }).message).toContain('Unknown field');
    const facets = await app.request('/api/search?facets=1&q=' + encodeURIComponent('type:ASSAULT'));
    expect(((await facets.json()) as { facets: { type: unknown[] } }).facets.type.length).toBeGreaterThan(0);
  });
});

describe('compiled filters', () => {
  // Search picks per query how fields are tested (on articles or the full-text index alone, by probes or by
  // lists, by how many articles hold the text); every way must select the same articles.
  it('select the same articles however they are compiled', () => {
    const queries = [
      'type:ASSAULT',
      'army type:ASSAULT',
      'strikes OR type:AGREE',
      'said -type:ASSAULT country:IQ',
      '(army OR strikes) NOT country:IQ',
      'said country:SY',
      'said NOT (country:BD OR type:REQUEST)',
      'said actor:IRN place:Damascus',
    ];
    const sizes: number[] = [];
    for (const q of queries) {
      const tree = parseQuery(q)!;
      const run = (o: CompileOptions) => {
        const c = compileQuery(tree, o);
        const rows = c.rank
          ? o.id === 'f.rowid'
            ? store.db
                .prepare(`SELECT f.rowid AS id FROM articles_fts f WHERE articles_fts MATCH ? AND ${c.where}`)
                .all(c.rank, ...c.params)
            : store.db
                .prepare(
                  `SELECT a.id FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ? AND ${c.where}`,
                )
                .all(c.rank, ...c.params)
          : store.db.prepare(`SELECT a.id FROM articles a WHERE ${c.where}`).all(...c.params);
        return (rows as Array<{ id: number }>).map((r) => r.id).sort();
      };
      const expected = run({});
      sizes.push(expected.length);
      expect(run({ lists: true }), q).toEqual(expected);
      if (compileQuery(tree).rank) {
        expect(run({ id: 'f.rowid' }), q).toEqual(expected);
        expect(run({ id: 'f.rowid', lists: true }), q).toEqual(expected);
      }
    }
    expect(sizes.filter((n) => n > 0).length, 'queries that select something').toBeGreaterThan(4);
  });
});

describe('explore API', () => {
  const get = async (path: string) => app.request(path);
  const json = async (path: string) => (await get(path)).json() as Promise<Record<string, unknown>>;

  it('lists events with their actors, place and evidence, filtered by type, actor, country and dates', async () => {
    const all = (await json('/api/events')) as { total: number; items: Array<Record<string, unknown>> };
    expect(all.total).toBeGreaterThan(3);
    const aid = (await json('/api/events?type=aid&actor=IRN')) as {
      items: Array<{
        type: string;
        sources: Array<{ codes: string[] }>;
        place: { name: string } | null;
        date: string;
      }>;
    };
    expect(aid.items.length).toBeGreaterThan(0);
    expect(
      aid.items.every(
        (e) => e.type === 'AID' && e.sources.some((s) => s.codes.some((c) => c.startsWith('IRN'))),
      ),
    ).toBe(true);
    const iraq = (await json('/api/events?country=IQ')) as { items: Array<{ articleId: number }> };
    expect(new Set(iraq.items.map((e) => e.articleId))).toEqual(new Set([ids.turkey]));
    const july = (await json('/api/events?to=2020-07-31')) as { items: Array<{ date: string }> };
    expect(july.items.length).toBeGreaterThan(0);
    expect(july.items.every((e) => e.date <= '2020-07-31')).toBe(true);
    expect(july.items.length).toBeLessThan(all.total);
    const byQuery = (await json('/api/events?q=' + encodeURIComponent('place:Erbil'))) as {
      items: Array<{ articleId: number }>;
    };
    expect(byQuery.items.every((e) => e.articleId === ids.turkey)).toBe(true);
  });

  it('sorts search results by date on request, newest or oldest first', async () => {
    const ids = async (sort: string) =>
      (
        (await json(`/api/search?q=${encodeURIComponent('army OR strikes')}&sort=${sort}`)) as {
          hits: Array<{ id: number; publishedAt: string }>;
        }
      ).hits.map((h) => h.publishedAt);
    const newest = await ids('newest');
    expect(newest).toHaveLength(3);
    expect(newest).toEqual([...newest].sort().reverse());
    expect(await ids('oldest')).toEqual([...newest].reverse());
  });

  it('refuses bad parameters with a 400 that names them', async () => {
    for (const path of [
      '/api/events?type=BOMB',
      '/api/search?q=army&sort=random',
      '/api/events?limit=0',
      '/api/events?from=yesterday',
      '/api/events?country=Syria',
      '/api/timeline?bucket=hour',
      '/api/graph?limit=-3',
      '/api/export?format=xml&q=iran',
      '/api/export',
      '/api/events.geojson?limit=100000',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error, path).toBe('bad_request');
      expect(body.message.length, path).toBeGreaterThan(5);
    }
    const bad = await get('/api/events?q=' + encodeURIComponent('iran )'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_query', position: 5 });
  });

  it('gives GeoJSON, timeline buckets and an actor graph', async () => {
    const geo = await get('/api/events.geojson');
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await geo.json()) as {
      type: string;
      features: Array<{ geometry: { coordinates: number[] } }>;
    };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
    for (const f of fc.features) expect(f.geometry.coordinates).toHaveLength(2);
    const t = (await json('/api/timeline?bucket=year')) as {
      points: Array<{ bucket: string; type: string }>;
    };
    expect(t.points.some((p) => p.bucket === '2020' && p.type === 'AID')).toBe(true);
    expect(t.points.some((p) => p.bucket === '2020' && p.type === 'ASSAULT')).toBe(true);
    const g = (await json('/api/graph')) as {
      nodes: Array<{ id: string }>;
      edges: Array<{ source: string; target: string }>;
    };
    expect(g.edges.length).toBeGreaterThan(0);
    const nodeIds = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) expect(nodeIds.has(e.source) && nodeIds.has(e.target)).toBe(true);
  });

  it('describes an actor and a place, and says when there is none', async () => {
    const iran = (await json('/api/actors/' + encodeURIComponent('country:IRN'))) as {
      codes: string[];
      articles: number;
      partners: Array<{ actorId: string }>;
    };
    expect(iran.codes).toContain('IRN');
    expect(iran.articles).toBe(1);
    expect(iran.partners.length).toBeGreaterThan(0);
    expect((await get('/api/actors/nobody')).status).toBe(404);
    const places = (await json('/api/events?q=' + encodeURIComponent('place:Damascus'))) as {
      items: Array<{ place: { id: string; name: string } | null }>;
    };
    const damascus = places.items.find((e) => e.place?.name === 'Damascus')?.place;
    const place = (await json('/api/places/' + encodeURIComponent(damascus!.id))) as {
      name: string;
      country: string;
    };
    expect(place).toMatchObject({ name: 'Damascus', country: 'SY' });
    expect((await get('/api/places/nowhere')).status).toBe(404);
  });

  it('exports a search as CSV, JSON and GeoJSON', async () => {
    const csv = await get('/api/export?format=csv&q=' + encodeURIComponent('lang:en'));
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('.csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,title,url,site,publishedAt,language,storyId,score,timeAnchor,timeAnchorSource');
    expect(lines).toHaveLength(4);
    const js = (await json('/api/export?format=json&q=floods')) as { items: Array<{ id: number }> };
    expect(js.items.map((i) => i.id)).toEqual([ids.floods]);
    const geo = (await json('/api/export?format=geojson&q=' + encodeURIComponent('type:ASSAULT'))) as {
      type: string;
    };
    expect(geo.type).toBe('FeatureCollection');
  });

  it('serves its OpenAPI document and a docs page, and answers revalidation with 304', async () => {
    const doc = (await json('/api/openapi.json')) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/search',
      '/api/events',
      '/api/events.geojson',
      '/api/timeline',
      '/api/graph',
      '/api/export',
    ])
      expect(doc.paths[p], p).toBeDefined();
    const events = doc.paths['/api/events'] as { get: { parameters: Array<{ name: string }> } };
    expect(events.get.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'type', 'actor', 'country', 'from', 'to', 'limit', 'offset']),
    );
    expect(await (await get('/api/docs')).text()).toContain('Search language');
    const first = await get('/api/events?type=ASSAULT');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await app.request('/api/events?type=ASSAULT', { headers: { 'If-None-Match': tag! } });
    expect(again.status).toBe(304);
  });
});
