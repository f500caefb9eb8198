import { describe, expect, it } from 'vitest';
import { storyGeography } from '../../src/web/geography.js';
import type { PlaceMention } from '../../src/understand/types.js';

const mention = (
  text: string,
  place: { name: string; country: string; admin1: string | null; featureCode: string } | null,
): PlaceMention => ({
  id: `p-${text}`,
  span: { sentence: 0, start: 0, end: text.length, text },
  entity: null,
  source: 'tagger',
  place: place && { id: '1', geonameId: 1, lat: 0, lon: 0, featureClass: 'P', ...place },
  candidates: 3,
  confidence: 0.9,
});

describe("the reader's story geography", () => {
  it('counts countries and divisions, names a division the story names, and lists each name once', () => {
    const g = storyGeography([
      mention('Atlanta', { name: 'Atlanta', country: 'US', admin1: 'GA', featureCode: 'PPLA' }),
      mention('Georgia', { name: 'Georgia', country: 'US', admin1: 'GA', featureCode: 'ADM1' }),
      mention('Atlanta', { name: 'Atlanta', country: 'US', admin1: 'GA', featureCode: 'PPLA' }),
      mention('Alabama', { name: 'Alabama', country: 'US', admin1: 'AL', featureCode: 'ADM1' }),
      mention('Canada', { name: 'Canada', country: 'CA', admin1: '00', featureCode: 'PCLI' }),
      mention('Elm Street', null),
    ]);
    expect(g.countries).toEqual([
      ['US', 4],
      ['CA', 1],
    ]);
    expect(g.admins).toEqual([
      ['US.GA', { label: 'Georgia', count: 3 }],
      ['US.AL', { label: 'Alabama', count: 1 }],
    ]);
    expect(g.names.map((n) => [n.place.span.text, n.mentions])).toEqual([
      ['Atlanta', 2],
      ['Georgia', 1],
      ['Alabama', 1],
      ['Canada', 1],
      ['Elm Street', 1],
    ]);
  });
});
