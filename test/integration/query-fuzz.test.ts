import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { QueryError, QueryTimeout, QUERY_LIMITS } from '../../src/store/query/parse.js';
import { PgSearch } from '../../src/store/postgres/search.js';
import { SqliteSearch } from '../../src/store/sqlite/search.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { article, fakeAnalysis } from '../store/contract.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// The search language compiled and run on both engines (issue 15): whatever a viewer types (random
// Unicode, JavaScript prototype words, deep nesting, huge tokens, operator soup), a search answers with
// results or a QueryError, within a time bound; never a crash, an engine error or a stall. Then the shapes
// the issue found, the deadline that stops a costly search, and the bounded statement cache.

/** Runs per property and engine: each run is one search (a few statements) on a small store. */
const RUNS = { sqlite: 1000, postgres: 300 } as const;
/** Fixed, so a run is repeatable; set WATCHFLOOR_FUZZ_SEED to explore others. */
const SEED = Number(process.env.WATCHFLOOR_FUZZ_SEED ?? 15);
/** Per search: the stores hold a few articles, so anything near this is a stall, not work. */
const BOUND_MS = 2000;

const PROTOTYPE_WORDS = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];
const VOCAB = ['iran', 'syria', 'damascus', 'treaty', 'strike', ...PROTOTYPE_WORDS];
const FIELDS = ['actor:', 'person:', 'type:', 'place:', 'country:', 'source:', 'from:', 'to:', 'lang:'];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VOCAB) },
  { weight: 3, arbitrary: fc.constantFrom('(', ')', 'AND', 'OR', 'NOT', '-', '"', '*', ':', '""', '-(') },
  { weight: 2, arbitrary: fc.constantFrom(...FIELDS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...VOCAB, 'IRN', 'SY', '2020'))
      .map(([f, v]) => f + v),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('a', 'é', 'ж', '中', '🙂', '\u0000', "'", '\\'),
      minLength: 500,
      maxLength: 5000,
    }),
  },
);
/** Operator soup: pieces joined with and without spaces. */
const soup = fc
  .array(fc.tuple(piece, fc.constantFrom(' ', '', '  ', '\t')), { maxLength: 120 })
  .map((xs) => xs.map(([p, s]) => p + s).join(''));
/** Nesting of parentheses and NOTs around a term, balanced or cut short, to several thousand levels. */
const nested = fc
  .tuple(
    fc.nat(3000),
    fc.constantFrom('(', 'NOT ', '-', '-(', '(NOT '),
    fc.constantFrom(...VOCAB),
    fc.boolean(),
  )
  .map(([n, open, word, close]) => open.repeat(n) + word + (close ? ')'.repeat(n) : ''));
const anyQuery = fc.oneof(soup, nested, fc.string({ unit: 'grapheme', maxLength: 200 }));

/** A word with a letter in it, from anywhere in Unicode or the prototype words. */
const word = fc.oneof(
  fc.constantFrom(...VOCAB, 'İstanbul', 'ﬁle', 'über', 'قصف', 'дрон', '中文', "o'brien"),
  fc.stringMatching(/^[a-z\u00e0-\u00f6\u0430-\u044f\u0620-\u064a\u4e00-\u4e2f]{1,12}$/),
);
const term = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 1, arbitrary: word.map((w) => `${w}*`) },
  { weight: 1, arbitrary: fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => `"${ws.join(' ')}"`) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      word.map((w) => `actor:${w}`),
      word.map((w) => `person:"${w} ${w}"`),
      word.map((w) => `place:${w}`),
      word.map((w) => `source:${w}.example`),
      fc.constantFrom('type:ASSAULT', 'country:SY', 'from:2020', 'to:2020-12-31', 'lang:en', 'actor:IRN'),
    ),
  },
);
/** Well-formed queries within the limits: every one must run, on either engine, whatever its words. */
const { query: wellFormed } = fc.letrec<{ query: string; node: string }>((tie) => ({
  query: fc
    .tuple(term, fc.array(fc.tuple(fc.constantFrom(' ', ' AND ', ' OR '), tie('node')), { maxLength: 5 }))
    .map(([first, rest]) => first + rest.map(([op, n]) => op + n).join('')),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    term,
    term.map((t) => `-${t}`),
    tie('query').map((q) => `(${q})`),
    tie('query').map((q) => `NOT (${q})`),
  ),
}));

