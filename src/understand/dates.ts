import * as chrono from 'chrono-node';
import { recoverPublished, timeAnchors } from './dates/anchor.js';
import { arabicScriptDates } from './dates/arabic-script.js';
import { paragraphLanguages } from './language/identify.js';
import { hasArabicScript } from './language/normalize.js';
import { defineStage, type StageFactory } from './stage.js';
import type { DatePrecision, Sentence, Span, TimeRef } from './types.js';

export interface DateInput {
  text: string;
  sentences: readonly Sentence[];
  publishedAt: string | null;
  /** The article's language: a bare year of 1300–1480 in Persian is a Solar Hijri year. */
  language?: string | null;
}

interface Found {
  start: number;
  end: number;
  value: Omit<TimeRef, 'id' | 'span'>;
}

const DAY_MS = 86_400_000;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const YEAR = '((?:19|20)\\d\\d)';
const FUTURE =
  /\b(will|would|shall|is to|are to|to be|plans? to|planned|expected to|next|coming|upcoming|scheduled)\b/i;

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function month(y: number, m: number): string {
  return `${y}-${String(m).padStart(2, '0')}`;
}
function monthIndex(name: string): number {
  const n = name.toLowerCase().replace('.', '');
  return MONTHS.findIndex((m) => m.startsWith(n.slice(0, 3))) + 1;
}

function value(
  start: string | null,
  end: string | null,
  precision: DatePrecision,
  kind: TimeRef['kind'],
  future: boolean,
  confidence: number,
): Found['value'] {
  return { start, end, precision, kind, future, confidence };
}

/**
 * Expressions chrono does not read, or reads in a way wrong for news: years alone, open ranges ("since
 * 2011", "since the start of the war in 2011"), year ranges, decades, and relative periods as ranges.
 */
function ruleMatches(text: string, ref: Date | null): Found[] {
  const out: Found[] = [];
  const add = (m: RegExpExecArray, v: Found['value'] | null, group = 0): void => {
    if (!v) return;
    const start = m.index + (group ? m[0].indexOf(m[group] ?? '') : 0);
    out.push({ start, end: start + (m[group] ?? m[0]).length, value: v });
  };
  let m: RegExpExecArray | null;
  const re = (src: string) => new RegExp(src, 'gi');

  const since = re(`\\bsince\\s+(?:(?:early|late|mid-?)\\s*)?(?:${MONTH_RE}\\s+)?${YEAR}\\b`);
  while ((m = since.exec(text)))
    add(
      m,
      value(
        m[1] ? month(Number(m[2]), monthIndex(m[1])) : (m[2] ?? null),
        null,
        m[1] ? 'month' : 'year',
        'range',
        false,
        0.9,
      ),
    );
  // "since the start of a civil war there in 2011": the year closes a short since-clause.
  const sinceClause = re(
    `\\bsince\\s+(?:the\\s+)?(?:start|beginning|outbreak|onset|end)\\b[^.;:!?]{0,60}?\\bin\\s+${YEAR}\\b`,
  );
  while ((m = sinceClause.exec(text))) add(m, value(m[1] ?? null, null, 'year', 'range', false, 0.8));
  const between = re(`\\b(?:between|from)\\s+${YEAR}\\s+(?:and|to|until|till)\\s+${YEAR}\\b`);
  while ((m = between.exec(text))) add(m, value(m[1] ?? null, m[2] ?? null, 'year', 'range', false, 0.9));
  const until = re(`\\b(?:until|till|through|by)\\s+(?:the\\s+end\\s+of\\s+)?${YEAR}\\b`);
  while ((m = until.exec(text)))
    add(m, value(null, m[1] ?? null, 'year', 'range', !!ref && Number(m[1]) > ref.getUTCFullYear(), 0.8));
  const decade = re(`\\b(?:the\\s+)?(?:(?:early|late|mid-?)\\s*)?((?:19|20)\\d0)s\\b|\\bthe\\s+'(\\d0)s\\b`);
  while ((m = decade.exec(text))) {
    const d = m[1] ? Number(m[1]) : 1900 + Number(m[2]);
    add(m, value(String(d), String(d + 9), 'decade', 'vague', false, 0.8));
  }
  const inYear = re(
    `\\b(?:in|during|of|early|late|mid-?|before|after|around)\\s+(?:early\\s+|late\\s+)?${YEAR}\\b(?!\\s*(?:-|–)\\s*\\d)`,
  );
  while ((m = inYear.exec(text)))
    add(
      m,
      value(
        m[1] ?? null,
        m[1] ?? null,
        'year',
        'absolute',
        !!ref && Number(m[1]) > ref.getUTCFullYear(),
        0.85,
      ),
      1,
    );
  if (ref) {
    const y = ref.getUTCFullYear();
    const mo = ref.getUTCMonth() + 1;
    const rel = re('\\b(last|this|next|past)\\s+(week|month|year)\\b');
    while ((m = rel.exec(text))) {
      const which = (m[1] ?? '').toLowerCase();
      const unit = (m[2] ?? '').toLowerCase();
      const shift = which === 'last' || which === 'past' ? -1 : which === 'next' ? 1 : 0;
      if (unit === 'year')
        add(m, value(String(y + shift), String(y + shift), 'year', 'relative', shift > 0, 0.9));
      else if (unit === 'month') {
        const d = new Date(Date.UTC(y, mo - 1 + shift, 1));
        const s = month(d.getUTCFullYear(), d.getUTCMonth() + 1);
        add(m, value(s, s, 'month', 'relative', shift > 0, 0.9));
      } else {
        const monday = new Date(ref.getTime() - ((ref.getUTCDay() + 6) % 7) * DAY_MS + shift * 7 * DAY_MS);
        add(
          m,
          value(
            iso(monday),
            iso(new Date(monday.getTime() + 6 * DAY_MS)),
            'week',
            'relative',
            shift > 0,
            0.85,
          ),
        );
      }
    }
    const coming = re(
      '\\b(?:in|over|during|within)\\s+the\\s+(coming|next|past|last)\\s+(?:few\\s+)?(days|weeks|months|years)\\b',
    );
    while ((m = coming.exec(text))) {
      const forward = /coming|next/i.test(m[1] ?? '');
      const unit = (m[2] ?? '').toLowerCase();
      const precision: DatePrecision = unit === 'years' ? 'year' : unit === 'months' ? 'month' : 'day';
      const span = { days: 7, weeks: 42, months: 180, years: 1095 }[unit as 'days'] ?? 30;
      const other = new Date(ref.getTime() + (forward ? span : -span) * DAY_MS);
      const [a, b] = forward ? [ref, other] : [other, ref];
      const fmt = (d: Date) =>
        precision === 'year'
          ? String(d.getUTCFullYear())
          : precision === 'month'
            ? month(d.getUTCFullYear(), d.getUTCMonth() + 1)
            : iso(d);
      add(m, value(fmt(a), forward ? null : fmt(b), precision, 'vague', forward, 0.4));
    }
  }
  return out;
}

