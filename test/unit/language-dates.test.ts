import { describe, expect, it } from 'vitest';
import { monthBounds, toIsoDate, yearBounds } from '../../src/understand/dates/calendars.js';
import { extractDates } from '../../src/understand/dates.js';
import type { Sentence } from '../../src/understand/types.js';

// Hand-written Arabic and Persian news sentences (this project's own text).

const oneSentence = (text: string): Sentence[] => [
  { index: 0, start: 0, end: text.length, text, kind: 'body', truncated: false },
];
const dates = (text: string, publishedAt: string | null = '2020-07-09', language: string | null = null) =>
  extractDates({ text, sentences: oneSentence(text), publishedAt, language }).map((d) => ({
    text: d.span.text,
    start: d.start,
    end: d.end,
    precision: d.precision,
    kind: d.kind,
  }));

describe('calendar conversion', () => {
  it.each([
    ['persian', 1399, 4, 18, '2020-07-08'],
    ['persian', 1357, 11, 22, '1979-02-11'],
    ['persian', 1399, 12, 30, '2021-03-20'],
    ['persian', 1400, 1, 1, '2021-03-21'],
    ['islamic', 1441, 11, 17, '2020-07-08'],
    ['islamic', 1445, 9, 1, '2024-03-11'],
    ['gregorian', 2020, 7, 8, '2020-07-08'],
  ] as const)('%s %i-%i-%i is %s', (cal, y, m, d, iso) => {
    expect(toIsoDate(cal, y, m, d)).toBe(iso);
  });

  it('refuses days a month does not have and years out of range', () => {
    expect(toIsoDate('persian', 1400, 12, 30)).toBeNull(); // 1400 is not a leap year
    expect(toIsoDate('persian', 1399, 7, 31)).toBeNull(); // Mehr has 30 days
    expect(toIsoDate('persian', 2020, 1, 1)).toBeNull();
  });

  it('gives the bounds of months and years', () => {
    expect(monthBounds('persian', 1399, 4)).toEqual(['2020-06-21', '2020-07-21']);
    expect(yearBounds('persian', 1399)).toEqual(['2020-03-20', '2021-03-20']);
  });
});

describe('dates in Persian', () => {
  it('reads a Solar Hijri date in Persian digits, with offsets into the text as written', () => {
    const text = 'وزیر امور خارجه ایران روز ۱۸ تیر ۱۳۹۹ در تهران با همتای سوری خود دیدار کرد.';
    const got = dates(text, '2020-07-09', 'fa');
    expect(got).toEqual([
      {
        text: 'روز ۱۸ تیر ۱۳۹۹'.slice(4),
        start: '2020-07-08',
        end: '2020-07-08',
        precision: 'day',
        kind: 'absolute',
      },
    ]);
  });

  it.each([
    ['این توافق در ۲۲ بهمن ۱۳۵۷ امضا شد.', '۲۲ بهمن ۱۳۵۷', '1979-02-11'],
    ['حادثه در ۳ دی ۱۳۹۸ هجری شمسی رخ داد.', '۳ دی ۱۳۹۸ هجری شمسی', '2019-12-24'],
    ['نشست در ۸ ژوئیه ۲۰۲۰ برگزار شد.', '۸ ژوئیه ۲۰۲۰', '2020-07-08'],
    ['مراسم در ۱۷ ذی‌القعده ۱۴۴۱ برگزار شد.', '۱۷ ذی‌القعده ۱۴۴۱', '2020-07-08'],
  ])('%s', (text, span, iso) => {
    expect(dates(text, null, 'fa')).toEqual([
      { text: span, start: iso, end: iso, precision: 'day', kind: 'absolute' },
    ]);
  });

  it('reads months and years of the Solar Hijri calendar as ranges of days', () => {
    expect(dates('قیمت‌ها در تیر ۱۳۹۹ افزایش یافت.', null, 'fa')).toEqual([
      { text: 'تیر ۱۳۹۹', start: '2020-06-21', end: '2020-07-21', precision: 'month', kind: 'absolute' },
    ]);
    expect(dates('بودجه سال ۱۳۹۹ تصویب شد.', null, 'fa')).toEqual([
      { text: 'سال ۱۳۹۹', start: '2020-03-20', end: '2021-03-20', precision: 'year', kind: 'absolute' },
    ]);
  });

  it('reads relative words and weekdays against the publication date', () => {
    // 2020-07-09 was a Thursday.
    expect(dates('سخنگوی دولت دیروز گفت که مذاکرات روز چهارشنبه ادامه یافت.')).toEqual([
      { text: 'دیروز', start: '2020-07-08', end: '2020-07-08', precision: 'day', kind: 'relative' },
      { text: 'چهارشنبه', start: '2020-07-08', end: '2020-07-08', precision: 'day', kind: 'relative' },
    ]);
    expect(dates('هیئت ایرانی شنبه آینده به دمشق می‌رود.').map((d) => d.start)).toEqual(['2020-07-11']);
    expect(dates('هیئت در هفته گذشته به دمشق رفت.')[0]).toMatchObject({
      start: '2020-06-29',
      end: '2020-07-05',
      precision: 'week',
    });
    expect(dates('۱۸ تیر نشست برگزار شد.', '2020-07-09', 'fa')[0]).toMatchObject({
      text: '۱۸ تیر',
      start: '2020-07-08',
      kind: 'relative',
    });
  });
});

