import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import { MAP_LIMITS } from '../../src/store/map-clusters.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

// GET /api/map/clusters (issue 18): the map's view as grid clusters and a feed, its parameters checked with
// 400s that name them, and the route in the OpenAPI document. The store's side is test/store/map-clusters.

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-map-api-')));
  const sentences = [{ index: 0, start: 0, end: 1, text: 'Israeli jets struck a depot near Damascus.' }];
  store.db.exec(`
    INSERT INTO stories (id, title, created_at) VALUES (1, 's', 'x');
    INSERT INTO articles (id, url, canonical_url, content_hash, story_id, title, text, published_at, ingested_at, updated_at)
      VALUES (1, 'https://news.example/1', 'c1', 'h1', 1, 'Strike near Damascus', 'text', '2020-07-08', 'x', 'x');
    INSERT INTO analyses (article_id, schema_version, versions_key, text_sha256, analysis, analyzed_at)
      VALUES (1, 1, 'k', 's', '${JSON.stringify({ sentences })}', 'x');
  `);
  const events: Array<[number, string, string, number, number]> = [
    [0, 'ASSAULT', '2020-07-08', 33.5, 36.3],
    [1, 'ASSAULT', '2020-07-07', 35.7, 51.4],
    [2, 'PROTEST', '2020-07-06', 35.7, 51.4],
    [3, 'AGREE', '2020-05-01', 48.85, 2.35],
  ];
  for (const [idx, type, date, lat, lon] of events)
    store.db
      .exec(`INSERT INTO events (article_id, idx, type, cameo, quad_class, goldstein, date, place_id, place_name,
        country, lat, lon, negated, intended, sentence, start, "end", confidence)
      VALUES (1, ${idx}, '${type}', '190', 4, -9, '${date}', 'p${idx}', 'Place ${idx}', 'XX', ${lat}, ${lon}, 0, 0, 0, 0, 1, 1)`);
  app = createApp(store);
});
afterAll(async () => store.close());

const get = (path: string) => app.request(path);

interface Answer {
  total: number;
  zoom: number;
  clusters: Array<{
    key: string;
    count: number;
    lat: number;
    lon: number;
    types: unknown[];
    events?: unknown[];
  }>;
  feed: Array<{ id: string; evidence: string | null; articleUrl: string }>;
  span?: { first: string; last: string } | null;
}

describe('GET /api/map/clusters', () => {
  it('answers the clusters and the feed of the view, filtered like the event list', async () => {
    const res = await get('/api/map/clusters?bbox=25,20,65,45&zoom=5&feed=10&span=1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.total).toBe(3);
    expect(body.clusters.map((c) => c.count)).toEqual([2, 1]);
    expect(body.clusters[0]).toMatchObject({ lat: 35.7, lon: 51.4, events: [{}, {}] });
    expect(body.feed.map((e) => e.id)).toEqual(['1-0', '1-1', '1-2']);
    expect(body.feed[0]).toMatchObject({
      evidence: 'Israeli jets struck a depot near Damascus.',
      articleUrl: 'https://news.example/1',
    });
    // The span is the filter's over the whole map: Paris is outside the box but inside the span.
    expect(body.span).toEqual({ first: '2020-05-01', last: '2020-07-08' });

    const assaults = (await (
      await get('/api/map/clusters?bbox=25,20,65,45&zoom=5&type=assault')
    ).json()) as Answer;
    expect(assaults.total).toBe(2);
    const july7 = (await (
      await get('/api/map/clusters?bbox=25,20,65,45&zoom=5&from=2020-07-07&to=2020-07-07')
    ).json()) as Answer;
    expect(july7.feed.map((e) => e.id)).toEqual(['1-1']);
  });

  it.each([
    ['no bbox', 'zoom=3', 'bbox'],
    ['three numbers', 'bbox=1,2,3&zoom=3', 'bbox'],
    ['a word', 'bbox=a,2,3,4&zoom=3', 'bbox'],
    ['longitude out of range', 'bbox=-190,20,65,45&zoom=3', 'bbox'],
    ['latitude out of range', 'bbox=25,-95,65,45&zoom=3', 'bbox'],
    ['west east of east', 'bbox=65,20,25,45&zoom=3', 'bbox'],
    ['no zoom', 'bbox=25,20,65,45', 'zoom'],
    ['zoom too deep', `bbox=25,20,65,45&zoom=${MAP_LIMITS.maxZoom + 1}`, 'zoom'],
    ['negative zoom', 'bbox=25,20,65,45&zoom=-1', 'zoom'],
    ['fractional zoom', 'bbox=25,20,65,45&zoom=2.5', 'zoom'],
    ['too many cells for the zoom', 'bbox=-180,-90,180,90&zoom=10', 'bbox'],
    ['feed too long', `bbox=25,20,65,45&zoom=3&feed=${MAP_LIMITS.feed + 1}`, 'feed'],
    ['a bad date', 'bbox=25,20,65,45&zoom=3&from=2020-13-01', 'from'],
  ])('refuses %s with a 400 naming the parameter', async (_, query, parameter) => {
    const res = await get(`/api/map/clusters?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: string;
      message: string;
      details: Array<{ parameter: string }>;
    };
    expect(body.error).toBe('bad_request');
    expect(body.details.map((d) => d.parameter)).toContain(parameter);
  });

  it('answers a malformed query as bad_query', async () => {
    const res = await get(`/api/map/clusters?bbox=25,20,65,45&zoom=3&q=${encodeURIComponent('"open')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('bad_query');
  });

  it('is in the OpenAPI document with its parameters', async () => {
    const doc = (await (await get('/api/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; required: boolean }> } }>;
    };
    const params = doc.paths['/api/map/clusters']?.get.parameters ?? [];
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['bbox', 'zoom', 'feed', 'span', 'q', 'type', 'actor', 'country', 'from', 'to']),
    );
    expect(params.filter((p) => p.required).map((p) => p.name)).toEqual(['bbox', 'zoom']);
  });
});
