// The time an article speaks from when the page gave no publication date (issue 17, part 4). Two
// questions, kept apart because their answers are trusted differently:
// - its publication date, recovered from the lines a news page prints it in: "Updated …"/"Published …",
//   a byline ("By KENT MALLETT Advocate Reporter March 30, 2009") or a dateline ("CAIRO, Oct. 20, 2009 —");
// - failing that, its time anchor: the latest explicit year or full date the text reports. An article is
//   written on or after the last date it states, so an office holder is looked up in that period, never in
//   today's.

import type { Sentence, TimeAnchor, TimeRef } from '../types.js';

export type AnchorPrecision = 'day' | 'month' | 'year';

/** The time the whole article speaks from. */
export interface ArticleAnchor {
  /** ISO day ("2009-03-23"), month ("2009-03") or year ("2009"), by precision. */
  value: string;
  precision: AnchorPrecision;
  /** Where it came from: the page's own date, a line of the text that prints it, or the text's latest date. */
  source: 'published' | 'updated' | 'byline' | 'dateline' | 'text';
  /** Offsets of the words it was read from in the text; null for the page's own publication date. */
  evidence: { start: number; end: number } | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const YEAR = '((?:19|20)\\d\\d)';
/** "March 23, 2009", "23 March 2009", "2009-03-23", "03/23/2009": the full dates a news page prints. */
const FULL_DATE = new RegExp(
  `\\b(?:${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+${YEAR}|(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+${YEAR}|${YEAR}-(\\d\\d)-(\\d\\d)|(\\d{1,2})/(\\d{1,2})/${YEAR})\\b`,
  'gi',
);
/** Words a byline ends with right before its date: agencies, wires, a reporter's title. */
const BYLINE_WORDS =
  /\b(Associated Press|Reuters|AFP|Agence France-Presse|Gannett|Marketwire|PR Newswire|Business Wire|Staff Writer|Reporter|Correspondent)\s*[,|–—-]?\s*$/i;
/** How far into the text a byline or dateline is looked for: the head of the page, not its body. */
const HEAD_CHARS = 400;
/** Words after which a year is a plan or a deadline, not a time the story reports. */
const FUTURE_BEFORE =
  /\b(by|until|till|through|before|will|would|plans?|planned|expected|next|target)\W+(\w+\W+)?$/i;
/** A number that only looks like a year: money, counts, street numbers, parts of larger numbers. */
const NOT_A_YEAR_BEFORE = /(?:(?:[$£€#]|\bno\.?|\broute|\bnumber)\s*|\d[,.]?)$/i;
const NOT_A_YEAR_AFTER =
  /^(?:\s*(?:%|percent\b|per cent\b|people\b|residents\b|troops\b|votes\b|students\b|members\b|jobs\b|homes\b|cases\b|deaths\b|dollars\b|tons\b|acres\b|miles\b|feet\b|km\b)|[,.]?\d)/i;

const pad = (n: number): string => String(n).padStart(2, '0');

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.toLowerCase().slice(0, 3)) + 1;
}

/** The ISO day of a FULL_DATE match, or null when it names no real calendar day. */
function dayOf(m: RegExpExecArray): string | null {
  let y: number;
  let mo: number;
  let d: number;
  if (m[1]) [y, mo, d] = [Number(m[3]), monthNumber(m[1]), Number(m[2])];
  else if (m[5]) [y, mo, d] = [Number(m[6]), monthNumber(m[5]), Number(m[4])];
  else if (m[7]) [y, mo, d] = [Number(m[7]), Number(m[8]), Number(m[9])];
  else [y, mo, d] = [Number(m[12]), Number(m[10]), Number(m[11])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

const at = (d: { start: number; end: number }): { start: number; end: number } => ({
  start: d.start,
  end: d.end,
});

function fullDates(text: string): Array<{ start: number; end: number; day: string }> {
  const out: Array<{ start: number; end: number; day: string }> = [];
  const re = new RegExp(FULL_DATE.source, FULL_DATE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const day = dayOf(m);
    if (day) out.push({ start: m.index, end: m.index + m[0].length, day });
  }
  return out;
}

/**
 * The publication date a page prints in its text: an "Updated/Published/Posted" line anywhere, else a date
 * in the head of the text that a byline or a dateline carries. Null when none is found; a date in the body
 * ("a Tuesday, March 17, 2009 photo") is a reported date, not the publication's.
 */
export function recoverPublished(text: string): ArticleAnchor | null {
  const dates = fullDates(text);
  // "Updated 10:32 AM EDT, March 23, 2009", "Published: 23 March 2009": the date within the line.
  for (const d of dates) {
    const lineStart = text.lastIndexOf('\n', d.start) + 1;
    const before = text.slice(Math.max(lineStart, d.start - 60), d.start);
    if (/\b(updated|published|posted|last modified)\b[^.!?]*$/i.test(before)) {
      return { value: d.day, precision: 'day', source: 'updated', evidence: at(d) };
    }
  }
  for (const d of dates) {
    if (d.start > HEAD_CHARS) break;
    const before = text.slice(Math.max(0, d.start - 80), d.start);
    const after = text.slice(d.end, d.end + 4);
    // A byline: "By NAME [Title] DATE", or an agency's name right before the date.
    if (
      /\bBy\s+[A-Z][\w.'-]*(?:\s+[\w.@'-]+){0,6}\s*[,|–—-]?\s*$/.test(before) ||
      // "Barb Modrack bmodrack@gannett.com March 23, 2009": a reporter's address before the date.
      /\s[\w.-]+@[\w-]+\.[\w.]+\s*[,|–—-]?\s*$/.test(before) ||
      BYLINE_WORDS.test(before)
    ) {
      return { value: d.day, precision: 'day', source: 'byline', evidence: at(d) };
    }
    // A dateline: "CAIRO, Oct. 20, 2009 —" at the start of a line or right after the headline's full stop, or
    // "Edmonton, Ky. (November 28, 2016) –", "LOUISVILLE, KY--(Marketwire - December 23, 2010)".
    if (
      (/(?:^|\n|[.!?]\s+)[A-Z][A-Z.' -]+(?:,\s+[A-Z][\w.]+)?,?\s*$/.test(before) &&
        /^\s*[(—–-]/.test(after)) ||
      (/(?:^|\n|[.!?]\s+)[A-Z][\w.' -]*,\s*[A-Z][\w.]*\s*(?:--)?\s*\((?:[\w ]+\s*[–—-]\s*)?$/.test(before) &&
        /^\s*\)/.test(after))
    ) {
      return { value: d.day, precision: 'day', source: 'dateline', evidence: at(d) };
    }
  }
  return null;
}

/**
 * The latest explicit full date or year the text reports, skipping years it looks forward to ("by 2030",
 * "will run until 2025") and numbers that only look like years ("$2000", "2,010 people", "1999 votes").
 */
export function latestReportedTime(text: string): ArticleAnchor | null {
  let best: ArticleAnchor | null = null;
  const better = (a: ArticleAnchor): boolean => {
    if (!best) return true;
    const ya = a.value.slice(0, 4);
    const yb = best.value.slice(0, 4);
    if (ya !== yb) return ya > yb;
    // Within one year a full date says more than the bare year; the later of two days wins.
    if (a.precision === 'day' && best.precision === 'day') return a.value > best.value;
    return a.precision === 'day' && best.precision !== 'day';
  };
  const dates = fullDates(text);
  for (const d of dates) {
    const before = text.slice(Math.max(0, d.start - 40), d.start);
    if (FUTURE_BEFORE.test(before)) continue;
    const a: ArticleAnchor = { value: d.day, precision: 'day', source: 'text', evidence: at(d) };
    if (better(a)) best = a;
  }
  const years = new RegExp(`\\b${YEAR}\\b`, 'g');
  let m: RegExpExecArray | null;
  while ((m = years.exec(text))) {
    const start = m.index;
    if (dates.some((d) => d.start <= start && start < d.end)) continue;
    const before = text.slice(Math.max(0, start - 40), start);
    const after = text.slice(start + 4, start + 24);
    if (FUTURE_BEFORE.test(before) || NOT_A_YEAR_BEFORE.test(before) || NOT_A_YEAR_AFTER.test(after))
      continue;
    const a: ArticleAnchor = {
      value: m[1] ?? '',
      precision: 'year',
      source: 'text',
      evidence: { start, end: start + 4 },
    };
    if (better(a)) best = a;
  }
  return best;
}

/**
 * The article's time anchor: its publication date when the page gave one or its text prints one, else the
 * latest time the text reports, else null (an article that states no date at all).
 */
export function timeAnchor(text: string, publishedAt: string | null): ArticleAnchor | null {
  if (publishedAt && !Number.isNaN(Date.parse(publishedAt))) {
    return { value: publishedAt.slice(0, 10), precision: 'day', source: 'published', evidence: null };
  }
  return recoverPublished(text) ?? latestReportedTime(text);
}

/** The sentence holding a text offset: the one it falls in, else the last one starting before it. */
function sentenceAt(sentences: readonly Sentence[], offset: number): number {
  let found = 0;
  for (const s of sentences) {
    if (s.start > offset) break;
    found = s.index;
    if (offset < s.end) break;
  }
  return found;
}

/**
 * What the Analysis stores (the dates stage's `timeAnchors`): the article's anchor first (`sentence: null`),
 * when it has one, then each sentence that states a date of its own, anchored at its first date expression
 * as its events are dated (events/event-fields.ts). Every other sentence speaks from the article's anchor
 * (`anchorFor`). The anchor says where it was read, so a reader can see why an undated article's events sit
 * in 2009.
 */
export function timeAnchors(
  text: string,
  sentences: readonly Sentence[],
  dates: readonly TimeRef[],
  publishedAt: string | null,
): TimeAnchor[] {
  const out: TimeAnchor[] = [];
  const article = timeAnchor(text, publishedAt);
  if (article) {
    const e = article.evidence;
    out.push({
      sentence: null,
      value: article.value,
      precision: article.precision,
      source: article.source,
      dateRef: null,
      evidence: e
        ? {
            sentence: sentenceAt(sentences, e.start),
            start: e.start,
            end: e.end,
            text: text.slice(e.start, e.end),
          }
        : null,
    });
  }
  const seen = new Set<number>();
  for (const d of dates) {
    if (seen.has(d.span.sentence)) continue;
    seen.add(d.span.sentence);
    const value = d.start ?? d.end;
    if (!value) continue;
    out.push({
      sentence: d.span.sentence,
      value,
      precision: d.precision,
      source: 'sentence',
      dateRef: d.id,
      evidence: d.span,
    });
  }
  return out;
}

/** A sentence's time anchor: its own date when it states one, else the article's; null when neither is known. */
export function anchorFor(anchors: readonly TimeAnchor[], sentence: number): TimeAnchor | null {
  return anchors.find((a) => a.sentence === sentence) ?? anchors.find((a) => a.sentence === null) ?? null;
}
