import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/understand/sentences.js';
import { tokenize, tokenizeSentence } from '../../src/understand/tokens.js';
import type { Sentence } from '../../src/understand/types.js';

const seed = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);
const whole = (text: string): Sentence => ({
  index: 0,
  start: 0,
  end: text.length,
  text,
  kind: 'body',
  truncated: false,
});
const words = (text: string) => tokenizeSentence(text, whole(text)).map((t) => t.text);

describe('tokenize (CoNLL-2003 / Penn Treebank conventions)', () => {
  it.each([
    ['Syria’s air defense', ['Syria', '’s', 'air', 'defense']],
    ["Syria's allies' plans", ['Syria', "'s", 'allies', "'", 'plans']],
    [
      "They don't, can't and they're sure",
      ['They', 'do', "n't", ',', 'ca', "n't", 'and', 'they', "'re", 'sure'],
    ],
    ["O'Neill met D'Alema", ["O'Neill", 'met', "D'Alema"]],
    ['Maj. Gen. Mohammad Bagheri', ['Maj.', 'Gen.', 'Mohammad', 'Bagheri']],
    ['in the U.S. and the U.N.', ['in', 'the', 'U.S.', 'and', 'the', 'U.N.']],
    ['Oct. 20, 2017.', ['Oct.', '20', ',', '2017', '.']],
    ['killed more than 380,000 people', ['killed', 'more', 'than', '380,000', 'people']],
    ['rose 3.5% to $1.2 billion', ['rose', '3.5', '%', 'to', '$', '1.2', 'billion']],
    ['war-torn Iran-backed al-Assad', ['war-torn', 'Iran-backed', 'al-Assad']],
    [
      'the “comprehensive military-security agreement”',
      ['the', '“', 'comprehensive', 'military-security', 'agreement', '”'],
    ],
    ['dangers (and) takfiri', ['dangers', '(', 'and', ')', 'takfiri']],
    ['our will… to confront', ['our', 'will', '…', 'to', 'confront']],
    ['wait... then', ['wait', '...', 'then']],
    ['DAMASCUS (AP) — Syria', ['DAMASCUS', '(', 'AP', ')', '—', 'Syria']],
    ['forces—the army', ['forces', '—', 'the', 'army']],
    [
      'see https://example.com/a?b=1, or mail info@example.org.',
      ['see', 'https://example.com/a?b=1', ',', 'or', 'mail', 'info@example.org', '.'],
    ],
    ['@IRNA_English and #Syria', ['@IRNA_English', 'and', '#Syria']],
    ['1. Michelle Freeman', ['1.', 'Michelle', 'Freeman']],
    ['at 10:30 on 1996-08-22', ['at', '10:30', 'on', '1996-08-22']],
    ['قال، هل غادر؟', ['قال', '،', 'هل', 'غادر', '؟']],
    ['"Why?" he asked!', ['"', 'Why', '?', '"', 'he', 'asked', '!']],
  ])('%s', (input, expected) => {
    expect(words(input)).toEqual(expected);
  });

  it('keeps offsets into the whole text, tokens in order, no whitespace, every character covered', () => {
    const inputs = [seed, 'Iran’s “deal”—signed… in U.S.-led talks (AP). 3.5% rose.', 'a  b\tc\nd'];
    for (const text of inputs) {
      const sentences = splitSentences(text);
      const all = tokenize(text, sentences);
      expect(all).toHaveLength(sentences.length);
      all.forEach((tokens, i) => {
        let last = sentences[i]!.start;
        let covered = '';
        for (const t of tokens) {
          expect(text.slice(t.start, t.end)).toBe(t.text);
          expect(t.sentence).toBe(i);
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.text).not.toMatch(/\s/);
          last = t.end;
          covered += t.text;
        }
        expect(covered).toBe(sentences[i]!.text.replace(/\s/g, ''));
      });
    }
  });
});
