import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/collect/article.js';
import { isTrailingLabel, paragraphRule } from '../../src/collect/extract/boilerplate.js';

// The container rules of content.ts (issue 19), one small hand-written page each: what the article's
// container misses or cleans out that is text, and what it holds that is not.

const BODY = [
  'Officials in the northern province said on Tuesday that the new water agreement, signed after months of talks, would take effect in the spring.',
  'The deal, which covers three rivers and dozens of villages, was welcomed by farmers, who have faced repeated droughts in recent years.',
  'Critics in the capital said the terms were vague, and that enforcement would depend on a commission that has yet to be appointed.',
  'A spokesman for the ministry said the commission would be named within a month, and that its members would include local representatives.',
];
const URL = 'https://news.example/world/water-deal';
const paras = (ps: string[]) => ps.map((p) => `<p>${p}</p>`).join('\n');
const extract = (body: string) =>
  extractArticle(
    `<!doctype html><html lang="en"><head><title>Water deal signed</title></head><body>${body}</body></html>`,
    URL,
  ).text;

describe('the standfirst beside the container', () => {
  const LEAD = 'Three provinces share the water of the rivers for the first time since the war ended.';
  const layout = (header: string) =>
    extract(`<main><article>
<div class="hero"><div class="hero-inner"><h1>Water deal signed</h1>${header}</div></div>
<div class="columns"><div class="article-body">${paras(BODY)}</div></div>
</article></main>`);

  it('keeps a lead-named block that precedes the body outside its container, before the body', () => {
    const t = layout(`<p class="article-lead">${LEAD}</p>`);
    expect(t).toContain(LEAD);
    expect(t.indexOf(LEAD)).toBeLessThan(t.indexOf(BODY[0]!));
    for (const p of BODY) expect(t).toContain(p);
  });

  it('takes no author blurb, and no list of linked teasers, for a standfirst', () => {
    const bio = 'Jane Doe has covered the region for the paper since the drought years began.';
    const t = layout(
      `<div class="author-description">${bio}</div>
<ul class="teaser-list"><li><a href="/a">${LEAD}</a></li></ul>`,
    );
    expect(t).not.toContain(bio);
    expect(t).not.toContain(LEAD);
  });
});

describe('conditional cleaning keeps text', () => {
  it('keeps a list of steps with a picture each when every step is real text', () => {
    const steps = [
      'Wash the apples, cut them into quarters and remove the cores with a small sharp knife.',
      'Melt the butter in a wide pan over a low heat, then add the sugar and stir until it dissolves.',
      'Add the apples, cover the pan and let them soften for ten minutes, turning them once or twice.',
    ];
    const t = extract(`<article>${paras(BODY.slice(0, 2))}
<ul class="steps">${steps.map((s, i) => `<li><img src="${i}.jpg">${s}</li>`).join('')}</ul>
${paras(BODY.slice(2))}</article>`);
    for (const s of steps) expect(t).toContain(s);
  });

  it('drops a strip of pictures with short labels', () => {
    const t = extract(`<article>${paras(BODY.slice(0, 2))}
<div class="gallery-row"><img src="1.jpg">One<img src="2.jpg">Two<img src="3.jpg">Three</div>
${paras(BODY.slice(2))}</article>`);
    expect(t).not.toMatch(/One\s*Two/);
    for (const p of BODY) expect(t).toContain(p);
  });

  it('keeps long prose under a negative class name ("media"), drops a short block under one', () => {
    const more = [
      'The agreement sets out how much water each province may draw in a dry year and who decides when a year is dry.',
      'It also creates a fund, paid for by the three provinces together, to repair the canals that the floods damaged.',
      'Farmers who lost their crops in the last drought will be the first to be paid out of the new fund next year.',
      'A panel of engineers from each province will check the canals every spring and report to the commission.',
    ];
    const t = extract(`<article>${paras(BODY)}
<div class="o-media">${paras(more)}</div>
<div class="promo-box"><p>Our best offers, every week.</p></div></article>`);
    for (const p of [...BODY, ...more]) expect(t).toContain(p);
    expect(t).not.toContain('best offers');
  });
});

describe('boilerplate named by class inside the container', () => {
  it('drops author boxes, comment blocks and breadcrumbs', () => {
    const t = extract(`<article>
<div class="crumbs"><span>Home</span> / <span>World</span> / <span>Water deal signed in the north</span></div>
${paras(BODY)}
<div class="author-info"><p>Jane Doe writes about water, farming and the climate for the paper.</p></div>
<div class="comment-list"><p>Great article, thanks for writing it, I learned a lot today.</p></div>
</article>`);
    for (const p of BODY) expect(t).toContain(p);
    for (const junk of ['Water deal signed in the north', 'Jane Doe', 'Great article'])
      expect(t).not.toContain(junk);
  });

  it('drops navigation even when the page is short enough for the looser passes', () => {
    const t = extract(`<div class="page"><div class="text">
<nav><span>World news</span> <span>Sports today</span></nav>${paras(BODY.slice(0, 2))}</div></div>`);
    expect(t).toContain(BODY[0]);
    expect(t).not.toContain('Sports today');
  });
});

