import type { ActorDictionary } from './dictionary.js';
import type { DictionaryActor } from './types.js';

/** What the words around a name say about the person: "Syria's Defense Minister Ali Ayoub". */
export interface ParsedRole {
  /** Normalised role, e.g. "defence minister", "chief of staff"; null when only a rank or country is given. */
  title: string | null;
  rank: string | null;
  country: DictionaryActor | null;
  /** Organisation named in the title ("army", "armed forces", "IRGC"). */
  organisation: string | null;
  /** Sector code the role implies (GOV, MIL, GOVMIL…), from the agents list and the organisation. */
  sector: string | null;
  /** Token range of the title words in the sentence. */
  tokenStart: number;
  tokenEnd: number;
}

const RANKS = new Set([
  'maj.',
  'major',
  'gen.',
  'general',
  'brig.',
  'brigadier',
  'lt.',
  'lieutenant',
  'col.',
  'colonel',
  'adm.',
  'admiral',
  'rear',
  'vice',
  'capt.',
  'captain',
  'sgt.',
  'sergeant',
  'cmdr.',
  'commander',
  'field',
  'marshal',
]);
const HONORIFICS = new Set([
  'sheikh',
  'sheik',
  'ayatollah',
  'hojatoleslam',
  'sayyed',
  'sayyid',
  'mr.',
  'mrs.',
  'ms.',
  'dr.',
  'prince',
  'king',
  'emir',
  'crown',
  'sultan',
]);
const ROLE_WORDS = new Set([
  'chief',
  'of',
  'staff',
  'minister',
  'ministers',
  'defense',
  'defence',
  'foreign',
  'interior',
  'president',
  'prime',
  'vice',
  'deputy',
  'commander',
  'head',
  'leader',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'secretary',
  'general',
  'secretary-general',
  'envoy',
  'ambassador',
  'special',
  'adviser',
  'advisor',
  'senior',
  'official',
  'army',
  'armed',
  'forces',
  'military',
  'navy',
  'air',
  'force',
  'intelligence',
  'security',
  'national',
  'supreme',
  'leader',
  'speaker',
  'parliament',
  'parliamentary',
  'state',
  'affairs',
  'top',
  'former',
  'then',
  'acting',
  'interim',
  'joint',
  'general',
  'staff',
  'the',
  'guards',
  'revolutionary',
  'quds',
  'irgc',
  'economy',
  'finance',
  'oil',
  'energy',
  'justice',
  'health',
  'information',
  'culture',
  'president-elect',
]);
const MILITARY_ORGS =
  /\b(army|armed forces|military|navy|air force|irgc|revolutionary guards?|quds force|joint staff)\b/;

function normaliseTitle(words: string[]): string {
  return words
    .join(' ')
    .toLowerCase()
    .replace(/\bdefense\b/g, 'defence')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads the title words before a name (back to the first word that cannot belong to a title) and, failing
 * that, an apposition after it (", Iran's foreign minister,"). Possessive countries and demonyms give the
 * country; the longest known role phrase gives the role and its sector.
 */
export function parseRole(
  words: readonly string[],
  nameStart: number,
  nameEnd: number,
  dictionary: ActorDictionary,
): ParsedRole | null {
  let i = nameStart;
  while (i > 0) {
    const w = (words[i - 1] ?? '').toLowerCase();
    const prev = words[i - 2] ?? '';
    if (RANKS.has(w) || HONORIFICS.has(w) || ROLE_WORDS.has(w)) {
      i--;
      continue;
    }
    // "Iran 's army chief": a possessive country closes the title on the left.
    if ((w === "'s" || w === '’s') && dictionary.lookup(prev).some((a) => a.kind === 'country')) {
      i -= 2;
      break;
    }
    if (dictionary.countryByDemonym(words[i - 1] ?? '')) {
      i--;
      continue;
    }
    break;
  }
  const before = parseTitleWords(words, i, nameStart, dictionary);
  if (before) return before;
  // Apposition: "Ali Ayoub , Syria 's defence minister ,".
  if (words[nameEnd] === ',') {
    let end = nameEnd + 1;
    while (end < words.length && end - nameEnd <= 9 && !/^[,.;:)]$/.test(words[end] ?? '')) end++;
    const after = parseTitleWords(words, nameEnd + 1, end, dictionary);
    if (after?.title) return after;
  }
  return null;
}

function parseTitleWords(
  words: readonly string[],
  start: number,
  end: number,
  dictionary: ActorDictionary,
): ParsedRole | null {
  if (end <= start) return null;
  let country: DictionaryActor | null = null;
  const rank: string[] = [];
  const rest: string[] = [];
  for (let k = start; k < end; k++) {
    const w = words[k] ?? '';
    const lw = w.toLowerCase();
    const next = words[k + 1] ?? '';
    if ((next === "'s" || next === '’s') && dictionary.lookup(w).some((a) => a.kind === 'country')) {
      country = dictionary.lookup(w).find((a) => a.kind === 'country') ?? null;
      k++;
      continue;
    }
    const demonym = dictionary.countryByDemonym(w);
    if (demonym && /^[A-Z]/.test(w)) {
      country = demonym;
      continue;
    }
    // Ranks sit next to the name ("Major General Mohammad Bagheri"); "general" elsewhere is a role word.
    const tail = words
      .slice(k, end)
      .every((x) => RANKS.has(x.toLowerCase()) || HONORIFICS.has(x.toLowerCase()));
    if (tail && (RANKS.has(lw) || HONORIFICS.has(lw))) {
      rank.push(w);
      continue;
    }
    if (lw !== 'the' && lw !== 'former' && lw !== 'then' && lw !== 'top') rest.push(w);
  }
  const phrase = normaliseTitle(rest);
  const organisation = MILITARY_ORGS.exec(phrase)?.[1] ?? null;
  let title: string | null = null;
  let sector: string | null = null;
  // The longest role phrase the agents list knows, preferring the end of the title ("army chief of staff").
  const tokens = phrase ? phrase.split(' ') : [];
  for (let len = Math.min(tokens.length, dictionary.longestAgent); len > 0 && !title; len--) {
    for (let from = tokens.length - len; from >= 0; from--) {
      const candidate = tokens.slice(from, from + len).join(' ');
      const code =
        dictionary.agentCode(candidate) ?? dictionary.agentCode(candidate.replace(/defence/g, 'defense'));
      if (code) {
        title = phrase.slice(phrase.indexOf(candidate) === -1 ? 0 : phrase.indexOf(candidate));
        title = organisation && !candidate.includes(organisation) ? phrase : candidate;
        sector = code;
        break;
      }
    }
  }
  if (
    !title &&
    tokens.length > 0 &&
    /\b(chief|commander|head|leader|spokes\w+|envoy|general)\b/.test(phrase)
  ) {
    title = phrase;
  }
  if (organisation) sector = 'MIL';
  else if (!sector && rank.length > 0) sector = 'MIL';
  if (!title && rank.length === 0 && !country) return null;
  if (!title && rank.length === 0 && country) {
    // A bare demonym or possessive ("Syrian Bashar al-Assad") says little; keep the country only.
    return {
      title: null,
      rank: null,
      country,
      organisation: null,
      sector: null,
      tokenStart: start,
      tokenEnd: end,
    };
  }
  return {
    title,
    rank: rank.length > 0 ? rank.join(' ') : null,
    country,
    organisation,
    sector,
    tokenStart: start,
    tokenEnd: end,
  };
}
