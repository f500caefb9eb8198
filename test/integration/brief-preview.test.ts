import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedStore } from '../helpers/seed-store.js';
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import { openTeam } from '../../src/store/team/team.js';

// Issue 18, part 1's remaining defects the API shows: the brief editor's preview follows the text as it is
// typed (a render of unsaved text, nothing stored), and the API docs page fits a phone.

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
const analystToken = randomToken('wf_');
const viewerToken = randomToken('wf_');

beforeAll(async () => {
  store = await seedStore('wf-preview-', 'Iran and Syria');
  const team = await openTeam(store);
  for (const [name, role, token] of [
    ['ana', 'analyst', analystToken],
    ['vic', 'viewer', viewerToken],
  ] as const) {
    const user = await team.accounts.createUser(
      { username: name, role, passwordHash: await hashPassword('a long passphrase') },
      { userId: null, name: 'test' },
    );
    await team.accounts.createToken(
      { userId: user.id, name: 't', tokenHash: sha256(token), role },
      { userId: null, name: 'test' },
    );
  }
  app = createApp(store);
});
afterAll(async () => store.close());

const preview = (body: unknown, token = analystToken) =>
  app.request('/api/briefs/preview', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('brief preview and docs on a phone', () => {
  it('renders unsaved brief text with its citations, and names citations that point at nothing', async () => {
    const events = (await (
      await app.request('/api/events?limit=1', { headers: { authorization: `Bearer ${analystToken}` } })
    ).json()) as { items: Array<{ id: string }> };
    const id = events.items[0]?.id;
    expect(id).toBeDefined();
    const res = await preview({ body: `Ties **deepen** [@event:${id}] and [@event:999-9].` });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { html: string; problems: Array<{ ref: string }> };
    expect(out.html).toContain('<strong>deepen</strong>');
    expect(out.html).toMatch(/<sup class="cite"><a href="#fn-1"/);
    expect(out.html).toContain('<section class="footnotes">');
    expect(out.problems.map((p) => p.ref)).toEqual(['[@event:999-9]']);
    // Raw HTML stays text, as in a saved brief.
    expect((await (await preview({ body: '<script>x()</script>' })).json()).html).not.toContain('<script>');
    expect((await preview({})).status).toBe(400);
    expect((await preview({ body: 'x' }, viewerToken)).status).toBe(403);
  });

  it('gives /api/docs a viewport, so a phone does not shrink it to a desktop page', async () => {
    const html = await (await app.request('/api/docs')).text();
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
  });
});
