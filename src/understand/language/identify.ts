import { francAll } from 'franc-min';
import { arabicScriptShare, hasArabicScript } from './normalize.js';

/**
 * Language identification (issue 20) with franc-min: character trigram profiles of 82 languages, shipped
 * inside the package, no network and no model file (docs/CHOICES.md says why this library). franc answers
 * in ISO 639-3; the Analysis and the pages speak BCP 47, whose tag for a language is its two-letter code
 * where there is one.
 */

/** franc-min's codes whose BCP 47 tag is shorter (two letters, or the macrolanguage's). */
const BCP47: Readonly<Record<string, string>> = {
  arb: 'ar',
  pes: 'fa',
  urd: 'ur',
  eng: 'en',
  fra: 'fr',
  deu: 'de',
  spa: 'es',
  por: 'pt',
  ita: 'it',
  nld: 'nl',
  rus: 'ru',
  ukr: 'uk',
  tur: 'tr',
  heb: 'he',
  hin: 'hi',
  ben: 'bn',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  ind: 'id',
  zlm: 'ms',
  pol: 'pl',
  ron: 'ro',
  ell: 'el',
  hun: 'hu',
  ces: 'cs',
  swe: 'sv',
  uzn: 'uz',
  azj: 'az',
  hau: 'ha',
  swh: 'sw',
  amh: 'am',
  som: 'so',
  vie: 'vi',
  tha: 'th',
};
const ISO6393 = new Map(Object.entries(BCP47).map(([three, tag]) => [tag, three]));

/** Languages written in Arabic script that franc-min knows. */
const ARABIC_SCRIPT = new Set(['ar', 'fa', 'ur', 'ckb', 'ps', 'ku', 'sd', 'ug']);

/** Fewer letters than this and franc's guess is noise: the text's language is not told. */
const MIN_LETTERS = 20;
/** franc reads this much of an article: the language of a page is settled well before its end. */
const SAMPLE = 1000;
/** A stated language is kept unless it scores below this share of the best one (franc scores the best 1). */
const KEEP_STATED = 0.75;
/**
 * Texts outside Arabic script need this many letters to be told apart (a 40-letter English headline reads as
 * Dutch), and a stated language is overruled within its script only on texts this long.
 */
const OVERRULE_LETTERS = 120;
/** franc-min's Arabic-script languages: a text in that script is one of these. */
const ARABIC_SCRIPT_6393 = ['arb', 'pes', 'urd', 'ckb'];

export interface DetectedLanguage {
  /** BCP 47 tag, or null when the text is too short or franc cannot tell. */
  language: string | null;
  /** franc's score of the runner-up relative to the winner (1 = a tie, 0 = no contest). */
  runnerUp: number;
  /** Every candidate franc scored, best first, as BCP 47 tags (for checking a stated language). */
  scores: ReadonlyArray<readonly [string, number]>;
}

const letterCount = (text: string): number => text.match(/\p{L}/gu)?.length ?? 0;

/**
 * The language of a text by its character trigrams. Arabic-script text (20 letters are enough) is one of
 * franc-min's Arabic-script languages; other text needs 120 letters. Null below that or when franc cannot
 * tell.
 */
export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  const letters = letterCount(sample);
  const arabic = arabicScriptShare(sample) > 0.5;
  if (letters < (arabic ? MIN_LETTERS : OVERRULE_LETTERS)) return { language: null, runnerUp: 0, scores: [] };
  const all = francAll(
    sample,
    arabic ? { minLength: MIN_LETTERS, only: ARABIC_SCRIPT_6393 } : { minLength: MIN_LETTERS },
  );
  const [best, second] = all;
  if (!best || best[0] === 'und') return { language: null, runnerUp: 0, scores: [] };
  return {
    language: toBcp47(best[0]),
    runnerUp: second ? second[1] : 0,
    scores: all.map(([code, score]) => [toBcp47(code), score] as const),
  };
}

export function toBcp47(iso6393: string): string {
  return BCP47[iso6393] ?? iso6393;
}

