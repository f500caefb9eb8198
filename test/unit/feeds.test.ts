import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import {
  decodeEntities,
  discoverFeeds,
  looksLikeFeed,
  parseFeed,
  plainText,
} from '../../src/collect/feeds.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'feeds', name), 'utf8');

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof CollectError ? err.code : `not a CollectError: ${String(err)}`;
  }
  return 'no error';
}

describe('parseFeed', () => {
  it('maps RSS 2.0 with content:encoded, relative links, entities and Arabic', () => {
    const f = parseFeed(fixture('rss2.xml'), 'https://levant.example/feed.xml');
    expect(f.format).toBe('rss');
    expect(f.title).toBe('Levant Wire');
    expect(f.language).toBe('en-gb');
    expect(f.items.map((i) => i.url)).toEqual([
      'https://levant.example/2020/07/08/iran-syria-pact?utm_source=rss',
      'https://levant.example/ar/2020/07/09/visit',
      'https://levant.example/2020/07/10/guid-only',
    ]);
    expect(f.dropped).toBe(2);
    const [first, arabic] = f.items;
    expect(first).toMatchObject({
      title: 'Iran & Syria sign military pact',
      author: 'Staff',
      publishedAt: '2020-07-08T07:00:00.000Z',
      summary: "Tehran will strengthen Syria's air defenses.",
      guid: 'lw-1001',
    });
    expect(first!.contentHtml).toContain('<p>The deal was signed in Damascus.</p>');
    expect(arabic!.title).toBe('وزير الدفاع يزور دمشق');
  });

  it('maps RSS 1.0/RDF', () => {
    const f = parseFeed(fixture('rdf.xml'), 'https://gulf.example/rss');
    expect(f.format).toBe('rdf');
    expect(f.items).toHaveLength(1);
    expect(f.items[0]).toMatchObject({
      url: 'https://gulf.example/news/1',
      publishedAt: '2019-07-19T18:00:00.000Z',
      author: 'Gulf desk',
    });
  });

  it('maps Atom with xml:base, html titles and xhtml content', () => {
    const f = parseFeed(fixture('atom.xml'), 'https://yemen.example/feed.atom');
    expect(f.format).toBe('atom');
    expect(f.siteUrl).toBe('https://yemen.example/');
    expect(f.items[0]).toMatchObject({
      url: 'https://yemen.example/blog/posts/muscat-talks',
      title: 'Talks in Muscat',
      author: 'R. Analyst',
      publishedAt: '2021-03-01T05:00:00.000Z',
    });
    expect(f.items[0]!.contentHtml).toContain('Envoys met in Muscat.');
  });

  it('maps JSON Feed 1.1', () => {
    const f = parseFeed(fixture('feed.json'), 'https://iraq.example/feed.json');
    expect(f.format).toBe('json');
    expect(f.items.map((i) => i.url)).toEqual([
      'https://iraq.example/2022/10/13/president',
      'https://iraq.example/2022/10/14/budget',
    ]);
    expect(f.items[0]).toMatchObject({
      contentText: "Iraq's parliament elected a new president on Thursday.",
      author: 'Baghdad bureau',
    });
  });

  it.each([
    ['malformed XML', '<rss><channel><item><title>unclosed', 'feed.malformed'],
    ['truncated feed', fixture('rss2.xml').slice(0, 400), 'feed.malformed'],
    ['XML that is not a feed', '<?xml version="1.0"?><note><to>x</to></note>', 'feed.malformed'],
    ['broken JSON', '{"version": "https://jsonfeed.org/version/1.1", "items": [', 'feed.malformed'],
    [
      'an HTML page',
      '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>',
      'feed.not_a_feed',
    ],
    ['an empty body', '   ', 'content.empty'],
  ])('rejects %s with a clear error', (_name, body, expected) => {
    expect(code(() => parseFeed(body, 'https://x.example/feed'))).toBe(expected);
  });

  it('says which feed an HTML page advertises', () => {
    expect(() =>
      parseFeed(
        '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head></html>',
        'https://x.example/',
      ),
    ).toThrow(/https:\/\/x\.example\/rss\.xml/);
  });
});

describe('feed helpers', () => {
  it('discovers advertised feeds', () => {
    const html = `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" href="https://cdn.example/atom">
<link rel="alternate" hreflang="ar" href="/ar/"><link rel="stylesheet" href="/s.css"></head></html>`;
    expect(discoverFeeds(html, 'https://x.example/news/')).toEqual([
      'https://x.example/rss.xml',
      'https://cdn.example/atom',
    ]);
  });

  it('sniffs feeds', () => {
    expect(looksLikeFeed(fixture('rss2.xml'))).toBe(true);
    expect(looksLikeFeed(fixture('atom.xml'))).toBe(true);
    expect(looksLikeFeed(fixture('feed.json'))).toBe(true);
    expect(looksLikeFeed('<!doctype html><html><body>rss</body></html>')).toBe(false);
    expect(looksLikeFeed('{"a": 1}')).toBe(false);
  });

  it('turns feed HTML into text', () => {
    expect(plainText('A &amp;amp; B <script>x()</script><b>bold</b>')).toBe('A & B bold');
    expect(decodeEntities('&#x627;&#1576; &quot;q&quot; &unknown;')).toBe('اب "q" &unknown;');
  });
});
