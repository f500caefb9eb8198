import { describe, expect, it } from 'vitest';
import {
  articleLanguage,
  detectLanguage,
  paragraphLanguages,
} from '../../src/understand/language/identify.js';
import {
  encliticReadings,
  normalizeArabicScript,
  procliticReadings,
  westernDigits,
  wordKey,
} from '../../src/understand/language/normalize.js';

// Hand-written news-style sentences (this project's own text).
const AR =
  'التقى الرئيس السوري بشار الأسد وزير الخارجية الإيراني في دمشق أمس، وبحث الجانبان التعاون العسكري بين البلدين.';
const FA =
  'وزیر امور خارجه ایران روز چهارشنبه در تهران با همتای سوری خود دیدار کرد و درباره همکاری‌های نظامی گفت‌وگو کرد.';
const EN =
  'Iran and Syria signed an agreement on Wednesday to strengthen military cooperation, the Syrian state news agency said. The chiefs of staff met in Damascus.';
const UR =
  'پاکستان کے وزیر اعظم نے کہا کہ حکومت ہمسایہ ملکوں کے ساتھ مذاکرات جاری رکھے گی اور تجارت بڑھائے گی۔';

describe('language identification', () => {
  it.each([
    [AR, 'ar'],
    [FA, 'fa'],
    [EN, 'en'],
    [UR, 'ur'],
    ['سپاه پاسداران در اصفهان رزمایش برگزار کرد.', 'fa'],
    ['قصفت الطائرات الإسرائيلية مواقع في ريف حلب.', 'ar'],
  ])('tells the language of %s', (text, want) => {
    expect(detectLanguage(text).language).toBe(want);
  });

  it('says nothing of texts too short to tell', () => {
    expect(detectLanguage('دمشق').language).toBeNull();
    expect(detectLanguage('Suit aims to stop move of Camden clinic.').language).toBeNull();
    expect(detectLanguage('').language).toBeNull();
  });

  it('keeps what the page states unless the text contradicts it', () => {
    expect(articleLanguage('en', EN)).toBe('en');
    expect(articleLanguage('en-GB', EN)).toBe('en-GB');
    expect(articleLanguage('fa-IR', FA)).toBe('fa-IR');
    // A template that says English over an Arabic article; a Persian article tagged Arabic.
    expect(articleLanguage('en', AR)).toBe('ar');
    expect(articleLanguage('ar', FA)).toBe('fa');
    expect(articleLanguage('fa', AR)).toBe('ar');
    // An English page said to be Arabic; a Latin-script headline too short to tell which language it is.
    expect(articleLanguage('ar', EN)).toBe('en');
    expect(articleLanguage('fa', 'Suit aims to stop move of Camden clinic.')).toBeNull();
    expect(articleLanguage('en', 'Suit aims to stop move of Camden clinic.')).toBe('en');
  });

  it('detects when the page states nothing, and keeps a language franc-min does not know', () => {
    expect(articleLanguage(null, AR)).toBe('ar');
    expect(articleLanguage(undefined, FA)).toBe('fa');
    expect(articleLanguage('  ', EN)).toBe('en');
    expect(
      articleLanguage('ps', 'د افغانستان حکومت وویل چې سوله خبرې به دوام ولري او هېواد به پرمختګ وکړي.'),
    ).toBe('ps');
  });

  it('reads a mixed page paragraph by paragraph, with offsets into the text', () => {
    const text = `${EN}\n\n${AR}\n\n${FA}\n\nدمشق`;
    const segs = paragraphLanguages(text, 'en');
    expect(segs.map((s) => s.language)).toEqual(['en', 'ar', 'fa', 'ar']);
    for (const s of segs) expect(text.slice(s.start, s.end).trim()).toBe(text.slice(s.start, s.end));
    expect(text.slice(segs[1]?.start, segs[1]?.end)).toBe(AR);
    // A short Arabic-script line in a Persian article is Persian.
    expect(paragraphLanguages(`${FA}\nتهران`, 'fa').map((s) => s.language)).toEqual(['fa', 'fa']);
  });
});

describe('Arabic-script normalisation', () => {
  it.each([
    ['أحمد', 'احمد'],
    ['إيران', 'ايران'],
    ['آمریکا', 'امريكا'],
    ['ٱلله', 'الله'],
    ['مُحَمَّد', 'محمد'],
    ['علی', 'علي'],
    ['مصطفى', 'مصطفي'],
    ['کرمان', 'كرمان'],
    ['غزة', 'غزه'],
    ['خانهٔ', 'خانه'],
    ['مسؤول', 'مسوول'],
    ['رئيس', 'رييس'],
    ['رئیس', 'رييس'],
    ['جـــيش', 'جيش'],
    ['خامنه‌ای', 'خامنه اي'],
    ['۱۸ تیر ۱۳۹۹', '18 تير 1399'],
    ['١٧ ذو القعدة ١٤٤١', '17 ذو القعده 1441'],
    ['Tehran 2020', 'Tehran 2020'],
  ])('%s → %s', (input, want) => {
    expect(normalizeArabicScript(input)).toBe(want);
  });

  it('maps digits one for one, so offsets do not move', () => {
    const s = 'در ۱۸ تیر ۱۳۹۹ و ٨ تموز';
    expect(westernDigits(s)).toBe('در 18 تیر 1399 و 8 تموز');
    expect(westernDigits(s)).toHaveLength(s.length);
  });

  it('drops the article in word keys', () => {
    expect(wordKey('الموصل')).toBe('موصل');
    expect(wordKey('الأسد')).toBe('اسد');
    expect(wordKey('«دمشق»،')).toBe('دمشق');
  });
});

describe('clitics', () => {
  it('splits joined conjunctions and prepositions, keeping offsets into the word as written', () => {
    const r = procliticReadings('وبدمشق');
    expect(r.map((x) => x.rest)).toContain('دمشق');
    expect(r.map((x) => x.rest)).toContain('بدمشق');
    const d = r.find((x) => x.rest === 'دمشق');
    expect(d?.offset).toBe(2);
    expect(d?.prefix).toBe('وب');
  });

  it('gives the article back after li- (للأمم → الأمم) and takes the article with bi-', () => {
    expect(procliticReadings('للأمم').map((x) => x.rest)).toContain('الأمم');
    expect(procliticReadings('بالعراق').find((x) => x.rest === 'عراق')?.offset).toBe(3);
  });

  it('keeps a vowelled prefix with its vowel', () => {
    const r = procliticReadings('وَبَغداد').find((x) => x.rest === 'بَغداد');
    expect(r?.offset).toBe(2);
  });

  it('never leaves fewer than three letters', () => {
    expect(procliticReadings('فتح').map((x) => x.rest)).toEqual(['فتح']);
    expect(procliticReadings('وقم').map((x) => x.rest)).toEqual(['وقم']);
  });

  it('reads Persian suffixes after a zero-width non-joiner', () => {
    expect(encliticReadings('سپاه‌های')).toEqual([8, 4]);
    expect(encliticReadings('خامنه‌ای')).toEqual([8, 5]);
    expect(encliticReadings('ایرانی')).toEqual([6]);
  });
});
