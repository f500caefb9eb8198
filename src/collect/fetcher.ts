import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { CollectError, isCollectError } from './errors.js';
import { RobotsCache } from './robots.js';
import { checkHost, guardedLookup, type AddressPolicy, type Resolver } from './ssrf.js';
import type { ConditionalHeaders, FetchResult } from './types.js';

// Built on node:http rather than global fetch: the SSRF check has to sit in the socket's own DNS lookup,
// and the size cap and timeouts have to act on the stream while it is read.

export interface FetcherOptions {
  userAgent: string;
  /** SSRF guard: 127/8, ::1 and `localhost`. Off by default. */
  allowLoopback: boolean;
  /** SSRF guard: RFC 1918, unique-local fc00::/7 and CGNAT 100.64/10. Off by default. */
  allowPrivate: boolean;
  respectRobots: boolean;
  perHostConcurrency: number;
  /** Minimum gap between two request starts on one host; robots.txt Crawl-delay can raise it. */
  perHostDelayMs: number;
  /** TCP (and TLS) connection set-up, DNS included. */
  connectTimeoutMs: number;
  /** Longest silence between two bytes. */
  readTimeoutMs: number;
  /** One attempt, redirects and body included: a server that trickles bytes still ends here. */
  totalTimeoutMs: number;
  /** Body cap after content decoding, enforced while streaming. */
  maxBytes: number;
  maxRedirects: number;
  /** Extra attempts after a transient failure (5xx, 429, timeout, connection or DNS error). */
  retries: number;
  retryBaseMs: number;
}

export const DEFAULT_FETCHER_OPTIONS: Readonly<FetcherOptions> = Object.freeze({
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
});

export interface FetchInit {
  conditional?: ConditionalHeaders;
  accept?: string;
  skipRobots?: boolean;
  /** Aborting rejects with a transient 'fetch.timeout' ("aborted by the caller") and stops retrying. */
  signal?: AbortSignal;
}

export interface Fetcher {
  /**
   * GET with redirects, retries and politeness. Resolves for 2xx and 304 (`notModified`); 4xx, 5xx and
   * 429 reject with fetch.http_4xx / fetch.http_5xx / fetch.rate_limited. An empty 200 body is a result.
   */
  fetch(url: string, init?: FetchInit): Promise<FetchResult>;
  /** The `Sitemap:` URLs of the site's robots.txt (absolute); `origin` may be any URL on the site. */
  robotsSitemaps(origin: string): Promise<string[]>;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

export interface FetcherDeps {
  /** Replaces the system DNS resolver; the SSRF check still applies to what it returns. */
  resolver?: Resolver;
}

/** Retry-After longer than this is not waited out in-line: the error goes back to the job queue. */
export const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;
/** RFC 9309 lets a crawler stop reading robots.txt after 500 KiB. */
const ROBOTS_MAX_BYTES = 500 * 1024;
/** Redirect and error bodies are read (to keep the connection reusable) only up to this. */
const DISCARD_MAX_BYTES = 64 * 1024;
/** Below the 5 s keep-alive timeout common on servers, so we rarely reuse a socket the server is closing. */
const IDLE_SOCKET_MS = 4_000;
const ACCEPT_ENCODING = 'gzip, deflate, br';

interface HopResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  location: string | null;
}

interface BodyLimits {
  maxBytes: number;
  /** Keep the first maxBytes instead of failing (robots.txt). */
  truncate: boolean;
}

function abortError(where: string, signal: AbortSignal): CollectError {
  return new CollectError('fetch.timeout', where, 'aborted by the caller', { cause: signal.reason });
}

