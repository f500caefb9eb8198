import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalFile } from '../../src/collect/files.js';
import { packageRoot } from '../../src/config/config.js';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createPool } from '../../src/store/postgres/connection.js';
import { migrate } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { article, storeContract } from '../store/contract.js';

const FLOODS =
  'Floodwaters swept through Dhaka overnight, forcing thousands of residents to leave their homes.\n\n' +
  'The government of Bangladesh asked the army to help with the evacuation on Tuesday.';
const TURKEY =
  'Turkish jets bombed Kurdish militant positions in northern Iraq on Monday, the Turkish military said.\n\n' +
  'The strikes near Erbil followed an attack on a border post.';

// The store contract against a real PostgreSQL server, in a database made for this file and dropped after.
// CI starts the server; without one this file fails (never skips), so a green run means PostgreSQL was tested.

const SERVER = process.env.WATCHFLOOR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DB = `watchfloor_test_${process.pid}_${randomBytes(4).toString('hex')}`;
const URL_ = `${SERVER}/${DB}`;

async function admin<T>(body: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${SERVER}/postgres`, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${SERVER} (${(err as Error).message}). These tests need a running ` +
        'server with trust auth for user postgres: start it (e.g. `pg_ctlcluster 15 main start`) or point ' +
        'WATCHFLOOR_TEST_PG at one.',
    );
  }
  try {
    return await body(c);
  } finally {
    await c.end();
  }
}

