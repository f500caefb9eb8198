/**
 * Arabic-script normalisation for matching (issue 20). Arabic and Persian text varies in ways a reader does
 * not notice and a string comparison does: yeh and kaf have Arabic and Persian code points, alef carries
 * hamza or madda or not, teh marbuta is written as heh, short vowels and tatweel come and go, Persian puts a
 * zero-width non-joiner inside words, and numbers come in three digit sets.
 *
 * Everything here makes keys for look-ups. Stored text is never normalised: a match is found on keys and its
 * span is taken from the original tokens, so evidence offsets point into the text as written.
 */

/** Any letter of the Arabic blocks (Arabic, Supplement, Extended-A, presentation forms). */
export const ARABIC_LETTER =
  /[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9]/;
const ARABIC_LETTERS_G = new RegExp(ARABIC_LETTER.source, 'g');

/** True when the text has at least one Arabic-script letter. */
export function hasArabicScript(text: string): boolean {
  return ARABIC_LETTER.test(text);
}

/** Share of Arabic-script letters among all letters of the text (0 when it has none). */
export function arabicScriptShare(text: string): number {
  const arabic = text.match(ARABIC_LETTERS_G)?.length ?? 0;
  if (arabic === 0) return 0;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters === 0 ? 0 : arabic / letters;
}

/** Eastern Arabic (٠–٩) and Persian (۰–۹) digits to ASCII, one for one: offsets do not move. */
export function westernDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= 0x06f0 ? c - 0x06f0 : c - 0x0660);
  });
}

const MARKS = /[\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff]/g;
/** Tatweel, zero-width joiner, directional marks, the Arabic letter mark and soft hyphen: invisible in print. */
const INVISIBLE = /[\u0640\u200e\u200f\u061c\u00ad\u202a-\u202e\u2066-\u2069]|\u200d/g;

/** The characters of a range, for the fold tables below. */
const span = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i)).join('');

/**
 * The letter folds as data, one character to one string, so the same table drives matching keys here and
 * the full-text indexes of both store engines (src/store/search-language.ts turns it into SQLite replace()
 * calls and a PostgreSQL translate()). No output is also an input, so applying the rows in one pass or one
 * after another gives the same text.
 */
const LETTER_FOLDS: ReadonlyArray<readonly [chars: string, to: string]> = [
  [span(0x0660, 0x0669), '0123456789'],
  [span(0x06f0, 0x06f9), '0123456789'],
  ['أإآٱٲٳٵ', 'ا'],
  ['ىیۍې', 'ي'],
  ['کڪ', 'ك'],
  ['ةۀەۃ', 'ه'],
  ['ؤ', 'و'],
  ['ئ', 'ي'],
  ['٫', '.'],
  ['٬', ','],
];
/** Harakat, superscript alef and the common marks: dropped. */
const COMMON_MARKS = span(0x064b, 0x065f) + '\u0670';
/** Quranic annotation marks: dropped from matching keys; not worth a pass over every indexed text. */
const QURANIC_MARKS = span(0x06d6, 0x06ed) + span(0x08d3, 0x08ff);
/** Format characters that separate words for both full-text tokenizers (FTS5 unicode61, PostgreSQL's parser). */
const INVISIBLE_SEPARATORS =
  '\u200e\u200f\u061c\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200d';

function foldMap(rows: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [chars, to] of rows)
    [...chars].forEach((c, i) => out.set(c, to.length === chars.length ? (to[i] as string) : to));
  return out;
}

/**
 * The fold the full-text indexes apply to titles and texts before tokenizing, and the search compilers to
 * query words: the letter folds, common marks and tatweel dropped, the zero-width non-joiner and the other
 * invisible separators to a space. It keeps every word boundary the tokenizers see in the text as written
 * (dropped characters are word-internal, separators stay separators), so the n-th word of the folded text is
 * the n-th word of the original: SQLite's snippet() highlights by word position in the stored text, and the
 * PostgreSQL snippet maps its offsets back the same way. Unlike normalizeArabicScript it does no NFKD
 * (presentation forms and compatibility characters are indexed as they are) and keeps Quranic marks.
 */
export const INDEX_FOLD: ReadonlyMap<string, string> = foldMap([
  ...LETTER_FOLDS,
  [COMMON_MARKS + '\u0640', ''],
  [INVISIBLE_SEPARATORS + '\u200c', ' '],
]);
const INDEX_FOLD_RE = new RegExp(`[${[...INDEX_FOLD.keys()].join('')}]`, 'g');

/** The index fold of a text (see INDEX_FOLD). */
export function foldForIndex(text: string): string {
  return text.replace(INDEX_FOLD_RE, (c) => INDEX_FOLD.get(c) ?? c);
}

