/**
 * Abbreviations that end in a period without ending the sentence. Kept in one list so the sentence
 * splitter and the tokenizer agree on them.
 */

/** Before a name: never the end of a sentence. */
export const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sen',
  'rep',
  'gov',
  'gen',
  'maj',
  'col',
  'lt',
  'capt',
  'cpt',
  'sgt',
  'cpl',
  'pvt',
  'adm',
  'brig',
  'cmdr',
  'cdr',
  'insp',
  'supt',
  'rev',
  'fr',
  'hon',
  'pres',
  'amb',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'messrs',
  'mme',
  'mlle',
  'sheikh',
]);

/** Months and days: followed by a number or a year they do not end the sentence. */
export const DATE_ABBREVIATIONS = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
]);

/** Other common abbreviations; these may end a sentence when a clear sentence start follows. */
export const OTHER_ABBREVIATIONS = new Set([
  'inc',
  'corp',
  'ltd',
  'co',
  'plc',
  'bros',
  'llc',
  'vs',
  'etc',
  'no',
  'nos',
  'vol',
  'approx',
  'dept',
  'est',
  'fig',
  'ave',
  'blvd',
  'rd',
  'univ',
  'assn',
  'intl',
  'govt',
  'cf',
  'al',
  'pp',
  'ca',
  'min',
  'max',
  'km',
  'fla',
  'calif',
  'mich',
  'conn',
  'ariz',
  'tenn',
  'minn',
  'okla',
  'colo',
  'ala',
  'neb',
  'nev',
  'wis',
]);

/** Words that start sentences and rarely follow a mid-sentence abbreviation like "U.S." or "Inc.". */
export const SENTENCE_STARTERS = new Set([
  'the',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'but',
  'and',
  'in',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'there',
  'his',
  'her',
  'its',
  'their',
  'our',
  'on',
  'at',
  'for',
  'however',
  'meanwhile',
  'after',
  'before',
  'when',
  'while',
  'if',
  'as',
  'some',
  'many',
  'most',
  'one',
  'two',
  'both',
  'since',
  'according',
  'last',
  'earlier',
  'later',
  'officials',
  'president',
]);

/** "U.S.", "U.N.", "a.m.", "e.g.", "D.C.": letters separated by periods. */
export const DOTTED = /^(?:[A-Za-z]\.){1,}[A-Za-z]?\.?$/;

export function bareWord(token: string): string {
  return token.replace(/\.$/, '').toLowerCase();
}

/** True when "word." is an abbreviation whose period belongs to the word. */
export function isAbbreviation(wordWithPeriod: string): boolean {
  if (!wordWithPeriod.endsWith('.')) return false;
  const bare = bareWord(wordWithPeriod);
  if (bare.length === 0) return false;
  if (/^[A-Za-z]$/.test(bare)) return true; // initials: "George W. Bush"
  if (DOTTED.test(wordWithPeriod)) return true;
  return TITLES.has(bare) || DATE_ABBREVIATIONS.has(bare) || OTHER_ABBREVIATIONS.has(bare);
}
