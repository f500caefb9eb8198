import { describe, expect, it } from 'vitest';
import { extractArticle, withoutTitle } from '../../src/collect/article.js';
import { filterParagraphs, paragraphRule } from '../../src/collect/extract/boilerplate.js';
import { buildTree, isHiddenElement } from '../../src/collect/extract/tree.js';

// One small hand-written page per boilerplate rule of issue 19: the article's sentences stay, the
// boilerplate goes.

const BODY = [
  'Officials in the northern province said on Tuesday that the new water agreement, signed after months of talks, would take effect in the spring.',
  'The deal, which covers three rivers and dozens of villages, was welcomed by farmers, who have faced repeated droughts in recent years.',
  'Critics in the capital said the terms were vague, and that enforcement would depend on a commission that has yet to be appointed.',
  'A spokesman for the ministry said the commission would be named within a month, and that its members would include local representatives.',
];
const URL = 'https://news.example/world/2021/03/02/water-deal';

function page(inner: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><title>Water deal signed | News Example</title>${head}</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Water deal signed</h1>${inner}</article>
<footer>© News Example</footer></body></html>`;
}
const paras = (ps: string[]) => ps.map((p) => `<p>${p}</p>`).join('\n');
const text = (inner: string, head = '') => extractArticle(page(inner, head), URL).text;

describe('boilerplate rules, on pages', () => {
  it('drops image captions and credits', () => {
    const t = text(
      `${paras(BODY.slice(0, 2))}
<figure><img src="a.jpg"><figcaption>Farmers at a dry canal last summer.</figcaption></figure>
<p class="credit">Alex Wong | Getty Images</p>
<p>Credit: EPA</p><p>(Image: GETTY)</p><div class="image-caption">A river near the border.</div>
${paras(BODY.slice(2))}`,
    );
    for (const p of BODY) expect(t).toContain(p);
    for (const junk of ['dry canal', 'Alex Wong', 'Credit: EPA', 'GETTY', 'near the border'])
      expect(t).not.toContain(junk);
  });

  it('drops share, subscribe and newsletter blocks', () => {
    const t = text(
      `<div class="share-tools"><a href="#">Facebook</a> <a href="#">Twitter</a></div>${paras(BODY.slice(0, 2))}
<div class="newsletter-signup"><p>Get our morning briefing in your inbox.</p></div>
<p>Sign up for our newsletter now, it is free.</p><p>Share this article</p>${paras(BODY.slice(2))}`,
    );
    for (const p of BODY) expect(t).toContain(p);
    for (const junk of ['Facebook', 'morning briefing', 'Sign up', 'Share this'])
      expect(t).not.toContain(junk);
  });

  it('keeps "Updated …; Posted …", byline and dateline lines as metadata, not text', () => {
    const a = extractArticle(
      page(`<p>By Jane Doe and Omar Haddad</p><p>Updated 3:15 PM ET, Tue March 2, 2021</p>
<p>Posted March 2, 2021</p><p>March 2, 2021</p>${paras(BODY)}`),
      'https://news.example/world/water-deal',
    );
    for (const p of BODY) expect(a.text).toContain(p);
    for (const junk of ['Jane Doe', 'Updated', 'Posted', 'March 2, 2021']) expect(a.text).not.toContain(junk);
    expect(a.byline).toBe('Jane Doe and Omar Haddad');
    expect([a.publishedAtSource, a.publishedAt]).toEqual(['dateline', '2021-03-02T00:00:00.000Z']);
  });

  it('drops related-link lists inside the article', () => {
    const t = text(
      `${paras(BODY.slice(0, 3))}<ul>${Array.from({ length: 5 }, (_, i) => `<li><a href="/s/${i}">Another story about rivers, number ${i}</a></li>`).join('')}</ul>
<p>Read more: <a href="/x">Drought hits the south</a></p>${paras(BODY.slice(3))}`,
    );
    for (const p of BODY) expect(t).toContain(p);
    expect(t).not.toContain('Another story');
    expect(t).not.toContain('Drought hits');
  });

  it('drops paragraphs that are one link, and short headings left after the last sentence', () => {
    const t = text(
      `${paras(BODY.slice(0, 2))}<p>See the <a href="/map">map of the rivers</a> for details.</p>
<p><a href="/s/1">Drought: the farmers who stayed behind, and what they grow now.</a></p>${paras(BODY.slice(2))}<h3>More from World</h3><p>Top stories</p>`,
    );
    for (const p of BODY) expect(t).toContain(p);
    expect(t).toContain('See the map of the rivers for details.');
    for (const junk of ['farmers who stayed', 'More from World', 'Top stories'])
      expect(t).not.toContain(junk);
  });

  it('drops hidden elements, and the hover-card names they repeat inside sentences', () => {
    const t = text(
      `<p>Rep. <a href="/p/omar">Ilhan Omar<span class="card" style="display: none">Ilhan Omar Hillicon Valley: tech news</span></a> said the deal was a start, and that more was needed, in a statement on Tuesday.</p>
${paras(BODY)}<div hidden>Hidden promo text</div><p aria-hidden="true">Screen junk</p>`,
    );
    expect(t).toContain('Rep. Ilhan Omar said the deal was a start');
    for (const junk of ['Hillicon', 'Hidden promo', 'Screen junk']) expect(t).not.toContain(junk);
  });

  it('drops a caption repeated under every picture, once seen', () => {
    const t = text(
      `${paras(BODY.slice(0, 2))}<p>Photo of the river delta.</p>${paras(BODY.slice(2, 3))}<p>Photo of the river delta.</p>${paras(BODY.slice(3))}`,
    );
    expect(t.split('Photo of the river delta.').length).toBe(2);
  });

  it('separates table cells, header cells included, instead of running them together', () => {
    const t = text(
      `${paras(BODY.slice(0, 2))}<table><tr><th>Ticker</th><th>Security</th><th>Last</th></tr><tr><td>ABC</td><td>Alpha Beta</td><td>12.5</td></tr><tr><td>XYZ</td><td>Xylo</td><td>3.1</td></tr><tr><td>QRS</td><td>Quarz</td><td>8.0</td></tr></table>${paras(BODY.slice(2))}`,
    );
    expect(t).not.toContain('TickerSecurity');
    expect(t).toMatch(/Ticker\s+Security\s+Last/);
  });

  it('keeps an embedded tweet that belongs to the story', () => {
    const t = text(
      `${paras(BODY.slice(0, 2))}<blockquote class="twitter-tweet"><p>Today we signed the water agreement with our neighbours. A good day for the farmers of the north.</p>— Minister (@minister) <a href="https://twitter.com/minister/status/1">March 2, 2021</a></blockquote>${paras(BODY.slice(2))}`,
    );
    expect(t).toContain('Today we signed the water agreement with our neighbours.');
  });

  it('drops the headline repeated atop the text', () => {
    expect(withoutTitle(['Water deal signed', BODY[0]!], 'Water deal signed')).toEqual([BODY[0]]);
    expect(text(paras(BODY))).not.toMatch(/^Water deal signed/);
  });

  it('takes the text from JSON-LD articleBody when the page shows only a teaser', () => {
    const ld = `<script type="application/ld+json">${JSON.stringify({
      '@type': 'NewsArticle',
      headline: 'Water deal signed',
      articleBody: BODY.join('\n'),
    })}</script>`;
    const a = extractArticle(page(`<p>${BODY[0]!}</p><p>Subscribe now to read the full story.</p>`, ld), URL);
    for (const p of BODY) expect(a.text).toContain(p);
  });
});

describe('paragraph rules', () => {
  it.each([
    ['Alex Wong | Getty Images', 'credit'],
    ['Credit: EPA', 'credit'],
    ['(Image: GETTY)', 'credit'],
    ['Foto: dpa', 'credit'],
    ['Share this article', 'share'],
    ['Lea también: Impiden ingreso a Nicaragua a reportero', 'read-also'],
    ['To view the full story, please subscribe to The Times.', 'subscribe'],
    ['Updated 3:15 PM ET, Tue March 2, 2021', 'updated-posted'],
    ['By Jane Doe', 'byline'],
    ['Von Max Mustermann', 'byline'],
    ['02.03.2021, 14:30 Uhr', 'date-only'],
  ])('%j → %s', (p, rule) => expect(paragraphRule(p)).toBe(rule));

  it.each([
    'By the end of the year, officials said, the dams would be full.',
    'Updated figures from the ministry show that 40 villages were affected.',
    'The photo, taken by a farmer, shows the dry river bed.',
    'Share prices rose 3% after the announcement on Tuesday.',
  ])('leaves article sentences alone: %j', (p) => expect(paragraphRule(p)).toBeNull());

  it('hands byline and date lines to the metadata', () => {
    const meta: string[] = [];
    expect(filterParagraphs(['By Jane Doe', 'March 2, 2021', BODY[0]!], meta)).toEqual([BODY[0]]);
    expect(meta).toEqual(['By Jane Doe', 'March 2, 2021']);
  });
});

describe('the one-pass tree', () => {
  it.each([
    [{ hidden: '' }, true],
    [{ 'aria-hidden': 'true' }, true],
    [{ style: 'color: red; display:none' }, true],
    [{ style: 'visibility: hidden' }, true],
    [{ style: 'display: block' }, false],
    [{ 'aria-hidden': 'false' }, false],
  ])('isHiddenElement(%j) = %s', (attrs, hidden) => expect(isHiddenElement(attrs)).toBe(hidden));

  it('does not build scripts, styles, forms controls or hidden subtrees, and collects the head', () => {
    const page = buildTree(
      `<html lang="de"><head><title>T</title><meta property="og:title" content="OG"><link rel="canonical" href="/c">
<script type="application/ld+json">{"@type":"NewsArticle"}</script><style>p{}</style></head>
<body><p>kept<script>no()</script><button>no</button><span hidden>no</span></p></body></html>`,
    );
    expect(page.lang).toBe('de');
    expect(page.title).toBe('T');
    expect(page.metas).toContainEqual({ property: 'og:title', content: 'OG' });
    expect(page.links).toEqual([{ rel: 'canonical', href: '/c' }]);
    expect(page.jsonLd).toEqual(['{"@type":"NewsArticle"}']);
    expect(JSON.stringify(page.root, (k, v: unknown) => (k === 'parent' ? undefined : v))).not.toMatch(
      /no\(\)|"no"|p\{\}/,
    );
  });
});
