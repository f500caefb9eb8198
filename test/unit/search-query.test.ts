import { describe, expect, it } from 'vitest';
import { snippetToHtml, MARK_OPEN, MARK_CLOSE } from '../../src/store/search-query.js';

describe('snippetToHtml', () => {
  it('escapes article text and only then marks matches', () => {
    const raw = `<script>x</script> ${MARK_OPEN}air${MARK_CLOSE} & "defense"`;
    expect(snippetToHtml(raw)).toBe(
      '&lt;script&gt;x&lt;/script&gt; <mark>air</mark> &amp; &quot;defense&quot;',
    );
  });
});