/** The primary subtag of a BCP 47 tag, lower case: "fa-IR" → "fa", "EN_us" → "en". */
export function primaryTag(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** "Arab" or "Latn"-like script of a language, for the languages this desk meets; null when not known. */
function scriptOf(tag: string): 'arabic' | 'other' | null {
  const p = primaryTag(tag);
  if (ARABIC_SCRIPT.has(p)) return 'arabic';
  if (ISO6393.has(p) || /^[a-z]{2,3}$/.test(p)) return 'other';
  return null;
}

/**
 * The language the analyzer works in: the page's own statement unless the text contradicts it, else what
 * franc finds. A stated language is overruled when the text is in another script (an Arabic article whose
 * template says "en"), or, on texts of 120 letters or more, when franc scores the stated language below
 * three quarters of the winner (a Persian article tagged "ar"). With nothing stated, the detected language,
 * or null for texts too short to tell.
 */
export function articleLanguage(stated: string | null | undefined, text: string): string | null {
  const said = stated?.trim() ? stated.trim() : null;
  const detected = detectLanguage(text);
  if (!said) return detected.language;
  if (primaryTag(said) === detected.language) return said;
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  const share = arabicScriptShare(sample);
  const statedScript = scriptOf(said);
  const textScript = share > 0.5 ? 'arabic' : share < 0.1 ? 'other' : null;
  // Written in another script than the stated language's: what franc finds, or unknown when it is too short.
  if (statedScript && textScript && statedScript !== textScript && letterCount(sample) >= MIN_LETTERS)
    return detected.language;
  if (!detected.language) return said;
  if (textScript !== 'arabic' && letterCount(text.slice(0, SAMPLE)) < OVERRULE_LETTERS) return said;
  const statedScore = detected.scores.find(([tag]) => tag === primaryTag(said))?.[1];
  // franc-min does not know every language (Kurdish, Pashto): one it does not score stands.
  if (statedScore === undefined && !ISO6393.has(primaryTag(said))) return said;
  return (statedScore ?? 0) < KEEP_STATED ? detected.language : said;
}

/** One paragraph of a page and its language. */
export interface LanguageSegment {
  start: number;
  end: number;
  /** BCP 47 tag; the article's language for paragraphs too short to tell apart. */
  language: string | null;
}

/**
 * The language of each paragraph (text between blank lines, or lines when there are no blank lines), so a
 * mixed page, an English article quoting an Arabic statement or a bilingual release, is read paragraph by
 * paragraph. Paragraphs too short to tell take the article's language when they share its script, else
 * their script's main language here (Arabic-script → the article's Arabic-script language or "ar").
 */
export function paragraphLanguages(text: string, article: string | null): LanguageSegment[] {
  const out: LanguageSegment[] = [];
  const splitter = /\n\s*\n/.test(text) ? /\n\s*\n/g : /\n/g;
  let from = 0;
  const push = (start: number, end: number): void => {
    while (start < end && /\s/.test(text[start] ?? '')) start++;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    if (end <= start) return;
    const para = text.slice(start, end);
    let language = detectLanguage(para).language;
    if (!language) {
      const arabic = arabicScriptShare(para) > 0.5;
      const articleArabic = article !== null && scriptOf(article) === 'arabic';
      language = arabic ? (articleArabic ? primaryTag(article) : 'ar') : articleArabic ? null : article;
    }
    out.push({ start, end, language });
  };
  for (let m = splitter.exec(text); m; m = splitter.exec(text)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return out;
}

/**
 * The paragraphs' languages of a mixed page, for the Analysis and the reader: only for texts with Arabic
 * script and other letters (an English report quoting an Arabic statement, a bilingual release), and only
 * when the paragraphs do not all share one language. Undefined otherwise, so a one-language article pays
 * for a script check only.
 */
export function mixedParagraphLanguages(text: string, article: string | null): LanguageSegment[] | undefined {
  if (!hasArabicScript(text) || !/\p{Script=Latin}/u.test(text)) return undefined;
  const segments = paragraphLanguages(text, article);
  return new Set(segments.map((s) => s.language)).size > 1 ? segments : undefined;
}

/** True for Arabic and the languages written in its script. */
export function isArabicScriptLanguage(tag: string | null | undefined): boolean {
  return !!tag && scriptOf(tag) === 'arabic';
}
