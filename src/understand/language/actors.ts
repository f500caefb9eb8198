import type { ActorDictionary } from '../actors/dictionary.js';
import type { DictionaryActor } from '../actors/types.js';
import type { Token } from '../types.js';
import { ARABIC_LETTER } from './normalize.js';
import {
  AMBIGUOUS_NAMES,
  COLLECTIVES,
  COUNTRY_PHRASES,
  DEMONYMS,
  ORGANISATION_WORDS,
  TITLES,
  arabicNisbaForms,
} from './lexicon.js';
import {
  arabicScriptIndex,
  isArabicWord,
  phraseKey,
  scanPhrases,
  wordReadings,
  type PhraseMatch,
} from './scan.js';

/**
 * Actors in Arabic and Persian text (issue 20), found without the English tagger: names by the dictionary's
 * Arabic-script aliases, demonyms ("السوري", "ایرانی"), a collective before a demonym or a country ("القوات
 * الإسرائيلية", "ارتش اسرائیل") as the English linker's "Israeli forces", and a title before one ("الرئيس
 * السوري", "وزیر امور خارجه ایران") as the office holder on the publication date.
 */

/** Offsets into the article text and the sentence; the linker makes the Span. */
export interface FoundRange {
  sentence: number;
  start: number;
  end: number;
}

export type ArabicScriptActor =
  | { kind: 'name'; range: FoundRange; candidates: DictionaryActor[] }
  | { kind: 'demonym'; range: FoundRange; country: DictionaryActor }
  | { kind: 'sector'; range: FoundRange; country: DictionaryActor; sector: string; noun: string }
  | { kind: 'title'; range: FoundRange; holder: DictionaryActor };

interface Lexicon {
  names: ReturnType<typeof arabicScriptIndex>;
  /** Phrase key → ISO alpha-3, for country names the dictionary lacks. */
  countryPhrases: Map<string, string>;
  demonyms: Map<string, string>;
  collectives: Map<string, string>;
  titles: Map<string, string>;
  maxTitleWords: number;
  ambiguous: Set<string>;
  organisationWords: Set<string>;
  /** First words of the dictionary's Arabic-script full names of people ("محمد", "علي"): given names. */
  givenNames: Set<string>;
}

const built = new WeakMap<ActorDictionary, Lexicon>();

function lexiconFor(dictionary: ActorDictionary): Lexicon {
  let lex = built.get(dictionary);
  if (lex) return lex;
  const countryPhrases = new Map(COUNTRY_PHRASES.map(([p, iso]) => [phraseKey(p), iso]));
  const demonyms = new Map<string, string>();
  for (const [iso, forms] of Object.entries(DEMONYMS)) {
    for (const f of forms.ar.flatMap(arabicNisbaForms)) demonyms.set(phraseKey(f), iso);
    for (const f of forms.fa) demonyms.set(phraseKey(f), iso);
  }
  const titles = new Map(TITLES.map(([p, t]) => [phraseKey(p), t]));
  lex = {
    names: arabicScriptIndex([...dictionary.aliasKeys(), ...countryPhrases.keys()]),
    countryPhrases,
    demonyms,
    collectives: new Map(COLLECTIVES.map(([p, code]) => [phraseKey(p), code])),
    titles,
    maxTitleWords: Math.max(...[...titles.keys()].map((k) => k.split(' ').length)),
    ambiguous: new Set(AMBIGUOUS_NAMES.map(phraseKey)),
    organisationWords: new Set(ORGANISATION_WORDS.map(phraseKey)),
    givenNames: new Set(
      [...dictionary.aliasKeys()]
        .filter(
          (k) =>
            ARABIC_LETTER.test(k) &&
            k.includes(' ') &&
            dictionary.lookupKey(k).some((a) => a.kind === 'person'),
        )
        .map((k) => k.split(' ')[0] ?? ''),
    ),
  };
  built.set(dictionary, lex);
  return lex;
}

/** The dictionary actors a name key stands for, country phrases included. */
function actorsOf(key: string, lex: Lexicon, dictionary: ActorDictionary): DictionaryActor[] {
  const iso = lex.countryPhrases.get(key);
  const country = iso ? dictionary.get(`country:${iso}`) : undefined;
  const found = dictionary.lookupKey(key);
  return country && !found.includes(country) ? [country, ...found] : found;
}

/** A demonym token (read with its prefixes off): its country, and where the demonym starts. */
function demonymAt(
  t: Token | undefined,
  lex: Lexicon,
  dictionary: ActorDictionary,
): { country: DictionaryActor; start: number; end: number } | null {
  if (!isArabicWord(t)) return null;
  for (const r of wordReadings(t)) {
    const iso = lex.demonyms.get(r.key);
    const country = iso ? dictionary.get(`country:${iso}`) : undefined;
    if (country) return { country, start: r.start, end: r.end };
  }
  return null;
}

/** The title ending right before token `at`: its English title and first token. */
function titleBefore(
  sent: readonly Token[],
  at: number,
  lex: Lexicon,
): { title: string; tokenStart: number; start: number } | null {
  for (let n = Math.min(lex.maxTitleWords, at); n >= 1; n--) {
    const words = sent.slice(at - n, at);
    if (!words.every(isArabicWord)) continue;
    const first = words[0] as Token;
    const rest = words.slice(1).map((w) => phraseKey(w.text));
    for (const r of wordReadings(first)) {
      const title = lex.titles.get([r.key, ...rest].join(' '));
      if (title) return { title, tokenStart: at - n, start: r.start };
    }
  }
  return null;
}

