import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/config.js';
import type { QueryNode } from './query/parse.js';
import { foldForIndex, hasArabicScript, INDEX_FOLD, PROCLITICS } from '../understand/language/normalize.js';

/**
 * What a search word matches, the same on both engines (docs/LANGUAGES.md, "Search"). Each engine keeps two
 * full-text indexes of the folded title and text (INDEX_FOLD: Arabic and Persian letter variants, marks,
 * tatweel, zero-width non-joiners, digits): a stemmed one (FTS5's porter tokenizer; PostgreSQL's English
 * Snowball stemmer) that unquoted words search, and an exact one (no stemmer) that quoted phrases search.
 * On top of the stemmer, an unquoted word is searched in a few more forms, written here once for both
 * compilers: an Arabic-script word with and without its proclitics and Persian plural suffixes, and an
 * English country name with its demonym.
 */

/** The folded characters as ranges of code points, for a GLOB character class. */
function foldRanges(): Array<[number, number]> {
  const codes = [...INDEX_FOLD.keys()].map((c) => c.charCodeAt(0)).sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const c of codes) {
    const last = out[out.length - 1];
    if (last && c === last[1] + 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

/**
 * The fold as a SQLite expression: one replace() per folded character (char() keeps the SQL ASCII), run
 * only on text that has one of them. replace() copies its input even when nothing matches, and the ~80
 * copies of every English text cost a sixth of the ingest rate; one GLOB over a character class of the
 * folded characters tells first.
 */
export function sqliteFold(expr: string): string {
  let out = expr;
  for (const [from, to] of INDEX_FOLD)
    out = `replace(${out}, char(${from.charCodeAt(0)}), ${to ? `char(${to.charCodeAt(0)})` : "''"})`;
  const dash = '-'.charCodeAt(0);
  const cls = foldRanges()
    .map(([a, b]) => (a === b ? `${a}` : `${a}, ${dash}, ${b}`))
    .join(', ');
  return `CASE WHEN ${expr} GLOB '*[' || char(${cls}) || ']*' THEN ${out} ELSE ${expr} END`;
}

const pgChar = (c: string): string => `\\${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The fold as one PostgreSQL translate(): characters mapped to another come first, those dropped after them
 * (translate() drops a character that has no counterpart in the target list).
 */
export function postgresFold(expr: string): string {
  const rows = [...INDEX_FOLD].sort(([, a], [, b]) => (a === '' ? 1 : 0) - (b === '' ? 1 : 0));
  const from = rows.map(([c]) => pgChar(c)).join('');
  const to = rows
    .filter(([, t]) => t !== '')
    .map(([, t]) => pgChar(t))
    .join('');
  return `translate(${expr}, U&'${from}', U&'${to}')`;
}

/** Letters and digits only count: the rest would be FTS5 or tsquery syntax. */
const clean = (s: string): string => s.replace(/[^\p{L}\p{N}\p{M}'’_-]+/gu, ' ').trim();

/** The words of query text as the indexes hold them (folded; each engine's tokenizer does the rest). */
export function searchWords(text: string): string[] {
  return clean(foldForIndex(text)).split(/\s+/).filter(Boolean);
}

/** Persian plural suffixes written joined, without the zero-width non-joiner (folded: "های" is "هاي"). */
const PERSIAN_SUFFIXES = ['ها', 'هاي'];
/**
 * Plural (and dual) endings written on the bare word: Arabic sound feminine "ات" ("مظاهرة" → "مظاهرات", the
 * teh marbuta folded to heh and dropped), sound masculine "ون"/"ين" ("مسلح" → "المسلحين") and dual "ان";
 * Persian's animate plural "ان" ("معترض" → "معترضان"). Added with and without the article, for words of
 * three letters or more; like every form here they widen a search, never narrow it.
 */
const PLURAL_SUFFIXES = ['ات', 'ون', 'ين', 'ان'];
/** Persian's continuous verb prefix written joined ("میرود"; with the non-joiner it is a word of its own). */
const PERSIAN_VERB_PREFIX = 'مي';
const ARABIC_WORD = /^[\u0621-\u064a\u066e-\u06d3\u06d5]+$/;

/**
 * The forms of one folded Arabic-script word a search finds: the bare word (the article "ال" taken off when
 * three letters remain), with the article, after each proclitic Arabic joins to a word (و ف ب ل ك and their
 * sequences, with and without the article: "والقدس", "بالقدس", "للقدس"), with the Persian plural suffixes
 * ("کتابها") and the verb prefix ("میرود"). Query-side only, so nothing is lost from the index: a form
 * that is another word ("و" + "زير" is "وزير", minister) only widens a search for that other word.
 */
export function arabicForms(word: string): string[] {
  if (!ARABIC_WORD.test(word) || word.length < 2) return [word];
  const core = word.startsWith('ال') && word.length >= 5 ? word.slice(2) : word;
  const forms = new Set([word, core, `ال${core}`]);
  for (const p of PROCLITICS) forms.add(p + core);
  for (const s of PERSIAN_SUFFIXES) forms.add(core + s);
  forms.add(PERSIAN_VERB_PREFIX + core);
  if (core.length >= 3) {
    const stem = core.endsWith('ه') ? core.slice(0, -1) : core;
    for (const s of PLURAL_SUFFIXES) {
      forms.add(stem + s);
      forms.add(`ال${stem}${s}`);
    }
  }
  return [...forms];
}

let demonymsByCountry: Map<string, string> | undefined;

/**
 * Country name (one word, lower case) -> its demonym, from the shipped actor dictionary's country entries
 * (data/actors/actors.jsonl, built from world-countries and GeoNames' CountryInfo): the first demonym is
 * world-countries' own ("Iranian"; later ones are GeoNames' alternate names and misspellings). Read once.
 */
function demonyms(): Map<string, string> {
  if (demonymsByCountry) return demonymsByCountry;
  const out = new Map<string, string>();
  const path = join(packageRoot(), 'data', 'actors', 'actors.jsonl');
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.includes('"kind":"country"')) continue;
    const entry = JSON.parse(line) as { kind: string; name: string; demonyms?: string[] };
    const demonym = entry.demonyms?.[0];
    if (entry.kind !== 'country' || !demonym || /\s/.test(entry.name) || /\s/.test(demonym)) continue;
    if (demonym.toLowerCase() !== entry.name.toLowerCase()) out.set(entry.name.toLowerCase(), demonym);
  }
  demonymsByCountry = out;
  return out;
}

/**
 * The alternatives an unquoted search term matches in the stemmed index, each a sequence of words (a
 * phrase when the term folds to several words, as a Persian word with a non-joiner does). A one-word
 * country name also finds its demonym, since an analyst searching "Iran" wants the articles that only say
 * "Iranian" (one way: "Iranian" does not find "Iran"; Porter and Snowball leave the two apart).
 */
export function stemmedAlternatives(text: string): string[][] {
  const words = searchWords(text);
  if (words.length !== 1) return words.length ? [words] : [];
  const word = words[0]!;
  if (hasArabicScript(word)) return arabicForms(word).map((w) => [w]);
  const demonym = demonyms().get(word.toLowerCase());
  return demonym ? [[word], [demonym]] : [[word]];
}

/** How many word forms a query may search in all: Arabic words expand to about 25 each. */
export const MAX_FORMS = 1024;

/**
 * Every text term a result must contain is quoted (and there is one): the snippet then comes from the exact
 * index, so it marks the exact form only.
 */
export function allQuoted(node: QueryNode): boolean {
  if (node.kind === 'text') return node.phrase;
  if (node.kind === 'and') {
    const texts = node.items.filter((n) => n.kind !== 'not' && n.kind !== 'field');
    return texts.length > 0 && texts.every(allQuoted);
  }
  if (node.kind === 'or') return node.items.every(allQuoted);
  return false;
}

/** How many word forms the text terms of a query search (QueryError past MAX_FORMS: see parse.ts). */
export function formCount(node: QueryNode): number {
  switch (node.kind) {
    case 'text': {
      if (node.phrase) return 1;
      // Counted without reading the demonyms (the parser runs before any index is touched): a word that is
      // not Arabic script is searched in at most two forms, itself and its demonym.
      const words = searchWords(node.text);
      if (words.length !== 1) return 1;
      return hasArabicScript(words[0]!) ? arabicForms(words[0]!).length : 2;
    }
    case 'and':
    case 'or':
      return node.items.reduce((n, item) => n + formCount(item), 0);
    case 'not':
      return formCount(node.item);
    default:
      return 0;
  }
}