const MATCH_FOLD = foldMap([
  ...LETTER_FOLDS,
  [COMMON_MARKS + QURANIC_MARKS + '\u0640' + INVISIBLE_SEPARATORS, ''],
  ['\u200c', ' '],
]);
const MATCH_FOLD_RE = new RegExp(`[${[...MATCH_FOLD.keys()].join('')}]`, 'g');

/**
 * The matching form of Arabic-script text: presentation forms unfolded, harakat and Quranic marks dropped,
 * alef forms (أ إ آ ٱ) to bare alef, hamza on waw and yeh to the bare letter, alef maksura and Persian yeh
 * to Arabic yeh, Persian keheh to kaf, teh marbuta and heh with yeh above to heh, tatweel and invisible
 * marks dropped, the zero-width non-joiner to a space (Persian writes "خامنه‌ای" and "خامنه ای" alike),
 * digits to ASCII. The same folds as the actor and place keys (actors/normalise.ts), so keys built here and
 * there agree. Latin text passes through unchanged apart from its digits.
 */
export function normalizeArabicScript(text: string): string {
  return westernDigits(text)
    .normalize('NFKD')
    .replace(MATCH_FOLD_RE, (c) => MATCH_FOLD.get(c) ?? c);
}

/** The normalised key of one word, without the article: "الموصل" and "موصل" meet. */
export function wordKey(word: string): string {
  const n = normalizeArabicScript(word).replace(/[«»"'“”()[\]،؛؟.,:;!?]/g, '');
  return n.replace(/(^|\s)ال(?=\S{2,})/g, '$1').trim();
}

/** A reading of a word with a prefix split off: `offset` is where the rest starts in the word as written. */
export interface CliticReading {
  /** Characters of the original word the proclitics take. */
  offset: number;
  /** The rest of the word as written (not normalised). */
  rest: string;
  /** The proclitics as written ("و", "بال"…), empty for the whole word. */
  prefix: string;
}

/**
 * Conjunctions and prepositions Arabic writes joined to the next word: wa- "and", fa- "so", bi- "with/in",
 * li- "for", ka- "like", and their sequences ("وب", "فل", "ول"…). "لل" is li- + the article with its alef
 * dropped ("للأمم" = for the nations).
 */
export const PROCLITICS: readonly string[] = [
  'وبال',
  'وكال',
  'فبال',
  'وال',
  'فال',
  'بال',
  'كال',
  'ولل',
  'فلل',
  'وب',
  'ول',
  'فب',
  'فل',
  'وك',
  'لل',
  'و',
  'ف',
  'ب',
  'ل',
  'ك',
];

/** Letters a proclitic may carry a short vowel after (وَ, بِ): the vowel belongs to the prefix. */
const PREFIX_MARKS = /^[\u064b-\u0652]*/;

/**
 * The word and each reading of it with joined prefixes split off, longest prefix last: "وبدمشق" reads as
 * itself, as "بدمشق" after و, and as "دمشق" after وب. A prefix is only split when at least `minLetters`
 * letters remain (three: "فتح" stays whole); the first word of a longer phrase may be shorter, since the
 * phrase's other words bear the match out ("وذي قار" → "ذي قار"). For "لل…" the article is given back
 * ("للأمم" → "الأمم").
 */
export function procliticReadings(word: string, minLetters = 3): CliticReading[] {
  const out: CliticReading[] = [{ offset: 0, rest: word, prefix: '' }];
  const bare = word.replace(MARKS, '');
  for (const p of PROCLITICS) {
    if (!bare.startsWith(p)) continue;
    // Walk the original word over the prefix letters and any marks after each.
    let i = 0;
    for (const ch of p) {
      while (i < word.length && word[i] !== ch) i++;
      i++;
      i += PREFIX_MARKS.exec(word.slice(i))?.[0].length ?? 0;
    }
    const rest = word.slice(i);
    const letters = rest.replace(MARKS, '').replace(INVISIBLE, '').length;
    if (letters < minLetters) continue;
    const restored = p.endsWith('لل') ? `ال${rest}` : rest;
    // "لل" + rest: the span still starts after the prefix letters, at the rest as written.
    out.push({ offset: i, rest: restored, prefix: word.slice(0, i) });
  }
  return out;
}

/**
 * Persian suffixes joined by a zero-width non-joiner: the ezafe and indefinite "‌ی"/"‌ای" and the plurals
 * "‌ها"/"‌های" ("خامنه‌ای" is a name, so the whole word is always read first). Returns the lengths of the
 * word as written to try: the whole word, then the word without the suffix.
 */
export function encliticReadings(word: string): number[] {
  const out = [word.length];
  const m = /\u200c(?:های|ها|ای|ی)$/.exec(word);
  if (m && m.index >= 2) out.push(m.index);
  return out;
}
