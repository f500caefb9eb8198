import { isAbbreviation } from './abbreviations.js';
import type { Sentence, Token } from './types.js';

// Tokens in the Penn Treebank / CoNLL-2003 convention the entity tagger was trained on: punctuation and
// clitics split off, abbreviations, numbers, hyphenated words, URLs and handles kept whole. Every token
// keeps its offsets into the article text.

const OPENERS = new Set(['(', '[', '{', '"', '“', '‘', '«', "'", '¿', '¡']);
const TRAILING = new Set([
  ')',
  ']',
  '}',
  '"',
  '”',
  '’',
  "'",
  ',',
  ';',
  ':',
  '?',
  '!',
  '.',
  '»',
  '،',
  '؛',
  '؟',
  '۔',
]);
const CLITIC = /(?:['’](?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)|n['’]t|N['’]T)$/;
const URLISH = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+$|^[\w.+-]+@[\w-]+\.[\w.-]+$/i;
const DASHES = /(--+|—|–)/;

interface Piece {
  start: number;
  end: number;
}

/** Splits one whitespace-free chunk at [start, end) of `text` into token pieces. */
function splitChunk(text: string, start: number, end: number, first: boolean, out: Piece[]): void {
  // Dashes inside a chunk ("forces—the", "Iran--Syria") separate words, unlike hyphens.
  const chunk = text.slice(start, end);
  const dash = DASHES.exec(chunk);
  if (dash && chunk.length > dash[0].length) {
    const at = start + dash.index;
    if (dash.index > 0) splitChunk(text, start, at, first, out);
    out.push({ start: at, end: at + dash[0].length });
    if (at + dash[0].length < end) splitChunk(text, at + dash[0].length, end, false, out);
    return;
  }
  const lead: Piece[] = [];
  const trail: Piece[] = [];
  let s = start;
  let e = end;
  while (s < e && OPENERS.has(text[s] ?? '') && !(text[s] === "'" && /^'\d\d\b/.test(text.slice(s, e)))) {
    lead.push({ start: s, end: s + 1 });
    s++;
  }
  if (s < e && text[s] === '$' && /\d/.test(text[s + 1] ?? '')) {
    lead.push({ start: s, end: s + 1 });
    s++;
  }
  for (;;) {
    if (s >= e) break;
    const word = text.slice(s, e);
    if (URLISH.test(word.replace(/[.,;:)\]]+$/, '')) && !/[.,;:)\]]$/.test(word)) break;
    if (word.endsWith('...')) {
      trail.unshift({ start: e - 3, end: e });
      e -= 3;
      continue;
    }
    const last = text[e - 1] ?? '';
    if (last === '.') {
      // "U.S." and "Gen." keep their period; so does an abbreviation closing the sentence (CoNLL style).
      if (isAbbreviation(word) && word.length > 1) break;
      // A list number opening a line ("1. Michelle Freeman") is one token, as in CoNLL.
      if (first && /^\d{1,3}\.$/.test(word)) break;
      trail.unshift({ start: e - 1, end: e });
      e--;
      continue;
    }
    if (last === '…' || (TRAILING.has(last) && !(last === "'" && /[sS]'$/.test(word) && word.length > 2))) {
      trail.unshift({ start: e - 1, end: e });
      e--;
      continue;
    }
    if (last === "'" || last === '’') {
      // Plural possessive: "allies'" → "allies", "'".
      trail.unshift({ start: e - 1, end: e });
      e--;
      continue;
    }
    if (last === '%' && e - 1 > s) {
      trail.unshift({ start: e - 1, end: e });
      e--;
      continue;
    }
    break;
  }
  if (s < e) {
    const word = text.slice(s, e);
    const clitic = CLITIC.exec(word);
    if (clitic && clitic.index > 0 && !URLISH.test(word)) {
      out.push(...lead, { start: s, end: s + clitic.index }, { start: s + clitic.index, end: e }, ...trail);
      return;
    }
    out.push(...lead, { start: s, end: e }, ...trail);
    return;
  }
  out.push(...lead, ...trail);
}

/** Tokens of one sentence, with offsets into the whole text. */
export function tokenizeSentence(text: string, sentence: Sentence): Token[] {
  const pieces: Piece[] = [];
  const re = /\S+/g;
  const body = text.slice(sentence.start, sentence.end);
  let m: RegExpExecArray | null;
  const chunks: Piece[] = [];
  while ((m = re.exec(body)) !== null)
    chunks.push({ start: sentence.start + m.index, end: sentence.start + m.index + m[0].length });
  chunks.forEach((c, i) => splitChunk(text, c.start, c.end, i === 0, pieces));
  return pieces
    .filter((p) => p.end > p.start)
    .map((p) => ({ text: text.slice(p.start, p.end), start: p.start, end: p.end, sentence: sentence.index }));
}

export function tokenize(text: string, sentences: readonly Sentence[]): Token[][] {
  return sentences.map((s) => tokenizeSentence(text, s));
}
