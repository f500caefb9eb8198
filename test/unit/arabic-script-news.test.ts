import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { extractDates } from '../../src/understand/dates.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import type { Sentence } from '../../src/understand/types.js';

// Failures the Arabic/Persian news gold's dev half showed (docs/LANGUAGE-GOLD.md), on sentences written
// for this test (not the gold's): places in lists, weekdays next to the day they name, "بهمن‌ماه ۱۴۰۲".

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});

const oneSentence = (text: string): Sentence[] => [
  { index: 0, start: 0, end: text.length, text, kind: 'body', truncated: false },
];
const dates = (text: string, publishedAt: string) =>
  extractDates({ text, sentences: oneSentence(text), publishedAt, language: null }).map((d) => [
    d.span.text,
    d.start,
  ]);
const places = (text: string) =>
  analyzer
    .analyze({ text, publishedAt: '2024-03-01' })
    .places.map((p) => [p.span.text, p.place?.name ?? null]);

describe('weekdays next to the day they name', () => {
  it.each([
    // Published on a Sunday: the weekday alone would be the Monday before.
    ['تعطیلی مدارس از دوشنبه ۱۶ بهمن اعلام شد.', '2024-02-04', [['دوشنبه ۱۶ بهمن', '2024-02-05']]],
    ['وصل الوفد يوم الخميس 7 آذار 2024 إلى عمّان.', '2024-03-10', [['الخميس 7 آذار 2024', '2024-03-07']]],
    // A relative day then the weekday: one expression, the relative day's date.
    ['تبدأ الامتحانات غداً الأحد في جميع المدارس.', '2024-03-09', [['غداً الأحد', '2024-03-10']]],
    ['دیروز شنبه نشست شورای شهر برگزار شد.', '2024-03-10', [['دیروز شنبه', '2024-03-09']]],
  ])('%s', (text, publishedAt, want) => {
    expect(dates(text, publishedAt)).toEqual(want);
  });

  it('leaves a weekday alone when no day stands next to it', () => {
    expect(dates('عقد المجلس جلسته يوم الثلاثاء في العاصمة.', '2024-03-10')).toEqual([
      ['الثلاثاء', '2024-03-05'],
    ]);
  });

  it('reads a Solar Hijri month with the word "month" before its year', () => {
    expect(dates('صادرات نفت در اسفندماه ۱۴۰۲ افزایش یافت.', '2024-04-10')).toEqual([
      ['اسفندماه ۱۴۰۲', '2024-02-20'],
    ]);
    expect(dates('صادرات نفت در آبان ماه ۱۴۰۲ افزایش یافت.', '2024-04-10')).toEqual([
      ['آبان ماه ۱۴۰۲', '2023-10-23'],
    ]);
  });
});

describe('short place names in a list', () => {
  it('carries a locative on through "و" and commas to the next name', () => {
    expect(places('هطلت أمطار غزيرة على مدن اللاذقية وحمص وحلب.')).toEqual([
      ['اللاذقية', 'Latakia'],
      ['حمص', 'Homs'],
      ['حلب', 'Aleppo'],
    ]);
    expect(places('برف در شهرهای تبریز، رشت و قم بارید.')).toEqual([
      ['تبریز', 'Tabriz'],
      ['رشت', 'Rasht'],
      ['قم', 'Qom'],
    ]);
  });

  it('does not make a short name a place after a word that is not one', () => {
    expect(places('قال المتحدث وحلب الحليب صباحا.').map((p) => p[0])).not.toContain('حلب');
  });

  it('reads a multi-word name behind a joined "و" even when its first word is short ("وذي قار")', () => {
    expect(places('اجتاحت العاصفة محافظتي البصرة وذي قار.')).toContainEqual([
      'ذي قار',
      'Dhi Qar Governorate',
    ]);
  });

  it('keeps direction adjectives and "morning" out of the places', () => {
    expect(places('هطلت الأمطار على المناطق الشمالية صباح السبت.')).toEqual([]);
  });
});

describe('paragraph languages of mixed pages', () => {
  const english =
    'The foreign minister spoke to reporters in Damascus on Wednesday about the reconstruction of the areas the earthquake destroyed.';
  const arabic =
    'وقال الوزير إن إعادة الإعمار في حلب أولوية وطنية، وإن الحكومة ترحب بكل دعم يقدم للمتضررين من الزلزال في الشمال.';
  const languages = (text: string) =>
    analyzer
      .analyze({ text, publishedAt: '2023-03-15' })
      .paragraphLanguages?.map((s) => [text.slice(s.start, s.end), s.language]);

  it('stores each paragraph’s language when an English page quotes an Arabic paragraph', () => {
    expect(languages(`${english}\n\n${arabic}\n\n${english}`)).toEqual([
      [english, 'en'],
      [arabic, 'ar'],
      [english, 'en'],
    ]);
  });

  it('stores nothing for a page in one language', () => {
    expect(languages(`${english}\n\n${english}`)).toBeUndefined();
    expect(languages(`${arabic}\n\n${arabic}`)).toBeUndefined();
  });
});
