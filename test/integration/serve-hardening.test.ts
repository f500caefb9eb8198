import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { BODY_LIMITS } from '../../src/serve/auth/body-limits.js';
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import { createApp, listen } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { openTeam } from '../../src/store/team/team.js';
import type { Store } from '../../src/store/types.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// The HTTP edge on real loopback sockets, where the socket address matters: which Host the desk answers
// to, what counts as "this machine" without accounts, how large a body it reads before authentication,
// and login limits under concurrency (issue 15, items 1, 6 and 8).

const SYSTEM = { userId: null, name: 'test' };
const PASSWORD = 'correct horse battery staple';
const webRoot = () => mkdtempSync(join(tmpdir(), 'wf-noweb-'));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

/** One request with exactly the headers given (fetch would not let a test set Host). */
function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/api/session',
        headers: { host: `localhost:${port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Streams `total` bytes of a JSON body (one reused 1 MiB buffer, so the client holds nothing) until the
 * server answers; resolves with the answer, how many bytes went out and how long it took.
 */
function stream(
  port: number,
  path: string,
  total: number,
  declareLength: boolean,
): Promise<{ status: number; body: string; sent: number; ms: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        ...(declareLength ? { 'content-length': String(total) } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          sent,
          ms: performance.now() - started,
        });
      });
    });
    // The server may close the connection while the body is still going out: that is the point.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const pump = () => {
      while (!answered && !req.destroyed && sent < total) {
        const piece = sent === 0 ? Buffer.from('{"username":"a","password":"') : chunk;
        const part = piece.subarray(0, Math.min(piece.length, total - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

async function serving(
  store: Store,
  options: Parameters<typeof createApp>[1] = {},
): Promise<{ port: number; close: () => Promise<void> }> {
  const { server, url } = await listen(createApp(store, { webRoot: webRoot(), ...options }), 0, '127.0.0.1');
  return { port: Number(new URL(url).port), close: () => closeServer(server) };
}

const closeServer = (server: ServerType) =>
  new Promise<void>((resolve) => {
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    server.close(() => resolve());
  });

describe('configuration of the edge', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'wf-cfg-edge-'));
  it('reads publicUrl and allowedHosts from the environment, normalised, and refuses malformed ones', () => {
    const c = loadConfig(
      { dataDir: dataDir() },
      {
        WATCHFLOOR_PUBLIC_URL: 'https://Desk.Example.org/',
        WATCHFLOOR_ALLOWED_HOSTS: 'Alias.example.org, 10.0.0.5:8080',
      },
    );
    expect(c.publicUrl).toBe('https://desk.example.org');
    expect(c.allowedHosts).toEqual(['alias.example.org', '10.0.0.5:8080']);
    expect(loadConfig({ dataDir: dataDir() }, {}).allowedHosts).toEqual([]);
    for (const env of [
      { WATCHFLOOR_PUBLIC_URL: 'ftp://desk.example.org' },
      { WATCHFLOOR_PUBLIC_URL: 'https://desk.example.org/desk' },
      { WATCHFLOOR_ALLOWED_HOSTS: 'https://desk.example.org' },
      { WATCHFLOOR_ALLOWED_HOSTS: 'localhost@evil.test' },
    ]) {
      expect(() => loadConfig({ dataDir: dataDir() }, env), JSON.stringify(env)).toThrow(ConfigError);
    }
  });
});

describe('allowed hosts and what counts as this machine', () => {
  let store: Store;
  let port: number;
  let close: () => Promise<void>;

  beforeAll(async () => {
    store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-hosts-')));
    ({ port, close } = await serving(store, {
      publicUrl: 'https://desk.example.org',
      allowedHosts: ['alias.example.org'],
    }));
  });
  afterAll(async () => close());

  it('refuses a host it was not told about, before anything else: a DNS-rebinding page gets nothing', async () => {
    const session = await send(port, { headers: { host: 'evil.test' } });
    expect(session.status).toBe(421);
    expect(session.json()).toMatchObject({ error: 'host_not_allowed' });
    expect(session.json().message).toContain('allowedHosts');
    const csrf = (await send(port, {})).json().csrf as string;
    const admin = await send(port, {
      method: 'POST',
      path: '/api/users',
      headers: { host: `evil.test:${port}`, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mallory', role: 'admin', password: PASSWORD }),
    });
    expect(admin.status).toBe(421);
    expect(await (await openTeam(store)).accounts.countUsers()).toBe(0);
    // The web app's pages too, and an absolute request target naming another host.
    expect((await send(port, { path: '/', headers: { host: 'evil.test' } })).status).toBe(421);
    expect((await send(port, { path: 'http://evil.test/api/session' })).status).toBe(421);
    // A name that smuggles something else is not a host (the HTTP layer already refuses this one).
    expect([400, 421]).toContain((await send(port, { headers: { host: 'localhost@evil.test' } })).status);
    // Load balancers probe by address.
    expect((await send(port, { path: '/healthz', headers: { host: '10.0.0.5:8080' } })).status).toBe(200);
  });

  it('builds the published briefs feed from publicUrl, not from the Host the request named', async () => {
    const feed = await send(port, { path: '/published.atom', headers: { host: `localhost:${port}` } });
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('https://desk.example.org/published.atom');
    expect(feed.text).not.toContain(`localhost:${port}`);
  });

  it('serves loopback names, with any port, as this machine without accounts', async () => {
    for (const host of [
      `localhost:${port}`,
      'localhost',
      `127.0.0.1:${port}`,
      '127.0.0.2',
      `[::1]:${port}`,
    ]) {
      const session = await send(port, { headers: { host } });
      expect(session.status, host).toBe(200);
      expect(session.json(), host).toMatchObject({ via: 'local', role: 'admin' });
    }
  });

  it('serves configured names (allowedHosts, publicUrl), but not as this machine', async () => {
    for (const host of ['alias.example.org', 'ALIAS.example.org:8443', 'desk.example.org']) {
      const session = await send(port, { headers: { host } });
      expect(session.status, host).toBe(200);
      expect(session.json(), host).toMatchObject({ via: null, role: null });
      expect((await send(port, { path: '/api/status', headers: { host } })).status, host).toBe(401);
    }
  });

  it('takes any proxy header to mean the request comes from elsewhere', async () => {
    for (const [name, value] of [
      ['x-forwarded-for', '203.0.113.9'],
      ['forwarded', 'for=203.0.113.9'],
      ['x-real-ip', '203.0.113.9'],
      ['via', '1.1 proxy'],
      ['cf-connecting-ip', '203.0.113.9'],
      ['true-client-ip', '203.0.113.9'],
      ['x-forwarded-host', `localhost:${port}`],
      ['x-forwarded-proto', 'https'],
      ['x-client-ip', '203.0.113.9'],
      ['x-cluster-client-ip', '203.0.113.9'],
      ['fastly-client-ip', '203.0.113.9'],
      ['cdn-loop', 'cloudflare'],
    ] as const) {
      const session = await send(port, { headers: { [name]: value } });
      expect(session.json(), name).toMatchObject({ via: null, role: null });
      expect((await send(port, { path: '/api/status', headers: { [name]: value } })).status, name).toBe(401);
    }
  });

  it('writes URLs from the configured public URL, whatever Host the request names', async () => {
    const team = await openTeam(store);
    const user = await team.accounts.createUser(
      { username: 'ana', role: 'analyst', passwordHash: await hashPassword(PASSWORD) },
      SYSTEM,
    );
    const secret = randomToken('wf_');
    await team.accounts.createToken(
      { userId: user.id, name: 't', tokenHash: sha256(secret), role: 'analyst' },
      SYSTEM,
    );
    const headers = {
      host: 'alias.example.org',
      authorization: `Bearer ${secret}`,
      'content-type': 'application/json',
    };
    const created = await send(port, {
      method: 'POST',
      path: '/api/watchlists',
      headers,
      body: JSON.stringify({ name: 'w', query: 'iran' }),
    });
    expect(created.status).toBe(201);
    expect(created.json().feedUrl).toMatch(
      /^https:\/\/desk\.example\.org\/api\/watchlists\/\d+\/atom\?token=/,
    );
    const digest = await send(port, { method: 'POST', path: '/api/digest/feed-token', headers, body: '{}' });
    expect(digest.json().feedUrl).toMatch(/^https:\/\/desk\.example\.org\/api\/digest\.atom\?token=/);
    // With accounts, a host it was not told about is refused all the same.
    expect((await send(port, { headers: { ...headers, host: 'evil.test' } })).status).toBe(421);
  });
});

describe('request body limits, before authentication', () => {
  let store: Store;
  let port: number;
  let close: () => Promise<void>;

  beforeAll(async () => {
    store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-bodies-')));
    ({ port, close } = await serving(store));
  });
  afterAll(async () => close());

  const total = 200 * 1024 * 1024;
  for (const declareLength of [true, false]) {
    it(`refuses a 200 MB login body ${declareLength ? 'with Content-Length' : 'streamed without a length'} at once, without holding it`, async () => {
      const before = process.memoryUsage().rss;
      const r = await stream(port, '/api/session', total, declareLength);
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toMatchObject({ error: 'payload_too_large', limit: BODY_LIMITS.accounts });
      expect(r.ms).toBeLessThan(5000);
      // The upload was cut off, and the server kept none of it (it parsed 200 MB into 600 MB before).
      expect(r.sent).toBeLessThan(total);
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    }, 20_000);
  }

  it('gives each route family its limit, and refuses before asking who is there', async () => {
    const csrf = (await send(port, {})).json().csrf as string;
    const body = (bytes: number) => JSON.stringify({ title: 't', body: 'x'.repeat(bytes) });
    const post = (path: string, bytes: number) =>
      send(port, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: body(bytes),
      });
    const login = await post('/api/session', 20_000);
    expect(login.status).toBe(413);
    expect(login.headers.connection).toBe('close');
    expect((await post('/api/watchlists', 1_100_000)).status).toBe(413);
    // A 1.5 MB brief is within its route's limit: it reaches validation (400: the body is over 200,000 characters).
    expect((await post('/api/briefs', 1_500_000)).status).toBe(400);
    expect((await post('/api/briefs', 2_200_000)).status).toBe(413);
    // Once accounts exist, an anonymous large body is still refused for its size, not read to find out.
    await (
      await openTeam(store)
    ).accounts.createUser(
      { username: 'chief', role: 'admin', passwordHash: await hashPassword(PASSWORD) },
      SYSTEM,
    );
    expect((await post('/api/users', 20_000)).status).toBe(413);
    expect((await post('/api/users', 100)).status).toBe(401);
  }, 20_000);

  it('states the limits in the OpenAPI document', async () => {
    const doc = (await send(port, { path: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { 'x-body-limit'?: number } | undefined>>;
    };
    expect(doc.paths['/api/session']?.post).toMatchObject({
      'x-body-limit': BODY_LIMITS.accounts,
      responses: { '413': {} },
    });
    expect(doc.paths['/api/briefs']?.post?.['x-body-limit']).toBe(BODY_LIMITS.briefs);
    expect(doc.paths['/api/watchlists']?.post?.['x-body-limit']).toBe(BODY_LIMITS.default);
    expect(doc.paths['/api/watchlists']?.get?.['x-body-limit']).toBeUndefined();
  });
});

for (const [kind, make] of ENGINES) {
  describe(`login limits under concurrency (${kind})`, () => {
    let engine: Engine;
    let store: Store;
    let port: number;
    let close: () => Promise<void>;

    beforeAll(async () => {
      engine = await make();
      store = await engine.open();
      ({ port, close } = await serving(store));
      await (
        await openTeam(store)
      ).accounts.createUser(
        { username: 'ana', role: 'analyst', passwordHash: await hashPassword(PASSWORD) },
        SYSTEM,
      );
    }, 60_000);
    afterAll(async () => {
      await close();
      await store.close();
      await engine.drop();
    });

    it('lets 5 of 20 simultaneous wrong passwords for one user reach the password check; the rest wait', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () =>
          send(port, {
            method: 'POST',
            path: '/api/session',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'ana', password: 'wrong password!' }),
          }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    }, 60_000);

    it('reserves at most 30 attempts from one address, however many names arrive at once', async () => {
      const accounts = (await openTeam(store)).accounts;
      const limits = { since: new Date(Date.now() - 60_000).toISOString(), perUser: 5, perAddress: 30 };
      const ids = await Promise.all(
        Array.from({ length: 60 }, (_, i) => accounts.reserveLogin(`name${i}`, '203.0.113.7', limits)),
      );
      expect(ids.filter((id) => id !== null)).toHaveLength(30);
      // A right password clears its own attempt, so it does not count against the address.
      const last = ids.find((id) => id !== null) as number;
      await accounts.loginSucceeded(last);
      expect(await accounts.reserveLogin('someone', '203.0.113.7', limits)).not.toBeNull();
      expect(await accounts.reserveLogin('someone', '203.0.113.7', limits)).toBeNull();
    }, 60_000);
  });
}
