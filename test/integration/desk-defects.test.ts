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
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import { openTeam } from '../../src/store/team/team.js';

// The analyst desk's defects of issue 18 that the API shows: counts that must be right (the map's GeoJSON),
// and parameters that must be refused with a 400 rather than clamped or accepted silently.

const DOCS = [
  {
    url: 'https://news.example/iran-syria',
    publishedAt: '2020-07-08T00:00:00.000Z',
    text: readFileSync(
      join(packageRoot(), 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
      'utf8',
    ),
  },
  {
    url: 'https://wire.example/turkey-iraq',
    publishedAt: '2020-08-03T00:00:00.000Z',
    text:
      'Turkish jets bombed Kurdish militant positions in northern Iraq on Monday, the Turkish military said.\n\n' +
      'At least 12 soldiers were killed in the attack on a border post near Erbil, officials said.\n\n' +
      'Iran condemned the strikes. The talks collapsed.\n\n' +
      '"We will respond to every attack on our soldiers," Turkish President Recep Tayyip Erdogan said.',
  },
];

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
/** An admin's token: admins may publish their own briefs, so one account covers the brief's life. */
const token = randomToken('wf_');
const auth = { authorization: `Bearer ${token}` };

beforeAll(async () => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-desk-')));
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  for (const d of DOCS) {
    const input = toArticleInput(
      {
        url: d.url,
        canonicalUrl: null,
        title: d.url,
        byline: null,
        siteName: null,
        language: 'en',
        publishedAt: d.publishedAt,
        publishedAtSource: 'meta',
        text: d.text,
        excerpt: null,
      },
      'url',
    );
    input.analysis = analyzer.analyze({ text: d.text, publishedAt: d.publishedAt, language: 'en' });
    await store.saveArticle(input);
  }
  const team = await openTeam(store);
  const admin = await team.accounts.createUser(
    { username: 'desk', role: 'admin', passwordHash: await hashPassword('a long passphrase') },
    { userId: null, name: 'test' },
  );
  await team.accounts.createToken(
    { userId: admin.id, name: 't', tokenHash: sha256(token), role: 'admin' },
    { userId: null, name: 'test' },
  );
  app = createApp(store);
});
afterAll(async () => store.close());

async function body(path: string, status: number): Promise<Record<string, unknown>> {
  const res = await app.request(path, { headers: auth });
  expect(res.status, path).toBe(status);
  return (await res.json()) as Record<string, unknown>;
}

describe('desk defects (issue 18)', () => {
  it('/api/events.geojson leaves unplaced events out before its limit and says when it truncates', async () => {
    const all = (await body('/api/events?limit=500', 200)) as { items: Array<{ place: unknown }> };
    const placed = all.items.filter((e) => e.place).length;
    // The case that went wrong: events without a place among the ones a limit keeps.
    expect(placed).toBeGreaterThan(1);
    expect(all.items.length).toBeGreaterThan(placed);

    const whole = await body(`/api/events.geojson?limit=${placed}`, 200);
    expect((whole.features as unknown[]).length).toBe(placed);
    expect(whole).toMatchObject({ total: placed, truncated: false });

    const cut = await body(`/api/events.geojson?limit=${placed - 1}`, 200);
    expect((cut.features as unknown[]).length).toBe(placed - 1);
    expect(cut).toMatchObject({ total: placed, truncated: true });
  });

  it('/api/search refuses a limit or offset that is not a count, like every other route', async () => {
    for (const bad of ['limit=-1', 'limit=abc', 'limit=0', 'limit=201', 'offset=-5', 'offset=x']) {
      const b = await body(`/api/search?q=Iran&${bad}`, 400);
      expect(b.error, bad).toBe('bad_request');
      expect(b.message, bad).toMatch(new RegExp(`^${bad.split('=')[0]}: `));
    }
    expect(((await body('/api/search?q=Iran&limit=1', 200)).hits as unknown[]).length).toBe(1);
  });

  it('refuses dates that are not in the calendar, in the query language and in parameters', async () => {
    const inQuery = await body(`/api/search?q=${encodeURIComponent('Iran from:2020-13-45')}`, 400);
    expect(inQuery.error).toBe('bad_query');
    expect(inQuery.message).toContain('2020-13-45');
    expect(inQuery.position).toBe('Iran from:'.length);
    for (const path of [
      '/api/events?from=2020-13-01',
      '/api/events?to=2020-02-30',
      '/api/timeline?from=2020-00',
      '/api/search?q=Iran&from=2021-02-29',
    ]) {
      const b = await body(path, 400);
      expect(b.error, path).toBe('bad_request');
      expect(b.message, path).toMatch(/^(from|to): a calendar date/);
    }
    // Real days still pass, a leap day included.
    await body('/api/events?from=2020-02-29&to=2020-12', 200);
    await body(`/api/search?q=${encodeURIComponent('Iran from:2020-02-29 to:2020')}`, 200);
  });

  it('/api/stories/:id names its articles by title and site', async () => {
    const list = (await body('/api/articles?limit=5', 200)) as {
      items: Array<{ id: number; storyId: number; title: string; site: string }>;
    };
    const a = list.items[0]!;
    const story = await body(`/api/stories/${a.storyId}`, 200);
    expect(story.articles).toEqual([
      expect.objectContaining({ id: a.id, title: a.title, site: a.site, url: expect.any(String) }),
    ]);
  });

  it('briefs: a citation of nothing is refused on save and publish; quotes are not doubled; the public page links sources', async () => {
    const send = (method: string, path: string, json: unknown) =>
      app.request(path, {
        method,
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    const turkey = ((await body('/api/search?q=Erdogan', 200)).hits as Array<{ id: number }>)[0]!.id;
    const analysis = (await body(`/api/articles/${turkey}/analysis`, 200)) as {
      sentences: Array<{ index: number; text: string }>;
    };
    const said = analysis.sentences.find((x) => x.text.startsWith('"We will'))!;
    const good = `[@article:${turkey}#s${said.index}]`;

    const made = await send('POST', '/api/briefs', { title: 'Nothing', body: 'Strikes [@event:999-9].' });
    expect(made.status).toBe(400);
    const refusal = (await made.json()) as { error: string; message: string };
    expect(refusal.error).toBe('bad_citation');
    expect(refusal.message).toContain('[@event:999-9]');

    const created = await send('POST', '/api/briefs', { title: 'Turkey', body: `Erdogan warned ${good}.` });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: number }).id;
    const edited = await send('PATCH', `/api/briefs/${id}`, { body: `See [@article:${turkey}#s999].` });
    expect(edited.status).toBe(400);
    expect(((await edited.json()) as { message: string }).message).toContain(`no sentence 999`);

    const brief = (await body(`/api/briefs/${id}`, 200)) as { html: string };
    expect(brief.html).toContain('&quot;We will respond');
    expect(brief.html).not.toMatch(/“&quot;|“"/);

    expect((await send('POST', `/api/briefs/${id}/status`, { status: 'review' })).status).toBe(200);
    const published = await send('POST', `/api/briefs/${id}/status`, { status: 'published' });
    expect(published.status).toBe(200);
    const slug = ((await published.json()) as { slug: string }).slug;
    const page = await (await app.request(`/published/${slug}`)).text();
    expect(page).toContain('href="https://wire.example/turkey-iraq"');
    expect(page).not.toContain('/articles/');
  });
});
