import { describe, expect, it } from 'vitest';
import {
  NEAR_DUPLICATE_THRESHOLD,
  canonicalizeUrl,
  contentHash,
  decodeMinhash,
  encodeMinhash,
  estimateSimilarity,
  fingerprint,
} from '../../src/collect/dedup.js';
import { CollectError } from '../../src/collect/errors.js';

describe('canonicalizeUrl', () => {
  it.each([
    [
      'https://www.Example.com/news/story?utm_source=tw&utm_medium=social#comments',
      'https://example.com/news/story',
    ],
    ['http://example.com:80/a/', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['https://m.example.com/world/iran-deal', 'https://example.com/world/iran-deal'],
    ['https://amp.example.com/world/iran-deal', 'https://example.com/world/iran-deal'],
    ['https://example.com/world/iran-deal/amp', 'https://example.com/world/iran-deal'],
    ['https://example.com/amp/world/iran-deal', 'https://example.com/world/iran-deal'],
    ['https://example.com/world/iran-deal.amp.html', 'https://example.com/world/iran-deal.html'],
    ['https://example.com/a?outputType=amp&id=3', 'https://example.com/a?id=3'],
    ['https://example.com/a?amp=1', 'https://example.com/a'],
    ['https://example.com/a?b=2&a=1&fbclid=XYZ&gclid=1', 'https://example.com/a?a=1&b=2'],
    ['https://example.com//a//b', 'https://example.com/a/b'],
    ['https://example.com/%7Euser', 'https://example.com/~user'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/?ref=home', 'https://example.com/'],
  ])('%s → %s', (input, expected) => expect(canonicalizeUrl(input)).toBe(expected));

  it('keeps file URLs and rejects other schemes', () => {
    expect(canonicalizeUrl('file:///data/a.txt#L3')).toBe('file:///data/a.txt');
    expect(() => canonicalizeUrl('javascript:alert(1)')).toThrow(CollectError);
    expect(() => canonicalizeUrl('not a url')).toThrow(CollectError);
  });
});

const STORY = [
  'Iran plans to strengthen Syria’s air defense systems as part of a military agreement between the allies, state television said on Wednesday.',
  'The deal was signed in Damascus by Iran’s armed forces chief of staff and Syria’s defense minister, according to a video published by the broadcaster.',
  'Israel has launched hundreds of strikes in Syria since the start of the civil war there in 2011, targeting government troops and allied Iranian forces.',
  'Iran has always denied sending forces to fight in Syria, saying it only has military advisors there.',
  'The joint statement also emphasized the necessity of the withdrawal of all foreign armed forces having entered Syria illegally.',
  'Along with Moscow, Tehran is one of President Bashar al-Assad’s main allies in the war that has ravaged the country since 2011.',
];
const OTHER_SYRIA = [
  'Syrian and Iranian officials met in Tehran on Monday to discuss reconstruction contracts for power plants destroyed during the war.',
  'The energy ministers agreed to study a new transmission line linking the two countries through Iraq, a plan first floated years ago.',
  'Economists said sanctions on both governments would make financing the projects difficult, and that private investors remained wary.',
  'Electricity shortages in Damascus have grown worse this winter, with many neighbourhoods receiving only a few hours of power a day.',
  'The ministers did not say when construction would start or how much the projects would cost.',
];

describe('content hash', () => {
  it('ignores whitespace, case and quote style, but not real edits', () => {
    const a = STORY.join('\n\n');
    expect(contentHash(a)).toBe(contentHash(a.replace(/’/g, "'").replace(/\n\n/g, '\n').toUpperCase()));
    expect(contentHash(a)).not.toBe(contentHash(a.replace('hundreds', 'dozens')));
  });
});

describe('MinHash fingerprints', () => {
  const original = fingerprint(STORY.join('\n\n'));

  it('gives identical texts similarity 1 and is deterministic', () => {
    expect(estimateSimilarity(original.minhash, fingerprint(STORY.join('\n\n')).minhash)).toBe(1);
    expect(Array.from(original.minhash.slice(0, 3))).toEqual(
      Array.from(fingerprint(STORY.join(' ')).minhash.slice(0, 3)),
    );
    expect(original.bands).toHaveLength(32);
  });

  it('finds a wire rewrite: new intro, a dropped paragraph, a few changed words', () => {
    const rewrite = [...STORY];
    rewrite.splice(3, 1);
    rewrite.unshift(
      'TEHRAN (Agencies) — In a move that is likely to anger Israel, officials announced a new pact.',
    );
    rewrite[1] = rewrite[1]!.replace('said', 'reported');
    const fp = fingerprint(rewrite.join('\n\n'));
    expect(estimateSimilarity(original.minhash, fp.minhash)).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
    expect(fp.bands.some((b) => original.bands.includes(b))).toBe(true);
  });

  it('keeps a different story on the same topic apart', () => {
    const fp = fingerprint(OTHER_SYRIA.join('\n\n'));
    expect(estimateSimilarity(original.minhash, fp.minhash)).toBeLessThan(0.1);
    expect(fp.bands.some((b) => original.bands.includes(b))).toBe(false);
  });

  it('gives texts too short to compare no bands', () => {
    expect(fingerprint('Breaking: explosion reported.').bands).toEqual([]);
  });

  it('round-trips through the stored encoding', () => {
    expect(Array.from(decodeMinhash(encodeMinhash(original.minhash)))).toEqual(Array.from(original.minhash));
  });
});
