import { aliasKey } from '../actors/normalise.js';
import type { Token } from '../types.js';
import { ARABIC_LETTER, encliticReadings, normalizeArabicScript, procliticReadings } from './normalize.js';

/**
 * Phrase matching over Arabic-script tokens (issue 20): the text is tokenised as written, each word is read
 * whole and with its joined prefixes (و ف ب ل ك, ال) and Persian suffixes after a zero-width non-joiner split
 * off, and the readings are keyed like the dictionary's names. A match's offsets come from the tokens and the
 * prefix length in the word as written, so its span is the name in the original text without "و" or "ب".
 */

/** The key names are matched by: the actor key (actors/normalise.ts) over the Arabic-script folds. */
export function phraseKey(surface: string): string {
  return aliasKey(normalizeArabicScript(surface));
}

/** A set of phrase keys and the longest phrase in words. */
export interface PhraseIndex {
  has(key: string): boolean;
  readonly maxWords: number;
  /** First words of the phrases: a word no phrase starts with is not looked up further. */
  startsPhrase?(word: string): boolean;
}

/** The Arabic-script keys among `keys`, with the longest in words. */
export function arabicScriptIndex(keys: Iterable<string>): PhraseIndex & { keys: Set<string> } {
  const set = new Set<string>();
  const firsts = new Set<string>();
  let maxWords = 1;
  for (const k of keys) {
    if (!ARABIC_LETTER.test(k)) continue;
    set.add(k);
    const words = k.split(' ');
    firsts.add(words[0] ?? '');
    maxWords = Math.max(maxWords, words.length);
  }
  return {
    keys: set,
    has: (k) => set.has(k),
    startsPhrase: (w) => firsts.has(w),
    maxWords: Math.min(maxWords, 8),
  };
}

export interface PhraseMatch {
  sentence: number;
  /** Token range, end exclusive. */
  tokenStart: number;
  tokenEnd: number;
  /** Offsets into the article text of the name without joined prefixes or suffixes. */
  start: number;
  end: number;
  key: string;
}

/** A word token of Arabic script (not punctuation, not Latin). */
export function isArabicWord(t: Token | undefined): t is Token {
  return !!t && ARABIC_LETTER.test(t.text);
}

interface Reading {
  key: string;
  start: number;
  end: number;
}

/**
 * One token read as the first word of a phrase: whole, then with its joined prefixes off. `single`: the
 * phrase is this one word, so a Persian suffix may come off and the rest must keep three letters.
 */
function firstReadings(t: Token, single: boolean): Reading[] {
  const out: Reading[] = [];
  for (const r of procliticReadings(t.text, single ? 3 : 2)) {
    const start = t.start + r.offset;
    const restored = r.rest.length - (t.text.length - r.offset); // "ال" given back after "لل"
    for (const len of single ? encliticReadings(r.rest) : [r.rest.length]) {
      out.push({ key: phraseKey(r.rest.slice(0, len)), start, end: start + len - restored });
    }
  }
  return out;
}

/** One token read as the last word of a phrase: whole, then with a Persian suffix off. */
function lastReadings(t: Token): Reading[] {
  return encliticReadings(t.text).map((len) => ({
    key: phraseKey(t.text.slice(0, len)),
    start: t.start,
    end: t.start + len,
  }));
}

/**
 * Longest phrases of `index` in each sentence's Arabic-script tokens, left to right, not overlapping each
 * other or any range `taken` reports. A longer phrase wins over a shorter one; for one length, the word as
 * written wins over a reading with a prefix split off.
 */
export function scanPhrases(
  tokens: readonly (readonly Token[])[],
  index: PhraseIndex,
  taken: (start: number, end: number) => boolean = () => false,
): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  tokens.forEach((sent, s) => {
    const keys = sent.map((t) => (isArabicWord(t) ? phraseKey(t.text) : null));
    // Readings per token, made once: as a phrase's first word (with and without a Persian suffix off), last.
    const firsts = new Map<string, Reading[]>();
    const firstOf = (i: number, t: Token, single: boolean): Reading[] => {
      const k = `${i}:${single}`;
      let r = firsts.get(k);
      if (!r) firsts.set(k, (r = firstReadings(t, single)));
      return r;
    };
    const lastsOf = new Map<number, Reading[]>();
    for (let i = 0; i < sent.length; i++) {
      const first = sent[i];
      if (!isArabicWord(first)) continue;
      let matched = 0;
      for (let n = Math.min(index.maxWords, sent.length - i); n >= 1 && !matched; n--) {
        const inner = keys.slice(i + 1, i + n - 1);
        if (inner.some((k) => k === null)) continue;
        const last = n > 1 ? sent[i + n - 1] : undefined;
        if (n > 1 && !isArabicWord(last)) continue;
        const starts = firstOf(i, first, n === 1).filter(
          (f) => n === 1 || !index.startsPhrase || index.startsPhrase(f.key.split(' ')[0] ?? ''),
        );
        if (starts.length === 0) continue;
        let lasts: Array<Reading | null> = [null];
        if (last) {
          let l = lastsOf.get(i + n - 1);
          if (!l) lastsOf.set(i + n - 1, (l = lastReadings(last)));
          lasts = l;
        }
        for (const f of starts) {
          for (const l of lasts) {
            const key = [f.key, ...inner, ...(l ? [l.key] : [])].join(' ');
            if (!index.has(key)) continue;
            const end = l ? l.end : f.end;
            if (taken(f.start, end)) continue;
            out.push({ sentence: s, tokenStart: i, tokenEnd: i + n, start: f.start, end, key });
            matched = n;
            break;
          }
          if (matched) break;
        }
      }
      if (matched) i += matched - 1;
    }
  });
  return out;
}

/** Every reading key of a token as a first word (prefixes off), for single-word look-ups. */
export function wordReadings(t: Token): Reading[] {
  return firstReadings(t, true);
}
