import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { sweepWatchlists } from '../../src/jobs/watchlist-sweep.js';
import { createApp } from '../../src/serve/server.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { openTeam } from '../../src/store/team/team.js';
import type { Store } from '../../src/store/types.js';
import { article } from '../store/contract.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

// Watchlists on both stores: alerts for new matching articles only, exactly once per article and watchlist
// even with two workers sweeping at the same time; the inbox and the private Atom feed.

const WORDS =
  'harbour ministry convoy border council parliament drought market currency refinery pipeline election court protest airport bridge hospital school militia governor envoy summit ceasefire tanker port village valley river mountain desert coast budget grain wheat rice oil gas power grid network bank treasury tariff customs embassy consulate ambassador'.split(
    ' ',
  );

/** Texts far enough apart that dedup keeps every one as its own article. */
function text(seed: number, topic: string): string {
  let x = seed * 7919 + 17;
  const next = () => ((x = (x * 48271) % 2147483647), x);
  const sentences = Array.from({ length: 6 }, () =>
    Array.from({ length: 12 }, () => WORDS[next() % WORDS.length]).join(' '),
  );
  sentences[2] = `${sentences[2]} ${topic}`;
  return sentences.map((s) => `${s[0]?.toUpperCase()}${s.slice(1)}.`).join(' ');
}

async function save(store: Store, i: number, topic: string): Promise<number> {
  const r = await store.saveArticle(
    toArticleInput(
      article({
        url: `https://news.example/${topic}/${i}`,
        title: `${topic} report ${i}`,
        text: text(i, topic),
      }),
      'url',
    ),
  );
  expect(r.outcome).toBe('created');
  return r.articleId;
}

function suite(kind: string, open: () => Promise<{ a: Store; b: Store; close: () => Promise<void> }>) {
  describe(`watchlists (${kind})`, () => {
    let a: Store;
    let b: Store;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ a, b, close } = await open());
    }, 60_000);
    afterAll(async () => close());

    it('alerts on new matching articles once each, also with two workers sweeping at once', async () => {
      await save(a, 1000, 'flood');
      const app = createApp(a, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) });
      const post = (path: string, body: unknown) =>
        app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify(body),
        });
      const csrf = ((await (await app.request('/api/session')).json()) as { csrf: string }).csrf;
      const bad = await post('/api/watchlists', { name: 'bad', query: 'flood colour:red' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: 'bad_query', position: 6 });
      const created = await post('/api/watchlists', { name: 'Floods', query: 'flood' });
      expect(created.status).toBe(201);
      const { watchlist, feedUrl } = (await created.json()) as { watchlist: { id: number }; feedUrl: string };

      // Two workers store and sweep concurrently; every sweep races the other's.
      const stored: number[] = [];
      const sweeps: Array<Promise<unknown>> = [];
      for (let i = 0; i < 12; i++) {
        const store = i % 2 ? a : b;
        stored.push(await save(store, i, i % 3 === 0 ? 'treaty' : 'flood'));
        const [ta, tb] = await Promise.all([openTeam(a), openTeam(b)]);
        sweeps.push(sweepWatchlists(a, ta), sweepWatchlists(b, tb), sweepWatchlists(a, ta));
      }
      await Promise.all(sweeps);
      await sweepWatchlists(b, await openTeam(b));

      const floods = stored.filter((_, i) => i % 3 !== 0);
      const inbox = (await (await app.request('/api/alerts?limit=200')).json()) as {
        total: number;
        unread: number;
        items: Array<{ id: number; articleId: number }>;
      };
      expect(inbox.items.map((x) => x.articleId).sort((x, y) => x - y)).toEqual(floods);
      expect(inbox.unread).toBe(floods.length);
      // The article stored before the watchlist existed alerts nobody.
      expect(inbox.items.some((x) => x.articleId < (stored[0] as number))).toBe(false);

      const read = await post('/api/alerts/read', { ids: [inbox.items[0]?.id] });
      expect(await read.json()).toEqual({ marked: 1 });
      const unread = (await (await app.request('/api/alerts?unread=1')).json()) as { total: number };
      expect(unread.total).toBe(floods.length - 1);

      const feedPath = new URL(feedUrl).pathname + new URL(feedUrl).search;
      const feed = await app.request(feedPath);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toContain('application/atom+xml');
      const xml = await feed.text();
      expect(xml.match(/<entry>/g)?.length).toBe(floods.length);
      expect(xml).toContain('<title>Watchfloor: Floods</title>');
      expect((await app.request(`/api/watchlists/${watchlist.id}/atom?token=wrong`)).status).toBe(404);
      const rotated = (await (await post(`/api/watchlists/${watchlist.id}/feed-token`, {})).json()) as {
        feedUrl: string;
      };
      expect((await app.request(feedPath)).status).toBe(404);
      expect(
        (await app.request(new URL(rotated.feedUrl).pathname + new URL(rotated.feedUrl).search)).status,
      ).toBe(200);

      const digest = (await (await app.request('/api/digest?days=2')).json()) as {
        days: Array<{ day: string; total: number; watchlists: Array<{ name: string; articles: unknown[] }> }>;
      };
      expect(digest.days).toHaveLength(1);
      expect(digest.days[0]).toMatchObject({
        day: new Date().toISOString().slice(0, 10),
        total: floods.length,
      });
      expect(digest.days[0]?.watchlists[0]?.name).toBe('Floods');
      const digestFeed = (await (await post('/api/digest/feed-token', {})).json()) as { feedUrl: string };
      const digestXml = await (
        await app.request(new URL(digestFeed.feedUrl).pathname + new URL(digestFeed.feedUrl).search)
      ).text();
      expect(digestXml).toContain(`alerts</title>`);
      expect(digestXml.match(/<entry>/g)).toHaveLength(1);
      expect((await app.request('/api/digest.atom?token=nope')).status).toBe(404);

      const del = await app.request(`/api/watchlists/${watchlist.id}`, {
        method: 'DELETE',
        headers: { 'x-csrf-token': csrf },
      });
      expect(del.status).toBe(200);
      expect(((await (await app.request('/api/alerts')).json()) as { total: number }).total).toBe(0);
      const audit = (await (await app.request('/api/audit?entity=watchlist')).json()) as {
        items: Array<{ action: string }>;
      };
      expect(audit.items.map((e) => e.action)).toEqual(['delete', 'rotate-feed', 'create']);
    }, 120_000);
  });
}

