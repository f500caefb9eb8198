import type { DatePrecision, TimeRef } from '../types.js';
import { normalizeArabicScript, procliticReadings, westernDigits } from '../language/normalize.js';
import { fromIsoDate, isYearOf, monthBounds, toIsoDate, yearBounds, type CalendarName } from './calendars.js';

/**
 * Dates in Arabic and Persian text (issue 20): days, months and years of the Solar Hijri (Jalali), Hijri and
 * Gregorian calendars by their month names ("۱۸ تیر ۱۳۹۹", "17 ذو القعدة 1441 هـ", "8 تموز 2020", "۸ ژوئیه
 * ۲۰۲۰"), years with a calendar marker or word ("سال ۱۳۹۹", "عام 1441 هـ"), weekdays and relative words
 * ("دیروز", "أمس", "الأسبوع الماضي") against the publication date. Words are compared in the normalised
 * form (language/normalize.ts); offsets are those of the sentence as written.
 */

export interface ArabicScriptDate {
  /** Offsets into the sentence. */
  start: number;
  end: number;
  value: Omit<TimeRef, 'id' | 'span'>;
}

type MonthEntry = readonly [string, CalendarName, number];

/** Month names as printed; one or two words. */
const MONTHS: readonly MonthEntry[] = [
  // Solar Hijri
  ...(
    [
      'فروردین',
      'اردیبهشت',
      'خرداد',
      'تیر',
      'مرداد',
      'شهریور',
      'مهر',
      'آبان',
      'آذر',
      'دی',
      'بهمن',
      'اسفند',
    ] as const
  ).map((m, i) => [m, 'persian', i + 1] as const),
  ['امرداد', 'persian', 5],
  // Hijri (Arabic and Persian spellings)
  ...(
    [
      ['محرم'],
      ['صفر'],
      ['ربيع الأول', 'ربيع الاول', 'ربیع‌الاول', 'ربیع الاول'],
      ['ربيع الثاني', 'ربيع الآخر', 'ربیع‌الثانی', 'ربیع الثانی'],
      ['جمادى الأولى', 'جمادى الاولى', 'جمادی‌الاول', 'جمادی الاول', 'جمادی‌الاولی'],
      ['جمادى الآخرة', 'جمادى الثانية', 'جمادی‌الثانی', 'جمادی الثانی', 'جمادی‌الآخر'],
      ['رجب'],
      ['شعبان'],
      ['رمضان'],
      ['شوال'],
      ['ذو القعدة', 'ذي القعدة', 'ذوالقعدة', 'ذیقعده', 'ذی‌القعده', 'ذی القعده'],
      ['ذو الحجة', 'ذي الحجة', 'ذوالحجة', 'ذیحجه', 'ذی‌الحجه', 'ذی الحجه'],
    ] as const
  ).flatMap((names, i) => names.map((m) => [m, 'islamic', i + 1] as const)),
  // Gregorian: Egypt and the Gulf, then the Levant and Iraq, then Persian
  ...(
    [
      ['يناير', 'كانون الثاني', 'ژانویه'],
      ['فبراير', 'شباط', 'فوریه'],
      ['مارس', 'آذار', 'مارچ'],
      ['أبريل', 'ابريل', 'إبريل', 'نيسان', 'آوریل'],
      ['مايو', 'أيار', 'مه', 'می'],
      ['يونيو', 'يونيه', 'حزيران', 'ژوئن'],
      ['يوليو', 'يوليه', 'تموز', 'ژوئیه', 'جولای'],
      ['أغسطس', 'آب', 'اوت', 'آگوست'],
      ['سبتمبر', 'أيلول', 'سپتامبر'],
      ['أكتوبر', 'تشرين الأول', 'اکتبر'],
      ['نوفمبر', 'تشرين الثاني', 'نوامبر'],
      ['ديسمبر', 'كانون الأول', 'دسامبر'],
    ] as const
  ).flatMap((names, i) => names.map((m) => [m, 'gregorian', i + 1] as const)),
];

