import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Explore } from '../../src/store/explore.js';
import { PgExplore } from '../../src/store/postgres/explore.js';
import { QueryTimeout, QUERY_LIMITS } from '../../src/store/query/parse.js';
import { SqliteExplore } from '../../src/store/sqlite/explore.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// Explore filters (event, quote and claim lists, timeline, graph) take the search language, so a costly
// query must be stopped at the same deadline a search has (issue 15), on both engines.

// Every article mentions many actors, none of them asked for: each of the query's actor terms scans them all.
const HEAVY_QUERY = Array.from({ length: QUERY_LIMITS.terms }, (_, i) => `actor:Q${i}`).join(' OR ');
const HEAVY_ROWS = 2000;
const MENTIONS = 25;

describe.each(ENGINES)('an explore filter past its deadline on %s', (kind, make) => {
  let engine: Engine;
  let store: Store;
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    // Per row: an article with its actor mentions, an event with two parties, a quote and a claim.
    const statements = [
      `INSERT INTO stories (id, title, created_at) VALUES (1, 's', 'x')`,
      `INSERT INTO articles (id, url, canonical_url, content_hash, story_id, text, published_at, ingested_at, updated_at)
       SELECT i, 'u' || i, 'c' || i, 'h' || i, 1, 'text', '2020-07-08', 'x', 'x' FROM n`,
      `INSERT INTO actor_mentions (article_id, idx, actor_id, name, kind, codes, via, sentence, start, "end",
         confidence) SELECT n.i, m.i, 'z' || m.i, 'Z', 'org', 'ZZZ', 'dictionary', 0, 0, 1, 1 FROM n, m`,
      `INSERT INTO events (article_id, idx, type, cameo, quad_class, goldstein, date, negated, intended, sentence,
         start, "end", confidence) SELECT i, 0, 'ASSAULT', '19', 4, -9, '2020-07-08', FALSE, FALSE, 0, 0, 1, 1 FROM n`,
      `INSERT INTO event_actors (article_id, event_idx, role, actor_id, name, codes)
       SELECT i, 0, 'source', 'a' || (i % 7), 'A', 'AAA' FROM n`,
      `INSERT INTO event_actors (article_id, event_idx, role, actor_id, name, codes)
       SELECT i, 0, 'target', 'b' || (i % 5), 'B', 'BBB' FROM n`,
      `INSERT INTO quotes (article_id, idx, published_at, text, speaker_codes, partial, sentence, start, "end",
         confidence) SELECT i, 0, '2020-07-08', 'q', '', FALSE, 0, 0, 1, 1 FROM n`,
      `INSERT INTO claims (article_id, idx, published_at, kind, qualifier, text, sentence, start, "end", confidence)
       SELECT i, 0, '2020-07-08', 'fatalities', 'exact', 'c', 0, 0, 1, 1 FROM n`,
    ];
    if (kind === 'sqlite') {
      const db = (store as SqliteStore).db;
      const rows =
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${HEAVY_ROWS}), ` +
        `m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < ${MENTIONS}) `;
      db.transaction(() => {
        db.exec(statements[0]!);
        for (const sql of statements.slice(1)) db.exec(rows + sql);
      })();
    } else {
      const pool = (store as unknown as { pool: pg.Pool }).pool;
      const rows =
        `WITH n(i) AS (SELECT generate_series(1, ${HEAVY_ROWS})), ` +
        `m(i) AS (SELECT generate_series(1, ${MENTIONS})) `;
      await pool.query(statements[0]!);
      for (const sql of statements.slice(1)) await pool.query(rows + sql);
    }
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await engine.drop();
  });

  const explore = (ms: number) =>
    new Explore(
      kind === 'sqlite'
        ? new SqliteExplore((store as SqliteStore).db)
        : new PgExplore((store as unknown as { pool: pg.Pool }).pool),
      ms,
    );

  const lists = {
    events: (e: Explore) => e.listEvents({ query: HEAVY_QUERY }),
    quotes: (e: Explore) => e.listQuotes({ query: HEAVY_QUERY }),
    claims: (e: Explore) => e.listClaims({ query: HEAVY_QUERY }),
    timeline: (e: Explore) => e.timeline({ query: HEAVY_QUERY, bucket: 'week' }),
    graph: (e: Explore) => e.graph({ query: HEAVY_QUERY }),
  };

  it.each(Object.keys(lists) as Array<keyof typeof lists>)(
    '%s: stopped with a QueryTimeout near the deadline, and the store answers after',
    async (name) => {
      const run = lists[name];
      // Unbounded, the same filter takes several times the deadline: the bound is what stops it.
      let started = performance.now();
      const full = await run(explore(60_000));
      const took = performance.now() - started;
      expect(full).toBeTruthy();
      expect(took).toBeGreaterThan(100);
      started = performance.now();
      const stopped = await run(explore(20)).then(
        () => null,
        (err: unknown) => err,
      );
      expect(stopped).toBeInstanceOf(QueryTimeout);
      expect((stopped as QueryTimeout).code).toBe('query_timeout');
      expect(performance.now() - started).toBeLessThan(Math.min(took / 2, 500));
      expect((await store.listEvents({ query: 'actor:z1', limit: 1 })).total).toBe(HEAVY_ROWS);
    },
    60_000,
  );
});
