import { isAllCaps, isCapitalised, normaliseWord, shortShape, wordShape } from './shape.js';

/**
 * Per-token evidence the sentence alone cannot give: gazetteer matches and what the rest of the document
 * says about the same word. Computed by the caller so this module stays a pure function of its inputs.
 */
export interface TokenContext {
  /** Gazetteer features for this token, e.g. `LOC:B` when it starts a multi-word place name. */
  gazetteer: string[];
  /** True when the lower-case form is an ordinary English word (so a capital may just start a sentence). */
  commonWord: boolean;
  /** Document-level features (labels predicted for the same word elsewhere, capitalisation elsewhere). */
  document: string[];
}

const EMPTY: TokenContext = { gazetteer: [], commonWord: false, document: [] };

function affixes(out: string[], lw: string): void {
  const n = lw.length;
  for (let k = 1; k <= 4 && k < n; k++) {
    out.push(`p${k}=${lw.slice(0, k)}`);
    out.push(`s${k}=${lw.slice(n - k)}`);
  }
}

/**
 * The features of a token that depend on the word alone (identity, shapes, affixes, length, all caps): the
 * tagger caches their ids per word, since news repeats its words.
 */
export function wordFeatures(w: string): string[] {
  const lw = normaliseWord(w);
  const f = ['b', `w=${w}`, `lw=${lw}`, `sh=${shortShape(w)}`, `fs=${wordShape(w).slice(0, 6)}`];
  affixes(f, lw);
  if (isAllCaps(w)) f.push('allcaps');
  if (w.length <= 2) f.push(`len=${w.length}`);
  return f;
}

/**
 * Feature strings for every token of one sentence. The templates follow the classic news NER feature set
 * (Ratinov & Roth 2009; Stanford NER): word identity in a ±2 window, shapes, affixes, capitalisation
 * patterns, plus gazetteer and document features from the context.
 */
export function sentenceFeatures(
  words: readonly string[],
  context: readonly TokenContext[] = [],
  /** Leave out wordFeatures(), for a caller that adds them from its own cache. */
  withWordFeatures = true,
): string[][] {
  const n = words.length;
  const lower = words.map(normaliseWord);
  const shapes = words.map(shortShape);
  const capsSentence = words.filter((w) => /[A-Za-z]/.test(w)).every((w) => !/[a-z]/.test(w));
  const at = (arr: readonly string[], i: number): string =>
    i < 0 ? '<s>' : i >= n ? '</s>' : (arr[i] ?? '');
  const result: string[][] = [];
  for (let i = 0; i < n; i++) {
    const w = words[i] ?? '';
    const lw = lower[i] ?? '';
    const sh = shapes[i] ?? '';
    const ctx = context[i] ?? EMPTY;
    const f: string[] = withWordFeatures ? wordFeatures(w) : [];
    const lw1 = at(lower, i - 1);
    const lw2 = at(lower, i - 2);
    const rw1 = at(lower, i + 1);
    const rw2 = at(lower, i + 2);
    f.push(`lw-1=${lw1}`, `lw+1=${rw1}`, `lw-2=${lw2}`, `lw+2=${rw2}`);
    f.push(`lw-1|lw=${lw1}|${lw}`, `lw|lw+1=${lw}|${rw1}`);
    const sh1 = at(shapes, i - 1);
    const rsh1 = at(shapes, i + 1);
    f.push(`sh-1=${sh1}`, `sh+1=${rsh1}`, `sh-1|sh=${sh1}|${sh}`, `sh|sh+1=${sh}|${rsh1}`);
    f.push(`sh-1|sh|sh+1=${sh1}|${sh}|${rsh1}`);
    f.push(`lw-1|sh=${lw1}|${sh}`, `sh|lw+1=${sh}|${rw1}`);
    const cap = isCapitalised(w);
    if (i === 0) f.push(cap ? 'first&cap' : 'first');
    if (capsSentence) f.push(`capsSent&sh=${sh}`, `capsSent&lw=${lw}`);
    if (cap && ctx.commonWord) f.push(i === 0 ? 'cap&common&first' : 'cap&common');
    if (!cap && ctx.commonWord) f.push('lower&common');
    for (const g of ctx.gazetteer) {
      f.push(`g=${g}`, `g&cap=${g}|${cap ? 1 : 0}`);
    }
    const prev = context[i - 1];
    const next = context[i + 1];
    if (prev) for (const g of prev.gazetteer) f.push(`g-1=${g}`);
    if (next) for (const g of next.gazetteer) f.push(`g+1=${g}`);
    for (const d of ctx.document) f.push(`d=${d}`);
    result.push(f);
  }
  return result;
}
