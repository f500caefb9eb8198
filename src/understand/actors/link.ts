import type {
  ActorMention,
  ActorRoleInText,
  ActorVia,
  AnalysisActor,
  EntityMention,
  Sentence,
  Span,
  Token,
} from '../types.js';
import { activeRoles, type ActorDictionary } from './dictionary.js';
import { capitalMayBeState } from './metonym.js';
import { aliasKey } from './normalise.js';
import { parseRole, type ParsedRole } from './roles.js';
import type { DictionaryActor } from './types.js';
import { defineStage, type StageFactory } from '../stage.js';
import { findArabicScriptActors } from '../language/actors.js';
import { timeAnchor } from '../dates/anchor.js';

export interface LinkInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  entities: readonly EntityMention[];
  publishedAt: string | null;
}

/** Confidence of a role holder linked in an article that states no date at all: today's holder, a guess. */
const UNDATED_HOLDER_CONFIDENCE = 0.35;

export interface LinkResult {
  actors: AnalysisActor[];
  mentions: ActorMention[];
}

/**
 * Nouns after a demonym that make it an actor ("Iranian forces"), with the sector they imply. Maps, not
 * object literals: "Iranian constructor" must not find Object's constructor (issue 15).
 */
const COLLECTIVES = new Map<string, string>(
  Object.entries({
    forces: 'MIL',
    troops: 'MIL',
    military: 'MIL',
    army: 'MIL',
    soldiers: 'MIL',
    navy: 'MIL',
    militia: 'REB',
    militias: 'REB',
    government: 'GOV',
    authorities: 'GOV',
    officials: 'GOV',
    leaders: 'GOV',
    diplomats: 'GOV',
    police: 'COP',
    rebels: 'REB',
    militants: 'REB',
    fighters: 'REB',
    opposition: 'OPP',
    media: 'MED',
    television: 'MED',
    'state television': 'MED',
    advisers: 'MIL',
    advisors: 'MIL',
    regime: 'GOV',
    people: '',
  }),
);
const PERSON_NOUNS = new Set([
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'official',
  'diplomat',
  'commander',
  'minister',
  'source',
  'general',
  'envoy',
  'ambassador',
  'analyst',
  'lawmaker',
]);
const SECTOR_WORDS = new Map<string, string>(
  Object.entries({
    military: 'MIL',
    army: 'MIL',
    government: 'GOV',
    foreign: 'GOV',
    security: 'SPY',
    intelligence: 'SPY',
    defence: 'MIL',
    defense: 'MIL',
  }),
);
const FAITH = new Set([
  'shia',
  'shiite',
  "shi'ite",
  'sunni',
  'muslim',
  'christian',
  'kurdish',
  'arab',
  'druze',
  'alawite',
  'jewish',
  'islamist',
]);
const GROUP_REFERENCES = [
  ['the', 'allies'],
  ['the', 'two', 'countries'],
  ['both', 'countries'],
  ['the', 'two', 'sides'],
  ['the', 'two', 'nations'],
  ['the', 'two', 'allies'],
  ['both', 'sides'],
];

function slug(name: string): string {
  return aliasKey(name)
    .replace(/[^a-z0-9\u0600-\u06ff]+/g, '-')
    .replace(/^-|-$/g, '');
}

function spanOf(text: string, tokens: readonly Token[], start: number, end: number, sentence: number): Span {
  const a = tokens[start];
  const b = tokens[end - 1];
  const s = a?.start ?? 0;
  const e = b?.end ?? s;
  return { sentence, start: s, end: e, text: text.slice(s, e) };
}

/**
 * Links entity mentions to dictionary actors (by name and alias, checked against the roles held on the
 * publication date), reads titles and roles from the words around names, resolves surnames, titles and
 * "the two countries" to actors already seen, and keeps the rest as discovered actors with ids made from
 * their names, so the same unknown name in two articles is one actor.
 */
