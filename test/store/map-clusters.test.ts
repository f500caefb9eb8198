import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellsInBox, MAP_LIMITS, type BBox } from '../../src/store/map-clusters.js';
import { QueryError } from '../../src/store/query/parse.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// The map's clusters (issue 18) are one statement set for both engines: the same events must give the same
// cells, counts, centroids, listed events and feed on SQLite and PostgreSQL.

const MIDDLE_EAST: BBox = { west: 25, south: 20, east: 65, north: 45 };

/** [article id, event idx, type, date, lat, lon, negated] */
type Ev = [number, number, string, string | null, number | null, number | null, boolean];

const EVENTS: Ev[] = [
  // Tehran: twelve events on one spot, July 2020.
  ...Array.from({ length: 12 }, (_, i): Ev => [
    1,
    i,
    i % 3 === 0 ? 'AGREE' : 'ASSAULT',
    `2020-07-${String(i + 1).padStart(2, '0')}`,
    35.7,
    51.4,
    false,
  ]),
  // Damascus: three, June 2020, and one negated (never shown).
  [2, 0, 'ASSAULT', '2020-06-01', 33.5, 36.3, false],
  [2, 1, 'PROTEST', '2020-06-03', 33.52, 36.28, false],
  [2, 2, 'ASSAULT', '2020-06-02', 33.48, 36.32, false],
  [2, 3, 'ASSAULT', '2020-06-04', 33.5, 36.3, true],
  // Baghdad: one, dated only to a year.
  [3, 0, 'COERCE', '2019', 33.3, 44.4, false],
  // London (outside the box) and an unplaced event.
  [3, 1, 'ASSAULT', '2020-08-01', 51.5, -0.1, false],
  [3, 2, 'ASSAULT', '2020-08-02', null, null, false],
];

const sentence = (article: number, idx: number) => `Article ${article} sentence ${idx} says what happened.`;

function statements(): string[] {
  const out = [`INSERT INTO stories (id, title, created_at) VALUES (1, 's', 'x')`];
  for (const id of [1, 2, 3]) {
    out.push(
      `INSERT INTO articles (id, url, canonical_url, content_hash, story_id, title, text, published_at, ingested_at, updated_at)
       VALUES (${id}, 'https://news.example/${id}', 'c${id}', 'h${id}', 1, 'Title ${id}', 'text', '2020-07-08', 'x', 'x')`,
    );
    const sentences = Array.from({ length: 12 }, (_, i) => ({
      index: i,
      start: 0,
      end: 1,
      text: sentence(id, i),
    }));
    out.push(
      `INSERT INTO analyses (article_id, schema_version, versions_key, text_sha256, analysis, analyzed_at)
       VALUES (${id}, 1, 'k', 's', '${JSON.stringify({ sentences })}', 'x')`,
    );
  }
  for (const [a, idx, type, date, lat, lon, negated] of EVENTS) {
    const place =
      lat === null ? 'NULL, NULL, NULL, NULL, NULL' : `'p${a}', 'Place ${a}', 'XX', ${lat}, ${lon}`;
    out.push(
      `INSERT INTO events (article_id, idx, type, cameo, quad_class, goldstein, date, place_id, place_name, country,
         lat, lon, negated, intended, sentence, start, "end", confidence)
       VALUES (${a}, ${idx}, '${type}', '190', 4, -9, ${date ? `'${date}'` : 'NULL'}, ${place}, ${negated ? 'TRUE' : 'FALSE'},
         FALSE, ${idx}, 0, 1, 1)`,
      `INSERT INTO event_actors (article_id, event_idx, role, actor_id, name, codes)
       VALUES (${a}, ${idx}, 'source', 'country:ISR', 'Israel', 'ISR'), (${a}, ${idx}, 'target', 'country:SYR', 'Syria', 'SYR')`,
    );
  }
  return out;
}

