import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import type { PlaceMention } from '../../src/understand/places/types.js';

// Issue 17, part 3: "Washington" → Washington, New Jersey (or Tyne and Wear) and "Obama" → Obama, Japan in
// stories about the United States. Hand-written texts in the shape of the demo-corpus failures: a column
// filed from London that names the president only by surname, and a Middle East story about US policy.

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});
const named = (text: string, surface: string): PlaceMention[] =>
  analyzer.analyze({ text, publishedAt: null, language: 'en' }).places.filter((p) => p.span.text === surface);

const COLUMN =
  'LONDON — Russia and the U.S. are talking again. Last month the Obama administration said it would press the reset button, and officials in London and across England welcomed it. None of the disputes between Washington and Moscow came from hostile intent, a British diplomat said. The Obama administration is reviewing the missile plan.';
const MIDDLE_EAST =
  'CAIRO — Nothing much emerged from the first visit to the Middle East of the new US secretary of state. We have no indication of where the policies of the Obama administration are heading. Washington seems prepared to engage Syria, and Israel obtained a promise that Washington would consult it on Iran.';
const SEATTLE =
  'SEATTLE — Heavy rain fell across Washington and Oregon on Monday, closing roads near Tacoma and Olympia. Forecasters expect more rain in Washington on Tuesday.';

describe('a story about the United States', () => {
  it('reads a surname of a known person as the person, not a town, though the full name never appears', () => {
    expect(named(COLUMN, 'Obama')).toEqual([]);
    expect(named(MIDDLE_EAST, 'Obama')).toEqual([]);
  });

  it('places "Washington" standing for the United States at its capital', () => {
    for (const text of [COLUMN, MIDDLE_EAST]) {
      const found = named(text, 'Washington');
      expect(found.length).toBeGreaterThan(0);
      for (const m of found) expect([m.place?.country, m.place?.featureCode]).toEqual(['US', 'PPLC']);
    }
  });

  it('leaves the state its own reading in a story that names no other part of the United States', () => {
    const found = named(SEATTLE, 'Washington');
    expect(found.length).toBe(2);
    for (const m of found) expect([m.place?.country, m.place?.featureCode]).toEqual(['US', 'ADM1']);
  });
});
