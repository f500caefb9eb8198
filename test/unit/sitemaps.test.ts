import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { looksLikeSitemap, parseSitemap } from '../../src/collect/sitemaps.js';

const URLSET = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/2020/07/08/iran-syria</loc><lastmod>2020-07-08T12:00:00+03:00</lastmod>
    <news:news><news:publication><news:name>Example News</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2020-07-08T10:00:00Z</news:publication_date><news:title>Iran &amp; Syria sign pact</news:title></news:news></url>
  <url><loc>https://news.example/about</loc></url>
  <url><loc>https://news.example/about</loc></url>
  <url><loc>ftp://news.example/file</loc></url>
</urlset>`;

describe('parseSitemap', () => {
  it('reads a news sitemap', () => {
    const s = parseSitemap(URLSET, 'https://news.example/sitemap.xml');
    expect(s.kind).toBe('urlset');
    if (s.kind !== 'urlset') return;
    expect(s.entries.map((e) => e.url)).toEqual([
      'https://news.example/2020/07/08/iran-syria',
      'https://news.example/about',
    ]);
    expect(s.entries[0]).toMatchObject({
      lastmod: '2020-07-08T09:00:00.000Z',
      news: {
        title: 'Iran & Syria sign pact',
        publishedAt: '2020-07-08T10:00:00.000Z',
        publication: 'Example News',
        language: 'en',
      },
    });
    expect(s.entries[1]!.news).toBeNull();
  });

  it('reads a sitemap index and a gzipped sitemap', () => {
    const index = `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/sitemap-news.xml</loc></sitemap><sitemap><loc>https://news.example/sitemap-2020.xml.gz</loc></sitemap></sitemapindex>`;
    expect(parseSitemap(index, 'https://news.example/sitemap.xml')).toEqual({
      kind: 'index',
      sitemaps: ['https://news.example/sitemap-news.xml', 'https://news.example/sitemap-2020.xml.gz'],
    });
    const gz = parseSitemap(gzipSync(Buffer.from(URLSET)), 'https://news.example/s.xml.gz');
    expect(gz.kind === 'urlset' && gz.entries.length).toBe(2);
  });

  it.each([
    ['malformed XML', '<urlset><url><loc>x</loc></urlset>', /malformed XML/],
    ['another document', '<?xml version="1.0"?><rss><channel/></rss>', /root element is <rss>/],
    ['a corrupt gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]), /gunzip/],
  ])('rejects %s', (_name, body, message) => {
    expect(() => parseSitemap(body as string | Buffer, 'https://x.example/s.xml')).toThrow(CollectError);
    expect(() => parseSitemap(body as string | Buffer, 'https://x.example/s.xml')).toThrow(message);
  });

  it('sniffs sitemaps', () => {
    expect(looksLikeSitemap(URLSET)).toBe(true);
    expect(looksLikeSitemap('<rss/>')).toBe(false);
  });
});