await admin((c) => c.query(`CREATE DATABASE ${DB}`));
afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`));
});

/** Every test starts from empty tables (and ids from 1, as in a fresh SQLite file). */
async function openEmpty(): Promise<PostgresStore> {
  const store = await PostgresStore.connect(URL_);
  const tables = await store.pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'schema_migrations'`,
  );
  await store.pool.query(
    `TRUNCATE ${tables.rows.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
  );
  return store;
}

storeContract('postgres', openEmpty);

describe('postgres specifics', () => {
  it('migrates once when several processes start at the same moment', async () => {
    const name = `${DB}_m`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    try {
      const pools = Array.from({ length: 4 }, () => createPool(`${SERVER}/${name}`, 2));
      try {
        const applied = await Promise.all(pools.map((p) => migrate(p)));
        // One of them applied every migration; the others waited on the lock and found nothing to do.
        expect(applied.filter((n) => n > 0)).toHaveLength(1);
        expect(applied.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
        const versions = await pools[0]!.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM schema_migrations',
        );
        expect(versions.rows[0]!.n).toBe(Math.max(...applied));
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
    } finally {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });

  it('never gives one job to two concurrent claimers', async () => {
    const a = await openEmpty();
    const b = await PostgresStore.connect(URL_);
    try {
      const n = 200;
      await a.enqueue(
        Array.from({ length: n }, (_, i) => ({ kind: 'ingest.url' as const, key: `k${i}`, payload: { i } })),
      );
      const claimedBy = new Map<number, string[]>();
      // Four loops per store, each claiming small batches until the queue is empty, all at once.
      const loop = async (store: PostgresStore, worker: string) => {
        for (;;) {
          const jobs = await store.claimJobs(worker, 3, 60_000);
          if (jobs.length === 0) return;
          for (const j of jobs) claimedBy.set(j.id, [...(claimedBy.get(j.id) ?? []), worker]);
        }
      };
      await Promise.all(
        [a, b].flatMap((store, s) => Array.from({ length: 4 }, (_, w) => loop(store, `host:${s}:${w}`))),
      );
      expect(claimedBy.size).toBe(n);
      expect([...claimedBy.values()].filter((workers) => workers.length !== 1)).toEqual([]);
      // Both stores took part, or the test would not have exercised two connections racing.
      const stores = new Set([...claimedBy.values()].map((w) => w[0]!.split(':')[1]));
      expect(stores.size).toBe(2);
      expect((await a.status()).jobs).toEqual({ pending: 0, running: n, done: 0, failed: 0 });
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('keeps angle brackets, ampersands and marker characters out of the snippet markup', async () => {
    const store = await openEmpty();
    try {
      await store.saveArticle(
        toArticleInput(
          article({
            text: 'Prices <b>rose</b> & fell \u0002sharply\u0003 as the <script>market</script> opened in Damascus.',
          }),
          'url',
        ),
      );
      const hit = (await store.search('market'))!.hits[0]!;
      expect(hit.snippet).toContain('&lt;script&gt;<mark>market</mark>&lt;/script&gt;');
      expect(hit.snippet).toContain('&lt;b&gt;rose&lt;/b&gt; &amp; fell');
      const bare = hit.snippet.replace(/<\/?mark>/g, '');
      for (const c of ['<', '>', '\u0002', '\u0003']) expect(bare).not.toContain(c);
    } finally {
      await store.close();
    }
  });
});

// The same analysed articles in both engines must read back the same: the field filters of the search
// language, facets, events, timelines, the actor graph, entity pages, quotes and claims. Text ranking
// differs by design (BM25 against cover density), so ranked results are compared as sets.
describe('postgres answers as sqlite does', () => {
  const name = `${DB}_p`;
  let pgStore: PostgresStore;
  let sqlite: Store;

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    pgStore = await PostgresStore.connect(`${SERVER}/${name}`);
    sqlite = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-parity-')));
    const analyzer = createAnalyzer(loadResources(packageRoot()));
    const records = await readLocalFile(join(packageRoot(), 'data', 'demo', 'articles.jsonl'));
    const articles = [
      // Most demo records are undated: spread them over years, leaving some undated for null ordering.
      ...records
        .flatMap((r) => (r.ok ? [r.article] : []))
        .slice(0, 80)
        .map((a, i) => ({
          ...a,
          publishedAt:
            a.publishedAt ?? (i % 7 === 0 ? null : `201${i % 10}-0${(i % 9) + 1}-1${i % 10}T00:00:00.000Z`),
        })),
      article({
        url: 'https://wire.example/turkey',
        siteName: null,
        title: 'Turkish jets',
        text: TURKEY,
        publishedAt: null,
      }),
      article({ url: 'https://other.example/floods', siteName: null, text: FLOODS }),
    ];
    for (const a of articles) {
      const input = toArticleInput(a, 'file');
      input.analysis = analyzer.analyze({ text: a.text, publishedAt: a.publishedAt, language: a.language });
      const [x, y] = [await sqlite.saveArticle(input), await pgStore.saveArticle(input)];
      expect(y).toEqual(x);
    }
  }, 120_000);
  afterAll(async () => {
    await pgStore?.close();
    await sqlite?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  const both = async <T>(read: (s: Store) => Promise<T>): Promise<[T, T]> => [
    await read(sqlite),
    await read(pgStore),
  ];

  it('finds the same articles for every kind of query, with the same facets', async () => {
    const queries = [
      'actor:IRN',
      'actor:TUR',
      'person:"Mohammad Bagheri"',
      'type:ASSAULT',
      'type:AGREE -type:ASSAULT',
      'place:Damascus',
      'country:SY',
      'country:IQ OR country:TR',
      'source:wire.example',
      'source:other.example lang:en',
      'from:2016-01-01 to:2016-12-31',
      'lang:en to:2015',
      'army OR strikes',
      '(army OR strikes) NOT country:IQ',
      'strikes place:Erbil',
      '"air defense"',
      'defen*',
      'Syria -Damascus',
      'Iran AND (Syria OR Iraq)',
      'jets type:ASSAULT',
      'president OR actor:IRN',
      'police NOT killed',
    ];
    const empties: string[] = [];
    for (const q of queries) {
      const [s, p] = await both((st) => st.search(q, { limit: 200, facets: true }));
      const ranked = s.hits.some((h) => h.score !== 0);
      const ids = (r: typeof s) =>
        ranked ? r.hits.map((h) => h.id).sort((x, y) => x - y) : r.hits.map((h) => h.id);
      expect({ q, total: p.total, ids: ids(p) }).toEqual({ q, total: s.total, ids: ids(s) });
      expect({ q, facets: p.facets }).toEqual({ q, facets: s.facets });
      if (s.total === 0) empties.push(q);
    }
    expect(empties).toEqual([]);
  });

  it('lists, counts and draws the same events, actors and places', async () => {
    const filters = [
      {},
      { type: 'assault' },
      { actor: 'ISR' },
      { country: 'SY' },
      { from: '2016', to: '2017-06' },
      { query: 'place:Erbil' },
      { query: 'Syria', type: 'ASSAULT' },
    ];
    for (const f of filters) {
      const [s, p] = await both((st) => st.listEvents({ ...f, limit: 5000 }));
      expect({ f, ...p }).toEqual({ f, ...s });
      for (const bucket of ['day', 'month', 'year'] as const) {
        const [ts, tp] = await both((st) => st.eventTimeline({ ...f, bucket }));
        expect({ f, bucket, tp }).toEqual({ f, bucket, tp: ts });
      }
      // Weeks differ on purpose: PostgreSQL's start on Monday (ISO), while SQLite's date(d, 'weekday 1',
      // '-7 days') files a Monday under the week before. The counts per type must still agree.
      const [ws, wp] = await both((st) => st.eventTimeline({ ...f, bucket: 'week' }));
      expect(wp.every((w) => new Date(`${w.bucket}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
      const perType = (ts: typeof ws) =>
        ts.reduce<Record<string, number>>((m, t) => ({ ...m, [t.type]: (m[t.type] ?? 0) + t.count }), {});
      expect(perType(wp)).toEqual(perType(ws));
      const [gs, gp] = await both((st) => st.actorGraph({ ...f, limit: 2000 }));
      const edges = (g: typeof gs) =>
        [...g.edges].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
      const nodes = (g: typeof gs) =>
        g.nodes.map((n) => ({ id: n.id, events: n.events })).sort((x, y) => x.id.localeCompare(y.id));
      expect({ f, edges: edges(gp), nodes: nodes(gp) }).toEqual({ f, edges: edges(gs), nodes: nodes(gs) });
    }
    const [all] = await both((st) => st.listEvents({ limit: 5000 }));
    expect(all.total).toBeGreaterThan(20);
    for (const e of all.items.slice(0, 20)) {
      const [s, p] = await both((st) => st.getEvent(e.id));
      expect(p).toEqual(s);
    }
    expect(await pgStore.getEvent('nonsense')).toBeNull();

    const byCount = <T extends { count: number }>(xs: T[]) =>
      [...xs].sort((x, y) => y.count - x.count || JSON.stringify(x).localeCompare(JSON.stringify(y)));
    const actorIds = [
      ...new Set(all.items.flatMap((e) => [...e.sources, ...e.targets].map((x) => x.actorId))),
    ];
    expect(actorIds.length).toBeGreaterThan(3);
    for (const id of [...actorIds.slice(0, 15), 'no-such-actor']) {
      const [s, p] = await both((st) => st.getActor(id));
      if (s) s.eventTypes = byCount(s.eventTypes);
      if (p) p.eventTypes = byCount(p.eventTypes);
      expect(p).toEqual(s);
    }
    const placeIds = [...new Set(all.items.flatMap((e) => (e.place ? [e.place.id] : [])))];
    expect(placeIds.length).toBeGreaterThan(3);
    for (const id of [...placeIds.slice(0, 15), 'no-such-place']) {
      const [s, p] = await both((st) => st.getPlace(id));
      if (s) s.eventTypes = byCount(s.eventTypes);
      if (p) p.eventTypes = byCount(p.eventTypes);
      expect(p).toEqual(s);
    }
  });

  it('lists the same quotes and claims', async () => {
    for (const f of [{}, { actor: 'IRN' }, { query: 'Syria' }, { from: '2016', to: '2018' }]) {
      const [s, p] = await both((st) => st.listQuotes({ ...f, limit: 5000 }));
      expect({ f, ...p }).toEqual({ f, ...s });
    }
    for (const f of [{}, { kind: 'fatalities' as const }, { query: 'killed' }, { limit: 3, offset: 2 }]) {
      const [s, p] = await both((st) => st.listClaims({ limit: 5000, ...f }));
      expect({ f, ...p }).toEqual({ f, ...s });
    }
    const [q] = await both((st) => st.listQuotes({ limit: 1 }));
    const [c] = await both((st) => st.listClaims({ limit: 1 }));
    expect(q.total).toBeGreaterThan(0);
    expect(c.total).toBeGreaterThan(0);
  });
});
