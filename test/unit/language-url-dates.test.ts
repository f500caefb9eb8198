import { describe, expect, it } from 'vitest';
import { dateFromUrl } from '../../src/collect/metadata.js';

// Publication dates in the paths of Iranian outlets, written in the Solar Hijri calendar (issue 20). The URLs
// are made up in the pattern such sites use.

describe('Solar Hijri dates in URLs', () => {
  it.each([
    ['https://news.example.ir/fa/news/1402/03/30/123456/title', '2023-06-20T00:00:00.000Z'],
    ['https://news.example.ir/1399/4/18/story', '2020-07-08T00:00:00.000Z'],
    ['https://news.example.ir/1401/12/29/x', '2023-03-20T00:00:00.000Z'],
  ])('%s', (url, want) => {
    expect(dateFromUrl(url)).toBe(want);
  });

  it('takes no date from a day the Solar Hijri month lacks, or from a number that is not a year', () => {
    expect(dateFromUrl('https://news.example.ir/1402/07/31/x')).toBeNull();
    expect(dateFromUrl('https://news.example.ir/news/1234/05/06/x')).toBeNull();
  });

  it('still reads Gregorian paths as before', () => {
    expect(dateFromUrl('https://example.com/2020/07/08/story')).toBe('2020-07-08T00:00:00.000Z');
  });
});
