import type { ActorMention, AnalysisActor, Token } from '../types.js';
import type { PlaceGazetteer } from '../places/gazetteer.js';
import type { Toponym } from '../places/types.js';
import { arabicScriptIndex, isArabicWord, phraseKey, scanPhrases } from './scan.js';
import { ARABIC_LETTER } from './normalize.js';

/**
 * Toponyms in Arabic and Persian text (issue 20): the gazetteer's Arabic-script names (GeoNames' and the
 * curated ones, built into data/places by scripts/build-place-gazetteer.ts) matched over the words with their
 * joined prefixes off ("بدمشق" → "دمشق", "والموصل" → "الموصل"). The resolver then ranks the readings as for
 * English names: the span's text is the name as written, which the gazetteer keys the same way.
 */

/**
 * Place names that are also everyday words: "صور" (Tyre; "pictures"), "قوة" (a village; "force"), "مية"
 * ("hundred"), "عدل" ("justice"), "نيل" (the Nile; "obtaining"), "مین" ("mine"), "سند" (Sindh; Persian
 * "document"), "آب" (Persian "water"), "آلمان" keyed "مان" like a suffix, "المدينة" (Medina; "the city"),
 * "الشمال" and "الساحل" (divisions; "the north", "the coast"). Never matched as places.
 */
const EVERYDAY = new Set(
  [
    'صور',
    'قوة',
    'مية',
    'عدل',
    'نيل',
    'مین',
    'سند',
    'باي',
    'آب',
    'اب',
    'موش',
    'مان',
    'شكي',
    'خبي',
    'هسن',
    'مدق',
    'جدو',
    'غوا',
    'صغد',
    'ازغ',
    'مدينة',
    'شمال',
    'ساحل',
    // Adjectives of direction: "المناطق الشمالية", "المنطقة الشرقية" are not Egypt's Sharqia governorate.
    'صباح', // Sabah (Malaysia); "morning"
    'شمالية',
    'جنوبية',
    'شرقية',
    'غربية',
    // The adjective "Turkish" ("طائرات مسيرة تركية"), keyed like an alias of Türkiye.
    'تركي',
    'تركية',
    // Persian weekdays: "دوشنبه" (Monday) is also Dushanbe, matched only after a place noun (NOUN_ONLY).
    'شنبه',
    'یکشنبه',
    'سه شنبه',
    'چهارشنبه',
    'پنجشنبه',
    'جمعه',
  ].map(phraseKey),
);
/** Names read as places only right after a place noun: "شهر دوشنبه", "العاصمة دوشنبه" (Dushanbe; "Monday"). */
const NOUN_ONLY = new Set(['دوشنبه'].map(phraseKey));
const PLACE_NOUNS = new Set(['شهر', 'پایتخت', 'مدينة', 'العاصمة'].map(phraseKey));
/**
 * Names whose form with a joined preposition is an everyday word: "بحجة" is "under the pretext", not "in
 * Hajjah". Read as places only without a prefix ("في حجة", "محافظة حجة").
 */
const BARE_ONLY = new Set(['حجة'].map(phraseKey));
/** The Hijri month Dhu al-Hijjah ("ذو الحجة", "ذی‌حجه") is the dates stage's, never Hajjah in Yemen. */
const MONTH_BEFORE = /ذ[وي\u0649\u06cc][\s\u200c]*$/;
/**
 * Names matched only with the article written: "الجزائر" is Algeria, Persian "جزایر" is "islands"; "الأحمدي"
 * (Kuwait) and "المنصورة" (Egypt) are keyed like the Persian names "احمدی" and "منصوره".
 */
const WITH_ARTICLE = new Set(['الجزائر', 'الأحمدي', 'المنصورة'].map(phraseKey));
/** Words before a short name that make it a place: prepositions and place nouns, Arabic and Persian. */
const LOCATIVE = new Set(
  [
    'في',
    'من',
    'إلى',
    'الى',
    'على',
    'قرب',
    'نحو',
    'شمال',
    'جنوب',
    'شرق',
    'غرب',
    'ريف',
    'مدينة',
    'محافظة',
    'در',
    'از',
    'به',
    'شهر',
    'استان',
    // Plurals and kinds of places before a list of names: "مدن الناصرية", "شهرهای سقز", "قضاء سنجار".
    'مدن',
    'محافظات',
    'محافظتي',
    'قضاء',
    'بلدة',
    'شهرهای',
    'شهرستان',
    'استان‌های',
    // Nouns of a place's parts and surroundings: "غلاف غزة" (the Gaza envelope), "ضواحي دمشق", "أطراف حلب",
    // "مخيم جنين", "معبر رفح", "حومه تهران", "اطراف اصفهان", "مرز ایران", "سكان حلب".
    'غلاف',
    'ضواحي',
    'أطراف',
    'مخيم',
    'معبر',
    'ميناء',
    'مطار',
    'حدود',
    'سكان',
    'أهالي',
    'قرى',
    'بلدات',
    'حومه',
    'اطراف',
    'بندر',
    'فرودگاه',
    'مرز',
    'مرزهای',
    'ساکنان',
    'روستای',
    'اردوگاه',
    'گذرگاه',
  ].map(phraseKey),
);
/** Nouns naming a town or district before its name. */
const TOWN_NOUNS = new Set(
  ['مدينة', 'بلدة', 'قرية', 'قضاء', 'محافظة', 'شهر', 'شهرستان', 'استان', 'روستای', 'بخش'].map(phraseKey),
);
/** Prefixes that are themselves locative: bi- "in", li- "to", and with the article. */
const LOCATIVE_PREFIX = /^(?:و|ف)?(?:ب|ل)(?:ال)?$/;
/** Words that join a list of names: after a place, a short name in the list is read as a place too. */
const LIST_JOINERS = new Set(['و', '،', ',']);
/** Place classes well known enough to stand on a short Arabic-script name. */
const STRONG = new Set(['PCLI', 'ADM1', 'PPLC', 'PPLA']);