function sleep(ms: number, where: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(where, signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(where, signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortable<T>(p: Promise<T>, where: string, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError(where, signal));
  return new Promise<T>((resolve, reject) => {
    // Removed on settle: callers may pass one long-lived signal to thousands of fetches.
    const onAbort = () => reject(abortError(where, signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

interface HostState {
  active: number;
  nextStart: number;
  queue: Array<() => void>;
}

/**
 * Per-host politeness: at most N requests in flight and a minimum gap between request starts. A freed
 * slot is handed straight to the longest waiter, so a newcomer cannot overtake the queue.
 */
class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(private readonly concurrency: number) {}

  async acquire(host: string, delayMs: number, where: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw abortError(where, signal);
    if (this.hosts.size > 1000) this.prune();
    let state = this.hosts.get(host);
    if (!state) {
      state = { active: 0, nextStart: 0, queue: [] };
      this.hosts.set(host, state);
    }
    const s = state;
    if (s.active < this.concurrency && s.queue.length === 0) s.active++;
    else {
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = s.queue.indexOf(grant);
          if (i >= 0) s.queue.splice(i, 1);
          reject(abortError(where, signal!));
        };
        s.queue.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = s.queue.shift();
      if (next) next();
      else s.active--;
    };
    const start = Math.max(Date.now(), s.nextStart);
    s.nextStart = start + delayMs;
    try {
      if (start > Date.now()) await sleep(start - Date.now(), where, signal);
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }

  private prune(): void {
    const now = Date.now();
    for (const [host, s] of this.hosts) {
      if (s.active === 0 && s.queue.length === 0 && s.nextStart <= now) this.hosts.delete(host);
    }
  }
}

/** Collects a body up to a cap without holding more than the cap (no final copy when the size is known). */
class BodySink {
  private chunks: Buffer[] = [];
  private fixed: Buffer | null;
  size = 0;

  constructor(
    private readonly max: number,
    expected: number | null,
  ) {
    this.fixed = expected !== null && expected > 0 ? Buffer.allocUnsafe(expected) : null;
  }

  /** False when the chunk would pass the cap; the part that fits is kept. */
  push(chunk: Buffer): boolean {
    const room = this.max - this.size;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (this.fixed && this.size + part.length <= this.fixed.length) {
      part.copy(this.fixed, this.size);
    } else {
      if (this.fixed) {
        this.chunks.push(this.fixed.subarray(0, this.size));
        this.fixed = null;
      }
      if (part.length > 0) this.chunks.push(part);
    }
    this.size += part.length;
    return part.length === chunk.length;
  }

  take(): Buffer {
    if (this.fixed) return this.fixed.subarray(0, this.size);
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
  }
}

/** Deflate as servers send it: zlib-wrapped (RFC 9110) or, from some old servers, raw. */
function inflateEither(): Transform {
  let inner: Transform | null = null;
  let head = Buffer.alloc(0);
  const out: Transform = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!inner) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 2) return cb();
        const zlibHeader = (head[0]! & 0x0f) === 8 && ((head[0]! << 8) | head[1]!) % 31 === 0;
        const z: Transform = zlibHeader ? createInflate() : createInflateRaw();
        z.on('data', (d: Buffer) => out.push(d));
        z.on('error', (e) => out.destroy(e));
        inner = z;
        chunk = head;
      }
      inner.write(chunk, () => cb());
    },
    flush(cb) {
      if (!inner) return cb(head.length ? new Error('truncated deflate stream') : null);
      inner.once('end', () => cb());
      inner.end();
    },
    destroy(err, cb) {
      inner?.destroy();
      cb(err);
    },
  });
  return out;
}

/** The decoding stages for a Content-Encoding list (applied in reverse order), or null if one is unknown. */
function decoders(contentEncoding: string | undefined): Transform[] | null {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
    .reverse();
  // Stacked codings are legal but unseen in practice; each layer multiplies a decompression bomb.
  if (codings.length > 2) return null;
  const stages: Transform[] = [];
  for (const c of codings) {
    if (c === 'gzip' || c === 'x-gzip') stages.push(createGunzip());
    else if (c === 'deflate') stages.push(inflateEither());
    else if (c === 'br') stages.push(createBrotliDecompress());
    else return null;
  }
  return stages;
}

function headerMap(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function networkError(err: NodeJS.ErrnoException & { errors?: unknown[] }, where: string): CollectError {
  if (isCollectError(err)) {
    // The guarded lookup only knows the host name; callers want the URL.
    return err.where === where ? err : new CollectError(err.code, where, err.message, { cause: err });
  }
  // With happy eyeballs, a failure on every address arrives as an AggregateError of the attempts.
  const first = err.errors?.[0] as NodeJS.ErrnoException | undefined;
  const code = err.code ?? first?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'ENODATA') {
    return new CollectError('fetch.dns', where, `cannot resolve the host (${code})`, { cause: err });
  }
  if (code === 'ETIMEDOUT') {
    return new CollectError('fetch.timeout', where, 'the connection attempt timed out', { cause: err });
  }
  return new CollectError('fetch.connect', where, `connection failed: ${code || err.message}`, {
    cause: err,
  });
}

