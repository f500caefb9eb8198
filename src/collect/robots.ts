import robotsParserModule from 'robots-parser';
import { CollectError, isCollectError } from './errors.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
// The package is CommonJS with a default-export declaration that NodeNext resolution cannot call.
const robotsParser = robotsParserModule as unknown as (url: string, body: string) => Robots;

export interface RobotsEntry {
  /** null when robots.txt is missing (4xx): everything is allowed. */
  robots: Robots | null;
  fetchedAt: number;
  /** Crawl-delay for our User-Agent in ms, capped at MAX_CRAWL_DELAY_MS; 0 when none. */
  crawlDelayMs: number;
  /** Absolute URLs of the `Sitemap:` lines. */
  sitemaps: string[];
}

/**
 * Fetches robots.txt without consulting robots.txt. Resolves with the status whatever it is; rejects on
 * network trouble. The body may be truncated (RFC 9309 lets crawlers stop after 500 KiB).
 */
export type RobotsFetch = (url: string) => Promise<{ status: number; body: string }>;

export interface RobotsOptions {
  ttlMs?: number;
  maxCrawlDelayMs?: number;
}

export const ROBOTS_TTL_MS = 60 * 60_000;
/** A site asking for minutes between requests would stall the queue; we wait at most this. */
export const MAX_CRAWL_DELAY_MS = 30_000;
const PRUNE_ABOVE = 1000;

/**
 * The product token robots.txt groups are matched against: "Watchfloor" for
 * "Watchfloor/0.1 (+https://...)". robots-parser only strips after a slash, which would leave a
 * token like "watchfloor (+https:" for a User-Agent without a version.
 */
export function productToken(userAgent: string): string {
  return userAgent.trim().split(/[\s/]/)[0] || '*';
}

/**
 * robots.txt per origin, cached for an hour. 4xx means no rules (allow all); 5xx or an unreachable server
 * means "not now": the check throws a transient error and nothing on that origin is crawled until
 * robots.txt can be read. Failures are not cached, so the caller's next retry tries again.
 */
export class RobotsCache {
  private readonly entries = new Map<string, { at: number; entry: Promise<RobotsEntry> }>();
  private readonly token: string;
  private readonly ttlMs: number;
  private readonly maxCrawlDelayMs: number;

  constructor(
    userAgent: string,
    private readonly fetchRobots: RobotsFetch,
    options: RobotsOptions = {},
  ) {
    this.token = productToken(userAgent);
    this.ttlMs = options.ttlMs ?? ROBOTS_TTL_MS;
    this.maxCrawlDelayMs = options.maxCrawlDelayMs ?? MAX_CRAWL_DELAY_MS;
  }

  private load(origin: string): Promise<RobotsEntry> {
    const now = Date.now();
    const cached = this.entries.get(origin);
    if (cached && now - cached.at < this.ttlMs) return cached.entry;
    if (this.entries.size > PRUNE_ABOVE) {
      for (const [key, value] of this.entries) if (now - value.at >= this.ttlMs) this.entries.delete(key);
    }
    const entry = this.read(origin);
    const slot = { at: now, entry };
    this.entries.set(origin, slot);
    entry.catch(() => {
      if (this.entries.get(origin) === slot) this.entries.delete(origin);
    });
    return entry;
  }

  private async read(origin: string): Promise<RobotsEntry> {
    const url = `${origin}/robots.txt`;
    const none: RobotsEntry = { robots: null, fetchedAt: Date.now(), crawlDelayMs: 0, sitemaps: [] };
    let res: { status: number; body: string };
    try {
      res = await this.fetchRobots(url);
    } catch (err) {
      // A robots.txt that redirects into a loop or off to an unsupported scheme is unusable, which
      // RFC 9309 treats like a missing file. A blocked address is not: the site itself is off limits.
      if (isCollectError(err) && (err.code === 'fetch.redirects' || err.code === 'url.invalid')) return none;
      throw err;
    }
    if (res.status >= 500 || res.status === 429) {
      throw new CollectError(
        res.status === 429 ? 'fetch.rate_limited' : 'fetch.http_5xx',
        url,
        `robots.txt answered HTTP ${res.status}; the site is not crawled until it can be read`,
      );
    }
    if (res.status >= 400) return none;
    const robots = robotsParser(url, res.body);
    const delaySeconds = robots.getCrawlDelay(this.token) ?? 0;
    return {
      robots,
      fetchedAt: Date.now(),
      crawlDelayMs:
        Number.isFinite(delaySeconds) && delaySeconds > 0
          ? Math.min(Math.round(delaySeconds * 1000), this.maxCrawlDelayMs)
          : 0,
      sitemaps: robots.getSitemaps().flatMap((s) => {
        try {
          return [new URL(s, url).href];
        } catch {
          return [];
        }
      }),
    };
  }

  /** Resolves with the origin's entry, or throws robots.disallowed (or the transient load failure). */
  async check(url: string): Promise<RobotsEntry> {
    const entry = await this.load(new URL(url).origin);
    if (entry.robots && entry.robots.isAllowed(url, this.token) === false) {
      throw new CollectError('robots.disallowed', url, 'disallowed by robots.txt');
    }
    return entry;
  }

  /** `origin` may be any URL on the site. */
  async sitemaps(origin: string): Promise<string[]> {
    return (await this.load(new URL(origin).origin)).sitemaps;
  }
}