/** Words after a year that name its calendar. */
const MARKERS: ReadonlyArray<readonly [string, CalendarName]> = [
  ['هـ', 'islamic'],
  ['ه', 'islamic'],
  ['ھ', 'islamic'],
  ['هجري', 'islamic'],
  ['هجرية', 'islamic'],
  ['هجری قمری', 'islamic'],
  ['قمری', 'islamic'],
  ['ق', 'islamic'],
  ['هجری شمسی', 'persian'],
  ['شمسی', 'persian'],
  ['ش', 'persian'],
  ['م', 'gregorian'],
  ['ميلادي', 'gregorian'],
  ['ميلادية', 'gregorian'],
  ['میلادی', 'gregorian'],
];

/** Weekdays, 0 = Sunday as in Date#getUTCDay. */
const WEEKDAYS: ReadonlyArray<readonly [string, number]> = [
  ['الأحد', 0],
  ['الاثنين', 1],
  ['الإثنين', 1],
  ['الثلاثاء', 2],
  ['الأربعاء', 3],
  ['الخميس', 4],
  ['الجمعة', 5],
  ['السبت', 6],
  ['یکشنبه', 0],
  ['یک‌شنبه', 0],
  ['دوشنبه', 1],
  ['سه‌شنبه', 2],
  ['سه شنبه', 2],
  ['سشنبه', 2],
  ['چهارشنبه', 3],
  ['پنجشنبه', 4],
  ['پنج‌شنبه', 4],
  ['جمعه', 5],
  ['شنبه', 6],
];

/** Relative words: days from the publication date, or a period before or after it. */
const RELATIVE_DAYS: ReadonlyArray<readonly [string, number]> = [
  ['أمس', -1],
  ['الأمس', -1],
  ['البارحة', -1],
  ['أول أمس', -2],
  ['أول من أمس', -2],
  ['اليوم', 0],
  ['غدا', 1],
  ['غداً', 1],
  ['دیروز', -1],
  ['دیشب', -1],
  ['پریروز', -2],
  ['امروز', 0],
  ['امشب', 0],
  ['فردا', 1],
  // "روز گذشته" (the past day) and "شب گذشته" (last night) are Persian news' usual "yesterday"; "روز جاری" is
  // "the current day". After a number they are a span ("در ۲۰ روز گذشته", the past 20 days): see NUMBER_BEFORE.
  ['روز گذشته', -1],
  ['شب گذشته', -1],
  ['روز جاری', 0],
  ['پس‌فردا', 2],
  ['پس فردا', 2],
  ['الليلة الماضية', -1],
  ['ليلة أمس', -1],
  ['بعد غد', 2],
];
/** Number words before "days ago" ("دو روز پیش", "ثلاثة أيام"), Persian and Arabic. */
const NUMBER_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['یک', 1],
  ['دو', 2],
  ['سه', 3],
  ['چهار', 4],
  ['پنج', 5],
  ['شش', 6],
  ['هفت', 7],
  ['هشت', 8],
  ['نه', 9],
  ['ده', 10],
  ['ثلاثة', 3],
  ['أربعة', 4],
  ['خمسة', 5],
  ['ستة', 6],
  ['سبعة', 7],
  ['ثمانية', 8],
  ['تسعة', 9],
  ['عشرة', 10],
];
/** Day nouns of "N days ago": Persian "روز", Arabic plural "أيام" (3–10) and dual "يومين" (two days). */
const DAY_NOUNS = ['روز', 'أيام', 'ايام'];
const TWO_DAYS = ['يومين'];
/** "پیش"/"قبل" after the days (Persian), "قبل"/"منذ" before them (Arabic). */
const AGO_AFTER = ['پیش', 'قبل'];
const AGO_BEFORE = ['قبل', 'منذ'];
/** Words after a weekday that put it back a week from the publication day ("الثلاثاء الماضي", "سه‌شنبه گذشته"). */
const PAST_WORDS = ['الماضي', 'الماضية', 'گذشته', 'پیش'];
const RELATIVE_PERIODS: ReadonlyArray<readonly [string, 'week' | 'month' | 'year', number]> = [
  ['الأسبوع الماضي', 'week', -1],
  ['الأسبوع المقبل', 'week', 1],
  ['الأسبوع القادم', 'week', 1],
  ['الشهر الماضي', 'month', -1],
  ['الشهر المقبل', 'month', 1],
  ['الشهر القادم', 'month', 1],
  ['العام الماضي', 'year', -1],
  ['السنة الماضية', 'year', -1],
  ['العام المقبل', 'year', 1],
  ['العام القادم', 'year', 1],
  ['هفته گذشته', 'week', -1],
  ['هفته پیش', 'week', -1],
  ['هفته آینده', 'week', 1],
  ['ماه گذشته', 'month', -1],
  ['ماه پیش', 'month', -1],
  ['ماه آینده', 'month', 1],
  ['سال گذشته', 'year', -1],
  ['پارسال', 'year', -1],
  ['سال آینده', 'year', 1],
];
/** Words before a bare year that make it one: "سال ۱۳۹۹", "عام 2020", "في عام 1441 هـ". */
const YEAR_WORDS = ['سال', 'عام', 'العام', 'سنة'];
/** Words after a weekday that put it ahead ("الأربعاء المقبل", "چهارشنبه آینده"). */
const NEXT_WORDS = ['المقبل', 'القادم', 'المقبلة', 'القادمة', 'آینده'];

