import { describe, expect, it } from 'vitest';
import { parseSearchQuery, snippetToHtml, MARK_OPEN, MARK_CLOSE } from '../../src/store/search-query.js';

describe('parseSearchQuery', () => {
  it.each([
    ['air defense', '"air" AND "defense"'],
    ['"air defense" Syria', '"air defense" AND "Syria"'],
    ['Iran OR Syria', '("Iran" OR "Syria")'],
    ['Iran -Israel', '"Iran" NOT "Israel"'],
    ['Iran NOT Israel', '"Iran" NOT "Israel"'],
    ['Hezbol*', '"Hezbol"*'],
    ['al-Assad', '"al-Assad"'],
    ['دمشق', '"دمشق"'],
    ['"unterminated phrase', '"unterminated phrase"'],
    ['AND OR', null],
    ['-only', null],
    ['  ', null],
    ['(){}^:', null],
    ['a"b', '"a b"'],
  ])('%s → %s', (input, expected) => {
    expect(parseSearchQuery(input).match).toBe(expected);
  });
});

describe('snippetToHtml', () => {
  it('escapes article text and only then marks matches', () => {
    const raw = `<script>x</script> ${MARK_OPEN}air${MARK_CLOSE} & "defense"`;
    expect(snippetToHtml(raw)).toBe(
      '&lt;script&gt;x&lt;/script&gt; <mark>air</mark> &amp; &quot;defense&quot;',
    );
  });
});
