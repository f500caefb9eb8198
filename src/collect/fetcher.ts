import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { CollectError, isCollectError } from './errors.js';
import { RobotsCache } from './robots.js';
import { checkHost, guardedLookup, type AddressPolicy, type Resolver } from './ssrf.js';
import type { ConditionalHeaders, FetchResult } from './types.js';

export interface FetcherOptions {
  userAgent: string;
  allowLoopback: boolean;
  allowPrivate: boolean;
  respectRobots: boolean;
  perHostConcurrency: number;
  perHostDelayMs: number;
  connectTimeoutMs: number;
  /** Longest silence between two bytes. */
  readTimeoutMs: number;
  /** Whole request, body included: a server that trickles bytes still ends here. */
  totalTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  retries: number;
  retryBaseMs: number;
}

export const DEFAULT_FETCHER_OPTIONS: FetcherOptions = {
  userAgent: 'Watchfloor/0.1 (+https://github.com/watchfloor/watchfloor)',
  allowLoopback: false,
  allowPrivate: false,
  respectRobots: true,
  perHostConcurrency: 2,
  perHostDelayMs: 1000,
  connectTimeoutMs: 10_000,
  readTimeoutMs: 20_000,
  totalTimeoutMs: 60_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  retries: 3,
  retryBaseMs: 500,
};

export interface FetchInit {
  conditional?: ConditionalHeaders;
  accept?: string;
  skipRobots?: boolean;
  signal?: AbortSignal;
}

export interface Fetcher {
  fetch(url: string, init?: FetchInit): Promise<FetchResult>;
  robotsSitemaps(origin: string): Promise<string[]>;
  close(): void;
}

interface Hop {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  location: string | null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Per-host politeness: at most N requests in flight and a minimum gap between request starts. */
class HostGate {
  private readonly hosts = new Map<
    string,
    { active: number; nextStart: number; waiters: Array<() => void> }
  >();

  async acquire(host: string, concurrency: number, delayMs: number): Promise<() => void> {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, nextStart: 0, waiters: [] };
      this.hosts.set(host, s);
    }
    const state = s;
    while (state.active >= concurrency) await new Promise<void>((r) => state.waiters.push(r));
    state.active++;
    const start = Math.max(Date.now(), state.nextStart);
    state.nextStart = start + delayMs;
    if (start > Date.now()) await sleep(start - Date.now());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active--;
      state.waiters.shift()?.();
    };
  }
}

function headerMap(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function networkError(err: NodeJS.ErrnoException, where: string): CollectError {
  if (isCollectError(err)) return err;
  const code = err.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') {
    return new CollectError('fetch.dns', where, `cannot resolve the host (${code})`, { cause: err });
  }
  return new CollectError('fetch.connect', where, `connection failed: ${code || err.message}`, {
    cause: err,
  });
}

function retryAfterMs(value: string | undefined): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return secs * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(at - Date.now(), 0) : null;
}