describe('dates on mixed pages', () => {
  it('reads a bare Solar Hijri year in a Persian paragraph of an English article, not in an Arabic one', () => {
    const en = 'The ministry published its figures on Tuesday, and the agency quoted them in full below.';
    const fa = 'بودجه سال ۱۳۹۹ در مجلس شورای اسلامی تصویب شد و دولت آن را اجرا خواهد کرد.';
    const ar = 'وقال المسؤول إن ميزانية عام 1399 كانت أصغر من ميزانية العام الذي سبقه بكثير.';
    const text = `${en}\n\n${fa}\n\n${ar}`;
    const sentences: Sentence[] = [en, fa, ar].map((t, index) => {
      const start = text.indexOf(t);
      return { index, start, end: start + t.length, text: t, kind: 'body', truncated: false };
    });
    const got = extractDates({ text, sentences, publishedAt: '2020-07-09', language: 'en' });
    expect(got.filter((d) => d.span.sentence > 0).map((d) => [d.span.text, d.start, d.end])).toEqual([
      ['سال ۱۳۹۹', '2020-03-20', '2021-03-20'],
    ]);
  });
});

describe('dates in Arabic', () => {
  it.each([
    ['وقصفت الطائرات مواقع في حلب يوم 8 تموز 2020.', '8 تموز 2020', '2020-07-08'],
    ['وقع الاتفاق في ٨ يوليو ٢٠٢٠ في دمشق.', '٨ يوليو ٢٠٢٠', '2020-07-08'],
    ['صدر البيان في 17 ذو القعدة 1441 هـ.', '17 ذو القعدة 1441 هـ', '2020-07-08'],
    ['أعلن الحداد في ١ رمضان ١٤٤٥.', '١ رمضان ١٤٤٥', '2024-03-11'],
    ['وانعقد المؤتمر في 3 كانون الثاني 2020 ببغداد.', '3 كانون الثاني 2020', '2020-01-03'],
  ])('%s', (text, span, iso) => {
    expect(dates(text, null, 'ar')).toEqual([
      { text: span, start: iso, end: iso, precision: 'day', kind: 'absolute' },
    ]);
  });

  it('reads the day after a joined conjunction or preposition, leaving the prefix out', () => {
    expect(dates('عاد الوفد أمس وسيعود غداً.').map((d) => [d.text, d.start])).toEqual([
      ['أمس', '2020-07-08'],
      ['غداً', '2020-07-10'],
    ]);
    expect(dates('وصل الوزير الخميس وبحث الملف.').map((d) => [d.text, d.start])).toEqual([
      ['الخميس', '2020-07-09'],
    ]);
    expect(dates('يزور الوفد دمشق الأربعاء المقبل.').map((d) => [d.text, d.start])).toEqual([
      ['الأربعاء المقبل', '2020-07-15'],
    ]);
    expect(dates('ارتفعت الأسعار الشهر الماضي والعام الماضي.').map((d) => [d.text, d.start])).toEqual([
      ['الشهر الماضي', '2020-06'],
      ['العام الماضي', '2019'],
    ]);
  });

  it('takes no number for a date without a month name, and no Hijri year without its marker', () => {
    expect(dates('قتل 18 شخصا وأصيب 1399 آخرون.', null, 'ar')).toEqual([]);
    expect(dates('في عام 1441 كان الوضع صعبا.', null, 'ar')).toEqual([]);
    expect(dates('في عام 1441 هـ كان الوضع صعبا.', null, 'ar')[0]).toMatchObject({
      start: '2019-08-31',
      end: '2020-08-19',
      precision: 'year',
    });
  });

  it('needs a publication date for relative words', () => {
    expect(dates('عاد الوفد أمس.', null)).toEqual([]);
  });
});