// SQLite's workers are processes sharing the file (busy timeout between them); in one process, sweeps share
// the connection and take turns. The race the unique constraint settles is the same.
suite('sqlite', async () => {
  const a = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-watch-')));
  return { a, b: a, close: () => a.close() };
});
suite('postgres', async () => {
  const db = await createTestDatabase();
  const a = await PostgresStore.connect(db.url);
  const b = await PostgresStore.connect(db.url);
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await db.drop();
    },
  };
});

describe('watchlists and ingestion', () => {
  it('raises alerts for what `watchfloor ingest` stores, before the command exits', async () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'wf-watch-cli-'));
    const store = SqliteStore.open(dir);
    const team = await openTeam(store);
    await team.watchlists.create(
      {
        userId: null,
        name: 'Treaties',
        query: 'treaty',
        feedTokenHash: 'x',
        webhookUrl: null,
        webhookSecret: null,
      },
      { userId: null, name: 'test' },
    );
    await store.close();
    const file = join(dir, 'in.jsonl');
    writeFileSync(
      file,
      [1, 2, 3]
        .map((i) =>
          JSON.stringify({
            url: `https://news.example/t/${i}`,
            title: `Report ${i}`,
            text: text(i, i === 2 ? 'flood' : 'treaty'),
          }),
        )
        .join('\n'),
    );
    const r = await runCli(['ingest', file, '--data', dir]);
    expect(r.code, r.stderr).toBe(0);
    const again = SqliteStore.open(dir);
    try {
      const alerts = await (await openTeam(again)).watchlists.alerts({ userId: null, limit: 10, offset: 0 });
      expect(alerts.items.map((a) => a.title).sort()).toEqual(['Report 1', 'Report 3']);
    } finally {
      await again.close();
    }
  }, 60_000);
});
