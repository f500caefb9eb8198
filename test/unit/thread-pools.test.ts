import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { createExtractPool } from '../../src/collect/extract-pool.js';
import { parseFeed } from '../../src/collect/feeds.js';
import { parseSitemap } from '../../src/collect/sitemaps.js';
import { packageRoot } from '../../src/config/config.js';
import { AnalysisTimeoutError, createAnalysisPool } from '../../src/jobs/analysis-pool.js';
import { PoolClosedError } from '../../src/jobs/thread-pool.js';
import { defaultAnalyzer } from '../../src/understand/pipeline.js';
import type { Analysis } from '../../src/understand/types.js';

// Issue 15: feeds, sitemaps and analyses of untrusted input run on worker threads with a deadline; the
// answer is the same as on the calling thread, an item past its budget fails alone with a clear error, and
// the pool goes on with the next.

const FEEDS = join(packageRoot(), 'test', 'fixtures', 'feeds');
const FEED_URL = 'https://news.example/feed.xml';
const SENTENCE =
  'Iranian officials said on Tuesday that Israeli jets struck targets near Damascus, killing three soldiers. ';

/** A flat RSS feed of `n` items: within every cap, yet 1-2 s of parsing at 40,000 (8 MB) on a loaded machine. */
const bigFeed = (n: number) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${Array.from(
    { length: n },
    (_, i) =>
      `<item><title>Item ${i}</title><link>https://news.example/a/${i}</link><description>${SENTENCE}</description></item>`,
  ).join('')}</channel></rss>`;

/** Timings differ from run to run; everything else must be equal. */
const withoutTimings = (a: Analysis) => ({
  ...a,
  stages: Object.fromEntries(Object.entries(a.stages).map(([k, v]) => [k, { ...v, ms: 0 }])),
});

describe('feeds and sitemaps on the extraction threads', () => {
  const pool = createExtractPool({ size: 1, timeoutMs: 5000 });
  afterAll(() => pool.close());

  it('gives what the parsers give on the calling thread, errors included', async () => {
    for (const name of ['rss2-levant.xml', 'atom.xml', 'feed.json']) {
      const text = readFileSync(join(FEEDS, name), 'utf8');
      expect(await pool.parseFeed(text, FEED_URL)).toEqual(parseFeed(text, FEED_URL));
    }
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/a</loc><lastmod>2020-07-08</lastmod></url></urlset>`;
    const gz = gzipSync(xml);
    expect(await pool.parseSitemap(gz, 'https://news.example/s.xml.gz')).toEqual(
      parseSitemap(gz, 'https://news.example/s.xml.gz'),
    );
    const malformed = readFileSync(join(FEEDS, 'malformed.xml'), 'utf8');
    const err = await pool.parseFeed(malformed, FEED_URL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as CollectError).code).toBe(
      (() => {
        try {
          parseFeed(malformed, FEED_URL);
        } catch (e) {
          return (e as CollectError).code;
        }
        return 'none';
      })(),
    );
  }, 60_000);

  it('stops a feed past its deadline with content.too_complex, and parses the next one', async () => {
    const short = createExtractPool({ size: 1, timeoutMs: 250 });
    try {
      // Start the thread first (a one-item feed, milliseconds): the deadline is counted from a ready thread.
      await short.parseFeed(bigFeed(1), FEED_URL);
      const big = bigFeed(40_000);
      const started = performance.now();
      const err = await short.parseFeed(big, FEED_URL).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CollectError);
      expect((err as CollectError).code).toBe('content.too_complex');
      expect((err as CollectError).message).toMatch(/feed parsing took longer than 250 ms/);
      expect(performance.now() - started).toBeLessThan(5000);
      const next = await short.parseFeed(bigFeed(2), FEED_URL);
      expect(next.items).toHaveLength(2);
    } finally {
      await short.close();
    }
  }, 60_000);
});

describe('the analysis pool', () => {
  it('analyses as the in-process analyzer does, stops a long article with analysis.timeout and goes on', async () => {
    const pool = createAnalysisPool({ size: 1, timeoutMs: 1500 });
    try {
      const local = defaultAnalyzer();
      expect(await pool.versions()).toEqual(local.versions);
      const doc = { text: SENTENCE.repeat(3), publishedAt: '2020-07-08', language: 'en' };
      const there = await pool.analyze(doc);
      expect(withoutTimings(there)).toEqual(withoutTimings(local.analyze(doc)));
      expect(there.events.length).toBeGreaterThan(0);

      // About 1 MB of actor sentences: several seconds of tagging and parsing on any machine, stopped at 1.5 s.
      const long = { text: SENTENCE.repeat(10_000), publishedAt: '2020-07-08', language: 'en' };
      const started = performance.now();
      const err = await pool.analyze(long).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AnalysisTimeoutError);
      expect((err as AnalysisTimeoutError).code).toBe('analysis.timeout');
      expect((err as Error).message).toContain(`${long.text.length} characters`);
      expect(performance.now() - started).toBeLessThan(1500 + 3000);
      // A new thread (models reloaded) takes the next article.
      expect(withoutTimings(await pool.analyze(doc))).toEqual(withoutTimings(there));
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('rejects what it holds with PoolClosedError when closed', async () => {
    const pool = createAnalysisPool({ size: 1 });
    const pending = pool.analyze({ text: SENTENCE }).catch((e: unknown) => e);
    await pool.close();
    expect(await pending).toBeInstanceOf(PoolClosedError);
    await expect(pool.analyze({ text: SENTENCE })).rejects.toBeInstanceOf(PoolClosedError);
  }, 60_000);
});