describe('relative dates and numeric Solar Hijri dates', () => {
  // Published Tuesday 2023-06-20 (30 Khordad 1402).
  const one = (text: string, language: string | null = null) =>
    dates(text, '2023-06-20', language).map((d) => [d.text, d.start]);
  it.each([
    ['وزیر امور خارجه روز گذشته با همتای خود دیدار کرد.', [['روز گذشته', '2023-06-19']]],
    ['این قرارداد دو روز پیش امضا شد.', [['دو روز پیش', '2023-06-18']]],
    ['نشست شورا ۱۰ روز قبل برگزار شد.', [['۱۰ روز قبل', '2023-06-10']]],
    ['وصل الوفد قبل يومين إلى الرياض.', [['قبل يومين', '2023-06-18']]],
    ['اندلعت الاشتباكات منذ ثلاثة أيام في المدينة.', [['منذ ثلاثة أيام', '2023-06-17']]],
    ['انفجار شب گذشته در بندر رخ داد.', [['شب گذشته', '2023-06-19']]],
    // Last Tuesday, said on a Tuesday: the one a week before.
    ['معترضان سه‌شنبه گذشته تجمع کردند.', [['سه‌شنبه گذشته', '2023-06-13']]],
    ['عقد المجلس جلسته الثلاثاء الماضي.', [['الثلاثاء الماضي', '2023-06-13']]],
    ['بیانیه در تاریخ ۱۴۰۲/۰۳/۲۵ منتشر شد.', [['۱۴۰۲/۰۳/۲۵', '2023-06-15']]],
    ['صدر القرار بتاريخ 1444/11/20 هـ.', [['1444/11/20', '2023-06-09']]],
  ])('%s', (text, want) => {
    expect(one(text)).toEqual(want);
  });

  it('reads "the past 20 days" as no day', () => {
    expect(one('قیمت‌ها در ۲۰ روز گذشته بالا رفت.')).toEqual([]);
  });

  it('reads "دو روز پیش از" as "two days before", not two days ago', () => {
    expect(one('نتایج دو روز پیش از رأی‌گیری اعلام می‌شود.')).toEqual([]);
  });

  it('puts a bare weekday after a full date next to that date, not before publication', () => {
    expect(
      dates(
        'أعلنت المحكمة أن يوم الأربعاء 3 ذو الحجة 1444 هـ هو ثالث أيام الشهر، على أن يكون الاجتماع يوم الخميس.',
        '2023-06-10',
      ).map((d) => [d.text, d.start]),
    ).toEqual([
      ['الأربعاء 3 ذو الحجة 1444 هـ', '2023-06-21'],
      ['الخميس', '2023-06-22'],
    ]);
  });
});
