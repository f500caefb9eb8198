/**
 * Words the Arabic and Persian actor linker reads around names (issue 20), written for this project from
 * ordinary Modern Standard Arabic and Persian news usage. docs/LANGUAGES.md lists what they cover and what
 * they do not. Entries are written as in print; they are keyed with the same normalisation as the text.
 */

/**
 * Nisba adjectives (demonyms) by ISO 3166 alpha-3, masculine singular without the article. Arabic feminine
 * (-ة) and plural (-ون, -ين, -ات) forms are derived; Persian plurals take "‌ها" and are read as a suffix.
 */
export const DEMONYMS: Readonly<Record<string, { ar: readonly string[]; fa: readonly string[] }>> = {
  SYR: { ar: ['سوري'], fa: ['سوری', 'سوریه‌ای'] },
  IRN: { ar: ['إيراني'], fa: ['ایرانی'] },
  IRQ: { ar: ['عراقي'], fa: ['عراقی'] },
  ISR: { ar: ['إسرائيلي', 'صهيوني'], fa: ['اسرائیلی', 'صهیونیستی', 'صهیونیست'] },
  LBN: { ar: ['لبناني'], fa: ['لبنانی'] },
  JOR: { ar: ['أردني'], fa: ['اردنی'] },
  SAU: { ar: ['سعودي'], fa: ['سعودی'] },
  EGY: { ar: ['مصري'], fa: ['مصری'] },
  TUR: { ar: ['تركي'], fa: ['ترکیه‌ای'] },
  RUS: { ar: ['روسي'], fa: ['روسی', 'روس'] },
  USA: { ar: ['أمريكي', 'أميركي'], fa: ['آمریکایی', 'امریکایی'] },
  GBR: { ar: ['بريطاني'], fa: ['انگلیسی', 'بریتانیایی'] },
  FRA: { ar: ['فرنسي'], fa: ['فرانسوی'] },
  DEU: { ar: ['ألماني'], fa: ['آلمانی'] },
  CHN: { ar: ['صيني'], fa: ['چینی'] },
  YEM: { ar: ['يمني'], fa: ['یمنی'] },
  PSE: { ar: ['فلسطيني'], fa: ['فلسطینی'] },
  QAT: { ar: ['قطري'], fa: ['قطری'] },
  ARE: { ar: ['إماراتي'], fa: ['اماراتی'] },
  KWT: { ar: ['كويتي'], fa: ['کویتی'] },
  BHR: { ar: ['بحريني'], fa: ['بحرینی'] },
  OMN: { ar: ['عماني'], fa: ['عمانی'] },
  AFG: { ar: ['أفغاني'], fa: ['افغانستانی', 'افغان'] },
  PAK: { ar: ['باكستاني'], fa: ['پاکستانی'] },
  LBY: { ar: ['ليبي'], fa: ['لیبیایی'] },
  SDN: { ar: ['سوداني'], fa: ['سودانی'] },
  UKR: { ar: ['أوكراني'], fa: ['اوکراینی'] },
};

/** Arabic forms of a masculine nisba: -ة (feminine), -ون/-ين (plural), -ات (feminine plural). */
export function arabicNisbaForms(masculine: string): string[] {
  return [masculine, `${masculine}ة`, `${masculine}ون`, `${masculine}ين`, `${masculine}ات`];
}

/**
 * Collective nouns that make a following demonym or country name an actor of a sector, as the English
 * linker's "Iranian forces": "القوات الإسرائيلية", "الجيش السوري", "نیروهای آمریکایی", "ارتش اسرائیل".
 * Values are CAMEO sector codes.
 */
