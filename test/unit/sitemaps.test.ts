import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { looksLikeSitemap, parseSitemap, type SitemapParseResult } from '../../src/collect/sitemaps.js';
import type { SitemapEntry } from '../../src/collect/types.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sitemaps', name));

function entries(result: SitemapParseResult): SitemapEntry[] {
  if (result.kind !== 'urlset') throw new Error(`expected a urlset, got ${result.kind}`);
  return result.entries;
}

function failure(fn: () => unknown): CollectError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CollectError) return err;
    throw new Error(`expected a CollectError, got ${String(err)}`);
  }
  throw new Error('expected a CollectError, nothing was thrown');
}

describe('parseSitemap: urlset', () => {
  const levant = () => parseSitemap(fixture('urlset.xml'), 'https://levant.example/sitemap.xml');

  it('keeps absolute, unique http(s) locs, repairing bare ampersands and ignoring image/xhtml extensions', () => {
    const result = levant();
    expect(entries(result).map((e) => e.url)).toEqual([
      'https://levant.example/2020/07/08/iran-syria-pact',
      'https://levant.example/search?q=beirut&page=2',
      'https://levant.example/tags/lebanon?page=1&sort=new',
      'https://levant.example/about',
    ]);
    // a repeat, a mailto: and a <url> without <loc>
    expect(result.dropped).toBe(3);
  });

  it('normalises lastmod to ISO 8601 UTC, null when unparsable or absent', () => {
    const result = levant();
    expect(entries(result).map((e) => e.lastmod)).toEqual([
      '2020-07-08T09:00:00.000Z',
      '2020-07-09T00:00:00.000Z',
      '2020-07-09T07:30:00.000Z',
      null,
    ]);
    expect(entries(result).every((e) => e.news === null)).toBe(true);
  });
});

describe('parseSitemap: Google News', () => {
  it.each([
    ['news-sitemap.xml', 'the news: prefix'],
    ['news-sitemap-prefixed.xml', 'other prefixes (sm:, n:)'],
  ])('reads %s with %s', (name) => {
    const list = entries(parseSitemap(fixture(name), 'https://levant.example/sitemap-news.xml'));
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) {
      expect(e.url).toMatch(/^https:\/\//);
      expect(e.news?.title).toBeTruthy();
      expect(e.news?.publication).toBeTruthy();
      expect(e.news?.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    }
  });

  it('maps publication, language, date and title', () => {
    const [pact, visit] = entries(parseSitemap(fixture('news-sitemap.xml'), 'https://levant.example/s.xml'));
    expect(pact).toEqual({
      url: 'https://levant.example/2020/07/08/iran-syria-pact',
      lastmod: null,
      news: {
        title: 'Iran & Syria sign military cooperation pact',
        publishedAt: '2020-07-08T07:00:00.000Z',
        publication: 'Levant Wire',
        language: 'en',
      },
    });
    expect(visit!.news).toEqual({
      title: 'وزير الدفاع يزور دمشق',
      publishedAt: '2020-07-09T00:00:00.000Z',
      publication: 'ليفانت واير',
      language: 'ar',
    });
  });

  it('reads prefixed elements and an RFC 822 publication date', () => {
    const [e] = entries(parseSitemap(fixture('news-sitemap-prefixed.xml'), 'https://gulf.example/s.xml'));
    expect(e).toEqual({
      url: 'https://gulf.example/news/hormuz-tanker',
      lastmod: '2019-07-19T20:00:00.000Z',
      news: {
        title: 'Tanker seized in the Strait of Hormuz',
        publishedAt: '2019-07-19T18:00:00.000Z',
        publication: 'Gulf Monitor',
        language: 'en',
      },
    });
  });
});

describe('parseSitemap: index and gzip', () => {
  it('lists child sitemaps, absolute and unique', () => {
    const result = parseSitemap(fixture('sitemapindex.xml'), 'https://levant.example/sitemap.xml');
    expect(result).toEqual({
      kind: 'index',
      sitemaps: [
        'https://levant.example/sitemap-news.xml',
        'https://levant.example/sitemaps/2020-07.xml.gz',
        'https://levant.example/sitemaps/2020-06.xml.gz',
      ],
      dropped: 2,
    });
  });

  it('reads an empty sitemap index as an index', () => {
    expect(
      parseSitemap(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
        'https://x.example/s',
      ),
    ).toEqual({ kind: 'index', sitemaps: [], dropped: 0 });
  });

  it.each(['news-sitemap.xml', 'sitemapindex.xml'])('reads gzipped %s exactly like the plain one', (name) => {
    const plain = parseSitemap(fixture(name), 'https://levant.example/s.xml');
    const gz = parseSitemap(gzipSync(fixture(name)), 'https://levant.example/s.xml.gz');
    expect(gz).toEqual(plain);
  });

  it('refuses a gzip body that decompresses past the cap', () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, ' '));
    expect(bomb.length).toBeLessThan(10_000);
    const err = failure(() => parseSitemap(bomb, 'https://x.example/s.xml.gz', { maxBytes: 1024 * 1024 }));
    expect(err.code).toBe('sitemap.malformed');
    expect(err.message).toMatch(/decompresses to more than 1048576 bytes/);
    // Under the cap the same body gets as far as the XML check.
    expect(
      failure(() => parseSitemap(bomb, 'https://x.example/s.xml.gz', { maxBytes: 4 * 1024 * 1024 })).message,
    ).toMatch(/empty/);
  });
});

describe('parseSitemap: failures', () => {
  it.each<[string, Buffer | string, string, RegExp]>([
    [
      'malformed XML',
      '<urlset><url><loc>https://x.example/a</loc></urlset>',
      'sitemap.malformed',
      /malformed XML at line 1/,
    ],
    ['a truncated sitemap', fixture('urlset.xml').subarray(0, 300), 'sitemap.malformed', /malformed XML/],
    [
      'an RSS feed',
      '<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
      'sitemap.malformed',
      /root element is <rss>/,
    ],
    [
      'an RDF document',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
      'sitemap.malformed',
      /<rdf:RDF>/,
    ],
    ['an HTML page', '<!DOCTYPE html><html><body>Not found</body></html>', 'sitemap.malformed', /HTML page/],
    [
      'a corrupt gzip body',
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4]),
      'sitemap.malformed',
      /corrupt gzip/,
    ],
    ['an empty body', Buffer.alloc(0), 'content.empty', /empty/],
  ])('rejects %s', (_name, body, code, message) => {
    const err = failure(() => parseSitemap(body, 'https://x.example/s.xml'));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.where).toBe('https://x.example/s.xml');
  });
});

describe('looksLikeSitemap', () => {
  it.each([
    ['urlset.xml', true],
    ['sitemapindex.xml', true],
    ['news-sitemap-prefixed.xml', true],
  ])('%s is a sitemap', (name, expected) => {
    expect(looksLikeSitemap(fixture(name).toString('utf8'))).toBe(expected);
  });

  it.each([
    '<rss version="2.0"><channel><link>https://x.example/urlset</link></channel></rss>',
    '<!doctype html><html><body>sitemap</body></html>',
  ])('%j is not', (body) => {
    expect(looksLikeSitemap(body)).toBe(false);
  });
});