export function linkActors(input: LinkInput, dictionary: ActorDictionary): LinkResult {
  const { text, tokens, entities, publishedAt } = input;
  // The page's date, else one its text prints (byline, dateline, "Updated …"), else the latest year or date
  // it reports (issue 17): office holders are looked up in that period, never in today's by default.
  const anchor = timeAnchor(text, publishedAt);
  const date = anchor?.value ?? null;
  // A holder found by title alone ("the Egyptian president") is as sure as the date it was looked up on:
  // a guess at today's holder when the article states no date, less sure on a year the text reports.
  const byTitle = (confidence: number): number =>
    !anchor ? UNDATED_HOLDER_CONFIDENCE : anchor.source === 'text' ? confidence - 0.1 : confidence;
  const actors = new Map<string, AnalysisActor>();
  const mentions: ActorMention[] = [];
  const order: string[] = [];
  const words = tokens.map((sent) => sent.map((t) => t.text.replace(/’/g, "'")));

  const ensure = (
    actorId: string,
    make: () => Omit<AnalysisActor, 'id' | 'mentions' | 'actorId'>,
  ): AnalysisActor => {
    let a = actors.get(actorId);
    if (!a) {
      a = { id: `a${actors.size + 1}`, actorId, mentions: [], ...make() };
      actors.set(actorId, a);
      order.push(actorId);
    }
    return a;
  };
  const mention = (
    actor: AnalysisActor,
    span: Span,
    entity: string | null,
    via: ActorVia,
    confidence: number,
  ): void => {
    const id = `m${mentions.length + 1}`;
    mentions.push({ id, actor: actor.id, span, entity, via, confidence: round(confidence) });
    actor.mentions.push(id);
    actor.confidence = Math.max(actor.confidence, round(confidence));
  };

  const fromDictionary = (d: DictionaryActor, role: ParsedRole | null, confidence: number): AnalysisActor => {
    const active = activeRoles(d, date);
    const a = ensure(d.id, () => ({
      name: d.name,
      kind: d.kind,
      codes: active.length > 0 ? [...new Set(active.map((r) => r.code))] : d.kind === 'person' ? [] : d.codes,
      country: d.country,
      role: null,
      discovered: false,
      confidence,
    }));
    if (!a.role && d.kind === 'person') a.role = roleInText(role, active[0] ?? null);
    if (a.codes.length === 0 && role?.sector && (role.country?.country ?? d.country))
      a.codes = [`${role.country?.country ?? d.country}${role.sector}`];
    return a;
  };

  // Full names first, so a bare surname anywhere in the article can find its person.
  const surnames = new Map<string, string>();
  const persons = entities.filter((e) => e.type === 'PER');

  for (const e of entities) {
    const sent = words[e.span.sentence] ?? [];
    const sentTokens = tokens[e.span.sentence] ?? [];
    const name = e.span.text;
    if (e.type === 'PER') {
      const role = parseRole(sent, e.tokenStart, e.tokenEnd, dictionary);
      const candidates = dictionary.lookup(name).filter((d) => d.kind === 'person');
      const single = e.tokenEnd - e.tokenStart === 1;
      const known = single ? surnames.get(aliasKey(name)) : undefined;
      if (known && actors.has(known)) {
        mention(actors.get(known) as AnalysisActor, e.span, e.id, 'surname', 0.85);
        continue;
      }
      // A later full name can claim an earlier bare surname: look ahead before settling.
      const fuller = single
        ? persons.find(
            (p) => p.tokenEnd - p.tokenStart > 1 && aliasKey(p.span.text).split(' ').pop() === aliasKey(name),
          )
        : undefined;
      const chosen = pickPerson(
        fuller ? dictionary.lookup(fuller.span.text).filter((d) => d.kind === 'person') : candidates,
        role,
        date,
      );
      if (chosen) {
        const a = fromDictionary(chosen.actor, role, chosen.confidence);
        mention(a, e.span, e.id, 'name', chosen.confidence);
        surnames.set(aliasKey(chosen.actor.name).split(' ').pop() ?? '', chosen.actor.id);
        surnames.set(aliasKey(name).split(' ').pop() ?? '', chosen.actor.id);
        continue;
      }
      const full = fuller?.span.text ?? name;
      const id = `discovered:person:${slug(full)}`;
      const country = role?.country?.country ?? null;
      const a = ensure(id, () => ({
        name: full,
        kind: 'person',
        codes: role?.sector ? [`${country ?? ''}${role.sector}`] : [],
        country,
        role: roleInText(role, null),
        discovered: true,
        confidence: 0.6,
      }));
      mention(a, e.span, e.id, 'name', 0.6);
      surnames.set(aliasKey(full).split(' ').pop() ?? '', id);
      continue;
    }
    if (e.type === 'ORG' || e.type === 'LOC') {
      const candidates = dictionary.lookup(name);
      const country = candidates.find((d) => d.kind === 'country');
      const body = candidates.find((d) => d.kind !== 'country' && d.kind !== 'person');
      if (e.type === 'ORG' && body) {
        mention(fromDictionary(body, null, 0.9), e.span, e.id, 'name', 0.9);
        continue;
      }
      if (country) {
        mention(fromDictionary(country, null, 0.9), e.span, e.id, 'name', 0.9);
        continue;
      }
      if (body) {
        mention(fromDictionary(body, null, 0.8), e.span, e.id, 'name', 0.8);
        continue;
      }
      const capitalOf = dictionary.countryByCapital(name);
      if (capitalOf && e.type === 'LOC') {
        // "Tehran said", "along with Moscow": the capital speaks for the state; "in Damascus" is a place.
        if (capitalMayBeState(sent, e.tokenStart)) {
          const a = fromDictionary(capitalOf, null, 0.75);
          mention(a, e.span, e.id, 'metonym', 0.75);
        }
        continue;
      }
      // "Lebanese Shia": adjectives of nation and faith are not an organisation.
      const adjectives = sent.slice(e.tokenStart, e.tokenEnd);
      if (adjectives.every((w) => dictionary.countryByDemonym(w) || FAITH.has(w.toLowerCase()))) continue;
      if (e.type === 'ORG') {
        const id = `discovered:org:${slug(name)}`;
        const a = ensure(id, () => ({
          name,
          kind: 'organisation',
          codes: [],
          country: null,
          role: null,
          discovered: true,
          confidence: 0.55,
        }));
        mention(a, e.span, e.id, 'name', 0.55);
      }
      continue;
    }
    // MISC: a demonym is an actor when it modifies a collective or a person noun ("Iranian forces").
    const country = dictionary.countryByDemonym(name);
    if (!country || e.tokenEnd - e.tokenStart !== 1) continue;
    // "Russian President Boris Yeltsin": the demonym belongs to the person's title, and the person carries it.
    const titled = persons.find(
      (p) =>
        p.span.sentence === e.span.sentence &&
        p.tokenStart > e.tokenEnd - 1 &&
        p.tokenStart - e.tokenEnd <= 6 &&
        sent.slice(e.tokenEnd, p.tokenStart).every((w) => /^[A-Z]/.test(w) || /^(of|for|and|the)$/.test(w)),
    );
    if (titled) continue;
    // Up to three words after the demonym: sector words, then the noun ("Iranian military spokesman").
    let k = e.tokenEnd;
    const sectorWords: string[] = [];
    while (k < sent.length && k - e.tokenEnd < 3) {
      const w = (sent[k] ?? '').toLowerCase();
      if (PERSON_NOUNS.has(w)) break;
      if (!SECTOR_WORDS.get(w) && !COLLECTIVES.get(w)) break;
      const next = (sent[k + 1] ?? '').toLowerCase();
      if (COLLECTIVES.get(w) && !PERSON_NOUNS.has(next) && !COLLECTIVES.get(next)) break;
      sectorWords.push(w);
      k++;
    }
    const noun = (sent[k] ?? '').toLowerCase();
    const sector =
      sectorWords.map((w) => SECTOR_WORDS.get(w) ?? COLLECTIVES.get(w)).find(Boolean) ??
      COLLECTIVES.get(noun) ??
      null;
    const iso = country.country ?? '';
    if (PERSON_NOUNS.has(noun)) {
      const span = spanOf(text, sentTokens, e.tokenStart, k + 1, e.span.sentence);
      // "the Iranian foreign minister": the office holder on the publication date, when the dictionary knows.
      const holder = dictionary.holder(iso, [...sectorWords, noun].join(' '), date);
      if (holder && !/^[A-Z]/.test(sent[k + 1] ?? '')) {
        mention(fromDictionary(holder, null, byTitle(0.75)), span, e.id, 'title', byTitle(0.75));
        continue;
      }
      // "an Iranian military spokesman": an unnamed person, kept so quotes and events can point to him.
      const label = span.text;
      const id = `discovered:person:${slug(label)}:${e.span.sentence}`;
      const a = ensure(id, () => ({
        name: label,
        kind: 'person',
        codes: [`${iso}${sector ?? 'GOV'}`],
        country: iso,
        role: {
          title: [...sectorWords, noun].join(' '),
          rank: null,
          organisation: null,
          country: iso,
          code: `${iso}${sector ?? 'GOV'}`,
          from: null,
          to: null,
        },
        discovered: true,
        confidence: 0.7,
      }));
      mention(a, span, e.id, 'description', 0.7);
      continue;
    }
    if (COLLECTIVES.get(noun)) {
      const code = `${iso}${sector ?? ''}`;
      const span = spanOf(text, sentTokens, e.tokenStart, k + 1, e.span.sentence);
      const a = ensure(`sector:${code}`, () => ({
        name: `${country.name} (${noun})`,
        kind: 'organisation',
        codes: [code],
        country: iso,
        role: null,
        discovered: false,
        confidence: 0.75,
      }));
      mention(a, span, e.id, 'demonym', 0.75);
      continue;
    }
    mention(fromDictionary(country, null, 0.7), e.span, e.id, 'demonym', 0.7);
  }

  const holderMention = (d: DictionaryActor, span: Span): void => {
    const active = activeRoles(d, date);
    const a = ensure(d.id, () => ({
      name: d.name,
      kind: d.kind,
      codes: [...new Set(active.map((r) => r.code))],
      country: d.country,
      role: roleInText(null, active[0] ?? null),
      discovered: false,
      confidence: byTitle(0.7),
    }));
    mention(a, span, null, 'title', byTitle(0.7));
  };

  // Arabic and Persian words (issue 20): the English tagger abstains on them, so names, demonyms, collectives
  // and titles are read from the dictionary's Arabic-script aliases and the lexicon in language/.
  for (const f of findArabicScriptActors(tokens, dictionary, date)) {
    const { sentence, start, end } = f.range;
    const span: Span = { sentence, start, end, text: text.slice(start, end) };
    if (f.kind === 'name') {
      const people = f.candidates.filter((d) => d.kind === 'person');
      const chosen = people.length > 0 ? pickPerson(people, null, date) : null;
      if (chosen) {
        mention(fromDictionary(chosen.actor, null, chosen.confidence), span, null, 'name', chosen.confidence);
        continue;
      }
      const d =
        f.candidates.find((c) => c.kind === 'country') ?? f.candidates.find((c) => c.kind !== 'person');
      if (d) mention(fromDictionary(d, null, 0.85), span, null, 'name', 0.85);
    } else if (f.kind === 'demonym') {
      mention(fromDictionary(f.country, null, 0.7), span, null, 'demonym', 0.7);
    } else if (f.kind === 'sector') {
      const iso = f.country.country ?? '';
      const code = `${iso}${f.sector}`;
      const a = ensure(`sector:${code}`, () => ({
        name: `${f.country.name} (${f.noun})`,
        kind: 'organisation',
        codes: [code],
        country: iso,
        role: null,
        discovered: false,
        confidence: 0.75,
      }));
      mention(a, span, null, 'demonym', 0.75);
    } else {
      holderMention(f.holder, span);
    }
  }

  resolveRoleHolders(input, words, dictionary, date, mentions, holderMention);
  resolveGroupReferences(input, words, actors, [...mentions], mention);
  resolveTitles(input, words, actors, mentions, mention);

  const list = order.map((id) => actors.get(id) as AnalysisActor);
  mentions.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { actors: list, mentions };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function roleInText(
  role: ParsedRole | null,
  dictRole: { title: string; code: string; from: string | null; to: string | null } | null,
): ActorRoleInText | null {
  if (!role && !dictRole) return null;
  return {
    title: role?.title ?? dictRole?.title ?? null,
    rank: role?.rank ?? null,
    organisation: role?.organisation ?? null,
    country: role?.country?.country ?? null,
    code: dictRole?.code ?? (role?.sector ? `${role.country?.country ?? ''}${role.sector}` : null),
    from: dictRole?.from ?? null,
    to: dictRole?.to ?? null,
  };
}

/**
 * Among dictionary people of the same name, the one in office on the publication date whose country and
 * role agree with the title in the text.
 */
function pickPerson(
  candidates: DictionaryActor[],
  role: ParsedRole | null,
  date: string | null,
): { actor: DictionaryActor; confidence: number } | null {
  if (candidates.length === 0) return null;
  const scored = candidates.map((c) => {
    const active = activeRoles(c, date);
    let score = active.length > 0 ? 2 : 0;
    if (role?.country && role.country.country === c.country) score += 1;
    if (
      role?.title &&
      active.some((r) => r.title.includes(role.title ?? '') || (role.title ?? '').includes(r.title))
    )
      score += 1;
    if (c.sources.includes('curated')) score += 0.5;
    return { c, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.c.id < b.c.id ? -1 : 1));
  const best = scored[0];
  if (!best) return null;
  const ambiguous = scored.length > 1 && (scored[1]?.score ?? 0) === best.score;
  const confidence = best.score >= 2 ? (ambiguous ? 0.7 : 0.95) : ambiguous ? 0.5 : 0.75;
  return { actor: best.c, confidence };
}

/** "the allies", "the two countries": the two countries most recently named before the phrase. */
function resolveGroupReferences(
  input: LinkInput,
  words: readonly (readonly string[])[],
  actors: Map<string, AnalysisActor>,
  mentions: readonly ActorMention[],
  mention: (a: AnalysisActor, span: Span, entity: string | null, via: ActorVia, confidence: number) => void,
): void {
  const byId = new Map([...actors.values()].map((a) => [a.id, a]));
  const countryMentions = mentions
    .filter((m) => byId.get(m.actor)?.kind === 'country')
    .map((m) => ({
      start: m.span.start,
      sentence: m.span.sentence,
      actor: byId.get(m.actor) as AnalysisActor,
    }));
  words.forEach((sent, s) => {
    for (let i = 0; i < sent.length; i++) {
      for (const pattern of GROUP_REFERENCES) {
        if (!pattern.every((p, k) => (sent[i + k] ?? '').toLowerCase() === p)) continue;
        const tok = input.tokens[s] ?? [];
        const start = tok[i]?.start ?? 0;
        const prior = countryMentions.filter((c) => c.start < start && c.sentence >= s - 2);
        const distinct: AnalysisActor[] = [];
        for (const c of [...prior].sort((a, b) => b.start - a.start))
          if (!distinct.includes(c.actor)) distinct.push(c.actor);
        if (distinct.length < 2) continue;
        const span = spanOf(input.text, tok, i, i + pattern.length, s);
        for (const a of distinct.slice(0, 2).reverse()) mention(a, span, null, 'group-reference', 0.6);
      }
    }
  });
}

const HELD_ROLES = [
  'president',
  'prime minister',
  'foreign minister',
  'defence minister',
  'defense minister',
  'chief of staff',
  'supreme leader',
  'king',
  'emir',
  'crown prince',
  'interior minister',
  'speaker of parliament',
];

/**
 * A role named without its holder — "Syria's defence minister", "the Iranian president", "the president
 * of Syria" — resolved through the dictionary to whoever held it on the publication date.
 */
function resolveRoleHolders(
  input: LinkInput,
  words: readonly (readonly string[])[],
  dictionary: ActorDictionary,
  date: string | null,
  mentions: readonly ActorMention[],
  add: (d: DictionaryActor, span: Span) => void,
): void {
  words.forEach((sent, s) => {
    const lower = sent.map((w) => w.toLowerCase());
    for (let i = 0; i < sent.length; i++) {
      for (const role of HELD_ROLES) {
        const parts = role.split(' ');
        if (!parts.every((p, k) => lower[i + k] === p)) continue;
        const after = i + parts.length;
        // A name right after the title is linked by the name itself.
        if (/^[A-Z]/.test(sent[after] ?? '') && !/^(of|said)$/i.test(sent[after] ?? '')) continue;
        let country: DictionaryActor | undefined;
        let from = i;
        let to = after;
        if ((sent[i - 1] === "'s" || sent[i - 1] === '’s') && i >= 2) {
          country = dictionary.lookup(sent[i - 2] ?? '').find((a) => a.kind === 'country');
          from = i - 2;
        } else if (dictionary.countryByDemonym(sent[i - 1] ?? '')) {
          country = dictionary.countryByDemonym(sent[i - 1] ?? '');
          from = i - 1;
        } else if (lower[after] === 'of') {
          country = dictionary.lookup(sent[after + 1] ?? '').find((a) => a.kind === 'country');
          to = after + 2;
        }
        if (!country?.country) continue;
        const tok = input.tokens[s] ?? [];
        const span = spanOf(input.text, tok, from, to, s);
        if (mentions.some((m) => m.span.start <= span.start && m.span.end >= span.end && m.via !== 'name'))
          continue;
        const holder = dictionary.holder(country.country, role, date);
        if (holder) add(holder, span);
      }
    }
  });
}

/** "the general", "the minister": the latest person whose title or rank has that word. */
function resolveTitles(
  input: LinkInput,
  words: readonly (readonly string[])[],
  actors: Map<string, AnalysisActor>,
  mentions: readonly ActorMention[],
  mention: (a: AnalysisActor, span: Span, entity: string | null, via: ActorVia, confidence: number) => void,
): void {
  const people = [...actors.values()].filter((a) => a.kind === 'person' && a.role);
  if (people.length === 0) return;
  words.forEach((sent, s) => {
    for (let i = 0; i + 1 < sent.length; i++) {
      if ((sent[i] ?? '').toLowerCase() !== 'the') continue;
      const noun = (sent[i + 1] ?? '').toLowerCase();
      if (!/^(general|minister|president|commander|spokesman|envoy|ambassador|king|emir|prince)$/.test(noun))
        continue;
      if (/^[A-Z]/.test(sent[i + 2] ?? '')) continue; // "the general Mohammad…" is a title before a name
      const tok = input.tokens[s] ?? [];
      const start = tok[i]?.start ?? 0;
      const candidates = people.filter((p) => {
        const role = `${p.role?.title ?? ''} ${p.role?.rank ?? ''}`.toLowerCase();
        return role.includes(noun) && mentions.some((m) => m.actor === p.id && m.span.start < start);
      });
      const latest = candidates.sort(
        (a, b) => lastBefore(b, mentions, start) - lastBefore(a, mentions, start),
      )[0];
      if (latest) mention(latest, spanOf(input.text, tok, i, i + 2, s), null, 'title', 0.7);
    }
  });
}

function lastBefore(a: AnalysisActor, mentions: readonly ActorMention[], start: number): number {
  let best = -1;
  for (const m of mentions) if (m.actor === a.id && m.span.start < start) best = Math.max(best, m.span.start);
  return best;
}

export const actorStage: StageFactory = (resources) =>
  defineStage({
    name: 'actors',
    version: `link-5+dict-${resources.actorsVersion}`,
    reads: ['sentences', 'tokens', 'entities'],
    writes: ['actors', 'actorMentions'],
    run(input) {
      const { actors, mentions } = linkActors(input, resources.actors);
      return { actors, actorMentions: mentions };
    },
  });