/**
 * Weekday in news: the latest such day on or before publication, unless the words just before it speak of
 * the future ("will meet on Friday"); "said on Wednesday" after "plans to" earlier in the sentence is past.
 */
function weekdayDate(
  ref: Date,
  weekday: number,
  before: string,
  phrase: string,
): { date: Date; future: boolean } {
  const past = /\b(said|says|told|announced|reported|was|were|had|did|\w+ed)\s*(?:\w+\s+){0,2}$/i.test(
    before,
  );
  const future = /\bnext\b/i.test(phrase) || (!past && FUTURE.test(before) && !/\blast\b/i.test(phrase));
  const today = ref.getUTCDay();
  if (future) {
    const ahead = (weekday - today + 7) % 7 || 7;
    return { date: new Date(ref.getTime() + ahead * DAY_MS), future: true };
  }
  let back = (today - weekday + 7) % 7;
  if (/\blast\b/i.test(phrase) && back === 0) back = 7;
  return { date: new Date(ref.getTime() - back * DAY_MS), future: false };
}

function chronoMatches(sentence: string, ref: Date | null): Found[] {
  const out: Found[] = [];
  const results = ref ? chrono.parse(sentence, { instant: ref, timezone: 0 }) : chrono.parse(sentence);
  for (const r of results) {
    const certain = (c: 'day' | 'month' | 'year' | 'weekday' | 'hour'): number | undefined =>
      r.start.isCertain(c) ? (r.start.get(c) ?? undefined) : undefined;
    const known = {
      day: certain('day'),
      month: certain('month'),
      year: certain('year'),
      weekday: certain('weekday'),
      hour: certain('hour'),
    };
    const phrase = r.text;
    // "may" the verb, bare numbers and clock times are not dates here.
    if (/^\s*(may|march|sun|sat)\s*$/.test(phrase)) continue;
    // Durations ("for two days", "within a week") say how long, not when.
    if (/^\s*(for|within|over|during)\s/i.test(phrase) && known.day === undefined) continue;
    if (/^\s*(for|within)\s/i.test(phrase)) continue;
    // "17 months after being subjected to…", "two weeks later": counted from another event, not from the
    // publication date, so no date can be told from them alone.
    if (/\b(?:after|later|before|earlier)\s*$/i.test(phrase) && !/\b(?:ago|from now)\b/i.test(phrase))
      continue;
    if (known.hour !== undefined && known.day === undefined && known.weekday === undefined) continue;
    // Without a publication date only a date that names its year can be told; chrono would count the rest
    // from today ("March 10" of an undated 2009 story became next March).
    if (!ref && (known.year === undefined || !/\b\d{4}\b/.test(phrase))) continue;
    if (/^\d+$/.test(phrase.trim())) continue;
    const start = r.index;
    // chrono sometimes takes the comma after a date into its text.
    const end = r.index + phrase.replace(/[\s,;.]+$/, '').length;
    if (known.weekday !== undefined && known.day === undefined) {
      if (!ref) continue;
      const { date, future } = weekdayDate(
        ref,
        known.weekday,
        sentence.slice(Math.max(0, start - 40), start),
        phrase,
      );
      out.push({ start, end, value: value(iso(date), iso(date), 'day', 'relative', future, 0.85) });
      continue;
    }
    const d = r.start.date();
    if (known.day !== undefined && known.month !== undefined) {
      const y = known.year ?? d.getUTCFullYear();
      const s = `${y}-${String(known.month).padStart(2, '0')}-${String(known.day).padStart(2, '0')}`;
      const absolute = known.year !== undefined;
      let e = s;
      if (r.end) e = iso(r.end.date());
      out.push({
        start,
        end,
        value: value(
          s,
          e,
          'day',
          absolute ? 'absolute' : 'relative',
          !!ref && d > ref,
          absolute ? 0.95 : 0.85,
        ),
      });
      continue;
    }
    if (known.day !== undefined && /yesterday|today|tomorrow|ago/i.test(phrase)) {
      out.push({ start, end, value: value(iso(d), iso(d), 'day', 'relative', !!ref && d > ref, 0.9) });
      continue;
    }
    if (known.month !== undefined && known.day === undefined) {
      // "in July": the July of the publication year, or the one before when that is still ahead.
      let y = known.year ?? (ref ? ref.getUTCFullYear() : null);
      if (y === null) continue;
      if (known.year === undefined && ref && known.month > ref.getUTCMonth() + 1 && !FUTURE.test(sentence))
        y -= 1;
      const s = month(y, known.month);
      out.push({ start, end, value: value(s, s, 'month', known.year ? 'absolute' : 'relative', false, 0.8) });
    }
  }
  return out;
}