const key = (s: string): string =>
  normalizeArabicScript(s)
    .replace(/\s+/g, ' ')
    .replace(/[«»"“”()،؛؟.,:;!?]/g, '')
    .trim();

interface Word {
  text: string;
  start: number;
  end: number;
  /** The word and its readings with a joined prefix off (و, ب, في is separate), keyed. */
  keys: string[];
  /** Offset of the reading's start in the sentence, per key. */
  starts: number[];
}

function words(sentence: string): Word[] {
  const out: Word[] = [];
  for (const m of sentence.matchAll(/[^\s،؛؟.,:;!?«»"“”()[\]/\\-]+/g)) {
    const text = m[0];
    const start = m.index;
    const readings = procliticReadings(text).filter((r) => !r.prefix || /^[وفب]$|^(?:وب|فب)$/.test(r.prefix));
    out.push({
      text,
      start,
      end: start + text.length,
      keys: readings.map((r) => key(r.rest)),
      starts: readings.map((r) => start + r.offset),
    });
  }
  return out;
}

/** A phrase table keyed by its first word: phrases as keyed strings, longest first. */
function table<T>(
  entries: ReadonlyArray<readonly [string, T]>,
): Map<string, Array<{ phrase: string; value: T }>> {
  const out = new Map<string, Array<{ phrase: string; value: T }>>();
  for (const [text, value] of entries) {
    const phrase = key(text);
    const first = phrase.split(' ')[0] ?? '';
    const list = out.get(first) ?? [];
    list.push({ phrase, value });
    list.sort((a, b) => b.phrase.length - a.phrase.length);
    out.set(first, list);
  }
  return out;
}

const MONTH_TABLE = table(MONTHS.map(([name, cal, n]) => [name, [cal, n] as const] as const));
const MARKER_TABLE = table(MARKERS);
const WEEKDAY_TABLE = table(WEEKDAYS);
const RELATIVE_DAY_TABLE = table(RELATIVE_DAYS);
const PERIOD_TABLE = table(RELATIVE_PERIODS.map(([p, unit, n]) => [p, [unit, n] as const] as const));
const YEAR_WORD_KEYS = new Set(YEAR_WORDS.map(key));
const NEXT_KEYS = new Set(NEXT_WORDS.map(key));
const PAST_KEYS = new Set(PAST_WORDS.map(key));
const NUMBER_WORD_KEYS = new Map(NUMBER_WORDS.map(([w, n]) => [key(w), n]));
const DAY_NOUN_KEYS = new Set(DAY_NOUNS.map(key));
const TWO_DAYS_KEYS = new Set(TWO_DAYS.map(key));
const AGO_AFTER_KEYS = new Set(AGO_AFTER.map(key));
const AGO_BEFORE_KEYS = new Set(AGO_BEFORE.map(key));
const AZ = key('از');
/**
 * Numeric dates with a Solar Hijri or Hijri year: "۱۴۰۲/۰۳/۳۰", "1402-3-30", "۳۰/۰۳/۱۴۰۲" (Iranian outlets
 * print them in datelines and URLs). Digits of either script; the year is told by its size.
 */
const NUMERIC_YMD = /(?<![\d/.-])(1[34]\d{2})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/.-])/g;
const NUMERIC_DMY = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(1[34]\d{2})(?![\d/.-])/g;
const MAH = key('ماه');

/**
 * The phrase of `t` starting at word `i` (the first word by any of its readings): its value, the words it
 * takes and its start. A phrase may span words ("ذو القعدة") or sit in one ("ذی‌القعده", keyed with a space).
 */
function phraseAt<T>(
  t: Map<string, Array<{ phrase: string; value: T }>>,
  ws: readonly Word[],
  i: number,
): { value: T; n: number; start: number } | null {
  const w = ws[i];
  if (!w) return null;
  for (let r = 0; r < w.keys.length; r++) {
    const k = w.keys[r] ?? '';
    const start = w.starts[r] ?? w.start;
    for (const cand of t.get(k.split(' ')[0] ?? '') ?? []) {
      let joined = k;
      let n = 1;
      while (joined.length < cand.phrase.length && ws[i + n]) {
        joined += ` ${ws[i + n]?.keys[0] ?? ''}`;
        n++;
      }
      if (joined === cand.phrase) return { value: cand.value, n, start };
    }
    // Persian writes "تیرماه" as one word.
    if (k.endsWith(MAH) && k.length > MAH.length) {
      for (const cand of t.get(k.slice(0, -MAH.length).trim()) ?? [])
        if (!cand.phrase.includes(' ')) return { value: cand.value, n: 1, start };
    }
  }
  return null;
}

const numberOf = (w: Word | undefined): number | null =>
  w && /^\d{1,4}$/.test(w.keys[0] ?? '') ? Number(w.keys[0]) : null;

const DAY_MS = 86_400_000;
const isoOf = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (ref: Date, n: number): Date => new Date(ref.getTime() + n * DAY_MS);

function v(
  start: string | null,
  end: string | null,
  precision: DatePrecision,
  kind: TimeRef['kind'],
  future: boolean,
  confidence: number,
): ArabicScriptDate['value'] {
  return { start, end, precision, kind, future, confidence };
}

/**
 * The calendar a bare year is read in: by its marker, else by its size and the language (a year of 1300–1480
 * in Persian is Solar Hijri, in Arabic Hijri only with its marker).
 */
function calendarOfYear(year: number, marker: CalendarName | null, persian: boolean): CalendarName | null {
  if (marker) return isYearOf(marker, year) ? marker : null;
  if (isYearOf('gregorian', year)) return 'gregorian';
  if (persian && isYearOf('persian', year)) return 'persian';
  return null;
}

/**
 * Dates in one sentence of Arabic or Persian text. `ref` is the publication date (noon UTC), `persian` says
 * whether the article is in Persian (for bare Solar Hijri years).
 */
export function arabicScriptDates(sentence: string, ref: Date | null, persian: boolean): ArabicScriptDate[] {
  const ws = words(sentence);
  const out: ArabicScriptDate[] = [];
  // Per entry of `out`: its first and last word, and whether it is a weekday or a relative day.
  const at: Array<{ first: number; last: number; kind: 'weekday' | 'relative-day' | 'other' }> = [];
  const push = (
    d: ArabicScriptDate,
    first: number,
    last: number,
    kind = 'other' as (typeof at)[number]['kind'],
  ): void => {
    out.push(d);
    at.push({ first, last, kind });
  };
  const refIso = ref ? isoOf(ref) : null;
  // Numeric dates first: their digits and separators are not read again word by word.
  const numericEnds = new Map<number, number>();
  const digits = westernDigits(sentence);
  const numeric = [
    ...[...digits.matchAll(NUMERIC_YMD)].map((m) => ({ m, y: m[1], mo: m[3], d: m[4] })),
    ...[...digits.matchAll(NUMERIC_DMY)].map((m) => ({ m, y: m[4], mo: m[3], d: m[1] })),
  ];
  for (const { m, y, mo, d } of numeric) {
    const year = Number(y);
    // A year under 1420 in Arabic script is Solar Hijri (Hijri 1420 is 1999); above, Hijri unless in Persian.
    const calendar: CalendarName = persian || year < 1420 ? 'persian' : 'islamic';
    const iso = isYearOf(calendar, year) ? toIsoDate(calendar, year, Number(mo), Number(d)) : null;
    if (!iso) continue;
    const start = m.index;
    const end = start + m[0].length;
    const first = ws.findIndex((w) => w.start >= start);
    let last = first;
    while (ws[last + 1] && (ws[last + 1] as Word).start < end) last++;
    if (first < 0) continue;
    push({ start, end, value: v(iso, iso, 'day', 'absolute', !!refIso && iso > refIso, 0.95) }, first, last);
    for (let k = first; k <= last; k++) numericEnds.set(k, last);
  }
  // The last full date of the sentence: a bare weekday after it is the one nearest that date ("الثلاثاء 9 ذو
  // الحجة ... على أن يكون العيد يوم الأربعاء" is the Wednesday after that Tuesday, not before publication).
  let anchor: Date | null = null;
  const numberAt = (k: number): number | null => {
    const w = ws[k];
    return numberOf(w) ?? (w ? (NUMBER_WORD_KEYS.get(w.keys[0] ?? '') ?? null) : null);
  };
  for (let i = 0; i < ws.length; i++) {
    const skipTo = numericEnds.get(i);
    if (skipTo !== undefined) {
      i = skipTo;
      continue;
    }
    const w = ws[i] as Word;
    const day = numberOf(w);
    // DAY MONTH [YEAR [MARKER]] and MONTH YEAR [MARKER]
    const m = phraseAt(MONTH_TABLE, ws, day !== null ? i + 1 : i);
    if (m) {
      const [calendar, month] = m.value;
      let afterMonth = (day !== null ? i + 1 : i) + m.n;
      // "بهمن ماه ۱۴۰۲": the word "month" between the month's name and its year.
      if (ws[afterMonth]?.keys[0] === MAH) afterMonth++;
      const year = numberOf(ws[afterMonth]);
      const marker = year !== null ? phraseAt(MARKER_TABLE, ws, afterMonth + 1) : null;
      const markerCal = marker?.value ?? null;
      // A marker that names another calendar than the month's is a misreading: leave the phrase.
      const fits = year !== null && isYearOf(calendar, year) && (!markerCal || markerCal === calendar);
      const last = fits ? (marker ? (ws[afterMonth + marker.n] ?? ws[afterMonth]) : ws[afterMonth]) : null;
      const start = day !== null ? w.start : m.start;
      if (day !== null && day >= 1 && day <= 31) {
        if (fits && last && year !== null) {
          const iso = toIsoDate(calendar, year, month, day);
          if (iso) {
            push(
              { start, end: last.end, value: v(iso, iso, 'day', 'absolute', !!refIso && iso > refIso, 0.95) },
              i,
              ws.indexOf(last),
            );
            anchor = new Date(`${iso}T12:00:00Z`);
            i = ws.indexOf(last);
            continue;
          }
        } else if (ref && year === null) {
          // "۱۸ تیر": the day of that name nearest before the publication date (a week's grace after it).
          const iso = nearestDay(calendar, month, day, ref);
          const monthWord = ws[i + m.n];
          if (iso && monthWord) {
            push(
              {
                start,
                end: monthWord.end,
                value: v(iso, iso, 'day', 'relative', !!refIso && iso > refIso, 0.85),
              },
              i,
              i + m.n,
            );
            i += m.n;
            continue;
          }
        }
      } else if (day === null && fits && last && year !== null) {
        const bounds = monthBounds(calendar, year, month);
        if (bounds) {
          push(
            { start, end: last.end, value: v(bounds[0], bounds[1], 'month', 'absolute', false, 0.9) },
            i,
            ws.indexOf(last),
          );
          i = ws.indexOf(last);
          continue;
        }
      }
    }
    // "سال ۱۳۹۹", "عام 1441 هـ", "عام 2020"
    if (YEAR_WORD_KEYS.has(w.keys[0] ?? '') || w.keys.some((k) => YEAR_WORD_KEYS.has(k))) {
      const year = numberOf(ws[i + 1]);
      if (year !== null) {
        const marker = phraseAt(MARKER_TABLE, ws, i + 2);
        const cal = calendarOfYear(year, marker?.value ?? null, persian);
        const bounds = cal ? yearBounds(cal, year) : null;
        const last = marker ? ws[i + 1 + marker.n] : ws[i + 1];
        if (cal && bounds && last) {
          const value =
            cal === 'gregorian'
              ? v(String(year), String(year), 'year', 'absolute', !!ref && year > ref.getUTCFullYear(), 0.85)
              : v(bounds[0], bounds[1], 'year', 'absolute', !!refIso && bounds[0] > refIso, 0.85);
          push({ start: w.start, end: last.end, value }, i, ws.indexOf(last));
          i = ws.indexOf(last);
          continue;
        }
      }
    }
    if (!ref || !refIso) continue;
    const period = phraseAt(PERIOD_TABLE, ws, i);
    if (period) {
      const [unit, n] = period.value;
      const lastWord = ws[i + period.n - 1] as Word;
      push({ start: period.start, end: lastWord.end, value: periodValue(unit, n, ref) }, i, i + period.n - 1);
      i += period.n - 1;
      continue;
    }
    // "دو روز پیش", "۱۰ روز قبل" (Persian); "قبل يومين", "منذ ثلاثة أيام" (Arabic): N days before publication.
    const agoBefore = AGO_BEFORE_KEYS.has(w.keys[0] ?? '');
    const twoDays = agoBefore && TWO_DAYS_KEYS.has(ws[i + 1]?.keys[0] ?? '');
    const n = agoBefore ? (twoDays ? 2 : numberAt(i + 1)) : numberAt(i);
    const nounAt = agoBefore ? i + 2 : i + 1;
    const agoLast = agoBefore ? (twoDays ? i + 1 : i + 2) : i + 2;
    if (
      n !== null &&
      n >= 1 &&
      n <= 30 &&
      (twoDays || DAY_NOUN_KEYS.has(ws[nounAt]?.keys[0] ?? '')) &&
      (agoBefore || AGO_AFTER_KEYS.has(ws[i + 2]?.keys[0] ?? '')) &&
      // "دو روز پیش از پایان ماه" is "two days before the end of the month", not two days ago.
      (agoBefore || ws[i + 3]?.keys[0] !== AZ)
    ) {
      const iso = isoOf(addDays(ref, -n));
      push(
        { start: w.start, end: (ws[agoLast] as Word).end, value: v(iso, iso, 'day', 'relative', false, 0.8) },
        i,
        agoLast,
        'relative-day',
      );
      i = agoLast;
      continue;
    }
    const rel = phraseAt(RELATIVE_DAY_TABLE, ws, i);
    // "در ۲۰ روز گذشته" is the past 20 days, not yesterday.
    if (rel && rel.n > 1 && numberAt(i - 1) !== null) continue;
    if (rel) {
      const iso = isoOf(addDays(ref, rel.value));
      const lastWord = ws[i + rel.n - 1] as Word;
      push(
        { start: rel.start, end: lastWord.end, value: v(iso, iso, 'day', 'relative', rel.value > 0, 0.85) },
        i,
        i + rel.n - 1,
        'relative-day',
      );
      i += rel.n - 1;
      continue;
    }
    const wd = phraseAt(WEEKDAY_TABLE, ws, i);
    if (wd) {
      const lastWord = ws[i + wd.n - 1] as Word;
      const next = ws[i + wd.n];
      const ahead = !!next && NEXT_KEYS.has(next.keys[0] ?? '');
      const back = !ahead && !!next && PAST_KEYS.has(next.keys[0] ?? '');
      const diff = (wd.value - ref.getUTCDay() + 7) % 7;
      const fromAnchor = anchor ? (wd.value - anchor.getUTCDay() + 7) % 7 : 0;
      // "on Wednesday" in news is the last one (or the publication day itself); "الأربعاء المقبل" the next,
      // "الأربعاء الماضي" the one before the publication day; after a full date, the one nearest that date.
      const date = ahead
        ? addDays(ref, diff === 0 ? 7 : diff)
        : back
          ? addDays(ref, -((7 - diff) % 7 || 7))
          : anchor
            ? addDays(anchor, fromAnchor <= 3 ? fromAnchor : fromAnchor - 7)
            : addDays(ref, -((7 - diff) % 7));
      const end = (ahead || back) && next ? next.end : lastWord.end;
      const last = i + wd.n - 1 + (ahead || back ? 1 : 0);
      push(
        {
          start: wd.start,
          end,
          value: v(isoOf(date), isoOf(date), 'day', 'relative', !!refIso && isoOf(date) > refIso, 0.8),
        },
        i,
        last,
        'weekday',
      );
      i = last;
    }
  }
  return withWeekdaysJoined(out, at);
}

/**
 * A weekday next to a day it names is one expression with that day: "دوشنبه ۲ بهمن", "الثلاثاء 4 آب 2020"
 * (the date follows) and "اليوم الجمعة", "غداً الثلاثاء", "امروز چهارشنبه" (a relative day before it). The
 * weekday alone would be read as the last one before publication; joined, it takes the day's date and span.
 */
function withWeekdaysJoined(
  out: readonly ArabicScriptDate[],
  at: ReadonlyArray<{ first: number; last: number; kind: 'weekday' | 'relative-day' | 'other' }>,
): ArabicScriptDate[] {
  const joined: ArabicScriptDate[] = [];
  for (let k = 0; k < out.length; k++) {
    const d = out[k] as ArabicScriptDate;
    const w = at[k];
    const next = out[k + 1];
    const nextAt = at[k + 1];
    const prev = joined[joined.length - 1];
    const prevAt = at[k - 1];
    if (
      w?.kind === 'weekday' &&
      next &&
      nextAt &&
      nextAt.first === w.last + 1 &&
      next.value.precision === 'day'
    ) {
      // The date after it carries the value; it starts at the weekday.
      joined.push({ ...next, start: d.start });
      k++;
      continue;
    }
    if (w?.kind === 'weekday' && prev && prevAt?.kind === 'relative-day' && w.first === prevAt.last + 1) {
      joined[joined.length - 1] = { ...prev, end: d.end };
      continue;
    }
    joined.push(d);
  }
  return joined;
}

/** The day of `calendar` with this month and day nearest before `ref`, allowing a week after it. */
function nearestDay(calendar: CalendarName, month: number, day: number, ref: Date): string | null {
  const refIso = isoOf(ref);
  const graceIso = isoOf(addDays(ref, 7));
  const { year } = fromIsoDate(calendar, refIso);
  for (const y of [year + 1, year, year - 1]) {
    const iso = toIsoDate(calendar, y, month, day);
    if (iso && iso <= graceIso) return iso;
  }
  return null;
}

function periodValue(unit: 'week' | 'month' | 'year', n: number, ref: Date): ArabicScriptDate['value'] {
  const y = ref.getUTCFullYear();
  const mo = ref.getUTCMonth();
  if (unit === 'year') return v(String(y + n), String(y + n), 'year', 'relative', n > 0, 0.85);
  if (unit === 'month') {
    const d = new Date(Date.UTC(y, mo + n, 1));
    const s = d.toISOString().slice(0, 7);
    return v(s, s, 'month', 'relative', n > 0, 0.85);
  }
  // Weeks run Monday to Sunday, as the English rules' "last week".
  const monday = addDays(ref, -((ref.getUTCDay() + 6) % 7) + 7 * n);
  return v(isoOf(monday), isoOf(addDays(monday, 6)), 'week', 'relative', n > 0, 0.8);
}
