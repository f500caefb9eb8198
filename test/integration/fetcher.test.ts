import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { createFetcher, type FetcherOptions } from '../../src/collect/fetcher.js';

// The fetcher against a real loopback server: politeness, conditional GET, retries and every way a
// server can misbehave. Loopback is allowed explicitly; the default must refuse it.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();
const agents: string[] = [];
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    agents.push(String(req.headers['user-agent']));
    const h = routes.get(path);
    if (!h) return void res.writeHead(404).end('missing');
    h(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  routes.set(
    '/robots.txt',
    (_q, s) => void s.end('User-agent: *\nDisallow: /private/\nCrawl-delay: 0\nSitemap: /sitemap.xml\n'),
  );
});
afterAll(() => server.close());

const fast: Partial<FetcherOptions> = {
  allowLoopback: true,
  perHostDelayMs: 0,
  retries: 2,
  retryBaseMs: 5,
  totalTimeoutMs: 1500,
  readTimeoutMs: 1000,
  connectTimeoutMs: 1000,
  userAgent: 'WatchfloorTest/2',
};

async function failure(p: Promise<unknown>): Promise<CollectError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CollectError) return err;
    throw err;
  }
  throw new Error('expected a CollectError');
}

describe('fetcher', () => {
  it('refuses loopback by default, by address and by name', async () => {
    const f = createFetcher({ retries: 0 });
    routes.set('/ok', (_q, s) => void s.end('hello'));
    for (const url of [
      `${base}/ok`,
      base.replace('127.0.0.1', 'localhost') + '/ok',
      'http://[::1]:1/ok',
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      expect((await failure(f.fetch(url))).code, url).toBe('url.blocked');
    }
    f.close();
  });

  it('checks the address a name resolves to, so DNS rebinding to a private address is refused', async () => {
    const port = Number(new URL(base).port);
    const resolver = async (host: string) =>
      host === 'rebind.example'
        ? [{ address: '127.0.0.1', family: 4 }]
        : host === 'mixed.example'
          ? [
              { address: '10.0.0.7', family: 4 },
              { address: '127.0.0.1', family: 4 },
            ]
          : [{ address: '169.254.169.254', family: 4 }];
    const before = hits.get('/ok') ?? 0;
    const closed = createFetcher({ ...fast, allowLoopback: false, respectRobots: false }, { resolver });
    const err = await failure(closed.fetch(`http://rebind.example:${port}/ok`));
    expect(err.code).toBe('url.blocked');
    expect(err.message).toMatch(/resolves to 127\.0\.0\.1 \(loopback/);
    expect((await failure(closed.fetch(`http://meta.example:${port}/ok`))).code).toBe('url.blocked');
    expect(hits.get('/ok') ?? 0).toBe(before);
    closed.close();
    // Allowed loopback, blocked private: of the two addresses only the allowed one is used.
    const open = createFetcher({ ...fast, respectRobots: false }, { resolver });
    expect((await open.fetch(`http://mixed.example:${port}/ok`)).body.toString()).toBe('hello');
    expect((await open.fetch(`http://rebind.example:${port}/ok`)).body.toString()).toBe('hello');
    open.close();
  });

  it('fetches with the configured User-Agent and honours robots.txt', async () => {
    const f = createFetcher(fast);
    routes.set('/private/x', (_q, s) => void s.end('secret'));
    const r = await f.fetch(`${base}/ok`);
    expect(r.body.toString()).toBe('hello');
    expect(agents.at(-1)).toBe('WatchfloorTest/2');
    expect((await failure(f.fetch(`${base}/private/x`))).code).toBe('robots.disallowed');
    expect(hits.get('/private/x')).toBeUndefined();
    expect(await f.robotsSitemaps(base)).toEqual([`${base}/sitemap.xml`]);
    f.close();
  });

  it('makes a re-poll of an unchanged resource transfer nothing (ETag and Last-Modified)', async () => {
    const f = createFetcher(fast);
    routes.set('/etag', (q, s) => {
      if (q.headers['if-none-match'] === '"v1"') return void s.writeHead(304).end();
      s.writeHead(200, { etag: '"v1"' }).end('feed body');
    });
    routes.set('/lm', (q, s) => {
      const lm = 'Wed, 08 Jul 2020 10:00:00 GMT';
      if (q.headers['if-modified-since'] === lm) return void s.writeHead(304).end();
      s.writeHead(200, { 'last-modified': lm }).end('feed body');
    });
    for (const path of ['/etag', '/lm']) {
      const first = await f.fetch(`${base}${path}`);
      expect(first.notModified).toBe(false);
      const second = await f.fetch(`${base}${path}`, {
        conditional: { etag: first.etag, lastModified: first.lastModified },
      });
      expect(second.notModified).toBe(true);
      expect(second.bytes).toBe(0);
    }
    f.close();
  });

  it('retries 5xx and 429 with backoff, never 404', async () => {
    const f = createFetcher(fast);
    let n = 0;
    routes.set('/flaky', (_q, s) => void (++n < 3 ? s.writeHead(503).end() : s.end('finally')));
    expect((await f.fetch(`${base}/flaky`)).body.toString()).toBe('finally');
    expect(n).toBe(3);
    let m = 0;
    routes.set(
      '/limited',
      (_q, s) => void (++m < 2 ? s.writeHead(429, { 'retry-after': '0' }).end() : s.end('ok')),
    );
    expect((await f.fetch(`${base}/limited`)).body.toString()).toBe('ok');
    routes.set('/down', (_q, s) => void s.writeHead(500).end());
    expect((await failure(f.fetch(`${base}/down`))).code).toBe('fetch.http_5xx');
    expect(hits.get('/down')).toBe(3);
    expect((await failure(f.fetch(`${base}/nope`))).code).toBe('fetch.http_4xx');
    expect(hits.get('/nope')).toBe(1);
    f.close();
  });

  it('times out on a trickling server and on a silent one', async () => {
    const f = createFetcher({ ...fast, retries: 0 });
    routes.set('/trickle', (_q, s) => {
      s.writeHead(200);
      const t = setInterval(() => s.write('.'), 100);
      s.on('close', () => clearInterval(t));
    });
    routes.set('/silent', () => undefined);
    const started = Date.now();
    expect((await failure(f.fetch(`${base}/trickle`))).code).toBe('fetch.timeout');
    expect((await failure(f.fetch(`${base}/silent`))).code).toBe('fetch.timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    f.close();
  });

  it('caps the body while streaming, whatever Content-Length says', async () => {
    const f = createFetcher({ ...fast, retries: 0, maxBytes: 1024 * 1024, totalTimeoutMs: 10_000 });
    routes.set('/huge', (_q, s) => {
      s.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 100 * 2 ** 20) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
        s.end();
      };
      s.on('error', () => undefined);
      pump();
    });
    routes.set(
      '/declared',
      (_q, s) => void s.writeHead(200, { 'content-length': String(200 * 2 ** 20) }).end(),
    );
    routes.set(
      '/bomb',
      (_q, s) =>
        void s.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 2 ** 20))),
    );
    const rss = process.memoryUsage().rss;
    for (const path of ['/huge', '/declared', '/bomb'])
      expect((await failure(f.fetch(`${base}${path}`))).code, path).toBe('fetch.too_large');
    expect(process.memoryUsage().rss - rss).toBeLessThan(60 * 2 ** 20);
    f.close();
  });

  it('decodes gzip, follows redirects, and stops redirect loops and redirects to blocked addresses', async () => {
    const f = createFetcher(fast);
    routes.set(
      '/gz',
      (_q, s) => void s.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('compressed hello')),
    );
    routes.set('/moved', (_q, s) => void s.writeHead(301, { location: '/gz' }).end());
    routes.set('/loop1', (_q, s) => void s.writeHead(302, { location: '/loop2' }).end());
    routes.set('/loop2', (_q, s) => void s.writeHead(302, { location: '/loop1' }).end());
    routes.set(
      '/to-metadata',
      (_q, s) => void s.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end(),
    );
    routes.set('/to-private', (_q, s) => void s.writeHead(302, { location: 'http://10.0.0.1/' }).end());
    routes.set('/to-ftp', (_q, s) => void s.writeHead(302, { location: 'ftp://example.org/' }).end());
    const r = await f.fetch(`${base}/moved`);
    expect(r.body.toString()).toBe('compressed hello');
    expect(r.finalUrl).toBe(`${base}/gz`);
    expect((await failure(f.fetch(`${base}/loop1`))).code).toBe('fetch.redirects');
    expect((await failure(f.fetch(`${base}/to-metadata`))).code).toBe('url.blocked');
    expect((await failure(f.fetch(`${base}/to-private`))).code).toBe('url.blocked');
    expect((await failure(f.fetch(`${base}/to-ftp`))).code).toBe('url.invalid');
    f.close();
  });

  it('keeps per-host concurrency and delay', async () => {
    const f = createFetcher({ ...fast, perHostConcurrency: 2, perHostDelayMs: 50 });
    routes.set('/slow', (_q, s) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        s.end('ok');
      }, 30);
    });
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => f.fetch(`${base}/slow`)));
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 50 - 10);
    f.close();
  });

  it('reports invalid URLs and refused connections clearly', async () => {
    const f = createFetcher({ ...fast, retries: 1 });
    expect((await failure(f.fetch('not a url'))).code).toBe('url.invalid');
    expect((await failure(f.fetch('file:///etc/passwd'))).code).toBe('url.invalid');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(
      createFetcher({ ...fast, respectRobots: false, retries: 1 }).fetch(`http://127.0.0.1:${port}/`),
    );
    expect(err.code).toBe('fetch.connect');
    expect(err.where).toContain(String(port));
    f.close();
  });
});
