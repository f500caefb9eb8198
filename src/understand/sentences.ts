import {
  DATE_ABBREVIATIONS,
  DOTTED,
  isAbbreviation,
  OTHER_ABBREVIATIONS,
  SENTENCE_STARTERS,
  TITLES,
  bareWord,
} from './abbreviations.js';
import { defineStage, type StageFactory } from './stage.js';
import { tokenize } from './tokens.js';
import type { Sentence, SentenceKind } from './types.js';

// Sentence splitting for news prose: one linear scan per paragraph, with the decisions that trip generic
// splitters (abbreviations, initials, quotes, ellipses, captions, cut-off bodies) made explicit below.

const TERMINAL = new Set(['.', '!', '?', '…', '؟', '۔']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»', '}']);
const SPACE = /\s/;

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE_LINE = new RegExp(
  `^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+)?(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}\\s+${MONTH},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4})(?:[,\\s]+\\d{1,2}:\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s+[A-Z]{2,4})?)?\\.?$`,
  'i',
);
const CREDIT =
  /\((?:[^()]*\b(?:AP|AFP|Reuters|Photo|photo|Getty|Images|EPA|Anadolu|SANA|IRNA|Xinhua|File|Courtesy|Handout)\b[^()]*)\)\s*$/;
const CAPTION_PREFIX = /^(?:file\s+)?(?:photo|image|picture|video)\s*:/i;
const COMPLETE = /(?:[.!?…؟۔:;]["'”’)\]»]*|\))$/;

interface Range {
  start: number;
  end: number;
}

/** Trims whitespace off a range. */
function trim(text: string, start: number, end: number): Range {
  while (start < end && SPACE.test(text[start] ?? '')) start++;
  while (end > start && SPACE.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/**
 * Paragraphs are separated by blank lines. A single line break also ends one when the line before is a
 * short unpunctuated line (a heading or a date above the text) rather than prose wrapped at a margin.
 */
function paragraphs(text: string): Range[] {
  const out: Range[] = [];
  const re = /\n[ \t\r]*\n|\n/g;
  let from = 0;
  let m: RegExpExecArray | null;
  const push = (end: number): void => {
    const r = trim(text, from, end);
    if (r.end > r.start) out.push(r);
  };
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '\n') {
      const line = trim(text, text.lastIndexOf('\n', m.index - 1) + 1, m.index);
      const content = text.slice(line.start, line.end);
      const words = content.split(/\s+/).filter(Boolean).length;
      const next = text.slice(m.index + 1).trimStart()[0] ?? '';
      const hardBreak =
        content.length > 0 &&
        content.length < 60 &&
        words <= 10 &&
        !/[,;:\-–—]$/.test(content) &&
        (!/[a-z]$/.test(content) || DATE_LINE.test(content) || /^[A-Z0-9"“(]/.test(content)) &&
        /[A-Z0-9"“(\u0600-\u06ff]/.test(next);
      if (!hardBreak) continue;
    }
    push(m.index);
    from = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

function paragraphKind(content: string): SentenceKind {
  if (content.length <= 60 && DATE_LINE.test(content)) return 'dateline';
  if (CAPTION_PREFIX.test(content) || CREDIT.test(content)) return 'caption';
  const words = content.split(/\s+/).filter(Boolean);
  if (words.length <= 12 && !/[.!?…:;,؟۔"”']$/.test(content) && /^[\p{Lu}\d"“]/u.test(content))
    return 'heading';
  return 'body';
}

/** The word that ends at `end` (exclusive), without opening quotes or brackets. */
function wordBefore(text: string, from: number, end: number): string {
  let s = end;
  while (s > from && !SPACE.test(text[s - 1] ?? '')) s--;
  return text.slice(s, end).replace(/^["'“‘([«]+/, '');
}

function wordAt(text: string, at: number, end: number): string {
  let e = at;
  while (e < end && !SPACE.test(text[e] ?? '')) e++;
  return text.slice(at, e).replace(/^["'“‘([«]+/, '');
}

function startsSentence(ch: string): boolean {
  if (/[\p{Lu}\d"“‘«[]/u.test(ch)) return true;
  // Letters without case (Arabic, Persian) start sentences too; lower-case Latin letters do not.
  return /\p{L}/u.test(ch) && ch.toLowerCase() === ch.toUpperCase();
}

/** Decides whether the punctuation run text[at, runEnd) ends a sentence, the next one starting at `next`. */
function isBoundary(text: string, para: Range, at: number, runEnd: number, next: number): boolean {
  const ch = text[next] ?? '';
  const run = text.slice(at, runEnd);
  if (ch === '(') {
    // "…Oct. 20, 2017. (AP)": a short parenthesis closing the paragraph is a credit, not a new sentence.
    const close = text.indexOf(')', next);
    if (
      close !== -1 &&
      close - next <= 40 &&
      trim(text, close + 1, para.end).end === trim(text, close + 1, para.end).start
    )
      return false;
  }
  if (!startsSentence(ch) && ch !== '(') return false;
  if (run !== '.') return true;
  const word = wordBefore(text, para.start, runEnd);
  if (!isAbbreviation(word)) return true;
  const bare = bareWord(word);
  const following = wordAt(text, next, para.end);
  const starter = SENTENCE_STARTERS.has(following.toLowerCase().replace(/[^a-z]/g, ''));
  if (TITLES.has(bare)) return false;
  if (DATE_ABBREVIATIONS.has(bare)) return !/^\d/.test(following) && starter;
  if (/^[a-z]$/i.test(bare)) return starter && following !== following.toUpperCase();
  if (DOTTED.test(word) || OTHER_ABBREVIATIONS.has(bare)) return starter;
  return true;
}

/** Sentence end offsets inside one paragraph. */
function splitParagraph(text: string, para: Range): Range[] {
  const out: Range[] = [];
  let from = para.start;
  let i = para.start;
  while (i < para.end) {
    const c = text[i] ?? '';
    if (!TERMINAL.has(c)) {
      i++;
      continue;
    }
    let j = i;
    while (j < para.end && TERMINAL.has(text[j] ?? '')) j++;
    let k = j;
    while (k < para.end && CLOSERS.has(text[k] ?? '')) k++;
    if (k >= para.end || !SPACE.test(text[k] ?? '')) {
      // "3.5", "U.S.-led", "e.g.,", or the paragraph's own end.
      i = Math.max(j, i + 1);
      continue;
    }
    let m = k;
    while (m < para.end && SPACE.test(text[m] ?? '')) m++;
    if (isBoundary(text, para, i, j, m)) {
      const r = trim(text, from, k);
      if (r.end > r.start) out.push(r);
      from = m;
    }
    i = k;
  }
  const rest = trim(text, from, para.end);
  if (rest.end > rest.start) out.push(rest);
  return out;
}

/** Splits an article's text into sentences with offsets, kinds, and a flag on a body cut off mid-sentence. */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const para of paragraphs(text)) {
    const content = text.slice(para.start, para.end);
    const kind = paragraphKind(content);
    const pieces = kind === 'heading' || kind === 'dateline' ? [para] : splitParagraph(text, para);
    pieces.forEach((r, i) => {
      const body = text.slice(r.start, r.end);
      sentences.push({
        index: sentences.length,
        start: r.start,
        end: r.end,
        text: body,
        kind,
        truncated: kind === 'body' && i === pieces.length - 1 && !COMPLETE.test(body),
      });
    });
  }
  return sentences;
}

/** Sentences and tokens are one stage: tokens are cut inside sentences, and both are rule-based. */
export const sentenceStage: StageFactory = () =>
  defineStage({
    name: 'sentences',
    version: 'rules-1',
    reads: [],
    writes: ['sentences', 'tokens'],
    run({ text }) {
      const sentences = splitSentences(text);
      return { sentences, tokens: tokenize(text, sentences) };
    },
  });
