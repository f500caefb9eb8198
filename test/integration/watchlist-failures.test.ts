import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createSweeper } from '../../src/jobs/watchlist-sweep.js';
import { deliverWebhooks } from '../../src/jobs/webhooks.js';
import { createApp } from '../../src/serve/server.js';
import { openTeam } from '../../src/store/team/team.js';
import type { Store } from '../../src/store/types.js';
import { article } from '../store/contract.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// One watchlist must not break alerting for everyone (issue 15): a 1,905-character query that blew SQLite's
// expression tree was accepted when saved and then failed every sweep, so no watchlist alerted. Now such a
// query is refused when saved, and one that fails anyway (saved under an older grammar) has its error
// recorded on it while the others alert and their webhooks are delivered.

const TERMS = ['iran', 'syria', 'tehran', 'damascus', 'strike', 'militia', 'border', 'drone'];
/** Many OR/AND terms and a run of '-' (each a NOT): 1,905 characters, ~1,000 levels of SQL expression. */
function heavyQuery(): string {
  let head = '';
  for (let i = 0; head.length < 880; i++) head += `${i ? (i % 3 ? ' OR ' : ' AND ') : ''}${TERMS[i % 8]}${i}`;
  const q = `${head} ${'-'.repeat(1905 - head.length - 7)}treaty`;
  expect(q).toHaveLength(1905);
  return q;
}

describe.each(ENGINES)('a failing watchlist (%s)', (_kind, make) => {
  let engine: Engine;
  let store: Store;
  const posts: string[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posts.push(body);
      res.writeHead(200).end();
    });
  });
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await engine.drop();
    await new Promise<void>((r) => hook.close(() => r()));
  });

  it('is refused when saved, and one stored before is recorded while the others alert', async () => {
    const app = createApp(store, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) });
    const csrf = ((await (await app.request('/api/session')).json()) as { csrf: string }).csrf;
    const saved = await app.request('/api/watchlists', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ name: 'Everything', query: heavyQuery() }),
    });
    expect(saved.status).toBe(400);
    expect(await saved.json()).toMatchObject({
      error: 'bad_query',
      message: expect.stringMatching(/This query (has|nests) .*more than \d+/) as unknown,
      position: expect.any(Number) as unknown,
    });

    // An old watchlist with that query, written straight to the table as an earlier version allowed.
    const team = await openTeam(store);
    const at = new Date().toISOString();
    await team.sql.run(
      `INSERT INTO watchlists (user_id, name, query, checked_through, feed_token_hash, created_at, updated_at)
       VALUES (NULL, 'Old', ?, 0, 'old', ?, ?)`,
      [heavyQuery(), at, at],
    );
    const port = (hook.address() as AddressInfo).port;
    await team.watchlists.create(
      {
        userId: null,
        name: 'Treaties',
        query: 'treaty',
        feedTokenHash: 'new',
        webhookUrl: `http://127.0.0.1:${port}/hook`,
        webhookSecret: 'whsec_test',
      },
      { userId: null, name: 'test' },
    );
    await store.saveArticle(
      toArticleInput(
        article({
          url: 'https://news.example/treaty',
          text: 'The water treaty between the neighbours was signed by ministers after long talks in the capital.',
        }),
        'url',
      ),
    );

    const errors: Error[] = [];
    const sweeper = createSweeper(
      store,
      () => openTeam(store),
      (err) => errors.push(err),
      (t) => deliverWebhooks(t, { policy: { allowLoopback: true, allowPrivate: false } }),
    );
    sweeper.poke();
    await sweeper.flush();
    expect(errors).toEqual([]);
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0] as string)).toMatchObject({ watchlist: { name: 'Treaties' } });

    const list = (await (await app.request('/api/watchlists')).json()) as {
      items: Array<{ name: string; lastError: string | null; lastErrorAt: string | null; unread: number }>;
    };
    const old = list.items.find((w) => w.name === 'Old');
    expect(old?.lastError).toMatch(/This query (has|nests) .*more than \d+/);
    expect(old?.lastErrorAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(list.items.find((w) => w.name === 'Treaties')).toMatchObject({ lastError: null, unread: 1 });

    // Fixing the query clears the error, and the next sweep checks what it missed.
    const id = (await team.watchlists.all()).find((w) => w.name === 'Old')?.id as number;
    const patched = await app.request(`/api/watchlists/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ query: 'treaty OR iran' }),
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { watchlist: { lastError: null } }).watchlist.lastError).toBeNull();
    sweeper.poke();
    await sweeper.flush();
    const after = await team.watchlists.all();
    expect(after.find((w) => w.id === id)).toMatchObject({ lastError: null });
    expect(
      (await team.watchlists.alerts({ userId: null, watchlistId: id, limit: 10, offset: 0 })).total,
    ).toBe(1);
  }, 60_000);
});