/** Every date expression of an article, normalised against its publication date, in text order. */
export function extractDates(input: DateInput): TimeRef[] {
  const { text, sentences } = input;
  // A page without a date may print one (byline, dateline, "Updated …"): relative dates hang on it (issue 17).
  const publishedAt = input.publishedAt ?? recoverPublished(text)?.value ?? null;
  const ref =
    publishedAt && !Number.isNaN(Date.parse(publishedAt))
      ? new Date(`${publishedAt.slice(0, 10)}T12:00:00Z`)
      : null;
  const found: Array<Found & { sentence: number }> = [];
  // Each paragraph's language, for pages that mix English with Arabic or Persian (issue 20).
  const paragraphs = hasArabicScript(text) ? paragraphLanguages(text, input.language ?? null) : [];
  for (const s of sentences) {
    const sentenceText = text.slice(s.start, s.end);
    const rules = ruleMatches(sentenceText, ref);
    // Arabic and Persian dates, Solar Hijri and Hijri calendars included (issue 20).
    if (hasArabicScript(sentenceText)) {
      const paragraph = paragraphs.find((p) => p.start <= s.start && s.start < p.end);
      const persian = (paragraph?.language ?? input.language ?? '').toLowerCase().startsWith('fa');
      rules.push(...arabicScriptDates(sentenceText, ref, persian));
    }
    const fromChrono = chronoMatches(sentenceText, ref).filter(
      (c) => !rules.some((r) => r.start < c.end && c.start < r.end),
    );
    const all = [...rules, ...fromChrono].sort((a, b) => a.start - b.start || b.end - a.end);
    let last = -1;
    for (const f of all) {
      if (f.start < last) continue; // keep the first of overlapping matches (the longer one sorts first)
      last = f.end;
      found.push({ ...f, start: f.start + s.start, end: f.end + s.start, sentence: s.index });
    }
  }
  return found.map((f, i) => {
    const span: Span = { sentence: f.sentence, start: f.start, end: f.end, text: text.slice(f.start, f.end) };
    return { id: `t${i + 1}`, span, ...f.value };
  });
}

export const dateStage: StageFactory = () =>
  defineStage({
    name: 'dates',
    version: 'chrono2+rules-8',
    reads: ['sentences'],
    writes: ['dates', 'timeAnchors'],
    run: (input) => {
      const dates = extractDates(input);
      return { dates, timeAnchors: timeAnchors(input.text, input.sentences, dates, input.publishedAt) };
    },
  });
