/**
 * Event triggers of Arabic and Persian news (issue 20), written for this project; docs/LANGUAGES.md lists
 * them with what the coder does not do yet. Codes are CAMEO codes, turned into PLOVER types by the same
 * codebook as the English coder's (data/events/cameo-plover.json), and chosen as the English dictionary codes
 * the same English verb ("meet" 040, "attack" 190, "arrest" 173…), so both languages code alike.
 */

/**
 * Arabic verbs, as written: perfect (3rd person masculine, feminine, dual, plural) and imperfect forms.
 * Joined "و"/"ف" and the future prefix "س" are read off before look-up.
 */
export const ARABIC_VERBS: ReadonlyArray<readonly [string, readonly string[]]> = [
  // meet, receive, visit, discuss, negotiate
  ['040', ['التقى', 'التقت', 'التقيا', 'التقوا', 'يلتقي', 'تلتقي', 'يلتقيان', 'يلتقون']],
  ['040', ['اجتمع', 'اجتمعت', 'اجتمعا', 'اجتمعوا', 'يجتمع', 'تجتمع', 'يجتمعان', 'يجتمعون']],
  ['040', ['بحث', 'بحثت', 'بحثا', 'بحثوا', 'يبحث', 'تبحث', 'يبحثان']],
  ['043', ['استقبل', 'استقبلت', 'يستقبل', 'تستقبل']],
  ['042', ['زار', 'زارت', 'زارا', 'زاروا', 'يزور', 'تزور', 'يزوران']],
  ['046', ['تفاوض', 'تفاوضت', 'تفاوضا', 'تفاوضوا', 'يتفاوض', 'تتفاوض']],
  // sign, agree, support
  ['057', ['وقع', 'وقعت', 'وقعا', 'وقعوا', 'يوقع', 'توقع', 'يوقعان', 'وقّع', 'وقّعت', 'وقّعا']],
  ['050', ['اتفق', 'اتفقت', 'اتفقا', 'اتفقوا', 'يتفق', 'تتفق', 'يتفقان']],
  ['050', ['دعم', 'دعمت', 'يدعم', 'تدعم']],
  // attack, strike, shell, bomb, target, kill
  ['190', ['هاجم', 'هاجمت', 'هاجموا', 'يهاجم', 'تهاجم']],
  ['190', ['قصف', 'قصفت', 'قصفوا', 'يقصف', 'تقصف']],
  ['190', ['استهدف', 'استهدفت', 'استهدفوا', 'يستهدف', 'تستهدف']],
  ['190', ['ضرب', 'ضربت', 'يضرب', 'تضرب']],
  ['190', ['قتل', 'قتلت', 'قتلوا', 'يقتل', 'تقتل']],
  ['190', ['اغتال', 'اغتالت', 'اغتالوا', 'يغتال']],
  // arrest
  ['173', ['اعتقل', 'اعتقلت', 'اعتقلوا', 'يعتقل', 'تعتقل']],
  ['173', ['احتجز', 'احتجزت', 'احتجزوا', 'يحتجز', 'تحتجز']],
  // protest
  ['141', ['تظاهر', 'تظاهرت', 'تظاهروا', 'يتظاهر', 'يتظاهرون']],
  ['140', ['احتج', 'احتجت', 'احتجوا', 'يحتج', 'يحتجون']],
  // sanction, threaten, condemn, accuse, demand, reject, withdraw
  ['163', ['عاقب', 'عاقبت', 'يعاقب', 'تعاقب']],
  ['130', ['هدد', 'هددت', 'هددوا', 'يهدد', 'تهدد']],
  ['111', ['أدان', 'أدانت', 'أدانوا', 'يدين', 'تدين', 'ندد', 'نددت', 'يندد', 'تندد']],
  ['112', ['اتهم', 'اتهمت', 'اتهموا', 'يتهم', 'تتهم']],
  ['100', ['طالب', 'طالبت', 'طالبوا', 'يطالب', 'تطالب']],
  ['120', ['رفض', 'رفضت', 'رفضوا', 'يرفض', 'ترفض']],
  ['080', ['انسحب', 'انسحبت', 'انسحبوا', 'ينسحب', 'تنسحب']],
  // Verbal nouns that report the event themselves: "تبنت الجماعة الهجوم" (claimed the attack), "أعلنت توقيف 18"
  // (announced the arrest of), "وصل الوفد لبحث" (came to discuss). Parties are read around them as around verbs.
  ['190', ['الهجوم', 'هجوم', 'الهجمات', 'هجمات']],
  ['173', ['توقيف', 'اعتقال']],
  ['040', ['لبحث', 'للبحث']],
];

/**
 * Arabic light-verb phrases: a verb and the noun that says what was done ("فرض عقوبات" imposed sanctions,
 * "شن غارات" launched raids, "ألقى القبض" arrested). The noun may stand up to two words after the verb.
 */
export const ARABIC_PHRASES: ReadonlyArray<readonly [string, readonly string[], readonly string[]]> = [
  ['163', ['فرض', 'فرضت', 'فرضوا', 'يفرض', 'تفرض'], ['عقوبات', 'العقوبات']],
  ['190', ['شن', 'شنت', 'شنوا', 'يشن', 'تشن'], ['غارات', 'غارة', 'هجوما', 'هجمات', 'هجوم']],
  ['173', ['ألقى', 'ألقت', 'ألقوا', 'يلقي', 'تلقي'], ['القبض']],
];

/**
 * Persian events are mostly compound verbs: a noun, then a light verb (کردن, نمودن, شدن) that carries tense,
 * person and negation ("دیدار کرد" met, "حمله نکردند" did not attack). The light verb may stand up to three
 * words after the noun ("حمله هوایی کرد"). With شدن the verb is passive: the subject is the target.
 */
export const PERSIAN_NOUNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['040', ['دیدار', 'ملاقات', 'گفتگو', 'گفت‌وگو', 'رایزنی']],
  ['042', ['سفر']],
  ['046', ['مذاکره']],
  ['057', ['امضا', 'امضاء']],
  ['050', ['توافق', 'حمایت']],
  ['190', ['حمله', 'بمباران', 'موشک‌باران', 'گلوله‌باران']],
  ['190', ['کشته', 'ترور']],
  // "سرنگون کرد" (shot down), "هدف قرار داد" (targeted; "هدف قرار گرفت" was targeted), "به شهادت رساند" and
  // "به قتل رساند" (killed).
  ['190', ['سرنگون', 'هدف', 'شهادت', 'قتل']],
  ['173', ['بازداشت', 'دستگیر']],
  ['141', ['تظاهرات', 'راهپیمایی', 'تجمع']],
  ['140', ['اعتراض']],
  ['163', ['تحریم']],
  ['130', ['تهدید']],
  ['111', ['محکوم']],
  ['112', ['متهم']],
  // "X را مسئول آن دانست": held X responsible.
  ['112', ['مسئول', 'مسؤول']],
  ['120', ['رد']],
  ['080', ['عقب‌نشینی']],
  // "خواستار شد": demanded; with شدن but not passive.
  ['100', ['خواستار']],
];

/**
 * Nouns whose شدن is not a passive: the subject is still the source. (The passive light verbs are شدن and
 * قرار گرفتن; the active ones کردن, نمودن, زدن, دادن, رساندن, دانستن: events.ts.)
 */
export const PERSIAN_ACTIVE_WITH_SHODAN: readonly string[] = ['خواستار'];

/** Persian simple verbs. */
export const PERSIAN_VERBS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['190', ['کشت', 'کشتند', 'می‌کشد', 'می‌کشند']],
];
