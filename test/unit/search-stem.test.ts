import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError } from '../../src/store/query/parse.js';
import {
  allQuoted,
  arabicForms,
  formCount,
  MAX_FORMS,
  searchWords,
  sqliteFold,
  stemmedAlternatives,
} from '../../src/store/search-language.js';
import { foldForIndex, INDEX_FOLD, normalizeArabicScript } from '../../src/understand/language/normalize.js';

// The search language's word forms and the index fold (src/store/search-language.ts); both engines' search
// on them is tested in test/store/search-language.test.ts.

/** Words as both tokenizers see them: runs of letters, digits and combining marks. */
const words = (text: string): string[] => text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];

describe('the index fold', () => {
  it('folds letter variants, marks, tatweel, digits and the non-joiner', () => {
    expect(foldForIndex('أحمد إيران آية ٱلله')).toBe('احمد ايران ايه الله');
    expect(foldForIndex('ایران کشور مسئول مؤتمر')).toBe('ايران كشور مسيول موتمر');
    expect(foldForIndex('القـدس مُحَمَّد جدًا')).toBe('القدس محمد جدا');
    expect(foldForIndex('خامنه‌ای ۱۳۹۹ ٢٠٢٠')).toBe('خامنه اي 1399 2020');
    expect(foldForIndex('Café strikes 2020')).toBe('Café strikes 2020');
  });

  it('keeps the words of the text as written, one for one', () => {
    const text = 'قال\u200fمسؤولون إن الاجتماع عُقد والقـدس خامنه‌ای co\u00adoperate ۱۳۹۹ جدًا';
    // The invisible right-to-left mark and soft hyphen separate words as written and folded alike.
    expect(words(foldForIndex(text))).toHaveLength(words(text).length);
  });

  it('is the matching normaliser on text without presentation forms or Quranic marks', () => {
    const text = 'وَالقُدسُ ایران کتاب‌ها مؤسسة ئ ى ۱۲';
    expect(foldForIndex(text)).toBe(normalizeArabicScript(text));
  });

  it('is the same in SQLite as in TypeScript', () => {
    const db = new Database(':memory:');
    const all = [...INDEX_FOLD.keys()].join(' ');
    const sample = `${all} والقدس Iran`;
    const fold = db.prepare(`SELECT ${sqliteFold('t')} AS f FROM (SELECT ? AS t)`);
    const folded = (text: string) => (fold.get(text) as { f: string }).f;
    expect(folded(sample)).toBe(foldForIndex(sample));
    // Each folded character on its own sets the fold going (the GLOB class that guards it is complete).
    for (const c of INDEX_FOLD.keys()) expect(folded(`Iran ${c}`)).toBe(foldForIndex(`Iran ${c}`));
    expect(folded('Iran’s “strikes” café')).toBe('Iran’s “strikes” café');
    db.close();
  });
});

describe('search word forms', () => {
  it('finds an Arabic word with and without its proclitics', () => {
    const forms = arabicForms('القدس');
    for (const f of ['القدس', 'قدس', 'والقدس', 'بالقدس', 'للقدس', 'فالقدس', 'كالقدس', 'وبالقدس'])
      expect(forms).toContain(f);
    expect(arabicForms('قدس')).toEqual(expect.arrayContaining(['القدس', 'والقدس']));
  });

  it('finds Persian plurals and the continuous prefix written joined', () => {
    expect(arabicForms('كتاب')).toEqual(expect.arrayContaining(['كتابها', 'كتابهاي']));
    expect(arabicForms('رود')).toContain('ميرود');
  });

  it('does not take the article off a word it would leave under three letters', () => {
    expect(arabicForms('الله')).not.toContain('له');
  });

  it('folds the query word before expanding it', () => {
    expect(stemmedAlternatives('ایران').map((a) => a.join(' '))).toContain('وايران');
    // A Persian word with a non-joiner is two indexed words: a phrase.
    expect(stemmedAlternatives('کتاب‌ها')).toEqual([['كتاب', 'ها']]);
    expect(searchWords('"خامنه‌ای"')).toEqual(['خامنه', 'اي']);
  });

  it('adds a one-word country name its demonym, one way', () => {
    expect(stemmedAlternatives('Iran')).toEqual([['Iran'], ['Iranian']]);
    expect(stemmedAlternatives('syria')).toEqual([['syria'], ['Syrian']]);
    expect(stemmedAlternatives('Iranian')).toEqual([['Iranian']]);
    expect(stemmedAlternatives('strikes')).toEqual([['strikes']]);
  });
});

describe('the query language over word forms', () => {
  it('knows when every term to match is quoted', () => {
    expect(allQuoted(parseQuery('"Iranian"')!)).toBe(true);
    expect(allQuoted(parseQuery('"Iranian" -Iraq lang:en')!)).toBe(true);
    expect(allQuoted(parseQuery('"Iranian" Iraq')!)).toBe(false);
    expect(allQuoted(parseQuery('"Iranian" OR Iraq')!)).toBe(false);
  });

  it('counts the forms a query searches and refuses too many', () => {
    expect(formCount(parseQuery('Iran "القدس"')!)).toBe(3);
    expect(formCount(parseQuery('القدس')!)).toBe(arabicForms('القدس').length);
    const many = Array.from({ length: 60 }, (_, i) => `كلمة${'ب'.repeat(i % 5)}${'ت'.repeat(i)}`).join(' ');
    expect(formCount(parseQuery(`"${many}"`)!)).toBe(1);
    expect(() => parseQuery(many)).toThrow(QueryError);
    expect(() => parseQuery(many)).toThrow(new RegExp(`limit is ${MAX_FORMS}`));
  });
});
