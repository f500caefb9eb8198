import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import {
  discoverFeeds,
  looksLikeFeed,
  parseFeed,
  parseFeedDate,
  plainText,
  rootElement,
} from '../../src/collect/feeds.js';
import { looksLikeSitemap } from '../../src/collect/sitemaps.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'feeds', name), 'utf8');

function failure(fn: () => unknown): CollectError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CollectError) return err;
    throw new Error(`expected a CollectError, got ${String(err)}`);
  }
  throw new Error('expected a CollectError, nothing was thrown');
}

describe('parseFeed: RSS 2.0', () => {
  const levant = () => parseFeed(fixture('rss2-levant.xml'), 'https://levant.example/feed.xml');

  it('reads the channel', () => {
    expect(levant()).toMatchObject({
      format: 'rss',
      title: 'Levant Wire — Middle East',
      siteUrl: 'https://levant.example/',
      language: 'en-gb',
    });
  });

  it('resolves relative links, falls back to a URL guid, drops the rest and deduplicates', () => {
    const feed = levant();
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://levant.example/2020/07/08/iran-syria-pact?utm_source=rss',
      'https://levant.example/economy/2020/07/09/bdl-withdrawals',
      'https://levant.example/2020/07/10/erbil-drone',
    ]);
    // "live-2020-07-10" is a guid but not a URL; "javascript:share()" is a link but not http(s).
    expect(feed.dropped).toBe(2);
    expect(feed.duplicates).toBe(1);
    // The first of two items with one url wins.
    expect(feed.items[0]!.title).toBe('Iran and Syria sign military cooperation pact');
  });

  it('maps content:encoded, dc:creator, dc:date and an escaped-HTML description', () => {
    const [pact, bank, erbil] = levant().items;
    expect(pact).toMatchObject({
      guid: 'lw-1001',
      author: 'Staff reporter',
      publishedAt: '2020-07-08T07:00:00.000Z',
      summary: 'Tehran will strengthen Syria’s air defences, the two ministers said.',
      contentText: null,
      language: 'en-gb',
    });
    expect(pact!.contentHtml).toMatch(
      /^<p>Iran will strengthen .*<\/p>\n<p>The deal was signed in Damascus/s,
    );
    expect(bank).toMatchObject({
      author: 'Beirut bureau',
      publishedAt: '2020-07-09T11:30:00.000Z',
      contentHtml: null,
    });
    expect(erbil).toMatchObject({
      guid: 'https://levant.example/2020/07/10/erbil-drone',
      author: null,
      publishedAt: '2020-07-10T02:15:00.000Z',
    });
  });

  it('resolves links against the channel xml:base before the feed URL', () => {
    const xml = `<rss version="2.0" xml:base="https://cdn.example/news/"><channel><title>t</title><link>/</link>
      <item><title>a</title><link>story-1</link></item></channel></rss>`;
    const f = parseFeed(xml, 'https://feeds.example/rss');
    expect(f.items[0]!.url).toBe('https://cdn.example/news/story-1');
    expect(f.siteUrl).toBe('https://cdn.example/');
  });

  it('keeps an Arabic feed readable and percent-encodes its URLs', () => {
    const f = parseFeed(fixture('arabic.xml'), 'https://arabic.example/rss');
    expect(f.title).toBe('أخبار الشرق الأوسط');
    expect(f.language).toBe('ar');
    expect(f.items[0]).toMatchObject({
      title: 'وزير الدفاع يزور دمشق لبحث التعاون العسكري',
      summary: 'وصل وزير الدفاع إلى دمشق صباح اليوم.',
      author: 'مراسل دمشق',
      publishedAt: '2020-07-09T05:30:00.000Z',
    });
    expect(f.items[1]!.url).toBe(
      'https://arabic.example/news/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82/%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA',
    );
  });

  it('turns CDATA titles with HTML and entities into plain text', () => {
    const f = parseFeed(fixture('cdata-entities.xml'), 'https://mashreq.example/rss');
    expect(f.title).toBe('Maghreb & Mashreq Review');
    expect(f.items[0]).toMatchObject({
      url: 'https://mashreq.example/nile-dam?id=7&lang=en',
      title: 'Egypt & Sudan agree on Nile dam “red lines” — report',
      summary: 'Talks on the GERD stalled…',
      publishedAt: '2020-06-15T05:00:00.000Z',
    });
    expect(f.items[1]).toMatchObject({
      title: 'Double-escaped: Oil & gas < $50 a barrel',
      // No zone at all: UTC, never the server's local time.
      publishedAt: '2020-06-16T08:00:00.000Z',
    });
  });
});

