import robotsParserModule from 'robots-parser';
import { CollectError } from './errors.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
// The package is CommonJS with a default-export declaration that NodeNext resolution cannot call.
const robotsParser = robotsParserModule as unknown as (url: string, body: string) => Robots;

export interface RobotsEntry {
  robots: Robots | null;
  /** null when robots.txt is missing: everything is allowed. */
  fetchedAt: number;
  crawlDelayMs: number;
  sitemaps: string[];
}

export type RobotsFetch = (url: string) => Promise<{ status: number; body: string }>;

const TTL_MS = 60 * 60_000;
const MAX_CRAWL_DELAY_MS = 30_000;

/** robots.txt per origin, cached for an hour. Missing (4xx) allows all; 5xx or unreachable defers the crawl. */
export class RobotsCache {
  private readonly entries = new Map<string, Promise<RobotsEntry>>();

  constructor(
    private readonly userAgent: string,
    private readonly fetchRobots: RobotsFetch,
  ) {}

  private load(origin: string): Promise<RobotsEntry> {
    const cached = this.entries.get(origin);
    if (cached) return cached;
    const url = `${origin}/robots.txt`;
    const p = (async (): Promise<RobotsEntry> => {
      let res: { status: number; body: string };
      try {
        res = await this.fetchRobots(url);
      } catch (err) {
        if (err instanceof CollectError && err.kind === 'permanent' && err.code !== 'url.blocked') {
          return { robots: null, fetchedAt: Date.now(), crawlDelayMs: 0, sitemaps: [] };
        }
        throw err;
      }
      if (res.status >= 500) {
        throw new CollectError(
          'fetch.http_5xx',
          url,
          `robots.txt answered HTTP ${res.status}; crawling waits until it is readable`,
        );
      }
      if (res.status >= 400) return { robots: null, fetchedAt: Date.now(), crawlDelayMs: 0, sitemaps: [] };
      const robots = robotsParser(url, res.body);
      const delay = robots.getCrawlDelay(this.userAgent);
      return {
        robots,
        fetchedAt: Date.now(),
        crawlDelayMs: Math.min((delay ?? 0) * 1000, MAX_CRAWL_DELAY_MS),
        sitemaps: robots.getSitemaps().flatMap((s) => {
          try {
            return [new URL(s, url).href];
          } catch {
            return [];
          }
        }),
      };
    })();
    this.entries.set(origin, p);
    // A failed or stale load is forgotten so the next request tries again.
    p.then(
      () => setTimeout(() => this.entries.get(origin) === p && this.entries.delete(origin), TTL_MS).unref(),
      () => this.entries.delete(origin),
    );
    return p;
  }

  async check(url: string): Promise<RobotsEntry> {
    const u = new URL(url);
    const entry = await this.load(u.origin);
    if (entry.robots && entry.robots.isAllowed(url, this.userAgent) === false) {
      throw new CollectError('robots.disallowed', url, 'disallowed by robots.txt');
    }
    return entry;
  }

  async sitemaps(origin: string): Promise<string[]> {
    return (await this.load(origin)).sitemaps;
  }
}
