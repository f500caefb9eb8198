import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/collect/article.js';
import { jsonLdArticleBody, stripSiteSuffix } from '../../src/collect/metadata.js';

// One test per metadata rule of issue 19 (metadata.ts), on small hand-written pages.

const BODY = [
  'Officials in the northern province said on Tuesday that the new water agreement, signed after months of talks, would take effect in the spring.',
  'The deal, which covers three rivers and dozens of villages, was welcomed by farmers, who have faced repeated droughts in recent years.',
  'Critics in the capital said the terms were vague, and that enforcement would depend on a commission that has yet to be appointed.',
]
  .map((p) => `<p>${p}</p>`)
  .join('');
const URL = 'https://www.newsexample.com/world/water-deal';

function page({ head = '', body = BODY, lang = '' } = {}): string {
  return `<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head>${head}</head><body><article><h1>Water deal signed</h1>${body}</article></body></html>`;
}
const ld = (o: object) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;

describe('title', () => {
  it.each([
    ['Water deal signed | News Example', 'News Example', 'Water deal signed'],
    ['Water deal signed - NewsExample.com', null, 'Water deal signed'],
    ['News Example: Water deal signed', 'News Example', 'Water deal signed'],
    ['Water deal signed - a turning point', 'News Example', 'Water deal signed - a turning point'],
  ])('stripSiteSuffix(%j, %j)', (title, site, clean) =>
    expect(stripSiteSuffix(title, site, URL)).toBe(clean),
  );

  it('prefers og:title, then JSON-LD headline, then <title>, then <h1>', () => {
    const og = '<meta property="og:title" content="OG title | News Example">';
    const head = `<title>Doc title</title>${ld({ '@type': 'NewsArticle', headline: 'LD headline' })}`;
    expect(extractArticle(page({ head: og + head }), URL).title).toBe('OG title');
    expect(extractArticle(page({ head }), URL).title).toBe('LD headline');
    expect(extractArticle(page({ head: '<title>Doc title</title>' }), URL).title).toBe('Doc title');
    expect(extractArticle(page(), URL).title).toBe('Water deal signed');
  });
});

describe('byline', () => {
  it('takes JSON-LD author, then <meta name=author>, then a "By …" line', () => {
    const author = ld({ '@type': 'NewsArticle', author: [{ '@type': 'Person', name: 'A. Writer' }] });
    const meta = '<meta name="author" content="Meta Person">';
    expect(extractArticle(page({ head: author + meta }), URL).byline).toBe('A. Writer');
    expect(extractArticle(page({ head: meta }), URL).byline).toBe('Meta Person');
    expect(extractArticle(page({ body: `<p>By Line Person</p>${BODY}` }), URL).byline).toBe('Line Person');
    expect(extractArticle(page(), URL).byline).toBeNull();
  });
});