/** `resolver` replaces the system DNS resolver (tests use it to point names at chosen addresses). */
export function createFetcher(
  overrides: Partial<FetcherOptions> = {},
  deps: { resolver?: Resolver } = {},
): Fetcher {
  const o: FetcherOptions = { ...DEFAULT_FETCHER_OPTIONS, ...overrides };
  const policy: AddressPolicy = { allowLoopback: o.allowLoopback, allowPrivate: o.allowPrivate };
  const lookup = guardedLookup(policy, deps.resolver);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  };
  const gate = new HostGate();

  /** One request, no redirects followed, body read under the caps. */
  function hop(
    url: URL,
    headers: Record<string, string>,
    maxBytes: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<Hop> {
    return new Promise<Hop>((resolve, reject) => {
      const where = url.href;
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (err: CollectError | null, value?: Hop) => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(value!);
      };
      const onAbort = () => finish(new CollectError('fetch.timeout', where, 'aborted'));
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(url, {
        method: 'GET',
        headers,
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup: lookup as never,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(
        setTimeout(
          () =>
            finish(
              new CollectError('fetch.timeout', where, `no complete answer within ${o.totalTimeoutMs} ms`),
            ),
          Math.max(deadline - Date.now(), 1),
        ),
      );
      req.on('socket', (socket) => {
        if (socket.connecting) {
          const t = setTimeout(
            () =>
              finish(
                new CollectError('fetch.timeout', where, `could not connect within ${o.connectTimeoutMs} ms`),
              ),
            o.connectTimeoutMs,
          );
          timers.push(t);
          socket.once('connect', () => clearTimeout(t));
        }
      });
      req.setTimeout(o.readTimeoutMs, () =>
        finish(new CollectError('fetch.timeout', where, `the server was silent for ${o.readTimeoutMs} ms`)),
      );
      req.on('error', (err: NodeJS.ErrnoException) => finish(networkError(err, where)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const h = headerMap(res.headers);
        if (status >= 300 && status < 400 && status !== 304) {
          res.resume();
          return finish(null, { status, headers: h, body: Buffer.alloc(0), location: h.location ?? null });
        }
        const declared = Number(h['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes && status < 300) {
          finish(
            new CollectError(
              'fetch.too_large',
              where,
              `Content-Length ${declared} exceeds the cap of ${maxBytes} bytes`,
            ),
          );
          res.destroy();
          return;
        }
        const enc = (h['content-encoding'] ?? '').trim().toLowerCase();
        let stream: Readable = res;
        if (enc === 'gzip' || enc === 'x-gzip') stream = res.pipe(createGunzip());
        else if (enc === 'deflate') stream = res.pipe(createInflate());
        else if (enc === 'br') stream = res.pipe(createBrotliDecompress());
        const chunks: Buffer[] = [];
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          // Counted after decompression, so a small gzip bomb cannot expand past the cap either.
          if (bytes > maxBytes) {
            // Settle first: destroying the response emits 'aborted', which must not replace this reason.
            finish(new CollectError('fetch.too_large', where, `body exceeds the cap of ${maxBytes} bytes`));
            res.destroy();
            stream.destroy();
            return;
          }
          chunks.push(chunk);
        });
        stream.on('error', (err: NodeJS.ErrnoException) =>
          finish(new CollectError('fetch.connect', where, `the body could not be read: ${err.message}`)),
        );
        res.on('aborted', () =>
          finish(new CollectError('fetch.connect', where, 'the server closed the connection mid-body')),
        );
        stream.on('end', () =>
          finish(null, { status, headers: h, body: Buffer.concat(chunks, bytes), location: null }),
        );
      });
      req.end();
    });
  }

  /** Follows redirects, re-checking every hop against the SSRF policy and robots.txt. */
  async function follow(start: string, init: FetchInit, maxBytes: number): Promise<FetchResult> {
    const began = Date.now();
    const deadline = began + o.totalTimeoutMs;
    const seen = new Set<string>();
    let current = start;
    for (let redirects = 0; ; redirects++) {
      let url: URL;
      try {
        url = new URL(current);
      } catch {
        throw new CollectError('url.invalid', current, 'not a valid URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CollectError('url.invalid', current, `unsupported scheme ${url.protocol}`);
      }
      url.hash = '';
      if (seen.has(url.href))
        throw new CollectError('fetch.redirects', start, `redirect loop at ${url.href}`);
      seen.add(url.href);
      checkHost(url.hostname, policy, url.href);
      let delay = o.perHostDelayMs;
      if (o.respectRobots && !init.skipRobots)
        delay = Math.max(delay, (await robots.check(url.href)).crawlDelayMs);
      const headers: Record<string, string> = {
        'user-agent': o.userAgent,
        accept: init.accept ?? '*/*',
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'en, ar;q=0.9, *;q=0.5',
      };
      if (redirects === 0 && init.conditional?.etag) headers['if-none-match'] = init.conditional.etag;
      if (redirects === 0 && init.conditional?.lastModified)
        headers['if-modified-since'] = init.conditional.lastModified;
      const release = await gate.acquire(url.host, o.perHostConcurrency, delay);
      let res: Hop;
      try {
        res = await hop(url, headers, maxBytes, deadline, init.signal);
      } finally {
        release();
      }
      if (res.location !== null) {
        if (redirects >= o.maxRedirects)
          throw new CollectError('fetch.redirects', start, `more than ${o.maxRedirects} redirects`);
        current = new URL(res.location, url).href;
        continue;
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        throw new CollectError('fetch.redirects', url.href, `HTTP ${res.status} without a Location header`);
      }
      const result: FetchResult = {
        requestedUrl: start,
        finalUrl: url.href,
        status: res.status,
        notModified: res.status === 304,
        headers: res.headers,
        contentType: res.headers['content-type'] ?? null,
        etag: res.headers.etag ?? null,
        lastModified: res.headers['last-modified'] ?? null,
        body: res.status === 304 ? Buffer.alloc(0) : res.body,
        bytes: res.body.length,
        elapsedMs: Date.now() - began,
      };
      return result;
    }
  }

  function statusError(r: FetchResult): CollectError | null {
    if (r.status === 429)
      return new CollectError('fetch.rate_limited', r.finalUrl, 'HTTP 429 Too Many Requests');
    if (r.status >= 500) return new CollectError('fetch.http_5xx', r.finalUrl, `HTTP ${r.status}`);
    if (r.status >= 400) return new CollectError('fetch.http_4xx', r.finalUrl, `HTTP ${r.status}`);
    return null;
  }

  async function fetchWithRetries(url: string, init: FetchInit, maxBytes: number, acceptStatus: boolean) {
    for (let attempt = 0; ; attempt++) {
      let wait: number | null = null;
      try {
        const r = await follow(url, init, maxBytes);
        const err = acceptStatus ? null : statusError(r);
        if (!err) return r;
        if (err.kind === 'permanent' || attempt >= o.retries) throw err;
        wait = retryAfterMs(r.headers['retry-after']);
      } catch (err) {
        if (!isCollectError(err) || err.kind === 'permanent' || attempt >= o.retries || init.signal?.aborted)
          throw err;
      }
      const backoff = o.retryBaseMs * 2 ** attempt * (0.5 + Math.random());
      await sleep(Math.min(wait ?? backoff, 60_000));
    }
  }

  const robots = new RobotsCache(o.userAgent, async (url) => {
    const r = await fetchWithRetries(url, { skipRobots: true, accept: 'text/plain' }, 512 * 1024, true);
    return { status: r.status, body: r.body.toString('utf8') };
  });

  return {
    async fetch(url, init = {}) {
      return fetchWithRetries(url, init, o.maxBytes, false);
    },
    robotsSitemaps: (origin) => robots.sitemaps(origin),
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