export const COLLECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['قوات', 'MIL'],
  ['القوات', 'MIL'],
  ['جيش', 'MIL'],
  ['الجيش', 'MIL'],
  ['جنود', 'MIL'],
  ['الجنود', 'MIL'],
  ['الطائرات', 'MIL'],
  ['طائرات', 'MIL'],
  ['البحرية', 'MIL'],
  ['الدفاعات', 'MIL'],
  ['الحكومة', 'GOV'],
  ['حكومة', 'GOV'],
  ['السلطات', 'GOV'],
  ['سلطات', 'GOV'],
  ['المسؤولين', 'GOV'],
  ['المسؤولون', 'GOV'],
  ['النظام', 'GOV'],
  ['الشرطة', 'COP'],
  ['المعارضة', 'OPP'],
  ['نیروهای', 'MIL'],
  ['نیرو‌های', 'MIL'],
  ['ارتش', 'MIL'],
  ['نظامیان', 'MIL'],
  ['جنگنده‌های', 'MIL'],
  ['هواپیماهای', 'MIL'],
  ['دولت', 'GOV'],
  ['مقامات', 'GOV'],
  ['مقام‌های', 'GOV'],
  ['رژیم', 'GOV'],
  ['پلیس', 'COP'],
];

/**
 * Titles that name an office holder when a demonym or a country follows ("الرئيس السوري", "وزير الخارجية
 * الإيراني", "وزیر امور خارجه ایران", "رئیس‌جمهور سوریه"). Values are the English titles the dictionary's
 * dated roles use, so the holder on the publication date is found as for "the Syrian president".
 */
export const TITLES: ReadonlyArray<readonly [string, string]> = [
  ['الرئيس', 'president'],
  ['رئيس', 'president'],
  ['رئيس الوزراء', 'prime minister'],
  ['رئيس الحكومة', 'prime minister'],
  ['وزير الخارجية', 'foreign minister'],
  ['وزير الدفاع', 'defence minister'],
  ['وزير الداخلية', 'interior minister'],
  ['رئيس هيئة الأركان', 'chief of staff'],
  ['رئيس الأركان', 'chief of staff'],
  ['المرشد الأعلى', 'supreme leader'],
  ['الملك', 'king'],
  ['العاهل', 'king'],
  ['أمير', 'emir'],
  ['ولي العهد', 'crown prince'],
  ['رئيس البرلمان', 'speaker of parliament'],
  ['رئيس مجلس النواب', 'speaker of parliament'],
  ['رئیس جمهور', 'president'],
  ['رئیس‌جمهور', 'president'],
  ['نخست وزیر', 'prime minister'],
  ['نخست‌وزیر', 'prime minister'],
  ['وزیر امور خارجه', 'foreign minister'],
  ['وزیر خارجه', 'foreign minister'],
  ['وزیر دفاع', 'defence minister'],
  ['وزیر کشور', 'interior minister'],
  ['رئیس ستاد کل نیروهای مسلح', 'chief of staff'],
  ['رهبر', 'supreme leader'],
  ['رهبر انقلاب', 'supreme leader'],
  ['رهبر معظم انقلاب', 'supreme leader'],
  ['رئیس مجلس', 'speaker of parliament'],
  ['پادشاه', 'king'],
];

/** Other names the region's press gives countries, not in the dictionary's aliases. */
export const COUNTRY_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['رژیم صهیونیستی', 'ISR'],
  ['الكيان الصهيوني', 'ISR'],
  ['كيان الاحتلال', 'ISR'],
  ['جمهوری اسلامی', 'IRN'],
  ['الجمهورية الإسلامية', 'IRN'],
  ['الولايات المتحدة', 'USA'],
  ['ایالات متحده', 'USA'],
  ['أمريكا', 'USA'],
  ['أميركا', 'USA'],
  ['آمریکا', 'USA'],
  ['عربستان', 'SAU'],
  ['بريطانيا', 'GBR'],
  ['بریتانیا', 'GBR'],
];

/**
 * Aliases that are also everyday words: "فتح" (Fatah; "opened"), "القاعدة" (al-Qaeda; "the base"). They
 * name their actor only after one of the organisation words below ("حركة فتح", "تنظيم القاعدة").
 */
export const AMBIGUOUS_NAMES: readonly string[] = ['فتح', 'القاعدة'];
export const ORGANISATION_WORDS: readonly string[] = [
  'حركة',
  'تنظيم',
  'جماعة',
  'عناصر',
  'مسلحي',
  'مقاتلي',
  'زعيم',
  'قادة',
  'گروه',
  'سازمان',
];