describe('dates', () => {
  const iso = (s: string) => new Date(s).toISOString();
  it('published: JSON-LD, then OpenGraph, then <time>, then the URL, then a dateline', () => {
    const jsonld = ld({ '@type': 'NewsArticle', datePublished: '2021-03-01T10:00:00Z' });
    const og = '<meta property="article:published_time" content="2021-03-02T10:00:00Z">';
    const time = '<time datetime="2021-03-03T10:00:00Z">March 3</time>';
    const dated = 'https://www.newsexample.com/2021/03/04/water-deal';
    const cases: Array<[string, string, string, string, string]> = [
      ['json-ld', jsonld + og, time, dated, iso('2021-03-01T10:00:00Z')],
      ['meta', og, time, dated, iso('2021-03-02T10:00:00Z')],
      ['time', '', time, dated, iso('2021-03-03T10:00:00Z')],
      ['url', '', '', dated, iso('2021-03-04')],
    ];
    for (const [source, head, t, url, when] of cases) {
      const a = extractArticle(page({ head, body: t + BODY }), url);
      expect([a.publishedAtSource, a.publishedAt], source).toEqual([source, when]);
    }
    const d = extractArticle(page({ body: `<p>March 5, 2021</p>${BODY}` }), URL);
    expect([d.publishedAtSource, d.publishedAt]).toEqual(['dateline', iso('2021-03-05')]);
  });

  it('updated: JSON-LD dateModified, then OpenGraph modified time, then <time itemprop=dateModified>', () => {
    const pub = '<meta property="article:published_time" content="2021-03-01T10:00:00Z">';
    const jsonld = ld({ '@type': 'NewsArticle', dateModified: '2021-03-02T10:00:00Z' });
    const og = '<meta property="article:modified_time" content="2021-03-03T10:00:00Z">';
    const time = '<time itemprop="dateModified" datetime="2021-03-04T10:00:00Z">later</time>';
    expect(extractArticle(page({ head: pub + jsonld + og }), URL).updatedAt).toBe(
      iso('2021-03-02T10:00:00Z'),
    );
    expect(extractArticle(page({ head: pub + og }), URL).updatedAt).toBe(iso('2021-03-03T10:00:00Z'));
    expect(extractArticle(page({ head: pub, body: time + BODY }), URL).updatedAt).toBe(
      iso('2021-03-04T10:00:00Z'),
    );
    expect(extractArticle(page({ head: pub }), URL).updatedAt).toBeNull();
  });
});

describe('language, site name, canonical URL', () => {
  it('language: <html lang>, then Content-Language / og:locale, then JSON-LD inLanguage, then a guess', () => {
    expect(extractArticle(page({ lang: 'en-GB' }), URL).language).toBe('en');
    expect(extractArticle(page({ head: '<meta property="og:locale" content="de_DE">' }), URL).language).toBe(
      'de',
    );
    expect(
      extractArticle(page({ head: ld({ '@type': 'NewsArticle', inLanguage: 'pl' }) }), URL).language,
    ).toBe('pl');
    expect(extractArticle(page(), URL).language).toBe('en');
  });

  it('site name: og:site_name, then application-name, then the JSON-LD publisher', () => {
    const pub = ld({ '@type': 'NewsArticle', publisher: { '@type': 'Organization', name: 'LD News' } });
    expect(
      extractArticle(page({ head: `<meta property="og:site_name" content="OG News">${pub}` }), URL).siteName,
    ).toBe('OG News');
    expect(
      extractArticle(page({ head: `<meta name="application-name" content="App News">${pub}` }), URL).siteName,
    ).toBe('App News');
    expect(extractArticle(page({ head: pub }), URL).siteName).toBe('LD News');
  });

  it('canonical URL: <link rel=canonical>, then og:url, then JSON-LD url, resolved and http(s) only', () => {
    const og = '<meta property="og:url" content="https://www.newsexample.com/og">';
    expect(
      extractArticle(page({ head: `<link rel="canonical" href="/canon">${og}` }), URL).canonicalUrl,
    ).toBe('https://www.newsexample.com/canon');
    expect(extractArticle(page({ head: og }), URL).canonicalUrl).toBe('https://www.newsexample.com/og');
    expect(
      extractArticle(
        page({ head: ld({ '@type': 'NewsArticle', url: 'https://www.newsexample.com/ld' }) }),
        URL,
      ).canonicalUrl,
    ).toBe('https://www.newsexample.com/ld');
    expect(
      extractArticle(page({ head: '<link rel="canonical" href="javascript:alert(1)">' }), URL).canonicalUrl,
    ).toBeNull();
  });

  it('JSON-LD articleBody is read as plain-text paragraphs, never as markup', () => {
    expect(
      jsonLdArticleBody([JSON.stringify({ '@type': 'NewsArticle', articleBody: 'One.\nTwo.' })]),
    ).toEqual(['One.', 'Two.']);
    expect(
      jsonLdArticleBody([JSON.stringify({ '@type': 'NewsArticle', articleBody: '<p>One</p>' })]),
    ).toBeNull();
    expect(jsonLdArticleBody(['{broken'])).toBeNull();
  });
});