const indexes = new WeakMap<PlaceGazetteer, ReturnType<typeof arabicScriptIndex>>();

/**
 * Whether a name is one this scan reads as a place only in certain company or never: an everyday word
 * ("جمعه", Friday) or a name that needs a place noun before it ("دوشنبه", Monday, is Dushanbe only in
 * "شهر دوشنبه"). Other scans leave such names to this one.
 */
export function isGuardedArabicName(text: string): boolean {
  const key = phraseKey(text);
  return EVERYDAY.has(key) || NOUN_ONLY.has(key);
}

export interface ArabicScriptPlaceInput {
  text: string;
  tokens: readonly (readonly Token[])[];
  actors: readonly Pick<AnalysisActor, 'id' | 'kind'>[];
  actorMentions: readonly ActorMention[];
}

/**
 * Arabic-script toponyms the English detector did not find (`found`), not inside an actor's name that is not
 * a country ("حزب الله", "سپاه قدس"). A name of three letters or fewer ("قم", "حلب") must be a country,
 * province, capital or provincial seat and follow a locative word or prefix ("في حلب", "بحلب", "در قم"), or
 * come next in a list after another place ("اللاذقية وحلب", "سنندج، رشت").
 */
export function arabicScriptToponyms(
  input: ArabicScriptPlaceInput,
  gazetteer: PlaceGazetteer,
  found: readonly Toponym[],
): Toponym[] {
  const { text, tokens } = input;
  if (!tokens.some((s) => s.some((t) => ARABIC_LETTER.test(t.text)))) return [];
  let index = indexes.get(gazetteer);
  if (!index) indexes.set(gazetteer, (index = arabicScriptIndex(gazetteer.nameKeys())));
  const kinds = new Map(input.actors.map((a) => [a.id, a.kind]));
  const actorNames = input.actorMentions.filter((m) => kinds.get(m.actor) !== 'country' && m.via === 'name');
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
    a.start < b.end && b.start < a.end;
  const taken = (start: number, end: number): boolean =>
    found.some((t) => overlaps(t.span, { start, end })) ||
    actorNames.some((m) => overlaps(m.span, { start, end }));
  const out: Toponym[] = [];
  // Whether a place (found before or kept here) ends in token `t`: a list "في الناصرية والنجف" carries its
  // locative on to the next name.
  const placeEndsIn = (sentence: number, t: Token | undefined): boolean =>
    !!t &&
    [...found, ...out].some(
      (p) => p.span.sentence === sentence && p.span.end > t.start && p.span.end <= t.end,
    );
  for (const m of scanPhrases(tokens, index, taken)) {
    if (EVERYDAY.has(m.key)) continue;
    const written = text.slice(m.start, m.end);
    if (WITH_ARTICLE.has(m.key) && !written.startsWith('ال')) continue;
    const sent = tokens[m.sentence] ?? [];
    const head = sent[m.tokenStart];
    const joined = head ? text.slice(head.start, m.start) : '';
    if (BARE_ONLY.has(m.key) && joined !== '') continue;
    if (MONTH_BEFORE.test(text.slice(Math.max(0, m.start - 6), m.start))) continue;
    if (NOUN_ONLY.has(m.key)) {
      const prev = sent[m.tokenStart - 1];
      if (joined !== '' || !isArabicWord(prev) || !PLACE_NOUNS.has(phraseKey(prev.text))) continue;
    }
    if (m.key.replace(/ /g, '').length <= 3) {
      const strong = gazetteer.lookup(written).some((i) => {
        const p = gazetteer.places[i];
        return !!p && STRONG.has(p.fcode);
      });
      const first = sent[m.tokenStart];
      const prefix = first ? text.slice(first.start, m.start) : '';
      const before = sent[m.tokenStart - 1];
      const listed =
        (/^و(?:ال)?$/.test(prefix) && placeEndsIn(m.sentence, before)) ||
        (prefix === '' &&
          LIST_JOINERS.has(before?.text ?? '') &&
          placeEndsIn(m.sentence, sent[m.tokenStart - 2]));
      const locative =
        listed ||
        (prefix !== '' && LOCATIVE_PREFIX.test(prefix)) ||
        (isArabicWord(before) && LOCATIVE.has(phraseKey(before.text)));
      // After a noun that says what the place is ("مدينة سقز", "شهرستان بم") any town may stand on a short name.
      const named = isArabicWord(before) && TOWN_NOUNS.has(phraseKey(before.text));
      if (!named && (!strong || !locative)) continue;
    }
    out.push({
      span: { sentence: m.sentence, start: m.start, end: m.end, text: written },
      entity: null,
      source: 'gazetteer',
    });
  }
  return out;
}
