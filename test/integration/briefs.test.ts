import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createApp } from '../../src/serve/server.js';
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/types.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { openTeam } from '../../src/store/team/team.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { article } from '../store/contract.js';

function suite(kind: string, open: () => Promise<{ store: Store; close: () => Promise<void> }>) {
  describe(`briefs (${kind})`, () => {
    it('cite sentences as footnotes, go draft → review → published by a second pair of eyes, and publish read-only', async () => {
      const { store, close } = await open();
      const input = toArticleInput(article(), 'url');
      input.analysis = createAnalyzer(loadResources(packageRoot())).analyze(input);
      const { articleId } = await store.saveArticle(input);
      const cited = input.analysis.sentences[1]!.text;
      const event = input.analysis.events[0]!;
      const eventId = `${articleId}-0`;

      const team = await openTeam(store);
      const tokens: Record<string, string> = {};
      for (const name of ['writer', 'editor']) {
        const u = await team.accounts.createUser(
          { username: name, role: 'analyst', passwordHash: await hashPassword('a long passphrase') },
          { userId: null, name: 'test' },
        );
        tokens[name] = randomToken('wf_');
        await team.accounts.createToken(
          { userId: u.id, name: 't', tokenHash: sha256(tokens[name]), role: 'analyst' },
          { userId: null, name: 'test' },
        );
      }
      const app = createApp(store, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) });
      const call = (who: string, method: string, path: string, body?: unknown) =>
        app.request(path, {
          method,
          headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });

      const body = `Iran and Syria signed a military pact [@article:${articleId}#s1], and the coder read it as ${event.type} [@event:${eventId}].\n\nAgain [@article:${articleId}#s1]. <script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org/)`;
      const created = await call('writer', 'POST', '/api/briefs', { title: 'Iran–Syria: a pact', body });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      const view = (await (await call('writer', 'GET', `/api/briefs/${id}`)).json()) as {
        html: string;
        citations: Array<{ text: string }>;
      };
      expect(view.citations).toHaveLength(2);
      expect(view.citations[0]?.text).toBe(cited);
      expect(view.html).toContain('<sup class="cite"><a href="#fn-1" id="ref-1">[1]</a></sup>');
      expect(view.html.match(/href="#fn-1"/g)).toHaveLength(2);
      expect(view.html).toContain(`<a href="/articles/${articleId}#s1">`);
      expect(view.html).toContain('&lt;script&gt;');
      expect(view.html).not.toContain('<script>');
      expect(view.html).not.toMatch(/href="javascript:/i);
      expect(view.html).toContain('href="https://example.org/"');

      expect((await call('writer', 'POST', `/api/briefs/${id}/status`, { status: 'published' })).status).toBe(
        409,
      );
      expect((await call('writer', 'POST', `/api/briefs/${id}/status`, { status: 'review' })).status).toBe(
        200,
      );
      expect((await app.request('/published')).status).toBe(200);
      expect(await (await app.request('/published')).text()).not.toContain('a pact');
      expect((await call('writer', 'POST', `/api/briefs/${id}/status`, { status: 'published' })).status).toBe(
        403,
      );
      const published = await call('editor', 'POST', `/api/briefs/${id}/status`, { status: 'published' });
      expect(published.status).toBe(200);
      const { slug } = (await published.json()) as { slug: string };
      expect(slug).toMatch(/^iran-syria-a-pact-\d+$/);
      expect((await call('writer', 'PATCH', `/api/briefs/${id}`, { body: 'changed' })).status).toBe(409);

      const page = await app.request(`/published/${slug}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Iran–Syria: a pact');
      expect(html).toContain(cited.replace(/’/g, '’'));
      const atom = await (await app.request('/published.atom')).text();
      expect(atom).toContain(`/published/${slug}`);
      // Drafts stay private, whatever their id or title.
      const draft = (await (
        await call('writer', 'POST', '/api/briefs', { title: 'Secret draft', body: 'x' })
      ).json()) as { id: number };
      expect(await (await app.request('/published')).text()).not.toContain('Secret draft');
      expect((await app.request(`/published/secret-draft-${draft.id}`)).status).toBe(404);
      expect((await app.request(`/api/briefs/${draft.id}`)).status).toBe(401);

      const md = await (await call('writer', 'GET', `/api/briefs/${id}/export.md`)).text();
      expect(md).toMatch(/^# Iran–Syria: a pact/);
      expect(md).toContain(`[^1]: “${cited}”`);
      expect(md).toContain('[^2]: ');
      const pdf = await call('writer', 'GET', `/api/briefs/${id}/export.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

      const audit = await team.accounts.listAudit({ limit: 20, offset: 0, entity: 'brief' });
      expect(audit.items.map((e) => e.action)).toEqual(['create', 'publish', 'status:review', 'create']);
      expect(audit.items[1]?.actor).toBe('editor');
      await close();
    }, 90_000);
  });
}

suite('sqlite', async () => {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-briefs-')));
  return { store, close: () => store.close() };
});
suite('postgres', async () => {
  const db = await createTestDatabase();
  const store = await PostgresStore.connect(db.url);
  return {
    store,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
});