/** Retry-After in ms (delta-seconds or HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(at - now, 0) : null;
}

function statusError(r: FetchResult): CollectError | null {
  if (r.status === 429)
    return new CollectError('fetch.rate_limited', r.finalUrl, 'HTTP 429 Too Many Requests');
  if (r.status >= 500) return new CollectError('fetch.http_5xx', r.finalUrl, `HTTP ${r.status}`);
  if (r.status >= 400) return new CollectError('fetch.http_4xx', r.finalUrl, `HTTP ${r.status}`);
  return null;
}

function parseHttpUrl(raw: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CollectError('url.invalid', where, `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CollectError('url.invalid', where, `unsupported scheme ${url.protocol} in ${url.href}`);
  }
  if (url.hostname === '') throw new CollectError('url.invalid', where, `no host in ${raw}`);
  url.hash = '';
  return url;
}

/** `deps.resolver` replaces the system DNS resolver (tests use it to point names at chosen addresses). */
export function createFetcher(overrides: Partial<FetcherOptions> = {}, deps: FetcherDeps = {}): Fetcher {
  const o: FetcherOptions = { ...DEFAULT_FETCHER_OPTIONS, ...overrides };
  const policy: AddressPolicy = { allowLoopback: o.allowLoopback, allowPrivate: o.allowPrivate };
  const lookup = guardedLookup(policy, deps.resolver);
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_SOCKET_MS }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: IDLE_SOCKET_MS }),
  };
  const gate = new HostGate(Math.max(1, o.perHostConcurrency));

  /** One request, no redirect followed, the body read under the caps before `deadline`. */
  function hop(
    url: URL,
    headers: Record<string, string>,
    limits: BodyLimits,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<HopResult> {
    return new Promise<HopResult>((resolve, reject) => {
      const where = url.href;
      if (signal?.aborted) return reject(abortError(where, signal));
      const timers: NodeJS.Timeout[] = [];
      let settled = false;
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'GET',
        headers,
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup,
      });
      const timeout = (detail: string) => new CollectError('fetch.timeout', where, detail);
      function onAbort() {
        finish(abortError(where, signal!));
      }
      function finish(err: CollectError | null, value?: HopResult) {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(value!);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(
        setTimeout(
          () => finish(timeout(`no complete answer within ${o.totalTimeoutMs} ms`)),
          Math.max(deadline - Date.now(), 0),
        ),
      );
      req.on('socket', (socket: Socket) => {
        // A pooled keep-alive socket is already connected.
        if (!socket.connecting) return;
        const t = setTimeout(
          () => finish(timeout(`could not connect within ${o.connectTimeoutMs} ms`)),
          o.connectTimeoutMs,
        );
        timers.push(t);
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(t));
      });
      req.setTimeout(o.readTimeoutMs, () =>
        finish(timeout(`the server was silent for ${o.readTimeoutMs} ms`)),
      );
      let response: http.IncomingMessage | null = null;
      req.on('error', (err: NodeJS.ErrnoException) => {
        // Junk after a complete response (more bytes than Content-Length said) breaks the connection,
        // not the response: the body as declared is read to its end.
        if (response?.complete) return;
        finish(networkError(err, where));
      });
      req.on('response', (res) => {
        response = res;
        const status = res.statusCode ?? 0;
        const h = headerMap(res.headers);
        const done = (body: Buffer, location: string | null = null) =>
          finish(null, { status, headers: h, body, location });
        const isRedirect = status >= 300 && status < 400 && status !== 304;
        if (isRedirect || status >= 400 || status === 304 || status === 204) {
          // Only the status matters (304 and 204 have no body, whatever Content-Encoding they repeat).
          // Drain a small body so the socket can be reused; drop a large one.
          let seen = 0;
          const location = isRedirect ? (h.location ?? null) : null;
          res.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > DISCARD_MAX_BYTES) {
              done(Buffer.alloc(0), location);
              req.destroy();
            }
          });
          res.on('end', () => done(Buffer.alloc(0), location));
          res.on('close', () => done(Buffer.alloc(0), location));
          return;
        }
        const declared = /^\d+$/.test(h['content-length'] ?? '') ? Number(h['content-length']) : null;
        if (declared !== null && declared > limits.maxBytes && !limits.truncate) {
          return finish(
            new CollectError(
              'fetch.too_large',
              where,
              `Content-Length ${declared} exceeds the cap of ${limits.maxBytes} bytes`,
            ),
          );
        }
        const stages = decoders(h['content-encoding']);
        if (!stages) {
          return finish(
            new CollectError(
              'content.unsupported',
              where,
              `unsupported Content-Encoding "${h['content-encoding']}"`,
            ),
          );
        }
        let raw = 0;
        if (stages.length > 0) res.on('data', (chunk: Buffer) => (raw += chunk.length));
        let stream: Readable = res;
        for (const stage of stages) stream = stream.pipe(stage);
        const stop = () => {
          for (const stage of stages) stage.destroy();
          req.destroy();
        };
        // Preallocate only for an identity body: a declared size says nothing about the decoded size.
        const sink = new BodySink(
          limits.maxBytes,
          stages.length === 0 && declared !== null ? Math.min(declared, limits.maxBytes) : null,
        );
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          // Counted after decoding, so a small compressed bomb cannot expand past the cap either.
          if (sink.push(chunk)) return;
          if (limits.truncate) done(sink.take());
          else {
            finish(
              new CollectError('fetch.too_large', where, `body exceeds the cap of ${limits.maxBytes} bytes`),
            );
          }
          stop();
        });
        stream.on('end', () => done(sink.take()));
        for (const stage of stages) {
          stage.on('error', (err: NodeJS.ErrnoException) => {
            // An empty body labelled gzip is empty, not corrupt: decoders reject zero bytes of input.
            if (raw === 0 && res.complete) return done(Buffer.alloc(0));
            // Only a body cut short by the connection is worth another attempt; bytes that do not decode
            // (stacked or mislabelled codings, corrupt data) will not decode next time either.
            const cutShort = err.code === 'Z_BUF_ERROR' && !res.complete;
            finish(
              cutShort
                ? new CollectError('fetch.connect', where, `the body was cut short: ${err.message}`)
                : new CollectError(
                    'content.undecodable',
                    where,
                    `the body could not be decoded: ${err.message}`,
                  ),
            );
          });
        }
        res.on('close', () => {
          if (!res.complete) {
            finish(new CollectError('fetch.connect', where, 'the server closed the connection mid-body'));
            stop();
          }
        });
      });
      req.end();
    });
  }

  async function crawlDelayFor(url: URL, signal?: AbortSignal): Promise<number> {
    try {
      return (await abortable(robots.check(url.href), url.href, signal)).crawlDelayMs;
    } catch (err) {
      if (!isCollectError(err) || err.where === url.href) throw err;
      throw new CollectError(err.code, url.href, `robots.txt could not be read: ${err.message}`, {
        cause: err,
      });
    }
  }

  /** One attempt: follows redirects, re-checking every hop against the SSRF policy and robots.txt. */
  async function follow(start: URL, init: FetchInit, limits: BodyLimits): Promise<FetchResult> {
    const began = Date.now();
    // Time spent queueing for a busy host is politeness, not the server's slowness: only network time
    // counts against the total deadline.
    let budget = o.totalTimeoutMs;
    const seen = new Set<string>();
    let url = start;
    for (let redirects = 0; ; redirects++) {
      const where = url.href;
      if (seen.has(where)) {
        throw new CollectError('fetch.redirects', start.href, `redirect loop back to ${where}`);
      }
      seen.add(where);
      checkHost(url.hostname, policy, where);
      let delay = o.perHostDelayMs;
      if (o.respectRobots && !init.skipRobots) delay = Math.max(delay, await crawlDelayFor(url, init.signal));
      const headers: Record<string, string> = {
        'user-agent': o.userAgent,
        accept: init.accept ?? '*/*',
        'accept-encoding': ACCEPT_ENCODING,
        'accept-language': 'en, ar;q=0.9, *;q=0.5',
      };
      // Sent on every hop: validators belong to the final resource, often behind an http→https redirect.
      if (init.conditional?.etag) headers['if-none-match'] = init.conditional.etag;
      if (init.conditional?.lastModified) headers['if-modified-since'] = init.conditional.lastModified;
      if (budget <= 0) {
        throw new CollectError('fetch.timeout', where, `no complete answer within ${o.totalTimeoutMs} ms`);
      }
      const release = await gate.acquire(url.hostname, delay, where, init.signal);
      const hopStart = Date.now();
      let res: HopResult;
      try {
        res = await hop(url, headers, limits, hopStart + budget, init.signal);
      } finally {
        release();
        budget -= Date.now() - hopStart;
      }
      const isRedirect = res.status >= 300 && res.status < 400 && res.status !== 304;
      if (!isRedirect) {
        return {
          requestedUrl: start.href,
          finalUrl: where,
          status: res.status,
          notModified: res.status === 304,
          headers: res.headers,
          contentType: res.headers['content-type'] ?? null,
          etag: res.headers.etag ?? null,
          lastModified: res.headers['last-modified'] ?? null,
          body: res.body,
          bytes: res.body.length,
          elapsedMs: Date.now() - began,
        };
      }
      if (res.location === null) {
        throw new CollectError('fetch.redirects', where, `HTTP ${res.status} without a Location header`);
      }
      if (redirects >= o.maxRedirects) {
        throw new CollectError('fetch.redirects', start.href, `more than ${o.maxRedirects} redirects`);
      }
      let target: string;
      try {
        target = new URL(res.location, url).href;
      } catch {
        throw new CollectError('url.invalid', where, `redirect to an invalid URL: ${res.location}`);
      }
      url = parseHttpUrl(target, where);
    }
  }

  async function fetchWithRetries(
    url: URL,
    init: FetchInit,
    limits: BodyLimits,
    mode: { acceptAnyStatus: boolean; retries: number },
  ): Promise<FetchResult> {
    const backoff = (attempt: number) =>
      Math.min(o.retryBaseMs * 2 ** attempt * (0.5 + Math.random()), MAX_BACKOFF_MS);
    for (let attempt = 0; ; attempt++) {
      let r: FetchResult;
      try {
        r = await follow(url, init, limits);
      } catch (err) {
        if (!isCollectError(err)) throw err;
        if (init.signal?.aborted) throw abortError(url.href, init.signal);
        if (err.kind === 'permanent' || attempt >= mode.retries) throw err;
        await sleep(backoff(attempt), url.href, init.signal);
        continue;
      }
      const err = mode.acceptAnyStatus ? null : statusError(r);
      if (!err) return r;
      if (err.kind === 'permanent' || attempt >= mode.retries) throw err;
      const wait = retryAfterMs(r.headers['retry-after']);
      if (wait !== null && wait > MAX_RETRY_AFTER_MS) {
        throw new CollectError(
          err.code,
          err.where,
          `HTTP ${r.status} with Retry-After ${Math.ceil(wait / 1000)} s, longer than we wait in-line`,
        );
      }
      await sleep(wait ?? backoff(attempt), url.href, init.signal);
    }
  }

  const robots = new RobotsCache(o.userAgent, async (robotsUrl) => {
    // No retries of its own: the page fetch that needed robots.txt is retried as a whole.
    const r = await fetchWithRetries(
      parseHttpUrl(robotsUrl, robotsUrl),
      { skipRobots: true, accept: 'text/plain, */*;q=0.5' },
      { maxBytes: ROBOTS_MAX_BYTES, truncate: true },
      { acceptAnyStatus: true, retries: 0 },
    );
    return { status: r.status, body: r.body.toString('utf8') };
  });

  return {
    async fetch(url, init = {}) {
      return fetchWithRetries(
        parseHttpUrl(url, url),
        init,
        { maxBytes: o.maxBytes, truncate: false },
        { acceptAnyStatus: false, retries: o.retries },
      );
    },
    async robotsSitemaps(origin) {
      return robots.sitemaps(parseHttpUrl(origin, origin).href);
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