describe.each(ENGINES)('the search language on %s', (kind, make) => {
  let engine: Engine;
  let store: Store;
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    for (const [i, words] of [
      ['iran syria damascus', 'treaty strike'],
      ['constructor __proto__ toString', 'valueOf prototype hasOwnProperty'],
      ['中文 新闻', 'ж é 🙂'],
    ].entries()) {
      const text = `${words.join(' ')} in the text of article ${i}, about Damascus and Iran.`;
      await store.saveArticle({
        ...toArticleInput(article({ url: `https://news.example/${i}`, title: words[0], text }), 'url'),
        analysis: fakeAnalysis(text),
      });
    }
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await engine.drop();
  });

  /** One search: results or a QueryError, within the bound; anything else fails the property. */
  const search = async (q: string, facets: boolean): Promise<void> => {
    const started = performance.now();
    try {
      const r = await store.search(q, { facets, limit: 5 });
      expect(typeof r.total).toBe('number');
      expect(Array.isArray(r.hits)).toBe(true);
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      expect(err.position).toBeGreaterThanOrEqual(0);
      expect(err.position).toBeLessThanOrEqual(Math.max(q.length, QUERY_LIMITS.length));
    }
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  };

  it(`answers any query with results or a QueryError, in time (${RUNS[kind]} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(anyQuery, fc.boolean(), (q, facets) => search(q, facets)),
      { numRuns: RUNS[kind], seed: SEED },
    );
  }, 120_000);

  it(`runs any well-formed query within the limits (${RUNS[kind]} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, fc.boolean(), async (q, facets) => {
        const started = performance.now();
        let r;
        try {
          r = await store.search(q, { facets, limit: 5 });
        } catch (err) {
          // Only the cost limits may refuse a well-formed query.
          if (err instanceof QueryError && /more than|nests/.test(err.message)) return;
          throw err;
        }
        expect(typeof r.total).toBe('number');
        expect(performance.now() - started).toBeLessThan(BOUND_MS);
      }),
      { numRuns: RUNS[kind], seed: SEED },
    );
  }, 120_000);

  it('refuses the shapes of issue 15 as bad queries, in milliseconds', async () => {
    for (const q of [
      `iran ${'NOT '.repeat(2500)}x`,
      `iran ${'-'.repeat(7000)}x`,
      'actor:IRN '.repeat(1000),
      `${'('.repeat(50_000)}a${')'.repeat(50_000)}`,
      Array(800).fill('a').join(' OR '),
      'actor:IRN '.repeat(100),
      `iran ${'-'.repeat(1000)}x`,
    ]) {
      const started = performance.now();
      await expect(store.search(q)).rejects.toThrow(QueryError);
      expect(performance.now() - started).toBeLessThan(200);
    }
    // Within the limits, the widest queries run.
    const wide = Array.from({ length: QUERY_LIMITS.terms }, (_, i) => `actor:IR${i}`).join(' OR ');
    expect((await store.search(`iran (${wide.split(' OR ').slice(1).join(' OR ')})`)).total).toBe(0);
    expect((await store.search(`iran ${'-('.repeat(7)}x${')'.repeat(7)}`)).total).toBeGreaterThan(0);
  }, 30_000);
});

/** Articles whose 64 words, five times each, make the widest allowed OR cost terms x positions per row. */
const WORDS = Array.from({ length: QUERY_LIMITS.terms }, (_, i) => `w${i}x`);
const HEAVY_TEXT = Array(5).fill(WORDS.join(' ')).join(' ');
const HEAVY_QUERY = WORDS.join(' OR ');
// Enough rows that the unbounded search takes well over 100 ms on a fast idle machine (500 took 94 ms).
const HEAVY_ROWS = 1500;

describe.each(ENGINES)('a search past its deadline on %s', (kind, make) => {
  let engine: Engine;
  let store: Store;
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    const insert = `INSERT INTO articles (url, canonical_url, content_hash, story_id, text, ingested_at, updated_at)`;
    if (kind === 'sqlite') {
      const db = (store as SqliteStore).db;
      db.exec(`INSERT INTO stories (id, title, created_at) VALUES (1, 's', 'x')`);
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         ${insert} SELECT 'u' || i, 'c' || i, 'h' || i, 1, ?, 'x', 'x' FROM n`,
      ).run(HEAVY_ROWS, HEAVY_TEXT);
    } else {
      const pool = (store as unknown as { pool: pg.Pool }).pool;
      await pool.query(`INSERT INTO stories (id, title, created_at) VALUES (1, 's', 'x')`);
      await pool.query(
        `${insert} SELECT 'u' || i, 'c' || i, 'h' || i, 1, $1, 'x', 'x' FROM generate_series(1, $2) i`,
        [HEAVY_TEXT, HEAVY_ROWS],
      );
    }
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await engine.drop();
  });

  const searcher = (ms: number) =>
    kind === 'sqlite'
      ? new SqliteSearch((store as SqliteStore).db, ms)
      : new PgSearch((store as unknown as { pool: pg.Pool }).pool, ms);

  it('is stopped with a QueryTimeout near the deadline, and the next search runs', async () => {
    // The same search, unbounded, takes several times the deadline: the bound is what stops it.
    let started = performance.now();
    expect((await searcher(60_000).search(HEAVY_QUERY)).total).toBe(HEAVY_ROWS);
    const full = performance.now() - started;
    expect(full).toBeGreaterThan(100);
    started = performance.now();
    const stopped = await (async () => searcher(20).search(HEAVY_QUERY))().then(
      () => null,
      (err: unknown) => err,
    );
    expect(stopped).toBeInstanceOf(QueryTimeout);
    expect((stopped as QueryTimeout).code).toBe('query_timeout');
    expect(performance.now() - started).toBeLessThan(Math.min(full / 2, 500));
    expect((await store.search('w1x')).total).toBe(HEAVY_ROWS);
  }, 60_000);
});

describe('the SQLite statement cache', () => {
  it('stays within its capacity over many distinct query shapes', async () => {
    const make = ENGINES.find(([k]) => k === 'sqlite')?.[1] as () => Promise<Engine>;
    const store = (await (await make()).open()) as SqliteStore;
    const search = new SqliteSearch(store.db);
    for (let i = 0; i < 400; i++) {
      // Each shape compiles to its own SQL text (fields and nesting change the WHERE clause).
      const q = `iran ${Array.from({ length: 1 + (i % 20) }, (_, j) => `actor:A${j}`).join(i % 2 ? ' OR ' : ' ')} ${'-x'.repeat(i % 7)}`;
      search.search(`${'('.repeat(i % 5)}${q}${')'.repeat(i % 5)}`, { site: i % 3 ? 'x' : undefined });
    }
    expect(search.statements.size).toBeLessThanOrEqual(search.statements.capacity);
    expect(search.statements.capacity).toBe(64);
    await store.close();
  });
});
