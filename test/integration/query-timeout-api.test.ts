import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/serve/openapi.js';
import { createApp } from '../../src/serve/server.js';
import { QUERY_LIMITS } from '../../src/store/query/parse.js';
import { SqliteSearch } from '../../src/store/sqlite/search.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

// Issue 15: a search stopped at its deadline answered 400 bad_query, like a typo. It answers 503
// query_timeout now, through every route that searches, and a malformed query keeps its 400 with a position.

/** Articles whose 64 words, five times each, make the widest allowed OR cost terms x positions per row. */
const WORDS = Array.from({ length: QUERY_LIMITS.terms }, (_, i) => `w${i}x`);
const HEAVY_TEXT = Array(5).fill(WORDS.join(' ')).join(' ');
const HEAVY_QUERY = WORDS.join(' OR ');
const HEAVY_ROWS = 500;
/** Far below the shipped 5 s, so the real engine stops a real search in a test's time. */
const TEST_DEADLINE_MS = 20;

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-query-timeout-')));
  store.db.exec(`INSERT INTO stories (id, title, created_at) VALUES (1, 's', 'x')`);
  store.db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO articles (url, canonical_url, content_hash, story_id, text, ingested_at, updated_at)
       SELECT 'u' || i, 'c' || i, 'h' || i, 1, ?, 'x', 'x' FROM n`,
    )
    .run(HEAVY_ROWS, HEAVY_TEXT);
  // The store as serve sees it, with only the search deadline shortened: the engine's own timeout path.
  const short = new SqliteSearch(store.db, TEST_DEADLINE_MS);
  const shortened = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'search')
        return (q: string, o?: Parameters<Store['search']>[1]) => Promise.resolve(short.search(q, o));
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  app = createApp(shortened as unknown as Store);
});

afterAll(async () => {
  await store.close();
});

describe('a search past its deadline through the API', () => {
  it('answers 503 query_timeout on /api/search, not 400 bad_query', async () => {
    const res = await app.request(`/api/search?q=${encodeURIComponent(HEAVY_QUERY)}`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string; message: string; position?: number };
    expect(body.error).toBe('query_timeout');
    expect(body.message).toMatch(/longer than .* narrow it/);
    expect(body.position).toBeUndefined();
  });

  it('answers the same on /api/export, which searches too', async () => {
    const res = await app.request(`/api/export?format=json&q=${encodeURIComponent(HEAVY_QUERY)}`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'query_timeout' });
  });

  it('still answers a malformed query with 400 bad_query and where, and a cheap one with results', async () => {
    const bad = await app.request(`/api/search?q=${encodeURIComponent('w1x (w2x')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_query', position: expect.any(Number) });
    const ok = await app.request('/api/search?q=w1x&limit=1');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { total: number }).total).toBe(HEAVY_ROWS);
  });

  it('is documented: routes taking q state the 503, others do not', () => {
    const paths = (
      openApiDocument() as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> }
    ).paths;
    expect(paths['/api/search']?.get?.responses['503']).toBeDefined();
    expect(paths['/api/events']?.get?.responses['503']).toBeDefined();
    expect(paths['/api/articles/{id}']?.get?.responses['503']).toBeUndefined();
    expect(JSON.stringify(paths['/api/search']?.get?.responses['503'])).toContain('query_timeout');
  });
});
