import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { sweepWatchlists } from '../../src/jobs/watchlist-sweep.js';
import { deliverWebhooks, MAX_ATTEMPTS, sign } from '../../src/jobs/webhooks.js';
import { DEFAULT_ADDRESS_POLICY } from '../../src/collect/ssrf.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/types.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { openTeam } from '../../src/store/team/team.js';
import { article } from '../store/contract.js';

const LOOPBACK = { allowLoopback: true, allowPrivate: false };

async function receiver(statuses: number[]) {
  const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let openStore: () => Promise<{ store: Store; close: () => Promise<void> }>;

async function setup(webhookUrl: string) {
  const { store, close } = await openStore();
  const team = await openTeam(store);
  const w = await team.watchlists.create(
    {
      userId: null,
      name: 'Treaties',
      query: 'treaty',
      feedTokenHash: 'x',
      webhookUrl,
      webhookSecret: 'whsec_test',
    },
    { userId: null, name: 'test' },
  );
  await store.saveArticle(
    toArticleInput(
      article({
        url: 'https://news.example/treaty',
        text: 'The water treaty between the neighbours was signed by ministers and envoys after long talks in the capital.',
      }),
      'url',
    ),
  );
  await sweepWatchlists(store, team);
  return { store: { close }, team, w };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`alert webhooks (${kind})`, () => {
    beforeAll(() => {
      openStore =
        kind === 'sqlite'
          ? async () => {
              const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-hook-')));
              return { store, close: () => store.close() };
            }
          : async () => {
              const db = await createTestDatabase();
              const store = await PostgresStore.connect(db.url);
              return {
                store,
                close: async () => {
                  await store.close();
                  await db.drop();
                },
              };
            };
    });

    it('posts each alert once, signed, and retries a failing receiver until it answers', async () => {
      const hook = await receiver([500, 503]);
      const { store, team, w } = await setup(hook.url);
      try {
        const r = await deliverWebhooks(team, { policy: LOOPBACK, retryDelaysMs: [0] });
        expect(r).toEqual({ delivered: 1, retrying: 2, failed: 0 });
        expect(hook.seen).toHaveLength(3);
        const last = hook.seen[2]!;
        const body = JSON.parse(last.body) as {
          type: string;
          watchlist: { id: number };
          article: { url: string };
        };
        expect(body).toMatchObject({
          type: 'watchfloor.alert',
          watchlist: { id: w.id },
          article: { url: 'https://news.example/treaty' },
        });
        const ts = String(last.headers['x-watchfloor-timestamp']);
        expect(last.headers['x-watchfloor-signature']).toBe(sign('whsec_test', ts, last.body));
        expect(sign('another secret', ts, last.body)).not.toBe(last.headers['x-watchfloor-signature']);
        // Delivered means done: another run sends nothing.
        expect(await deliverWebhooks(team, { policy: LOOPBACK, retryDelaysMs: [0] })).toEqual({
          delivered: 0,
          retrying: 0,
          failed: 0,
        });
        expect(hook.seen).toHaveLength(3);
      } finally {
        await hook.close();
        await store.close();
      }
    });

    it('gives up after the last attempt, and refuses private addresses unless allowed', async () => {
      const hook = await receiver(Array(10).fill(500));
      const { store, team } = await setup(hook.url);
      try {
        const blocked = await deliverWebhooks(team, { policy: DEFAULT_ADDRESS_POLICY, retryDelaysMs: [0] });
        expect(blocked.failed).toBe(1);
        expect(hook.seen).toHaveLength(0);
        const [d] = await team.deliveries.list();
        expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
        expect(d?.lastError).toMatch(/blocked|loopback|refused/i);
      } finally {
        await hook.close();
        await store.close();
      }
    });
  });
}
