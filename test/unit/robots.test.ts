import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { MAX_CRAWL_DELAY_MS, RobotsCache, productToken } from '../../src/collect/robots.js';

const UA = 'Watchfloor/0.1 (+https://github.com/watchfloor/watchfloor)';

function cacheFor(answer: { status: number; body?: string } | Error, options = {}) {
  const calls: string[] = [];
  const cache = new RobotsCache(
    UA,
    async (url) => {
      calls.push(url);
      if (answer instanceof Error) throw answer;
      return { status: answer.status, body: answer.body ?? '' };
    },
    options,
  );
  return { cache, calls };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof CollectError) return err.code;
    throw err;
  }
}

describe('RobotsCache', () => {
  it('matches our group by product token, whatever follows it', async () => {
    expect(productToken(UA)).toBe('Watchfloor');
    expect(productToken('Watchfloor (+https://example.org/bot)')).toBe('Watchfloor');
    const { cache } = cacheFor({
      status: 200,
      body: 'User-agent: *\nDisallow: /all/\n\nUser-agent: watchfloor\nDisallow: /us/\n',
    });
    expect(await code(cache.check('https://example.org/us/1'))).toBe('robots.disallowed');
    // Our own group replaces the * group.
    expect(await code(cache.check('https://example.org/all/1'))).toBe('ok');
  });

  it('allows everything when robots.txt is missing or forbidden, and caches by origin', async () => {
    for (const status of [404, 401, 403, 410]) {
      const { cache, calls } = cacheFor({ status });
      expect(await code(cache.check('https://example.org/a'))).toBe('ok');
      expect(await code(cache.check('https://example.org/b'))).toBe('ok');
      expect(calls).toEqual(['https://example.org/robots.txt']);
    }
  });

  it('defers the whole site on 5xx, 429 or an unreachable server, and does not cache the failure', async () => {
    for (const [answer, expected] of [
      [{ status: 503 }, 'fetch.http_5xx'],
      [{ status: 429 }, 'fetch.rate_limited'],
      [new CollectError('fetch.connect', 'https://example.org/robots.txt', 'refused'), 'fetch.connect'],
    ] as const) {
      const { cache, calls } = cacheFor(answer);
      expect(await code(cache.check('https://example.org/a'))).toBe(expected);
      expect(await code(cache.check('https://example.org/a'))).toBe(expected);
      expect(calls).toHaveLength(2);
    }
  });

  it('treats an unusable robots.txt (redirect loop) as missing, but not a blocked address', async () => {
    const loop = cacheFor(new CollectError('fetch.redirects', 'x', 'loop'));
    expect(await code(loop.cache.check('https://example.org/a'))).toBe('ok');
    const blocked = cacheFor(new CollectError('url.blocked', 'x', 'private'));
    expect(await code(blocked.cache.check('https://example.org/a'))).toBe('url.blocked');
  });

  it('caps Crawl-delay and ignores nonsense values', async () => {
    const long = cacheFor({ status: 200, body: 'User-agent: *\nCrawl-delay: 3600\n' }).cache;
    expect((await long.check('https://example.org/')).crawlDelayMs).toBe(MAX_CRAWL_DELAY_MS);
    const frac = cacheFor({ status: 200, body: 'User-agent: *\nCrawl-delay: 1.5\n' }).cache;
    expect((await frac.check('https://example.org/')).crawlDelayMs).toBe(1500);
    const bad = cacheFor({ status: 200, body: 'User-agent: *\nCrawl-delay: -4\n' }).cache;
    expect((await bad.check('https://example.org/')).crawlDelayMs).toBe(0);
  });

  it('exposes Sitemap lines as absolute URLs, for any URL on the site', async () => {
    const { cache } = cacheFor({
      status: 200,
      body: 'Sitemap: /news.xml\nSitemap: https://cdn.example.org/all.xml\nUser-agent: *\nAllow: /\n',
    });
    expect(await cache.sitemaps('https://example.org/some/page')).toEqual([
      'https://example.org/news.xml',
      'https://cdn.example.org/all.xml',
    ]);
  });

  it('reloads after the TTL', async () => {
    const { cache, calls } = cacheFor({ status: 404 }, { ttlMs: 0 });
    await cache.check('https://example.org/a');
    await cache.check('https://example.org/b');
    expect(calls).toHaveLength(2);
  });
});
