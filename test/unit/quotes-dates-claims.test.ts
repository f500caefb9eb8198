import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { extractClaims } from '../../src/understand/claims.js';
import { extractDates } from '../../src/understand/dates.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { splitSentences } from '../../src/understand/sentences.js';
import { tokenize } from '../../src/understand/tokens.js';

const seedText = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);

const dates = (text: string, publishedAt: string | null = '2020-07-08') =>
  extractDates({ text, sentences: splitSentences(text), publishedAt }).map((d) => [
    d.span.text,
    d.start,
    d.end,
    d.precision,
  ]);
const claims = (text: string) => {
  const sentences = splitSentences(text);
  return extractClaims({ text, sentences, tokens: tokenize(text, sentences) });
};

describe('dates, against a Wednesday 2020-07-08 publication', () => {
  it.each([
    ['state television said on Wednesday.', [['on Wednesday', '2020-07-08', '2020-07-08', 'day']]],
    ['The joint statement Wednesday also emphasized it.', [['Wednesday', '2020-07-08', '2020-07-08', 'day']]],
    ['They met on Friday.', [['on Friday', '2020-07-03', '2020-07-03', 'day']]],
    ['They will meet on Friday.', [['on Friday', '2020-07-10', '2020-07-10', 'day']]],
    ['He visited on Oct. 20, 2017.', [['Oct. 20, 2017', '2017-10-20', '2017-10-20', 'day']]],
    ['The war has ravaged the country since 2011.', [['since 2011', '2011', null, 'year']]],
    [
      'strikes since the start of a civil war there in 2011',
      [['since the start of a civil war there in 2011', '2011', null, 'year']],
    ],
    ['Prices fell between 2012 and 2014.', [['between 2012 and 2014', '2012', '2014', 'year']]],
    ['He said last week that it was over.', [['last week', '2020-06-29', '2020-07-05', 'week']]],
    ['Talks resume in the coming months.', [['in the coming months', '2020-07', null, 'month']]],
    ['the 1980s war', [['the 1980s', '1980', '1989', 'decade']]],
    ['Exports rose last year.', [['last year', '2019', '2019', 'year']]],
    ['Shelling started yesterday.', [['yesterday', '2020-07-07', '2020-07-07', 'day']]],
    ['Strikes in July killed 12.', [['July', '2020-07', '2020-07', 'month']]],
    ['Strikes in December killed 12.', [['December', '2019-12', '2019-12', 'month']]],
    ['The conflict has killed more than 380,000 people.', []],
    ['It may take time.', []],
    ['The 2,000 troops stayed.', []],
    // Counted from another event, not from the publication date.
    ['Her daughter died at the age of 17 months after the attack.', []],
    ['Two weeks later she left.', []],
  ])('%s', (text, expected) => {
    expect(dates(text)).toEqual(expected);
  });

  it('keeps absolute dates and drops relative ones when the publication date is unknown', () => {
    expect(dates('He came on Oct. 20, 2017 and left on Wednesday.', null)).toEqual([
      ['Oct. 20, 2017', '2017-10-20', '2017-10-20', 'day'],
    ]);
    // Not counted from today either: an undated 2009 story's "March 10" is not next March.
    expect(dates('The vote is on March 10. Talks resume next week and end in two months.', null)).toEqual([]);
  });

  it('finds the seed article’s dates with exact spans', () => {
    const found = extractDates({
      text: seedText,
      sentences: splitSentences(seedText),
      publishedAt: '2020-07-08',
    });
    expect(found.map((d) => [d.start, d.end])).toEqual(
      expect.arrayContaining([
        ['2017-10-20', '2017-10-20'],
        ['2020-07-08', '2020-07-08'],
        ['2011', null],
      ]),
    );
    found.forEach((d, i) => {
      expect(d.id).toBe(`t${i + 1}`);
      expect(seedText.slice(d.span.start, d.span.end)).toBe(d.span.text);
    });
  });
});

