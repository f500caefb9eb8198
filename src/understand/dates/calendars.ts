import {
  CalendarDate,
  GregorianCalendar,
  IslamicUmalquraCalendar,
  PersianCalendar,
  toCalendar,
  type Calendar,
} from '@internationalized/date';

/**
 * The calendars of the region's press (issue 20): the Solar Hijri (Jalali) calendar of Iranian outlets and
 * the Hijri calendar, converted by @internationalized/date (Adobe's calendar library; its Persian calendar
 * is the arithmetic one Iran's official calendar follows for 1178–1633 SH, its Hijri one the Umm al-Qura
 * table Saudi Arabia publishes). Nothing astronomical is computed here.
 */
export type CalendarName = 'gregorian' | 'persian' | 'islamic';

const CALENDARS: Record<CalendarName, Calendar> = {
  gregorian: new GregorianCalendar(),
  persian: new PersianCalendar(),
  islamic: new IslamicUmalquraCalendar(),
};
const GREGORIAN = CALENDARS.gregorian;

/** Years each calendar is read in, beyond which a number is not taken for a year of it. */
const YEARS: Record<CalendarName, readonly [number, number]> = {
  gregorian: [1900, 2100],
  persian: [1300, 1480],
  // Umm al-Qura's table covers 1300–1600 AH.
  islamic: [1318, 1500],
};

export function isYearOf(calendar: CalendarName, year: number): boolean {
  const [from, to] = YEARS[calendar];
  return year >= from && year <= to;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A day of `calendar` as an ISO (Gregorian) date; null when the day does not exist (31 Esfand, 30 Safar…). */
export function toIsoDate(calendar: CalendarName, year: number, month: number, day: number): string | null {
  if (!isYearOf(calendar, year) || month < 1 || month > 12 || day < 1) return null;
  const cal = CALENDARS[calendar];
  const first = new CalendarDate(cal, year, month, 1);
  if (day > cal.getDaysInMonth(first)) return null;
  const g = toCalendar(new CalendarDate(cal, year, month, day), GREGORIAN);
  return `${pad(g.year, 4)}-${pad(g.month)}-${pad(g.day)}`;
}

/** First and last day (ISO) of a month of `calendar`. */
export function monthBounds(calendar: CalendarName, year: number, month: number): [string, string] | null {
  if (!isYearOf(calendar, year) || month < 1 || month > 12) return null;
  const cal = CALENDARS[calendar];
  const last = cal.getDaysInMonth(new CalendarDate(cal, year, month, 1));
  const a = toIsoDate(calendar, year, month, 1);
  const b = toIsoDate(calendar, year, month, last);
  return a && b ? [a, b] : null;
}

/** First and last day (ISO) of a year of `calendar`. */
export function yearBounds(calendar: CalendarName, year: number): [string, string] | null {
  const a = monthBounds(calendar, year, 1);
  const b = monthBounds(calendar, year, 12);
  return a && b ? [a[0], b[1]] : null;
}

/** The year, month and day of an ISO date in `calendar`. */
export function fromIsoDate(
  calendar: CalendarName,
  iso: string,
): { year: number; month: number; day: number } {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const c = toCalendar(new CalendarDate(GREGORIAN, y ?? 1970, m ?? 1, d ?? 1), CALENDARS[calendar]);
  return { year: c.year, month: c.month, day: c.day };
}
