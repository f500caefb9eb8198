import { describe, expect, it } from 'vitest';
import {
  dateFromDateline,
  dateFromUrl,
  extractArticle,
  guessLanguage,
  normalizeDate,
} from '../../src/collect/article.js';
import { CollectError } from '../../src/collect/errors.js';

const PARAS = [
  'Iran plans to strengthen war-torn Syria’s air defense systems as part of a military agreement between the allies, state television said on Wednesday.',
  '“We will strengthen Syria’s air defense systems in order to improve military cooperation between the two countries,” the broadcaster quoted the chief of staff as saying.',
  'Key US ally Israel, Iran’s arch-enemy, has launched hundreds of strikes in Syria since the start of a civil war there in 2011.',
  'The broadcaster published on its website a video of the deal being signed in Damascus by Bagheri and Syria’s Defense Minister Ali Ayoub.',
];

function page({ head = '', url = '', body = PARAS.map((p) => `<p>${p}</p>`).join('\n'), lang = 'en' } = {}) {
  void url;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">${head}</head><body>
<header><nav><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/s/${i}">Section ${i}</a></li>`).join('')}</ul></nav></header>
<div class="ad">Advertisement — subscribe now for unlimited access</div>
<main><article><h1>Iran to boost Syria air defenses</h1><div class="byline">By Jane Doe</div>${body}</article>
<aside><h3>Most read</h3><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/r/${i}">Unrelated popular story number ${i}</a></li>`).join('')}</ul></aside></main>
<footer><p>© 2020 The Example Times. All rights reserved. Privacy policy. Terms of use.</p></footer>
<script>window.evil = "SCRIPT TEXT MUST NOT LEAK";</script></body></html>`;
}

const URL_PLAIN = 'https://news.example/world/iran-syria';

describe('extractArticle', () => {
  it('keeps the article text and drops navigation, ads, sidebars, footers and scripts', () => {
    const a = extractArticle(page(), URL_PLAIN);
    for (const p of PARAS) expect(a.text).toContain(p);
    expect(a.text.split('\n\n').length).toBeGreaterThanOrEqual(4);
    for (const junk of ['Section 3', 'Advertisement', 'Most read', 'All rights reserved', 'SCRIPT TEXT']) {
      expect(a.text).not.toContain(junk);
    }
  });

  it('reads title, byline, site, canonical URL, language and description', () => {
    const a = extractArticle(
      page({
        head: `<title>Iran to boost Syria air defenses | The Example Times</title>
<meta property="og:site_name" content="The Example Times"><meta name="author" content="Jane Doe">
<meta name="description" content="Tehran and Damascus sign a deal."><link rel="canonical" href="/2020/07/08/iran-syria">`,
      }),
      URL_PLAIN,
    );
    expect(a.title).toBe('Iran to boost Syria air defenses');
    expect(a.siteName).toBe('The Example Times');
    expect(a.byline).toMatch(/Jane Doe/);
    expect(a.canonicalUrl).toBe('https://news.example/2020/07/08/iran-syria');
    expect(a.language).toBe('en');
    expect(a.excerpt).toBe('Tehran and Damascus sign a deal.');
  });

  it('takes the publication date in order of trust: JSON-LD, OpenGraph/meta, <time>, URL, dateline', () => {
    const meta = '<meta property="article:published_time" content="2020-07-08T10:15:00+03:00">';
    const ld = `<script type="application/ld+json">${JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'X' },
        {
          '@type': 'NewsArticle',
          datePublished: '2020-07-07T09:00:00Z',
          headline: 'H',
          author: [{ '@type': 'Person', name: 'A. Writer' }],
          publisher: { '@type': 'Organization', name: 'LD Times' },
        },
      ],
    })}</script>`;
    const time = '<time datetime="2020-07-06T08:00:00Z" itemprop="datePublished">July 6</time>';
    const urlDated = 'https://news.example/2020/07/05/iran-syria';
    const dateline = ['DAMASCUS, July 4, 2020 — ' + PARAS[0], ...PARAS.slice(1)]
      .map((p) => `<p>${p}</p>`)
      .join('');
    const cases: Array<[string, string, string, string, string]> = [
      ['json-ld', meta + ld, time, urlDated, '2020-07-07T09:00:00.000Z'],
      ['meta', meta, time, urlDated, '2020-07-08T07:15:00.000Z'],
      ['time', '', time, urlDated, '2020-07-06T08:00:00.000Z'],
      ['url', '', '', urlDated, '2020-07-05T00:00:00.000Z'],
    ];
    for (const [source, head, t, url, iso] of cases) {
      const a = extractArticle(page({ head, body: t + PARAS.map((p) => `<p>${p}</p>`).join('') }), url);
      expect([a.publishedAtSource, a.publishedAt], source).toEqual([source, iso]);
    }
    const d = extractArticle(page({ body: dateline }), URL_PLAIN);
    expect([d.publishedAtSource, d.publishedAt]).toEqual(['dateline', '2020-07-04T00:00:00.000Z']);
    const ldOnly = extractArticle(page({ head: ld }), URL_PLAIN);
    expect(ldOnly.siteName).toBe('LD Times');
    const bad = extractArticle(
      page({ head: '<meta property="article:published_time" content="not a date">' + ld }),
      URL_PLAIN,
    );
    expect(bad.publishedAtSource).toBe('json-ld');
  });

  it('reads Arabic pages and detects the language when undeclared', () => {
    const ar = [
      'قالت وزارة الدفاع السورية إن الاتفاق العسكري مع إيران يعزز الدفاع الجوي في دمشق وفق ما أعلنه التلفزيون الرسمي اليوم.',
      'وأضاف المتحدث أن التعاون بين البلدين سيتوسع في المرحلة المقبلة ليشمل التدريب وتبادل الخبرات العسكرية.',
    ];
    const a = extractArticle(
      page({ lang: '', body: ar.map((p) => `<p>${p}</p>`).join('') }).replace(' lang=""', ''),
      URL_PLAIN,
    );
    expect(a.text).toContain(ar[0]);
    expect(a.language).toBe('ar');
  });

  it('never lets hostile markup into the text', () => {
    const hostile = `<p>${PARAS[0]}<img src=x onerror="alert(1)"><a href="javascript:alert(2)">link text</a></p><p>${PARAS[1]}</p><iframe src="https://evil.example">IFRAME</iframe><style>.x{}</style><p>${PARAS[2]}</p>`;
    const a = extractArticle(page({ body: hostile }), URL_PLAIN);
    expect(a.text).not.toMatch(/<|onerror|javascript:|IFRAME|\.x\{/);
    expect(a.text).toContain('link text');
  });

  it('refuses pages with no article', () => {
    expect(() =>
      extractArticle('<html><body><nav><a href="/">Home</a></nav></body></html>', URL_PLAIN),
    ).toThrow(CollectError);
    expect(() => extractArticle('', URL_PLAIN)).toThrow(CollectError);
    expect(() => extractArticle('\u0000\u0001garbage<<<>>>', URL_PLAIN)).toThrow(CollectError);
  });

  it('copes with huge pages by reading only the first part', () => {
    const huge = page({
      body: PARAS.map((p) => `<p>${p}</p>`).join('') + '<p>filler text</p>'.repeat(400_000),
    });
    const a = extractArticle(huge, URL_PLAIN, { maxHtmlChars: 200_000 });
    expect(a.text).toContain(PARAS[0]);
  });
});

describe('date rules', () => {
  it.each([
    ['https://x.example/2020/07/08/story', '2020-07-08T00:00:00.000Z'],
    ['https://x.example/news/2020-07-08/story', '2020-07-08T00:00:00.000Z'],
    ['https://x.example/news/20200708-story', '2020-07-08T00:00:00.000Z'],
    ['https://x.example/2020/02/30/story', null],
    ['https://x.example/1850/01/01/story', null],
    ['https://x.example/story-12345678', null],
  ])('dateFromUrl(%s)', (url, iso) => expect(dateFromUrl(url)).toBe(iso));

  it.each([
    ['July 8, 2020\n\nIran plans…', '2020-07-08T00:00:00.000Z'],
    ['BEIRUT, 8 July 2020 (AFP) - …', '2020-07-08T00:00:00.000Z'],
    ['Posted Jul. 8, 2020 at noon', '2020-07-08T00:00:00.000Z'],
    ['Updated 2020-07-08 14:00', '2020-07-08T00:00:00.000Z'],
    ['on Wednesday, officials said', null],
  ])('dateFromDateline(%j)', (text, iso) => expect(dateFromDateline(text)).toBe(iso));

  it.each([
    ['2020-07-08T10:15:00+03:00', '2020-07-08T07:15:00.000Z'],
    ['Wed, 08 Jul 2020 10:00:00 GMT', '2020-07-08T10:00:00.000Z'],
    ['2020-07-08', '2020-07-08T00:00:00.000Z'],
    ['2020-07-08T10:15:00', '2020-07-08T10:15:00.000Z'],
    ['2020-07-08 10:15', '2020-07-08T10:15:00.000Z'],
    ['20200708', '2020-07-08T00:00:00.000Z'],
    ['yesterday', null],
    ['', null],
  ])('normalizeDate(%j)', (v, iso) => expect(normalizeDate(v)).toBe(iso));

  it('guesses languages by script', () => {
    expect(guessLanguage('این یک متن فارسی است که گزارش می‌دهد پیش از چهار')).toBe('fa');
    expect(guessLanguage('The minister said that the deal was signed in the capital on Wednesday.')).toBe(
      'en',
    );
    expect(guessLanguage('12345 !!!')).toBeNull();
  });
});