describe.each(ENGINES)('map clusters on %s', (kind, make) => {
  let engine: Engine;
  let store: Store;
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    if (kind === 'sqlite') {
      const db = (store as SqliteStore).db;
      db.transaction(() => {
        for (const sql of statements()) db.exec(sql);
      })();
    } else {
      const pool = (store as unknown as { pool: pg.Pool }).pool;
      for (const sql of statements()) await pool.query(sql);
    }
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await engine.drop();
  });

  it('groups the placed events in view into grid cells, with counts, centroids and type counts', async () => {
    const r = await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 5, feedLimit: 5 });
    expect(r.total).toBe(16);
    expect(r.truncated).toBe(false);
    expect(r.cellDegrees).toBe(360 / 128);
    expect(r.clusters.map((c) => c.count)).toEqual([12, 3, 1]);
    const [tehran, damascus, baghdad] = r.clusters;
    expect(tehran?.lat).toBeCloseTo(35.7, 6);
    expect(tehran?.lon).toBeCloseTo(51.4, 6);
    expect(tehran?.types).toEqual([
      { type: 'ASSAULT', count: 8 },
      { type: 'AGREE', count: 4 },
    ]);
    // Too many to list: the map zooms in rather than drawing twelve markers on one spot.
    expect(tehran?.events).toBeUndefined();
    expect(damascus?.lat).toBeCloseTo(33.5, 6);
    expect(damascus?.extent).toEqual([36.28, 33.48, 36.32, 33.52]);
    expect(damascus?.types).toEqual([
      { type: 'ASSAULT', count: 2 },
      { type: 'PROTEST', count: 1 },
    ]);
    // Listed newest first, with parties and the evidence sentence; the negated event is not there.
    expect(damascus?.events?.map((e) => e.id)).toEqual(['2-1', '2-2', '2-0']);
    expect(damascus?.events?.[0]).toMatchObject({
      evidence: sentence(2, 1),
      articleTitle: 'Title 2',
      articleUrl: 'https://news.example/2',
      sources: [{ name: 'Israel' }],
      targets: [{ name: 'Syria' }],
      place: { name: 'Place 2', lat: 33.52, lon: 36.28 },
    });
    expect(baghdad?.events?.map((e) => e.id)).toEqual(['3-0']);
  });

  it('merges neighbours into one cell at a lower zoom', async () => {
    const r = await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 3 });
    // Damascus and Baghdad share an 11.25° cell.
    expect(r.clusters.map((c) => c.count)).toEqual([12, 4]);
    expect(r.clusters[1]?.lat).toBeCloseTo((33.5 + 33.52 + 33.48 + 33.3) / 4, 6);
  });

  it('returns the newest events in view as the feed, undated last, and follows the box', async () => {
    const r = await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 5, feedLimit: 3 });
    expect(r.feed.map((e) => e.id)).toEqual(['1-11', '1-10', '1-9']);
    expect(r.feed[0]?.evidence).toBe(sentence(1, 11));
    const west = await store.mapClusters({ bbox: { west: 30, south: 30, east: 40, north: 40 }, zoom: 5 });
    expect(west.total).toBe(3);
    expect(west.feed.map((e) => e.id)).toEqual(['2-1', '2-2', '2-0']);
    const world = await store.mapClusters({
      bbox: { west: -180, south: -90, east: 180, north: 90 },
      zoom: 1,
    });
    expect(world.total).toBe(17);
  });

  it('applies the event filter: type and dates', async () => {
    const protests = await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 5, type: 'PROTEST' });
    expect(protests.total).toBe(1);
    const june = await store.mapClusters({
      bbox: MIDDLE_EAST,
      zoom: 5,
      from: '2020-06-02',
      to: '2020-06-30',
    });
    expect(june.feed.map((e) => e.id)).toEqual(['2-1', '2-2']);
    const bad = await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 5, query: '(' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(QueryError);
  });

  it('gives the filter’s date span over the whole map when asked', async () => {
    const r = await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 5, span: true });
    expect(r.span).toEqual({ first: '2019', last: '2020-08-01' });
    expect((await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 5 })).span).toBeUndefined();
    expect(
      (await store.mapClusters({ bbox: MIDDLE_EAST, zoom: 5, type: 'YIELD', span: true })).span,
    ).toBeNull();
  });

  it('refuses a zoom out of bounds, a malformed box and a box too large for its zoom', async () => {
    await expect(store.mapClusters({ bbox: MIDDLE_EAST, zoom: MAP_LIMITS.maxZoom + 1 })).rejects.toThrow(
      RangeError,
    );
    await expect(store.mapClusters({ bbox: MIDDLE_EAST, zoom: 2.5 })).rejects.toThrow(RangeError);
    await expect(
      store.mapClusters({ bbox: { west: 40, south: 20, east: 30, north: 45 }, zoom: 3 }),
    ).rejects.toThrow(RangeError);
    expect(cellsInBox(MIDDLE_EAST, 12)).toBeGreaterThan(MAP_LIMITS.cellsInBox);
    await expect(store.mapClusters({ bbox: MIDDLE_EAST, zoom: 12 })).rejects.toThrow(/grid cells/);
  });
});