describe('parseFeed: RSS 1.0/RDF, Atom, JSON Feed', () => {
  it('maps RSS 1.0/RDF with dc:date, dc:creator and dc:language', () => {
    const f = parseFeed(fixture('rdf.xml'), 'https://gulf.example/rss');
    expect(f).toMatchObject({
      format: 'rdf',
      title: 'Gulf Monitor',
      siteUrl: 'https://gulf.example/',
      language: 'en',
    });
    expect(f.items).toEqual([
      expect.objectContaining({
        url: 'https://gulf.example/news/hormuz-tanker',
        guid: 'https://gulf.example/news/hormuz-tanker',
        author: 'Gulf desk',
        publishedAt: '2019-07-19T18:00:00.000Z',
        summary: 'A British-flagged tanker was seized by the IRGC navy.',
      }),
      expect.objectContaining({
        url: 'https://gulf.example/news/bahrain-summit',
        publishedAt: '2019-07-21T00:00:00.000Z',
        language: 'ar',
      }),
    ]);
  });

  it('maps Atom: xml:base on feed and entry, rel=alternate, html/xhtml/text content, inherited authors', () => {
    const f = parseFeed(fixture('atom.xml'), 'https://yemen.example/feed.atom');
    expect(f).toMatchObject({
      format: 'atom',
      title: 'Yemen Notes',
      siteUrl: 'https://yemen.example/',
      language: 'en',
    });
    const [muscat, hodeidah, idOnly] = f.items;
    expect(muscat).toEqual({
      url: 'https://yemen.example/blog/posts/muscat-talks',
      guid: 'urn:post:1',
      title: 'Talks in Muscat resume',
      author: 'R. Analyst',
      publishedAt: '2021-03-01T05:00:00.000Z',
      summary: 'Envoys met in Muscat on Monday.',
      contentHtml: '<p>Envoys met in Muscat.</p><p>The Houthis sent a delegation.</p>',
      contentText: null,
      language: 'en',
    });
    expect(hodeidah).toMatchObject({
      url: 'https://yemen.example/archive/2021/hodeidah-truce',
      title: 'هدنة في الحديدة',
      author: 'Yemen Notes editors',
      // No <published>: <updated> stands in.
      publishedAt: '2021-02-20T08:00:00.000Z',
      contentHtml: null,
      contentText: 'A truce holds in Hodeidah.',
      language: 'ar',
    });
    expect(idOnly).toMatchObject({
      url: 'https://yemen.example/blog/posts/id-only',
      contentHtml: '<p>Aden port reopens.</p>',
    });
  });

  it('maps JSON Feed 1.1: authors, content_text/html, relative url, id fallback, item language', () => {
    const f = parseFeed(fixture('feed.json'), 'https://iraq.example/feed.json');
    expect(f).toMatchObject({
      format: 'json',
      title: 'Iraq Daily',
      siteUrl: 'https://iraq.example/',
      language: 'en',
    });
    expect(f.items.map((i) => i.url)).toEqual([
      'https://iraq.example/2022/10/13/president',
      'https://iraq.example/2022/10/14/budget',
      'https://iraq.example/2022/10/15/basra-protests',
    ]);
    expect(f.dropped).toBe(1);
    expect(f.items[0]).toMatchObject({
      guid: '1',
      author: 'Baghdad bureau, Agencies',
      publishedAt: '2022-10-13T12:00:00.000Z',
      summary: 'A vote after a year of deadlock.',
      contentText: "Iraq's parliament elected a new president on Thursday.",
      contentHtml: null,
    });
    expect(f.items[1]).toMatchObject({
      author: 'Iraq Daily newsroom',
      publishedAt: '2022-10-14T09:00:00.000Z',
      contentHtml: '<p>Budget talks stall.</p>',
      language: 'ar',
    });
  });

  it('maps JSON Feed 1.0 with a single author', () => {
    const f = parseFeed(fixture('feed-1.0.json'), 'https://sinai.example/feed.json');
    expect(f.format).toBe('json');
    expect(f.items[0]).toMatchObject({
      url: 'https://sinai.example/rafah-crossing',
      author: 'Cairo desk',
      publishedAt: '2021-05-21T08:00:00.000Z',
    });
  });
});