describe('numeric claims', () => {
  it('finds the seed article’s claims and nothing from years, dates or "two countries"', () => {
    const found = claims(seedText);
    expect(found.map((c) => [c.kind, c.qualifier, c.value, c.span.text])).toEqual([
      ['strikes', 'magnitude', 100, 'hundreds of strikes'],
      ['fatalities', 'more than', 380000, 'more than 380,000 people'],
      ['displaced', 'magnitude', 1_000_000, 'millions'],
    ]);
    for (const c of found) expect(seedText.slice(c.span.start, c.span.end)).toBe(c.span.text);
  });

  it.each([
    [
      'At least 12 people were killed and 30 wounded.',
      [
        ['fatalities', 'at least', 12],
        ['injured', 'exact', 30],
      ],
    ],
    ['The US pledged $1.5 billion in aid.', [['money', 'exact', 1.5e9]]],
    ['Inflation rose to 45 percent.', [['percentage', 'exact', 45]]],
    ['Some 2,000 troops were deployed.', [['troops', 'about', 2000]]],
    ['Between 10 and 20 civilians died.', [['fatalities', 'range', 10]]],
    ['Tens of thousands fled the fighting.', [['displaced', 'magnitude', 10000]]],
    ['Russia sent two S-400 batteries and 24 jets.', [['weapons', 'exact', 24]]],
    ['Resolution 2254 calls for elections in 2021.', []],
    ['The two countries signed a deal on July 8.', []],
  ])('%s', (text, expected) => {
    expect(claims(text).map((c) => [c.kind, c.qualifier, c.value])).toEqual(expected);
  });
});

describe('quotes', () => {
  let analyzer: Analyzer;
  beforeAll(() => {
    analyzer = createAnalyzer(loadResources(packageRoot()));
  });

  it('attributes the seed article’s quotes to Bagheri and to the Iranian military spokesman', () => {
    const a = analyzer.analyze({ text: seedText, publishedAt: '2020-07-08', language: 'en' });
    const speaker = (q: (typeof a.quotes)[number]) => a.actors.find((x) => x.id === q.speaker)?.actorId;
    const byText = (start: string) => a.quotes.find((q) => q.text.startsWith(start));
    expect(speaker(byText('We will strengthen Syria')!)).toBe('person:mohammad-bagheri');
    expect(byText('We will strengthen Syria')?.cue).toBe('quoted … as saying');
    expect(speaker(byText('further enhance our will')!)).toBe('person:mohammad-bagheri');
    expect(byText('further enhance our will')?.speakerSpan?.text).toBe('he');
    const spokesman = a.actors.find((x) => x.name === 'Iranian military spokesman');
    expect(spokesman?.codes).toEqual(['IRNMIL']);
    expect(byText('confront increasing dangers')?.speaker).toBe(spokesman?.id);
    // A one-word term in quotation marks is not a quote.
    expect(a.quotes.some((q) => q.text === 'takfiri')).toBe(false);
    for (const q of a.quotes) expect(seedText.slice(q.span.start, q.span.end)).toBe(q.span.text);
  });

  it('handles "X said", "said X", "according to" and quotes running over paragraphs', () => {
    const text =
      '“We are ready to talk,” Iranian Foreign Minister Mohammad Javad Zarif said on Monday.\n\n' +
      '“The doors are open,” said Sergei Lavrov.\n\n' +
      'The strikes were “a clear violation of sovereignty,” according to Bashar al-Assad.\n\n' +
      '“This is the first paragraph of a long statement.\n\n“And this is the second one,” Recep Tayyip Erdogan said.';
    const a = analyzer.analyze({ text, publishedAt: '2020-07-08' });
    const who = a.quotes.map((q) => a.actors.find((x) => x.id === q.speaker)?.actorId);
    expect(who).toEqual([
      'person:mohammad-javad-zarif',
      'person:sergei-lavrov',
      'person:bashar-al-assad',
      'person:recep-tayyip-erdogan',
    ]);
    expect(a.quotes[2]?.partial).toBe(true);
    expect(a.quotes[3]?.text).toContain('And this is the second one');
  });
});
