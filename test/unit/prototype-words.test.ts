import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeCharset } from '../../src/collect/charset.js';
import { discoverFeeds } from '../../src/collect/feeds.js';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { analysisSchema } from '../../src/understand/schema.js';

// Words an object literal answers for although nobody put them there: `word in {}` and `{}[word]` see
// Object.prototype. A news article saying "constructor" once used to kill the whole analysis (issue 15).
const PROTOTYPE_WORDS = [
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  'length',
  'name',
  'caller',
  'arguments',
  'apply',
  'call',
  'bind',
];

/** The word in the positions dictionaries are consulted: after numbers, number words, titles, demonyms. */
function textWith(word: string): string {
  const cap = word.charAt(0).toUpperCase() + word.slice(1);
  return [
    `DAMASCUS, July 8 (Reuters) - ${cap} said 3 ${word} were killed on Monday.`,
    `Syrian ${word} and Iranian ${word}s launched two ${word} strikes, hundreds of ${word} fled.`,
    `Between 10 and ${word} people were displaced, about 5 ${word} ${word} of ${word}.`,
    `"${cap} ${word}," the ${word} minister told ${word} forces in ${cap} on ${word} ${word}.`,
    `More than $1.5 ${word} was pledged, ${word} percent of it by ${cap} ${cap}.`,
    `Iran's ${word} condemned ${cap}, the ${cap} County ${word}, ${word} 12, 2020.`,
    `Iranian ${word} attacked the base. Iranian military ${word} spoke. Turkish ${word} forces ${word}.`,
    `${cap}, ${cap} — Iranian troops attacked ${cap} and ${word} since ${word} 2011.`,
    `The ${word}s of ${cap} said ${word} ${word} ${word}: ${word}; (${word}) [${word}] «${word}» „${word}“.`,
  ].join('\n\n');
}

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});

describe('prototype words in the text', () => {
  it.each(PROTOTYPE_WORDS)('every stage reads "%s" as an ordinary word', (word) => {
    const a = analyzer.analyze({ text: textWith(word), publishedAt: '2020-07-08', language: 'en' });
    const failed = Object.entries(a.stages).filter(([, s]) => s.error || s.skipped);
    expect(failed).toEqual([]);
    expect(analysisSchema.safeParse(a).success).toBe(true);
    for (const c of a.claims) {
      expect(c.value === null || Number.isFinite(c.value)).toBe(true);
      expect(c.valueMax === null || Number.isFinite(c.valueMax)).toBe(true);
    }
    // A prototype word is nobody's sector or collective: no function's source in an id or a code.
    expect(JSON.stringify(a)).not.toMatch(/\[native code\]|function \w*\(/);
    for (const actor of a.actors) for (const code of actor.codes) expect(code).toMatch(/^[A-Z0-9]+$/);
  });
});

describe('prototype words in what collect reads', () => {
  it.each(PROTOTYPE_WORDS)('a charset label "%s" is unknown', (word) => {
    expect(normalizeCharset(word)).toBe(iconv.encodingExists(word) ? word.toLowerCase() : null);
  });

  it.each(PROTOTYPE_WORDS)('a link of type "%s" is no feed', (word) => {
    const html = `<html><head><link rel="alternate" type="${word}" href="/x">
      <link rel="alternate" type="application/rss+xml" href="/rss"></head></html>`;
    expect(discoverFeeds(html, 'https://example.org/')).toEqual(['https://example.org/rss']);
  });
});
