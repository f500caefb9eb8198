import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { createFetcher, retryAfterMs, type FetcherOptions } from '../../src/collect/fetcher.js';

// The fetcher against real loopback servers: politeness, conditional GET, retries and every way a
// server can misbehave. Loopback is allowed explicitly; the default must refuse it.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface TestServer {
  base: string;
  port: number;
  routes: Map<string, Handler>;
  hits: Map<string, number>;
  /** User-Agent and arrival time of every request, by path. */
  log: Array<{ path: string; ua: string; at: number }>;
  close(): Promise<void>;
}

async function startServer(routes: Record<string, Handler> = {}): Promise<TestServer> {
  const map = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const log: TestServer['log'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    log.push({ path, ua: String(req.headers['user-agent']), at: Date.now() });
    res.on('error', () => undefined);
    const h = map.get(path);
    if (!h) return void res.writeHead(404).end('missing');
    h(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    routes: map,
    hits,
    log,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A raw TCP server, for answers node:http would refuse to send. */
async function startRawServer(onRequest: (socket: Socket) => void) {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => onRequest(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const ROBOTS = [
  'User-agent: *',
  'Disallow: /private/',
  'Disallow: /not-for-watchfloor/',
  '',
  'User-agent: OtherBot',
  'Disallow: /private/',
  '',
  'Sitemap: /sitemap.xml',
  '',
].join('\n');

let main: TestServer;

beforeAll(async () => {
  main = await startServer({
    '/robots.txt': (_q, s) => void s.end(ROBOTS),
    '/ok': (_q, s) => void s.end('hello'),
  });
});
afterAll(() => main.close());

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

describe('SSRF guard', () => {
  it('refuses loopback by default, by address and by name, without connecting', async () => {
    const f = createFetcher({ retries: 0 });
    const before = main.log.length;
    for (const url of [
      `${main.base}/ok`,
      `http://localhost:${main.port}/ok`,
      `http://[::1]:${main.port}/ok`,
      `http://[::ffff:127.0.0.1]:${main.port}/ok`,
      `http://0.0.0.0:${main.port}/ok`,
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.google.internal/computeMetadata/v1/',
    ]) {
      const err = await failure(f.fetch(url));
      expect(err.code, url).toBe('url.blocked');
      expect(err.where, url).toBe(new URL(url).href);
    }
    expect(main.log.length).toBe(before);
    f.close();
  });

  it('checks the address a name resolves to, so DNS rebinding to a private address is refused', async () => {
    const resolver = async (host: string) =>
      host === 'rebind.example'
        ? [{ address: '127.0.0.1', family: 4 }]
        : host === 'mixed.example'
          ? [
              { address: '10.0.0.7', family: 4 },
              { address: '127.0.0.1', family: 4 },
            ]
          : [{ address: '169.254.169.254', family: 4 }];
    const before = main.hits.get('/ok') ?? 0;
    const closed = createFetcher({ ...fast, allowLoopback: false, respectRobots: false }, { resolver });
    const url = `http://rebind.example:${main.port}/ok`;
    const err = await failure(closed.fetch(url));
    expect(err.code).toBe('url.blocked');
    expect(err.message).toMatch(/resolves to 127\.0\.0\.1 \(loopback/);
    expect(err.where).toBe(url);
    expect((await failure(closed.fetch(`http://meta.example:${main.port}/ok`))).code).toBe('url.blocked');
    expect(main.hits.get('/ok') ?? 0).toBe(before);
    closed.close();
    // Allowed loopback, blocked private: of the two addresses only the allowed one is used.
    const open = createFetcher({ ...fast, respectRobots: false }, { resolver });
    expect((await open.fetch(`http://mixed.example:${main.port}/ok`)).body.toString()).toBe('hello');
    expect((await open.fetch(url)).body.toString()).toBe('hello');
    open.close();
  });

  it('re-checks every redirect hop before connecting', async () => {
    const f = createFetcher({ ...fast, connectTimeoutMs: 5000, totalTimeoutMs: 5000 });
    main.routes.set(
      '/to-metadata',
      (_q, s) => void s.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end(),
    );
    main.routes.set('/to-private', (_q, s) => void s.writeHead(302, { location: 'http://10.0.0.1/' }).end());
    main.routes.set(
      '/to-ipv6-mapped',
      (_q, s) => void s.writeHead(302, { location: 'http://[::ffff:a9fe:a9fe]/' }).end(),
    );
    for (const path of ['/to-metadata', '/to-private', '/to-ipv6-mapped']) {
      const started = Date.now();
      const err = await failure(f.fetch(`${main.base}${path}`));
      expect(err.code, path).toBe('url.blocked');
      // A connection attempt to those addresses would hang until the connect timeout.
      expect(Date.now() - started, path).toBeLessThan(1000);
    }
    f.close();
  });
});

describe('robots.txt and politeness', () => {
  it('sends the configured User-Agent everywhere and honours robots.txt, on every hop', async () => {
    const f = createFetcher({ ...fast, userAgent: 'WatchfloorTest/2 (+https://example.org/bot)' });
    const before = main.log.length;
    main.routes.set('/private/x', (_q, s) => void s.end('secret'));
    main.routes.set('/not-for-watchfloor/x', (_q, s) => void s.end('secret'));
    main.routes.set('/to-private-path', (_q, s) => void s.writeHead(302, { location: '/private/x' }).end());
    const r = await f.fetch(`${main.base}/ok`);
    expect(r.body.toString()).toBe('hello');
    for (const path of ['/private/x', '/not-for-watchfloor/x', '/to-private-path']) {
      const err = await failure(f.fetch(`${main.base}${path}`));
      expect(err.code, path).toBe('robots.disallowed');
    }
    expect(main.hits.get('/private/x')).toBeUndefined();
    expect(main.hits.get('/not-for-watchfloor/x')).toBeUndefined();
    expect(await f.robotsSitemaps(main.base)).toEqual([`${main.base}/sitemap.xml`]);
    const mine = main.log.slice(before);
    expect(mine.map((e) => e.path)).toEqual(['/robots.txt', '/ok', '/to-private-path']);
    expect(new Set(mine.map((e) => e.ua))).toEqual(new Set(['WatchfloorTest/2 (+https://example.org/bot)']));
    f.close();
    // Another crawler's group is another crawler's business.
    const other = createFetcher({ ...fast, userAgent: 'OtherBot/1.0' });
    expect((await other.fetch(`${main.base}/not-for-watchfloor/x`)).body.toString()).toBe('secret');
    other.close();
    // Robots checks can be turned off for a request or for the fetcher.
    const f2 = createFetcher(fast);
    expect((await f2.fetch(`${main.base}/private/x`, { skipRobots: true })).body.toString()).toBe('secret');
    f2.close();
  });

  it('fetches robots.txt once per origin and reads only its first 500 KiB', async () => {
    const big = 'User-agent: *\nDisallow: /secret\n' + `# ${'x'.repeat(100)}\n`.repeat(7000);
    const site = await startServer({
      '/robots.txt': (_q, s) => void s.end(big),
      '/secret': (_q, s) => void s.end('no'),
      '/a': (_q, s) => void s.end('a'),
    });
    const f = createFetcher(fast);
    expect((await failure(f.fetch(`${site.base}/secret`))).code).toBe('robots.disallowed');
    await f.fetch(`${site.base}/a`);
    await f.fetch(`${site.base}/a`);
    expect(site.hits.get('/robots.txt')).toBe(1);
    expect(site.hits.get('/secret')).toBeUndefined();
    f.close();
    await site.close();
  });

  it('crawls a site without robots.txt, and waits while robots.txt fails', async () => {
    let robotsStatus = 503;
    const site = await startServer({
      '/page': (_q, s) => void s.end('page'),
    });
    const f = createFetcher({ ...fast, retries: 0 });
    expect((await f.fetch(`${site.base}/page`)).body.toString()).toBe('page');
    expect(site.hits.get('/robots.txt')).toBe(1);
    site.routes.set('/robots.txt', (_q, s) => void s.writeHead(robotsStatus).end());
    const other = createFetcher({ ...fast, retries: 1 });
    const err = await failure(other.fetch(`${site.base}/page`));
    expect(err.code).toBe('fetch.http_5xx');
    expect(err.kind).toBe('transient');
    expect(err.where).toBe(`${site.base}/page`);
    expect(err.message).toMatch(/robots\.txt/);
    expect(site.hits.get('/page')).toBe(1);
    // The outer retry re-reads robots.txt: failures are not cached.
    expect(site.hits.get('/robots.txt')).toBe(3);
    robotsStatus = 404;
    expect((await other.fetch(`${site.base}/page`)).body.toString()).toBe('page');
    f.close();
    other.close();
    await site.close();
  });

  it('honours Crawl-delay between requests to the host', async () => {
    const site = await startServer({
      '/robots.txt': (_q, s) => void s.end('User-agent: *\nCrawl-delay: 0.25\n'),
      '/p': (_q, s) => void s.end('p'),
    });
    const f = createFetcher({ ...fast, perHostConcurrency: 4 });
    await Promise.all([1, 2, 3].map(() => f.fetch(`${site.base}/p`)));
    const starts = site.log.filter((e) => e.path === '/p').map((e) => e.at);
    expect(starts).toHaveLength(3);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(225);
    f.close();
    await site.close();
  });

  it('limits requests in flight per host', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    main.routes.set('/slow', (_q, s) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        s.end('ok');
      }, 60);
    });
    const f = createFetcher({ ...fast, perHostConcurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => f.fetch(`${main.base}/slow`)));
    expect(maxInFlight).toBe(2);
    f.close();
  });

  it('spaces request starts on one host by the configured delay', async () => {
    const site = await startServer({ '/d': (_q, s) => void s.end('d') });
    const f = createFetcher({ ...fast, respectRobots: false, perHostConcurrency: 4, perHostDelayMs: 100 });
    await Promise.all([1, 2, 3, 4].map(() => f.fetch(`${site.base}/d`)));
    const starts = site.log.map((e) => e.at);
    // Arrival times carry the machine's scheduling jitter, one gap at a time; the span of four starts cannot
    // shrink below three delays by more than that jitter.
    expect(starts).toHaveLength(4);
    expect(starts[3]! - starts[0]!).toBeGreaterThanOrEqual(240);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(40);
    f.close();
    await site.close();
  });
});

describe('conditional GET', () => {
  it('makes a re-poll of an unchanged resource transfer nothing (ETag and Last-Modified)', async () => {
    const f = createFetcher(fast);
    const lm = 'Wed, 08 Jul 2020 10:00:00 GMT';
    const validators: string[] = [];
    main.routes.set('/etag', (q, s) => {
      validators.push(String(q.headers['if-none-match']));
      if (q.headers['if-none-match'] === '"v1"') {
        return void s.writeHead(304, { etag: '"v1"', 'content-encoding': 'gzip' }).end();
      }
      s.writeHead(200, { etag: '"v1"' }).end('feed body');
    });
    main.routes.set('/lm', (q, s) => {
      validators.push(String(q.headers['if-modified-since']));
      if (q.headers['if-modified-since'] === lm) return void s.writeHead(304).end();
      s.writeHead(200, { 'last-modified': lm }).end('feed body');
    });
    main.routes.set('/old-feed', (_q, s) => void s.writeHead(301, { location: '/etag' }).end());
    for (const path of ['/etag', '/lm', '/old-feed']) {
      const first = await f.fetch(`${main.base}${path}`);
      expect(first.notModified, path).toBe(false);
      expect(first.body.toString()).toBe('feed body');
      const second = await f.fetch(`${main.base}${path}`, {
        conditional: { etag: first.etag, lastModified: first.lastModified },
      });
      expect(second.notModified, path).toBe(true);
      expect(second.status).toBe(304);
      expect(second.bytes).toBe(0);
      expect(second.body.length).toBe(0);
    }
    expect(validators).toEqual(['undefined', '"v1"', 'undefined', lm, 'undefined', '"v1"']);
    f.close();
  });
});

describe('retries', () => {
  it('retries 5xx with backoff until success, never 404', async () => {
    const f = createFetcher(fast);
    let n = 0;
    main.routes.set('/flaky', (_q, s) => void (++n < 3 ? s.writeHead(503).end() : s.end('finally')));
    expect((await f.fetch(`${main.base}/flaky`)).body.toString()).toBe('finally');
    expect(n).toBe(3);
    const err404 = await failure(f.fetch(`${main.base}/nope`));
    expect(err404.code).toBe('fetch.http_4xx');
    expect(err404.where).toBe(`${main.base}/nope`);
    expect(main.hits.get('/nope')).toBe(1);
    main.routes.set('/down', (_q, s) => void s.writeHead(500).end('broken'));
    const err5xx = await failure(f.fetch(`${main.base}/down`));
    expect(err5xx.code).toBe('fetch.http_5xx');
    expect(err5xx.kind).toBe('transient');
    expect(main.hits.get('/down')).toBe(3);
    f.close();
  });

  it('waits as long as Retry-After asks, and gives a long wait back to the queue', async () => {
    const f = createFetcher(fast);
    const times: number[] = [];
    main.routes.set('/limited', (_q, s) => {
      times.push(Date.now());
      if (times.length < 2) return void s.writeHead(429, { 'retry-after': '1' }).end();
      s.end('ok');
    });
    expect((await f.fetch(`${main.base}/limited`)).body.toString()).toBe('ok');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    main.routes.set('/later', (_q, s) => void s.writeHead(503, { 'retry-after': '3600' }).end());
    const started = Date.now();
    const err = await failure(f.fetch(`${main.base}/later`));
    expect(err.code).toBe('fetch.http_5xx');
    expect(err.message).toMatch(/Retry-After 3600 s/);
    expect(main.hits.get('/later')).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
    main.routes.set('/always-limited', (_q, s) => void s.writeHead(429).end());
    expect((await failure(f.fetch(`${main.base}/always-limited`))).code).toBe('fetch.rate_limited');
    expect(main.hits.get('/always-limited')).toBe(3);
    f.close();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });

  it('retries a refused connection, then reports fetch.connect with the URL', async () => {
    const port = await closedPort();
    let lookups = 0;
    const resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // robots.txt is the first thing requested; its failure stops the page fetch and is retried with it.
    const f = createFetcher({ ...fast, retries: 2 }, { resolver });
    const url = `http://refused.example:${port}/page`;
    const err = await failure(f.fetch(url));
    expect(err.code).toBe('fetch.connect');
    expect(err.where).toBe(url);
    expect(lookups).toBe(3);
    f.close();
    const direct = createFetcher({ ...fast, respectRobots: false, retries: 1 });
    const err2 = await failure(direct.fetch(`http://127.0.0.1:${port}/`));
    expect(err2.code).toBe('fetch.connect');
    expect(err2.where).toBe(`http://127.0.0.1:${port}/`);
    direct.close();
  });
});

describe('timeouts', () => {
  const quick = { ...fast, retries: 0, totalTimeoutMs: 600, readTimeoutMs: 300, connectTimeoutMs: 300 };

  it('stops a trickling server at the total deadline', async () => {
    const f = createFetcher(quick);
    main.routes.set('/trickle', (_q, s) => {
      s.writeHead(200);
      const t = setInterval(() => s.write('.'), 50);
      s.on('close', () => clearInterval(t));
    });
    const started = Date.now();
    const err = await failure(f.fetch(`${main.base}/trickle`));
    const took = Date.now() - started;
    expect(err.code).toBe('fetch.timeout');
    expect(err.message).toMatch(/within 600 ms/);
    expect(took).toBeGreaterThanOrEqual(550);
    expect(took).toBeLessThan(1200);
    f.close();
  });

  it('stops a server that never answers, or goes silent mid-body', async () => {
    const f = createFetcher(quick);
    main.routes.set('/silent', () => undefined);
    main.routes.set('/stall', (_q, s) => void s.writeHead(200).write('partial'));
    for (const path of ['/silent', '/stall']) {
      const started = Date.now();
      const err = await failure(f.fetch(`${main.base}${path}`));
      expect(err.code, path).toBe('fetch.timeout');
      expect(err.message, path).toMatch(/silent for 300 ms/);
      expect(Date.now() - started).toBeLessThan(1500);
    }
    f.close();
  });

  it('bounds connection set-up, name resolution included', async () => {
    const f = createFetcher(
      { ...quick, respectRobots: false },
      { resolver: () => new Promise(() => undefined) },
    );
    const err = await failure(f.fetch('http://blackhole.example/'));
    expect(err.code).toBe('fetch.timeout');
    expect(err.message).toMatch(/could not connect within 300 ms/);
    f.close();
  });

  it('lets the caller abort, without retrying', async () => {
    const f = createFetcher({ ...fast, retries: 3 });
    main.routes.set('/hang', () => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await failure(f.fetch(`${main.base}/hang`, { signal: controller.signal }));
    expect(err.message).toMatch(/aborted/);
    expect(Date.now() - started).toBeLessThan(500);
    expect(main.hits.get('/hang')).toBe(1);
    f.close();
  });
});

describe('bodies', () => {
  it('caps the body while streaming, with bounded memory', async () => {
    // A generous total timeout: on a loaded CI machine the cap, not the clock, must be what stops each body.
    const f = createFetcher({ ...fast, retries: 0, maxBytes: 1024 * 1024, totalTimeoutMs: 120_000 });
    let sent = 0;
    // Compressed once, before any request, so the server's own work is not inside the fetch's time.
    const bomb = gzipSync(Buffer.alloc(50 * 2 ** 20));
    main.routes.set('/huge', (_q, s) => {
      s.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (sent < 100 * 2 ** 20) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
        s.end();
      };
      pump();
    });
    main.routes.set(
      '/declared',
      (_q, s) => void s.writeHead(200, { 'content-length': String(200 * 2 ** 20) }).end(),
    );
    main.routes.set('/bomb', (_q, s) => void s.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    const rss = process.memoryUsage().rss;
    for (const path of ['/huge', '/declared', '/bomb']) {
      const err = await failure(f.fetch(`${main.base}${path}`));
      expect(err.code, path).toBe('fetch.too_large');
      expect(err.where).toBe(`${main.base}${path}`);
    }
    // The server got nowhere near sending the 100 MB before the socket was closed.
    expect(sent).toBeLessThan(30 * 2 ** 20);
    expect(process.memoryUsage().rss - rss).toBeLessThan(60 * 2 ** 20);
    f.close();
  }, 120_000);

  it('never reads past a Content-Length, nor past the cap when the length is missing', async () => {
    let streamed = 0;
    const lying = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n');
      socket.end(Buffer.alloc(5 * 2 ** 20, 'y'));
    });
    const endless = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 'z');
      const pump = () => {
        while (!socket.destroyed && streamed < 100 * 2 ** 20) {
          streamed += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
    const f = createFetcher({ ...fast, respectRobots: false, retries: 0, maxBytes: 1024 * 1024 });
    const r = await f.fetch(`${lying.base}/`);
    expect(r.body.length).toBe(1000);
    expect(r.bytes).toBe(1000);
    expect((await failure(f.fetch(`${endless.base}/`))).code).toBe('fetch.too_large');
    expect(streamed).toBeLessThan(30 * 2 ** 20);
    f.close();
    await lying.close();
    await endless.close();
  });

  it('decodes gzip, deflate (zlib or raw) and brotli', async () => {
    const f = createFetcher(fast);
    const text = 'compressed hello '.repeat(50);
    const encodings: Record<string, Buffer> = {
      gzip: gzipSync(text),
      deflate: deflateSync(text),
      'deflate-raw': deflateRawSync(text),
      br: brotliCompressSync(text),
    };
    for (const [name, body] of Object.entries(encodings)) {
      main.routes.set(`/enc/${name}`, (q, s) => {
        expect(q.headers['accept-encoding']).toMatch(/gzip/);
        s.writeHead(200, { 'content-encoding': name.replace('-raw', '') }).end(body);
      });
      const r = await f.fetch(`${main.base}/enc/${name}`);
      expect(r.body.toString(), name).toBe(text);
      expect(r.bytes).toBe(Buffer.byteLength(text));
    }
    main.routes.set('/enc/gzip-twice', (_q, s) => {
      s.writeHead(200, { 'content-encoding': 'gzip, gzip' }).end(gzipSync(gzipSync(text)));
    });
    expect((await f.fetch(`${main.base}/enc/gzip-twice`)).body.toString()).toBe(text);
    // Labelled but empty, as servers answer HEAD-like or 304-like requests: empty, not corrupt.
    main.routes.set('/enc/empty', (_q, s) => void s.writeHead(200, { 'content-encoding': 'gzip' }).end());
    expect((await f.fetch(`${main.base}/enc/empty`)).bytes).toBe(0);
    main.routes.set('/enc/corrupt', (_q, s) => {
      s.writeHead(200, { 'content-encoding': 'gzip' }).end('definitely not gzip');
    });
    expect((await failure(f.fetch(`${main.base}/enc/corrupt`))).message).toMatch(/could not be decoded/);
    main.routes.set('/enc/zstd', (_q, s) => void s.writeHead(200, { 'content-encoding': 'zstd' }).end('??'));
    expect((await failure(f.fetch(`${main.base}/enc/zstd`))).code).toBe('content.unsupported');
    f.close();
  });

  it('returns an empty 200 as a result: emptiness is for the caller to judge', async () => {
    const f = createFetcher(fast);
    main.routes.set('/empty', (_q, s) => void s.writeHead(200, { 'content-type': 'text/html' }).end());
    const r = await f.fetch(`${main.base}/empty`);
    expect(r).toMatchObject({ status: 200, notModified: false, bytes: 0, contentType: 'text/html' });
    f.close();
  });
});

describe('redirects and URLs', () => {
  it('follows redirects and stops loops, long chains and non-http targets', async () => {
    const f = createFetcher({ ...fast, maxRedirects: 3 });
    main.routes.set('/gz', (_q, s) => void s.end('final'));
    main.routes.set('/moved', (_q, s) => void s.writeHead(301, { location: '/gz#frag' }).end());
    main.routes.set('/loop1', (_q, s) => void s.writeHead(302, { location: '/loop2' }).end());
    main.routes.set('/loop2', (_q, s) => void s.writeHead(302, { location: '/loop1' }).end());
    for (let i = 0; i < 5; i++) {
      main.routes.set(`/chain${i}`, (_q, s) => void s.writeHead(307, { location: `/chain${i + 1}` }).end());
    }
    main.routes.set('/chain5', (_q, s) => void s.end('end of chain'));
    main.routes.set('/to-ftp', (_q, s) => void s.writeHead(302, { location: 'ftp://example.org/' }).end());
    main.routes.set('/to-nowhere', (_q, s) => void s.writeHead(302).end());
    const r = await f.fetch(`${main.base}/moved`);
    expect(r.body.toString()).toBe('final');
    expect(r.requestedUrl).toBe(`${main.base}/moved`);
    expect(r.finalUrl).toBe(`${main.base}/gz`);
    expect((await f.fetch(`${main.base}/chain2`)).body.toString()).toBe('end of chain');
    const loop = await failure(f.fetch(`${main.base}/loop1`));
    expect(loop.code).toBe('fetch.redirects');
    expect(loop.where).toBe(`${main.base}/loop1`);
    expect(main.hits.get('/loop1')).toBe(1);
    expect(main.hits.get('/chain4')).toBe(1);
    expect((await failure(f.fetch(`${main.base}/chain0`))).code).toBe('fetch.redirects');
    expect(main.hits.get('/chain3')).toBe(2);
    expect(main.hits.get('/chain4')).toBe(1);
    expect((await failure(f.fetch(`${main.base}/to-ftp`))).code).toBe('url.invalid');
    expect((await failure(f.fetch(`${main.base}/to-nowhere`))).code).toBe('fetch.redirects');
    f.close();
  });

  it('reports invalid and unsupported URLs without retrying', async () => {
    const f = createFetcher(fast);
    for (const url of ['not a url', 'file:///etc/passwd', 'ftp://example.org/', 'javascript:alert(1)', '']) {
      const err = await failure(f.fetch(url));
      expect(err.code, url).toBe('url.invalid');
      expect(err.where).toBe(url);
    }
    expect((await failure(f.robotsSitemaps('nope'))).code).toBe('url.invalid');
    f.close();
  });
});