/** The collective noun right before token `at` ("القوات", "نیروهای"): its sector code. */
function collectiveBefore(
  sent: readonly Token[],
  at: number,
  lex: Lexicon,
): { sector: string; noun: string; start: number } | null {
  const t = sent[at - 1];
  if (!isArabicWord(t)) return null;
  for (const r of wordReadings(t)) {
    const sector = lex.collectives.get(r.key);
    if (sector) return { sector, noun: t.text, start: r.start };
  }
  return null;
}

/**
 * Actor references in the Arabic-script words of an article. Names are scanned first (longest first); the
 * words around them and the remaining words are then read for demonyms, collectives and titles. `date` is
 * the publication day, for office holders.
 */
export function findArabicScriptActors(
  tokens: readonly (readonly Token[])[],
  dictionary: ActorDictionary,
  date: string | null,
): ArabicScriptActor[] {
  if (!tokens.some((s) => s.some((t) => ARABIC_LETTER.test(t.text)))) return [];
  const lex = lexiconFor(dictionary);
  const out: ArabicScriptActor[] = [];
  const names: PhraseMatch[] = scanPhrases(tokens, lex.names).filter((m) => {
    if (actorsOf(m.key, lex, dictionary).length === 0) return false;
    // "الحكومة السورية": a feminine nisba keys like Persian "سوریه" (Syria). After a definite noun, an
    // adjective with the article is the demonym, read below.
    if (lex.demonyms.has(m.key)) {
      const sent = tokens[m.sentence] ?? [];
      const own = sent[m.tokenStart];
      const written = own ? own.text.slice(m.start - own.start) : '';
      const before = sent[m.tokenStart - 1];
      if (/^ال/.test(written) && isArabicWord(before) && /^(?:[وفب]?ال|لل)/.test(before.text)) return false;
    }
    // "علی باقری کنی" is not Mohammad Bagheri: a surname alone after another given name is someone else.
    const prev = tokens[m.sentence]?.[m.tokenStart - 1];
    if (
      !m.key.includes(' ') &&
      isArabicWord(prev) &&
      lex.givenNames.has(phraseKey(prev.text)) &&
      actorsOf(m.key, lex, dictionary).every((a) => a.kind === 'person')
    )
      return false;
    if (!lex.ambiguous.has(m.key)) return true;
    const before = tokens[m.sentence]?.[m.tokenStart - 1];
    return !!before && wordReadings(before).some((r) => lex.organisationWords.has(r.key));
  });
  const nameAt = new Map<string, PhraseMatch>();
  for (const m of names) nameAt.set(`${m.sentence}:${m.tokenStart}`, m);
  const nameTokens = new Set<string>();
  for (const m of names) for (let k = m.tokenStart; k < m.tokenEnd; k++) nameTokens.add(`${m.sentence}:${k}`);

  const holder = (iso: string | null, title: string, range: FoundRange, nextToken: number): void => {
    if (!iso) return;
    // "الرئيس السوري بشار الأسد": a name right after the title is linked by the name itself.
    const next = nameAt.get(`${range.sentence}:${nextToken}`);
    if (next && actorsOf(next.key, lex, dictionary).some((a) => a.kind === 'person')) return;
    const h = dictionary.holder(iso, title, date);
    if (h) out.push({ kind: 'title', range, holder: h });
  };

  for (const m of names) {
    const candidates = actorsOf(m.key, lex, dictionary);
    const range = { sentence: m.sentence, start: m.start, end: m.end };
    out.push({ kind: 'name', range, candidates });
    const country = candidates.find((a) => a.kind === 'country');
    if (!country) continue;
    const sent = tokens[m.sentence] ?? [];
    // "وزیر امور خارجه ایران", "رئیس‌جمهور سوریه": a title, then the country.
    const title = titleBefore(sent, m.tokenStart, lex);
    if (title) {
      holder(country.country, title.title, { ...range, start: title.start }, m.tokenEnd);
      continue;
    }
    // "ارتش اسرائیل", "جيش إسرائيل": a collective, then the country.
    const coll = collectiveBefore(sent, m.tokenStart, lex);
    if (coll) {
      out.push({
        kind: 'sector',
        range: { ...range, start: coll.start },
        country,
        sector: coll.sector,
        noun: coll.noun,
      });
    }
  }

  tokens.forEach((sent, s) => {
    for (let i = 0; i < sent.length; i++) {
      if (nameTokens.has(`${s}:${i}`)) continue;
      const d = demonymAt(sent[i], lex, dictionary);
      if (!d) continue;
      const range = { sentence: s, start: d.start, end: d.end };
      // "وزير الخارجية الإيراني": the title may stand right before the demonym.
      const title = titleBefore(sent, i, lex);
      if (title) {
        holder(d.country.country, title.title, { ...range, start: title.start }, i + 1);
        continue;
      }
      const coll = collectiveBefore(sent, i, lex);
      if (coll) {
        out.push({
          kind: 'sector',
          range: { ...range, start: coll.start },
          country: d.country,
          sector: coll.sector,
          noun: coll.noun,
        });
        continue;
      }
      out.push({ kind: 'demonym', range, country: d.country });
    }
  });
  return out.sort((a, b) => a.range.start - b.range.start || b.range.end - a.range.end);
}