describe('parseFeed: failures', () => {
  it.each([
    ['a malformed XML feed', fixture('malformed.xml'), 'feed.malformed', /malformed rss feed: .*title/i],
    ['a feed truncated after a whole item', fixture('truncated.xml'), 'feed.malformed', /truncated .*<rss>/],
    ['a feed cut mid-tag', fixture('rss2-levant.xml').slice(0, 900), 'feed.malformed', /truncated/],
    [
      'XML that is not a feed',
      '<?xml version="1.0"?><note><to>x</to></note>',
      'feed.malformed',
      /root element is <note>/,
    ],
    ['RSS without a channel', '<rss version="2.0"></rss>', 'feed.malformed', /malformed rss feed/],
    [
      'broken JSON',
      '{"version": "https://jsonfeed.org/version/1.1", "items": [',
      'feed.malformed',
      /malformed JSON/,
    ],
    ['JSON that is not a JSON Feed', '{"posts": []}', 'feed.malformed', /not a JSON Feed/],
    ['plain text', 'Service Unavailable', 'feed.malformed', /neither XML nor JSON/],
    [
      'an HTML page',
      fixture('html-page.html'),
      'feed.not_a_feed',
      /advertises its feed at https:\/\/levant\.example\/feed\.xml/,
    ],
    [
      'an HTML page without a doctype',
      '<html><body>hi</body></html>',
      'feed.not_a_feed',
      /advertises no feed/,
    ],
    [
      'XHTML with an XML declaration',
      '<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>',
      'feed.not_a_feed',
      /HTML page/,
    ],
    ['an empty body', ' \n\uFEFF ', 'content.empty', /empty/],
  ])('rejects %s', (_name, body, code, message) => {
    const err = failure(() => parseFeed(body, 'https://x.example/feed'));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.where).toBe('https://x.example/feed');
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Wed, 08 Jul 2020 10:00:00 +0300', '2020-07-08T07:00:00.000Z'],
    ['Wed, 08 Jul 2020 10:00:00 GMT+3', '2020-07-08T07:00:00.000Z'],
    ['Wed, 08 Jul 2020 10:00:00 GMT+03:00', '2020-07-08T07:00:00.000Z'],
    ['Wed, 08 Jul 2020 10:00:00 +03:30', '2020-07-08T06:30:00.000Z'],
    ['Wed, 08 Jul 2020 10:00:00 -0500', '2020-07-08T15:00:00.000Z'],
    ['Wed, 08 Jul 2020 10:00:00 EDT', '2020-07-08T14:00:00.000Z'],
    ['Wed, 08 Jul 2020 10:00:00 GMT', '2020-07-08T10:00:00.000Z'],
    ['Wed, 8 Jul 20 10:00 GMT', '2020-07-08T10:00:00.000Z'],
    ['08 July 2020 10:00:00 IRDT', '2020-07-08T05:30:00.000Z'],
    ['Wednesday, 08-Jul-2020 10:00:00 UTC', '2020-07-08T10:00:00.000Z'],
    ['Wed Jul 08 2020 10:00:00 GMT+0300 (Arabian Standard Time)', '2020-07-08T07:00:00.000Z'],
    ['July 8, 2020 10:00 PM', '2020-07-08T22:00:00.000Z'],
    ['2020-07-08T10:00:00+03:00', '2020-07-08T07:00:00.000Z'],
    ['2020-07-08T10:00:00.123Z', '2020-07-08T10:00:00.000Z'],
    ['2020-07-08T10:00+0300', '2020-07-08T07:00:00.000Z'],
    ['2020-07-08 10:00:00', '2020-07-08T10:00:00.000Z'],
    ['2020-07-08', '2020-07-08T00:00:00.000Z'],
    ['  Wed,  08 Jul 2020\n10:00:00 +0300 ', '2020-07-08T07:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });

  it.each([
    'not a date',
    '',
    '2020-02-30',
    'Wed, 31 Jun 2020 10:00:00 GMT',
    '2020-07-08T25:00:00Z',
    'Wed, 08 Foo 2020 10:00:00 GMT',
    '2020-07-08T10:00:00+99:00',
    '0001-01-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
    '2999-01-01T00:00:00Z',
  ])('%j → null', (input) => {
    expect(parseFeedDate(input)).toBeNull();
  });
});

describe('discoverFeeds', () => {
  it('finds advertised feeds, RSS/Atom first, resolved against <base>, skipping the WordPress REST API', () => {
    expect(discoverFeeds(fixture('html-page.html'), 'https://levant.example/en/')).toEqual([
      'https://levant.example/feed.xml',
      'https://feeds.levant.example/atom',
      'https://levant.example/en/feed.json',
    ]);
  });

  it('resolves against the page URL without <base> and finds nothing on a page without feeds', () => {
    const html = `<html><head><link rel="alternate" type="application/json" href="feed.json"></head></html>`;
    expect(discoverFeeds(html, 'https://x.example/news/')).toEqual(['https://x.example/news/feed.json']);
    expect(
      discoverFeeds('<html><head><link rel="stylesheet" href="a.css"></head></html>', 'https://x.example/'),
    ).toEqual([]);
  });
});

describe('sniffing', () => {
  it.each([
    ['rss2-levant.xml', true],
    ['rdf.xml', true],
    ['atom.xml', true],
    ['feed.json', true],
    ['feed-1.0.json', true],
    ['html-page.html', false],
  ])('looksLikeFeed(%s) is %s', (name, expected) => {
    expect(looksLikeFeed(fixture(name))).toBe(expected);
  });

  it.each([
    [
      '<?xml version="1.0"?>\n<!-- generated -->\n<?xml-stylesheet href="s.xsl"?>\n<rss version="2.0"><channel/></rss>',
      true,
    ],
    ['\uFEFF<feed xmlns="http://www.w3.org/2005/Atom"></feed>', true],
    ['<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"></atom:feed>', true],
    ['<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', false],
    ['<feedback><rss/></feedback>', false],
    ['<!doctype html><html><body><rss></rss></body></html>', false],
    ['{"a": 1}', false],
    ['', false],
  ])('looksLikeFeed(%j) is %s', (body, expected) => {
    expect(looksLikeFeed(body)).toBe(expected);
  });

  it('tells feeds and sitemaps apart', () => {
    const sitemap = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>';
    expect([looksLikeFeed(sitemap), looksLikeSitemap(sitemap)]).toEqual([false, true]);
    const rss = fixture('rss2-levant.xml');
    expect([looksLikeFeed(rss), looksLikeSitemap(rss)]).toEqual([true, false]);
  });

  it('names the root element after the prolog', () => {
    expect(rootElement(fixture('rdf.xml'))).toBe('rdf:RDF');
    expect(rootElement('<!DOCTYPE rss [<!ENTITY x "y">]><rss/>')).toBe('rss');
    expect(rootElement('plain text')).toBeNull();
  });
});

describe('plainText', () => {
  it.each([
    ['A &amp;amp; B', 'A & B'],
    ['<p>one</p><p>two</p>', 'one two'],
    ['keep <b>bold</b>er words', 'keep bolder words'],
    ['<script>track()</script><style>p{}</style>text', 'text'],
    ['&lt;p&gt;escaped &lt;i&gt;markup&lt;/i&gt;&lt;/p&gt;', 'escaped markup'],
    ['&#x627;&#1576; &hellip; &eacute; &unknown;', 'اب … é &unknown;'],
    ['Oil < $50 & rising', 'Oil < $50 & rising'],
    ['  \n ', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });
});
