import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { anchorFor, timeAnchors } from '../../src/understand/dates/anchor.js';
import { extractDates } from '../../src/understand/dates.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { analysisSchema } from '../../src/understand/schema.js';
import { splitSentences } from '../../src/understand/sentences.js';
import type { TimeAnchor } from '../../src/understand/types.js';

// Issue 17, part 4: the time anchors the dates stage stores in the Analysis, each with the words it was read
// from, so an undated article's events can be placed in time and the reader can say why.

const anchorsOf = (text: string, publishedAt: string | null = null): TimeAnchor[] => {
  const sentences = splitSentences(text);
  return timeAnchors(text, sentences, extractDates({ text, sentences, publishedAt }), publishedAt);
};

/** Every evidence span is the text it claims, inside the sentence it names. */
function expectEvidenceInText(text: string, anchors: readonly TimeAnchor[]): void {
  const sentences = splitSentences(text);
  for (const a of anchors) {
    if (!a.evidence) continue;
    expect(text.slice(a.evidence.start, a.evidence.end)).toBe(a.evidence.text);
    const s = sentences[a.evidence.sentence];
    expect(s && s.start <= a.evidence.start && a.evidence.end <= s.end).toBe(true);
  }
}

describe('time anchors', () => {
  it("puts the article's anchor first and gives each sentence that dates itself its own", () => {
    const text =
      'Talks resume. CAIRO, Oct. 20, 2009 — Egypt said talks would resume. The last round failed in March 2008. Officials were hopeful.';
    const anchors = anchorsOf(text);
    expect(anchors[0]).toMatchObject({
      sentence: null,
      value: '2009-10-20',
      source: 'dateline',
      dateRef: null,
    });
    expect(anchors[0]?.evidence?.text).toBe('Oct. 20, 2009');
    const march = anchors.find((a) => a.source === 'sentence' && a.value === '2008-03');
    expect(march?.evidence?.text).toContain('March 2008');
    expect(march?.dateRef).toMatch(/^t\d+$/);
    // "Officials were hopeful." states no date: it speaks from the article's anchor.
    const last = splitSentences(text).length - 1;
    expect(anchorFor(anchors, last)).toBe(anchors[0]);
    expect(anchorFor(anchors, march?.sentence ?? -1)).toBe(march);
    expectEvidenceInText(text, anchors);
  });

  it('anchors an undated article at the latest year its text reports, and says where it read it', () => {
    const text =
      'The Egyptian president spoke to parliament. The war began in 2003, and the troops left in 2009. Nobody expects a change.';
    const anchors = anchorsOf(text);
    expect(anchors[0]).toMatchObject({ sentence: null, value: '2009', precision: 'year', source: 'text' });
    expect(anchors[0]?.evidence).toMatchObject({ sentence: 1, text: '2009' });
    expectEvidenceInText(text, anchors);
  });

  it("takes the page's publication date, which no words of the text carry", () => {
    const anchors = anchorsOf('Shares fell on Monday.', '2020-07-08T10:00:00Z');
    expect(anchors[0]).toEqual({
      sentence: null,
      value: '2020-07-08',
      precision: 'day',
      source: 'published',
      dateRef: null,
      evidence: null,
    });
    // "Monday" dates its sentence against the publication day.
    expect(anchors[1]).toMatchObject({ sentence: 0, value: '2020-07-06', source: 'sentence' });
  });

  it('has nothing to anchor an article that states no date', () => {
    const anchors = anchorsOf('Shares fell on Monday. Traders were nervous.');
    expect(anchors).toEqual([]);
    expect(anchorFor(anchors, 0)).toBeNull();
  });
});

describe('the Analysis', () => {
  let analyzer: Analyzer;
  beforeAll(() => {
    analyzer = createAnalyzer(loadResources(packageRoot()));
  });

  it("stores the anchors, valid against the schema, and an undated article's events read against them", () => {
    const text =
      'Cairo talks. By JANE DOE Staff Writer March 30, 2009 CAIRO — Egypt accused Israel of violating the truce on Sunday. ' +
      'Israeli jets struck Gaza in January 2009, officials said.';
    const a = analyzer.analyze({ text, language: 'en', publishedAt: null });
    expect(analysisSchema.safeParse(a).success).toBe(true);
    const anchors = a.timeAnchors ?? [];
    expect(anchors[0]).toMatchObject({ sentence: null, value: '2009-03-30', source: 'byline' });
    expect(anchors[0]?.evidence?.text).toBe('March 30, 2009');
    expectEvidenceInText(text, anchors);
    expect(a.events.length).toBeGreaterThan(0);
    for (const e of a.events) {
      const anchor = anchorFor(anchors, e.span.sentence);
      expect(anchor).not.toBeNull();
      if (e.dateRef) expect(anchor?.dateRef).toBe(e.dateRef);
    }
  });
});
