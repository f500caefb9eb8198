import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';

// Issue 17, part 3: toponyms the tagger misses. Hand-written local-news sentences in the shape of LGL's
// misses (streets, a town the tagger calls a person or an organisation once it has been named as a place).

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});
const spans = (text: string): string[] =>
  analyzer.analyze({ text, publishedAt: null, language: 'en' }).places.map((p) => p.span.text);

describe('street names', () => {
  it('finds named streets, with their direction and abbreviation, and not the town inside one', () => {
    const found = spans(
      'Crews will close Danielsville Road between Berry Lane and North Nokomis Street on Monday. A fire broke out at 775 Main St., near Washington Drive, in Athens, Ga.',
    );
    for (const street of [
      'Danielsville Road',
      'Berry Lane',
      'North Nokomis Street',
      'Main St.',
      'Washington Drive',
    ])
      expect(found).toContain(street);
    expect(found).not.toContain('Washington');
    expect(found).toContain('Athens');
  });

  it('takes a numbered county road whole and leaves an owner out of the name', () => {
    const found = spans(
      "A culvert on County Road 96 washed out. Police went to Warden's Memphis Street home.",
    );
    expect(found).toContain('County Road 96');
    expect(found).toContain('Memphis Street');
    expect(found.some((s) => s.includes('Warden'))).toBe(false);
  });

  it('leaves a street inside a longer name and a word like "Lane" alone', () => {
    const found = spans(
      'The winning letter came from a pupil at Pleasant Lane School. Lane closures continue.',
    );
    expect(found.filter((s) => /Lane/.test(s))).toEqual([]);
  });
});

describe('states after places and counties in lists', () => {
  it('finds the state after a dateline the tagger folded into a name', () => {
    const found = spans(
      'Pig-kissing contest. CHARLESTON, W.Va. -- Jim McMillon of the Lions Club won the chance.',
    );
    expect(found).toContain('W.Va.');
  });

  it('finds each county of a list ending "counties"', () => {
    const found = spans('Area girls from Cooke, Grayson and Love counties will ride in the rodeo.');
    for (const county of ['Cooke', 'Grayson', 'Love']) expect(found).toContain(county);
  });

  it('does not take a list of people before "counties"', () => {
    const found = spans('Smith, Jones and Brown visited several counties on Monday.');
    expect(found.filter((s) => /Smith|Jones|Brown/.test(s))).toEqual([]);
  });
});

describe('one sense per article', () => {
  it('keeps a town found as a place a place where the tagger reads it as a person or organisation', () => {
    const text =
      'Police in Roselle, Ill., stepped up patrols. Roselle police ticketed hundreds of drivers. The grant money Roselle police received paid for overtime.';
    expect(spans(text).filter((s) => s === 'Roselle').length).toBe(3);
  });

  it('finds the place opening or closing an organisation named after it', () => {
    const text =
      'Rodeo Gainesville looks for a queen. The Gainesville Riding Club will host Rodeo Gainesville in Gainesville, Texas, in May.';
    const at = analyzer
      .analyze({ text, publishedAt: null, language: 'en' })
      .places.filter((p) => p.span.text === 'Gainesville')
      .map((p) => p.span.start);
    expect(at).toEqual([6, 41, 81, 96]);
  });

  it('does not make a person of the story a place', () => {
    const found = spans(
      'Sheriff Tom Lincoln spoke in Lincoln, Neb., on Monday. Lincoln said the roads were clear.',
    );
    expect(found.filter((s) => s === 'Lincoln').length).toBe(1);
  });
});
