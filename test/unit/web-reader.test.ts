import { describe, expect, it } from 'vitest';
import { annotationsOf, layoutText, type Annotation } from '../../src/web/highlight.js';
import { addTerm, fieldTerm, periodEnd, removeTerm } from '../../src/web/query.js';
import { snippetParts } from '../../src/web/snippet.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { packageRoot } from '../../src/config/config.js';
import type { Sentence } from '../../src/understand/types.js';

const ann = (kind: Annotation['kind'], start: number, end: number): Annotation => ({
  kind,
  start,
  end,
  label: kind,
  details: [],
  confidence: 1,
  href: null,
});

const sentence = (index: number, start: number, end: number, text: string): Sentence => ({
  index,
  start,
  end,
  text: text.slice(start, end),
  kind: 'body',
  truncated: false,
});

describe('reader layout', () => {
  const text = 'Iran met Syria in Damascus. They signed.\n\nA second paragraph.';
  const sentences = [sentence(0, 0, 27, text), sentence(1, 28, 40, text), sentence(2, 42, 61, text)];

  it('covers the whole text, paragraph by paragraph, without losing or repeating a character', () => {
    const paragraphs = layoutText(text, sentences, [ann('actor', 0, 4), ann('place', 18, 26)]);
    expect(paragraphs).toHaveLength(2);
    const joined = paragraphs.map((p) => p.sentences.flatMap((s) => s.pieces.map((x) => x.text)).join(''));
    expect(joined).toEqual(['Iran met Syria in Damascus. They signed.', 'A second paragraph.']);
    expect(paragraphs[0]?.sentences.map((s) => s.index)).toEqual([0, -1, 1]);
  });

  it('cuts overlapping annotations into pieces that know everything covering them, innermost first', () => {
    const quote = ann('quote', 0, 27);
    const actor = ann('actor', 9, 14);
    const [p] = layoutText(text, sentences, [quote, actor]);
    const pieces = p!.sentences[0]!.pieces;
    expect(pieces.map((x) => x.text)).toEqual(['Iran met ', 'Syria', ' in Damascus.']);
    expect(pieces[1]?.covers).toEqual([actor, quote]);
    expect(pieces[0]?.covers).toEqual([quote]);
  });

  it('turns every kind of extraction of a real analysis into an annotation with a link where it has a page', () => {
    const analyze = createAnalyzer(loadResources(packageRoot())).analyze;
    const doc = {
      text: 'Iran’s armed forces chief of staff Mohammad Bagheri signed a military agreement in Damascus on Wednesday, saying "we will strengthen Syria’s air defences". The war has killed more than 380,000 people.',
      publishedAt: '2020-07-08',
    };
    const kinds = new Set(annotationsOf(analyze(doc)).map((a) => a.kind));
    for (const k of ['actor', 'place', 'date', 'quote', 'claim', 'event']) expect(kinds, k).toContain(k);
    const links = annotationsOf(analyze(doc)).filter((a) => a.href);
    expect(links.some((a) => a.href?.startsWith('/actors/'))).toBe(true);
    expect(links.some((a) => a.href === '/places/170654')).toBe(true);
  });

  it("says an undated event's anchored time and what it was read from (issue 17)", () => {
    const analyze = createAnalyzer(loadResources(packageRoot())).analyze;
    const text =
      'Talks stall. The war began in 2003 and the troops left in 2009. Iran’s armed forces chief of staff Mohammad Bagheri signed a military agreement in Damascus.';
    const events = annotationsOf(analyze({ text, publishedAt: null })).filter((a) => a.kind === 'event');
    expect(events.length).toBeGreaterThan(0);
    for (const e of events)
      expect(e.details).toContain(
        'Damascus, undated; set in 2009 by the latest date the text reports ("2009")',
      );
  });
});

describe('query helpers', () => {
  it('quotes field values that are not single words', () => {
    expect(fieldTerm('type', 'ASSAULT')).toBe('type:ASSAULT');
    expect(fieldTerm('actor', 'country:IRN')).toBe('actor:"country:IRN"');
    expect(fieldTerm('person', 'Mohammad "Bagheri"')).toBe('person:"Mohammad Bagheri"');
    expect(addTerm('iran', 'type:AID')).toBe('iran type:AID');
    expect(addTerm('iran type:AID', 'type:AID')).toBe('iran type:AID');
    expect(addTerm('', 'type:AID')).toBe('type:AID');
    expect(removeTerm('iran type:AID', 'type:AID')).toBe('iran');
  });

  it('ends a period on its last day', () => {
    expect(periodEnd('2020')).toBe('2020-12-31');
    expect(periodEnd('2020-02')).toBe('2020-02-29');
    expect(periodEnd('2021-02')).toBe('2021-02-28');
    expect(periodEnd('2020-07-08')).toBe('2020-07-08');
  });
});

describe('snippets', () => {
  it('become text parts, with entities decoded as text and nothing else treated as markup', () => {
    expect(snippetParts('a &lt;b&gt; <mark>air</mark> &amp; <mark>sea</mark>')).toEqual([
      { text: 'a <b> ', marked: false },
      { text: 'air', marked: true },
      { text: ' & ', marked: false },
      { text: 'sea', marked: true },
    ]);
  });
});
