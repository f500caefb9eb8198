import type { TreebankSentence } from './conllu.js';
import type { Parse } from './parser.js';

export interface AttachmentScores {
  words: number;
  /** share of words with the right head */
  uas: number;
  /** right head and right relation, subtypes ignored (nmod:poss counts as nmod), as in CoNLL 2018 */
  las: number;
  /** right head and the exact relation, subtype included */
  lasFull: number;
}

/** UAS and LAS over every word, punctuation included (the CoNLL 2018 shared-task definitions). */
export function attachmentScores(
  pairs: ReadonlyArray<{ gold: TreebankSentence; predicted: Parse }>,
  deprels: readonly string[],
): AttachmentScores {
  let words = 0;
  let uas = 0;
  let las = 0;
  let full = 0;
  const universal = (l: string): string => l.split(':')[0] ?? l;
  for (const { gold, predicted } of pairs) {
    gold.heads.forEach((h, i) => {
      words++;
      if (predicted.heads[i] !== h) return;
      uas++;
      const label = deprels[predicted.labels[i] ?? -1] ?? '';
      const want = gold.deprels[i] ?? '';
      if (label === want) full++;
      if (universal(label) === universal(want)) las++;
    });
  }
  const d = Math.max(1, words);
  return { words, uas: uas / d, las: las / d, lasFull: full / d };
}