describe('trailing labels', () => {
  it('treats a line closed by a German quotation mark as a sentence, not a label', () => {
    expect(isTrailingLabel('– „Ok.“')).toBe(false);
    expect(isTrailingLabel('Mehr zum Thema')).toBe(true);
  });
});

describe('the container', () => {
  it('takes the table, not one of its rows, so the paragraphs beside the table come with it', () => {
    // A letter and its signatories: the name cells are full of commas and outscore the paragraphs.
    const names = (n: number) =>
      Array.from(
        { length: 60 },
        (_, i) => `<strong>Signer ${n}-${i}</strong>, <span>University ${i}</span><br>`,
      ).join('');
    const t = extract(`<div class="letter">${paras(BODY.slice(0, 2))}
<table><tbody><tr><td>${names(1)}</td><td>${names(2)}</td><td>${names(3)}</td></tr><tr><td>Signed on July 7</td></tr></tbody></table></div>`);
    for (const p of BODY.slice(0, 2)) expect(t).toContain(p);
    expect(t).toContain('Signer 3-59');
  });

  it('gathers a sibling block of the same kind as the container even when its paragraphs are short', () => {
    const t = extract(`<div class="field"><div class="field__item">${paras(BODY)}</div>
<div class="field__item"><p>Full text of the deal</p><p>is on the ministry site.</p></div>
<div class="other"><p>Cookie settings and privacy</p></div></div>`);
    for (const p of BODY) expect(t).toContain(p);
    expect(t).toContain('is on the ministry site.');
    expect(t).not.toContain('Cookie settings');
  });

  it('never takes a modal dialog for the article', () => {
    const disclosure = BODY.map((p) => `Disclosure: ${p}`);
    const t =
      extract(`<div class="modal"><div class="modal__body">${paras([...disclosure, ...disclosure.map((p) => p + ' Again.')])}</div></div>
<article>${paras(BODY)}</article>`);
    for (const p of BODY) expect(t).toContain(p);
    expect(t).not.toContain('Disclosure:');
  });
});

describe('paragraph rules', () => {
  it.each([
    ['Previous articleTransforming the old landfill into a park', 'prev-next'],
    ['Nächster Artikel: Der Hafen wächst', 'prev-next'],
    ['5 min read', 'reading-time'],
    ['Ten tekst przeczytasz w mniej niż minutę', 'reading-time'],
    ['Lesezeit: 3 Minuten', 'reading-time'],
    ['Bild anzeigen Bild schließen', 'ui-label'],
    ['Gefällt mir Wird geladen...', 'ui-label'],
    ['Dowiedz się więcej: Kto jak głosował?', 'read-also'],
    ['Zum Weiterlesen', 'read-also'],
  ])('%j is boilerplate (%s)', (line, rule) => expect(paragraphRule(line)).toBe(rule));

  it.each([
    'The next article of the treaty sets out how the water is shared.',
    'Show me the money, he told the minister.',
    'Alle Bilder der Ausstellung sind bis Mai zu sehen.',
  ])('%j is text', (line) => expect(paragraphRule(line)).toBeNull());
});

describe('boilerplate by class name', () => {
  it('keeps a block whose boilerplate word is negated ("non-paywall")', () => {
    const t = extract(`<article><section class="non-paywall">${paras(BODY.slice(0, 2))}</section>
<section class="paywall"><p>Subscribe to read the rest of this story today.</p></section></article>`);
    for (const p of BODY.slice(0, 2)) expect(t).toContain(p);
    expect(t).not.toContain('Subscribe to read');
  });

  it('drops captions named in German ("bildunterschrift", "bilduntertitel")', () => {
    const t = extract(`<article>${paras(BODY.slice(0, 2))}
<div class="bild"><img src="a.jpg"><h5 class="bilduntertitel">Wurzeln im Boden des Versuchsfelds</h5></div>
<div class="bildunterschrift">Der Kanal im Sommer</div>
${paras(BODY.slice(2))}</article>`);
    for (const p of BODY) expect(t).toContain(p);
    for (const junk of ['Wurzeln im Boden', 'Kanal im Sommer']) expect(t).not.toContain(junk);
  });

  it('drops the title overlaid on an embedded video player', () => {
    const t = extract(`<article>${paras(BODY.slice(0, 2))}
<figure class="embed"><div class="player-overlay"><span class="player-overlay__title">Voters on the water deal</span></div></figure>
${paras(BODY.slice(2))}</article>`);
    expect(t).not.toContain('Voters on the water deal');
  });
});
