import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { latestReportedTime, recoverPublished, timeAnchor } from '../../src/understand/dates/anchor.js';
import { extractDates } from '../../src/understand/dates.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { splitSentences } from '../../src/understand/sentences.js';

// Issue 17, part 4: an undated article's time comes from its own text, and an office holder named by title
// is looked up in that time, never in today's.

describe('publication dates printed in the text', () => {
  it.each([
    [
      'byline',
      'Family opens shop. By KENT MALLETT Advocate Reporter March 30, 2009 NEWARK Wess Henry…',
      '2009-03-30',
    ],
    [
      'byline',
      'Pothole crews. Christine Rook clrook@lsj.com March 24, 2009 From Lansing State Journal. Crews…',
      '2009-03-24',
    ],
    [
      'byline',
      'Utilities seek rises. David Eggert Associated Press March 23, 2009 From Lansing…',
      '2009-03-23',
    ],
    [
      'dateline',
      'Talks resume. CAIRO, Oct. 20, 2009 — Egypt said on Tuesday that talks would resume.',
      '2009-10-20',
    ],
    ['dateline', 'Edmonton, Ky. (November 28, 2016) – KSP Post 15 received a call.', '2016-11-28'],
    ['updated', 'Markets fall.\nUpdated 10:32 AM EDT, 23 March 2009\nShares fell on Monday.', '2009-03-23'],
  ])('reads a %s', (source, text, day) => {
    const found = recoverPublished(text);
    expect(found).toMatchObject({ value: day, precision: 'day', source });
    // The evidence is the printed date itself.
    expect(text.slice(found?.evidence?.start, found?.evidence?.end)).toMatch(/^\w+[ .].*\d{4}$/);
  });

  it('does not take a date the body reports for the publication date', () => {
    expect(
      recoverPublished('Olson is seen in a Tuesday, March 17, 2009 photo released by the police.'),
    ).toBeNull();
    const late = `${'The council met. '.repeat(30)}CAIRO, Oct. 20, 2009 — the talks went on.`;
    expect(recoverPublished(late)).toBeNull();
  });

  it('rejects dates that are not on the calendar', () => {
    expect(recoverPublished('By JANE DOE Staff Writer February 30, 2009 — text')).toBeNull();
  });

  it('anchors relative dates on the recovered date', () => {
    const text = 'Talks resume. CAIRO, Oct. 20, 2009 — Egypt said on Monday that talks would resume.';
    const dates = extractDates({ text, sentences: splitSentences(text), publishedAt: null });
    const monday = dates.find((d) => d.span.text.includes('Monday'));
    expect(monday?.start).toBe('2009-10-19');
  });
});

describe('the latest time the text reports', () => {
  it('takes the latest year or full date', () => {
    const text = 'The war began in 2003. In 2009 the troops left; a deal of 2006 held.';
    expect(latestReportedTime(text)).toEqual({
      value: '2009',
      precision: 'year',
      source: 'text',
      evidence: { start: text.indexOf('2009'), end: text.indexOf('2009') + 4 },
    });
    expect(
      latestReportedTime('Elections in 2009 were held on June 12, 2009, after a vote in 2005.')?.value,
    ).toBe('2009-06-12');
  });

  it('skips years the text looks forward to and numbers that only look like years', () => {
    const text =
      'He came to power in 1981. The plan runs until 2030 and costs $2015 a head; 2016 people marched.';
    expect(latestReportedTime(text)?.value).toBe('1981');
    expect(latestReportedTime('No year here, only 12 people.')).toBeNull();
  });

  it('prefers the page date to anything in the text', () => {
    expect(timeAnchor('In 2009 …', '2020-07-08T10:00:00Z')).toEqual({
      value: '2020-07-08',
      precision: 'day',
      source: 'published',
      evidence: null,
    });
  });
});

describe('office holders named by title', () => {
  let analyzer: Analyzer;
  beforeAll(() => {
    analyzer = createAnalyzer(loadResources(packageRoot()));
  });
  const holder = (text: string, publishedAt: string | null = null) => {
    const a = analyzer.analyze({ text, language: 'en', publishedAt });
    expect(Object.values(a.stages).filter((s) => s.error)).toEqual([]);
    const sisi = a.actors.find((x) => x.actorId === 'person:abdel-fattah-el-sisi');
    const mention = a.actorMentions.find((m) => m.actor === sisi?.id && m.via === 'title');
    return { sisi, mention };
  };
  const OP_ED =
    'The Egyptian president has ruled since 1981. In 2009, the Egyptian president met opposition leaders in Cairo.';

  it('never links a holder outside their term when the text gives a year', () => {
    expect(holder(OP_ED).sisi).toBeUndefined();
  });

  it('links the holder of the page date with full confidence', () => {
    const { mention } = holder('The Egyptian president met opposition leaders in Cairo.', '2020-07-08');
    expect(mention?.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it("links today's holder with low confidence when the article states no date", () => {
    const { mention } = holder('The Egyptian president met opposition leaders in Cairo.');
    expect(mention).toBeDefined();
    expect(mention?.confidence).toBeLessThan(0.5);
  });

  it('links the holder in office in the latest year the text reports', () => {
    const { mention } = holder('In 2019, the Egyptian president met opposition leaders in Cairo.');
    expect(mention?.confidence).toBeGreaterThan(0.5);
    expect(mention?.confidence).toBeLessThan(0.7);
  });
});
