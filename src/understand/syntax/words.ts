import { hashString } from './hash.js';

/**
 * The forms features see. Web and news text write quotes, apostrophes and dashes typographically where the
 * treebank mostly has ASCII; folding them keeps "Syria’s" read like "Syria's". Digits fold to 0 so that
 * every number of one shape shares its statistics.
 */
export function normalForm(word: string): string {
  if (/^[A-Za-z.,'"!?:;()-]*$/.test(word)) return word;
  let w = word;
  if (/[’‘‛`´]/.test(w)) w = w.replace(/[’‘‛`´]/g, "'");
  if (/[“”„«»]/.test(w)) w = w.replace(/[“”„«»]/g, '"');
  if (/[—–]/.test(w)) w = w.replace(/[—–]/g, '--');
  if (/\d/.test(w)) w = w.replace(/\d/g, '0');
  return w;
}

/** Xxxx-style shape with runs cut at two: "McCain" → "XxXxx", "2,000" → "0,00", "U.S." → "X.X.". */
export function shape(word: string): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    const c = charClass(ch);
    if (c === last) {
      run++;
      if (run >= 2) continue;
    } else run = 0;
    last = c;
    out += c;
  }
  return out;
}

function charClass(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) {
    // ASCII without regular expressions: shapes are computed for every word the stage sees.
    if (code >= 65 && code <= 90) return 'X';
    if (code >= 97 && code <= 122) return 'x';
    if (code >= 48 && code <= 57) return '0';
    return ch;
  }
  return /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\d/.test(ch) ? '0' : ch;
}

/** Per-word hashes computed once per sentence, shared by the tagger's and the parser's features. */
export interface WordHashes {
  /** case-sensitive normal form */
  form: Uint32Array;
  /** lower-cased normal form */
  lower: Uint32Array;
  shape: Uint32Array;
  /** suffixes of length 1-4 and prefixes of length 1-3 of the lower-cased form, 7 per word */
  affix: Uint32Array;
}

export const AFFIXES = 7;

export function wordHashes(words: readonly string[]): WordHashes {
  const n = words.length;
  const form = new Uint32Array(n);
  const lower = new Uint32Array(n);
  const shp = new Uint32Array(n);
  const affix = new Uint32Array(n * AFFIXES);
  for (let i = 0; i < n; i++) {
    const f = normalForm(words[i] ?? '');
    const l = f.toLowerCase();
    form[i] = hashString(f);
    lower[i] = hashString(l);
    shp[i] = hashString(shape(f));
    const b = i * AFFIXES;
    for (let k = 1; k <= 4; k++) affix[b + k - 1] = hashString(l.length > k ? l.slice(-k) : `^${l}`);
    for (let k = 1; k <= 3; k++) affix[b + 3 + k] = hashString(l.length > k ? l.slice(0, k) : `${l}$`);
  }
  return { form, lower, shape: shp, affix };
}
