import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import { API_POLICY, policyEntry } from '../../src/serve/auth/policy.js';
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { openTeam } from '../../src/store/team/team.js';
import { roleAtLeast, type Role } from '../../src/store/team/types.js';
import type { Store } from '../../src/store/types.js';
import { createTestDatabase } from '../helpers/postgres.js';

// Users, roles, sessions, tokens and the audit log, on both stores. The role matrix enumerates the routes
// the app registers, so a new route without a policy entry fails here.

const SYSTEM = { userId: null, name: 'test' };
const PASSWORD = 'correct horse battery staple';
const REMOTE = { incoming: { socket: { remoteAddress: '10.1.2.3' } } };

async function suite(
  kind: 'sqlite' | 'postgres',
  open: () => Promise<{ store: Store; close: () => Promise<void> }>,
) {
  describe(`accounts and roles (${kind})`, () => {
    let store: Store;
    let close: () => Promise<void>;
    let app: Hono;
    const tokens: Partial<Record<Role, string>> = {};

    beforeAll(async () => {
      ({ store, close } = await open());
      app = createApp(store, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) });
    }, 60_000);
    afterAll(async () => close());

    it('runs without accounts for this machine only, until the first account exists', async () => {
      expect((await app.request('/api/status')).status).toBe(200);
      const remote = await app.request('/api/status', {}, REMOTE);
      expect(remote.status).toBe(401);
      // Through a reverse proxy on this machine, a request is not local either.
      expect(
        (await app.request('/api/status', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status,
      ).toBe(401);
      expect((await app.request('/api/status', { headers: { forwarded: 'for=203.0.113.9' } })).status).toBe(
        401,
      );
      expect(((await remote.json()) as { message: string }).message).toContain('watchfloor users add');
      const session = (await (await app.request('/api/session')).json()) as {
        via: string;
        role: string;
        accounts: boolean;
      };
      expect(session).toMatchObject({ via: 'local', role: 'admin', accounts: false });

      const team = await openTeam(store);
      for (const role of ['admin', 'analyst', 'viewer'] as const) {
        const user = await team.accounts.createUser(
          { username: `${role}1`, role, passwordHash: await hashPassword(PASSWORD) },
          SYSTEM,
        );
        const secret = randomToken('wf_');
        await team.accounts.createToken(
          { userId: user.id, name: 'test', tokenHash: sha256(secret), role },
          SYSTEM,
        );
        tokens[role] = secret;
      }
      expect((await app.request('/api/status')).status).toBe(401);
    }, 30_000);

    it('gives every API route a policy, and every route refuses the roles below it', async () => {
      const routes = app.routes.filter(
        (r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*'),
      );
      const seen = new Set<string>();
      for (const r of routes) {
        const key = `${r.method} ${r.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const access = policyEntry(r.method, r.path);
        expect(access, `${key} has no entry in src/serve/auth/policy.ts`).toBeDefined();
        // An id nothing has, so no request of the sweep changes what the next one sees.
        const path = r.path.replace(/:[a-z]+/gi, '999999');
        const send = (headers: Record<string, string>) =>
          app.request(path, {
            method: r.method,
            headers: { ...headers, 'content-type': 'application/json' },
            ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: '{}' }),
          });
        const anonymous = await send({});
        if (access === 'public') expect(anonymous.status, key).not.toBe(401);
        else expect(anonymous.status, `${key} anonymous`).toBe(401);
        for (const role of ['viewer', 'analyst', 'admin'] as const) {
          const res = await send({ authorization: `Bearer ${tokens[role]}` });
          if (access === 'public' || roleAtLeast(role, access as Role)) {
            expect([401, 403], `${key} as ${role}`).not.toContain(res.status);
          } else {
            expect(res.status, `${key} as ${role}`).toBe(403);
          }
        }
      }
      // The OpenAPI document describes every route but itself and its page.
      const doc = (await (await app.request('/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const key of seen) {
        const [method, path] = key.split(' ') as [string, string];
        if (path === '/api/openapi.json' || path === '/api/docs') continue;
        expect(
          doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()],
          `${key} in /api/openapi.json`,
        ).toBeDefined();
      }
      // Every policy entry names a route that exists.
      for (const [method, path] of API_POLICY)
        expect(seen.has(`${method} ${path}`), `${method} ${path}`).toBe(true);
    }, 60_000);

    it('logs in with an httpOnly SameSite cookie, and needs the CSRF token for changes made with it', async () => {
      const login = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'Analyst1', password: PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/wf_session=[^;]+/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      const { csrf } = (await login.json()) as { csrf: string };
      const session = cookie.split(';')[0] as string;
      const me = (await (await app.request('/api/session', { headers: { cookie: session } })).json()) as {
        user: { username: string };
        role: string;
      };
      expect(me).toMatchObject({ user: { username: 'analyst1' }, role: 'analyst' });

      const make = (headers: Record<string, string>) =>
        app.request('/api/me/tokens', {
          method: 'POST',
          headers: { cookie: session, 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ name: 'script' }),
        });
      expect((await make({})).status).toBe(403);
      expect((await make({ 'x-csrf-token': 'wrong' })).status).toBe(403);
      const made = await make({ 'x-csrf-token': csrf });
      expect(made.status).toBe(201);
      const { secret } = (await made.json()) as { secret: string };
      expect(
        (await app.request('/api/status', { headers: { authorization: `Bearer ${secret}` } })).status,
      ).toBe(200);
      // A token cannot carry more than its user's role.
      const admin = await app.request('/api/me/tokens', {
        method: 'POST',
        headers: { cookie: session, 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ name: 'escalate', role: 'admin' }),
      });
      expect(admin.status).toBe(403);

      const foreign = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ username: 'analyst1', password: PASSWORD }),
      });
      expect(foreign.status).toBe(403);
      await app.request('/api/session', { method: 'DELETE', headers: { cookie: session } });
      expect((await app.request('/api/status', { headers: { cookie: session } })).status).toBe(401);
    }, 30_000);

    it('limits failed logins per user name', async () => {
      const attempt = (password: string) =>
        app.request('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'viewer1', password }),
        });
      for (let i = 0; i < 5; i++) expect((await attempt('wrong password!')).status).toBe(401);
      const limited = await attempt(PASSWORD);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('900');
    }, 30_000);

    it('lets admins manage users, ends sessions on a role change, and audits every change with before and after', async () => {
      const auth = { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' };
      const weak = await app.request('/api/users', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ username: 'newbie', role: 'viewer', password: 'short' }),
      });
      expect(weak.status).toBe(400);
      const created = await app.request('/api/users', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ username: 'newbie', role: 'viewer', password: PASSWORD }),
      });
      expect(created.status).toBe(201);
      const user = (await created.json()) as { id: number };
      expect(
        (
          await app.request('/api/users', {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ username: 'newbie', role: 'viewer', password: PASSWORD }),
          })
        ).status,
      ).toBe(409);

      const login = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'newbie', password: PASSWORD }),
      });
      const session = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      expect((await app.request('/api/status', { headers: { cookie: session } })).status).toBe(200);
      const promoted = await app.request(`/api/users/${user.id}`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ role: 'analyst' }),
      });
      expect(promoted.status).toBe(200);
      expect((await app.request('/api/status', { headers: { cookie: session } })).status).toBe(401);
      await app.request(`/api/users/${user.id}`, {
        method: 'PATCH',
        headers: auth,
        body: JSON.stringify({ disabled: true }),
      });
      const disabled = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'newbie', password: PASSWORD }),
      });
      expect(disabled.status).toBe(401);

      // Sources are the admins': adding and removing feeds is audited too.
      const feed = await app.request('/api/feeds', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: 'https://news.example/feed.xml' }),
      });
      expect(feed.status).toBe(201);
      const feedId = ((await feed.json()) as { id: number }).id;
      expect(
        (
          await app.request('/api/feeds', {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ url: 'https://news.example/feed.xml' }),
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await app.request('/api/feeds', {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ url: 'javascript:alert(1)' }),
          })
        ).status,
      ).toBe(400);
      expect((await app.request(`/api/feeds/${feedId}`, { method: 'DELETE', headers: auth })).status).toBe(
        200,
      );
      const feedLog = (await (await app.request('/api/audit?entity=feed', { headers: auth })).json()) as {
        items: Array<{ action: string }>;
      };
      expect(feedLog.items.map((e) => e.action)).toEqual(['delete', 'create']);

      const log = (await (await app.request('/api/audit?entity=user', { headers: auth })).json()) as {
        items: Array<{
          action: string;
          actor: string;
          entityId: string;
          before: { role: string } | null;
          after: { role: string; disabled: boolean };
        }>;
      };
      const mine = log.items.filter((e) => e.entityId === String(user.id));
      expect(mine.map((e) => e.action)).toEqual(['update', 'update', 'create']);
      expect(mine[1]).toMatchObject({
        actor: 'admin1',
        before: { role: 'viewer' },
        after: { role: 'analyst' },
      });
      expect(mine[0]?.after.disabled).toBe(true);
      expect(JSON.stringify(log)).not.toContain('scrypt$');
    }, 30_000);
  });
}

await suite('sqlite', async () => {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-roles-')));
  return { store, close: () => store.close() };
});
await suite('postgres', async () => {
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
