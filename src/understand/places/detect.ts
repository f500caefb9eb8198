import type { ActorMention, AnalysisActor, EntityMention, Sentence, Span, Token } from '../types.js';
import { isRoad, notAPlace } from './not-places.js';
import { capitalActs } from '../actors/metonym.js';
import type { PlaceIndex } from './gazetteer.js';
import type { Toponym } from './types.js';

export interface DetectInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  entities: readonly EntityMention[];
  actorMentions: readonly ActorMention[];
  /** The document's actors: a country's other name acting ("Washington said") is a metonym too. */
  actors?: readonly (Pick<AnalysisActor, 'id' | 'kind'> & Partial<Pick<AnalysisActor, 'discovered'>>)[];
}

export interface DetectResources {
  gazetteer: PlaceIndex;
  /** True for names the actor dictionary knows as a group, organisation or person: "Fatah" is not a town. */
  isActorName?: (name: string) => boolean;
  /** Lower-case common English words: "Mobile" or "Reading" opening a sentence is not a town. */
  commonWords: ReadonlySet<string>;
  /**
   * True for a surname of a person the actor dictionary knows ("Obama", "Kerry"): standing alone, it is
   * that person, even in an article that never gives the full name (issue 17).
   */
  isPersonSurname?: (word: string) => boolean;
  /** True for a nationality word the actor dictionary knows ("Iranian", "Saudi"): a country's adjective. */
  isDemonym?: (word: string) => boolean;
}

const CONNECTORS = new Set([
  'of',
  'the',
  'and',
  'al',
  'el',
  'ad',
  'ar',
  'as',
  'ash',
  'at',
  'az',
  'ez',
  'de',
  'la',
  'du',
  'es',
  'bin',
  'bani',
  'abu',
  '-',
  "'",
  '’',
  '.',
  'on',
  'upon',
  'sur',
]);
const isCapitalised = (w: string): boolean => /^[\p{Lu}\p{Lo}]/u.test(w);
/** Feature codes a gazetteer-only match may stand on: the scan must not turn every hamlet name into a place. */
const STRONG_CODES = new Set(['PCLI', 'ADM1', 'PPLC', 'PPLA', 'ADM2']);
/**
 * Curated features (wf:), places a team added (team:) and airfields (their names say "Airport" or "Air Base")
 * were put there to be found.
 */
const curated = (p: { id: string }): boolean =>
  p.id.startsWith('wf:') || p.id.startsWith('team:') || p.id.startsWith('ourairports:');

/** Whether [start, end) overlaps a toponym of any of the lists (a span already taken). */
function overlapsAny(lists: ReadonlyArray<readonly Toponym[]>, start: number, end: number): boolean {
  return lists.some((l) => l.some((t) => t.span.start < end && start < t.span.end));
}

/**
 * Whether one of a name's readings is a place a reader would know: a country, province, capital, seat or
 * county, a curated feature (unless `withCurated` is false), or a town of at least `population` people.
 */
function wellKnown(g: PlaceIndex, hits: readonly number[], population: number, withCurated = true): boolean {
  return hits.some((h) => {
    const p = g.places[h];
    return (
      p !== undefined &&
      (STRONG_CODES.has(p.fcode) || (withCurated && curated(p)) || p.population >= population)
    );
  });
}
/**
 * Division names that are also plain words of organisations' names: Cameroon's "North", Sri Lanka's
 * "Central", Brazil's "Federal" District.
 */
const GENERIC_AREA =
  /^(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northern|southern|eastern|western|central|centre|center|federal|capital|coast|coastal|upper|lower|interior|metropolitan|national|the|city|town|village|county|state|province|district|region)$/i;
const AREA_NOUN = /\s(?:County|Parish|Borough|Township|District|Governorate|Province)$/;
/** Head words after a place name that make the name a place inside an organisation or a description. */
const PLACE_HEADS = new Set(
  (
    'police sheriff sheriffs county department court superior high school schools university college council ' +
    'city fire mayor board hospital jail commission airport library chamber health public community township ' +
    'man woman boy girl teen teenager resident residents native natives couple family families officials ' +
    'area region province governorate district municipal village town state county-wide-based authorities ' +
    'selectman selectmen commissioners commissioner republican democrat democrats republicans-area government ' +
    'national guard house senate legislature historical museum zoo regional memorial medical center centre'
  ).split(/\s+/),
);

/**
 * Toponyms in the text: the tagger's LOC mentions, minus capitals that speak for their state ("Tehran said"),
 * plus gazetteer matches the tagger missed. The scan only accepts well-known places (countries, provinces,
 * capitals, curated features, towns of 20,000 or more) outside other entities, so a person's surname or an
 * organisation's name is not read as a town.
 */
export function detectToponyms(input: DetectInput, res: DetectResources): Toponym[] {
  const { text, sentences, tokens, entities, actorMentions } = input;
  // The linker takes a capital for its state unless it follows a locative word; it is left out of the
  // places only when it certainly acts ("Tehran said"), since "shelled Juba" is a target and a place.
  const byId = new Map(entities.map((e) => [e.id, e]));
  const countryActors = new Set((input.actors ?? []).filter((a) => a.kind === 'country').map((a) => a.id));
  // "The White House said", "the Kremlin denied": a seat of government the actor dictionary knows as an
  // organisation is that organisation, unless a locative word makes it the building ("at the Kremlin"), and
  // White House, Tennessee, is not meant.
  const bodies = new Set((input.actors ?? []).filter((a) => a.kind === 'organisation').map((a) => a.id));
  const seats = new Set(
    actorMentions
      .filter((m) => m.via === 'name' && m.entity && bodies.has(m.actor))
      .filter(
        (m) =>
          !/\b(?:in|at|near|outside|inside|into|from|to|toward|towards)\s+(?:the\s+)?$/i.test(
            text.slice(Math.max(0, m.span.start - 16), m.span.start),
          ),
      )
      .map((m) => m.entity as string),
  );
  // The dictionary also knows some capitals as names of their country ("Washington" for the United States):
  // such a name is a metonym when it is not the name of a country itself.
  const standsFor = (m: ActorMention): boolean =>
    m.via === 'metonym' ||
    (m.via === 'name' &&
      countryActors.has(m.actor) &&
      !res.gazetteer.lookup(m.span.text).some((i) => res.gazetteer.places[i]?.fcode === 'PCLI'));
  const metonyms = new Set(
    actorMentions
      .filter((m) => m.entity && standsFor(m))
      .map((m) => m.entity as string)
      .filter((id) => {
        const e = byId.get(id);
        const words = (tokens[e?.span.sentence ?? -1] ?? []).map((t) => t.text);
        return e !== undefined && capitalActs(words, e.tokenStart, e.tokenEnd);
      }),
  );
  const out: Toponym[] = [];
  const covered = new Map<number, Uint8Array>();
  const g = res.gazetteer;
  for (const e of entities) {
    let mask = covered.get(e.span.sentence);
    if (!mask) covered.set(e.span.sentence, (mask = new Uint8Array(tokens[e.span.sentence]?.length ?? 0)));
    mask.fill(1, e.tokenStart, e.tokenEnd);
    if (metonyms.has(e.id)) continue;
    const toks = tokens[e.span.sentence] ?? [];
    if (e.type === 'LOC') {
      // "God", "Can": a tagger's slip on a plain word the gazetteer does not know as a place. A state's
      // two-letter code ("OK", "IN") is the state only after a comma ("Tulsa, OK"); "US" and "UK" are not codes.
      const word = e.tokenEnd - e.tokenStart === 1 ? e.span.text : '';
      if (
        /^[A-Z]{2}$/.test(word) &&
        g.lookup(word).every((h) => g.places[h]?.fcode === 'ADM1') &&
        !/,\s*$/.test(text.slice(Math.max(0, e.span.start - 3), e.span.start))
      )
        continue;
      const whole = withLeadingWords(
        text,
        withPeriod(text, withTrailingWords(text, e.span, toks, e.tokenEnd, g), toks, e.tokenEnd, g),
        toks,
        e.tokenStart,
        g,
        mask,
      );
      if (whole.text === word && res.commonWords.has(word.toLowerCase()) && !g.lookup(word).length) continue;
      // A well-known place the dictionary also lists as a body ("Gaza") stays a place; the seat's own
      // building (curated) does not make it one.
      if (seats.has(e.id) && !wellKnown(g, g.lookup(whole.text), 100000, false)) continue;
      // The words taken in are no longer free for the gazetteer scan.
      for (let t = e.tokenStart - 1; t >= 0 && (toks[t]?.start ?? -1) >= whole.start; t--) mask[t] = 1;
      // A building the gazetteer does not know ("Waterford High School", "Woodstock General Hospital") is
      // no place of the story (issue 17, names that are not places); the town opening its name is.
      if (whole === e.span && BUILDING.test(whole.text) && !g.lookup(whole.text).length) {
        const town = placeInName(text, e, toks, res);
        if (town && wellKnown(g, g.lookup(town.text), 20000))
          out.push({ span: town, entity: e.id, source: 'tagger' });
        continue;
      }
      out.push({ span: whole, entity: e.id, source: 'tagger' });
      continue;
    }
    const inner =
      namedFeature(e, res) ??
      placeInName(text, e, toks, res) ??
      placeAfterOf(text, e, toks, res) ??
      placeByContext(text, e, toks, res);
    if (inner) out.push({ span: inner, entity: e.id, source: 'tagger' });
  }
  out.push(...coordinatedPlaces(text, entities, out, res));
  out.push(...townsOfTheStory(text, entities, out, res));
  for (const s of sentences) {
    const toks = tokens[s.index] ?? [];
    let mask = covered.get(s.index);
    if (!mask) covered.set(s.index, (mask = new Uint8Array(toks.length)));
    const taken = (start: number, end: number): boolean => overlapsAny([out], start, end);
    const scan: SentenceScan = { text, sentence: s.index, toks, mask, g, taken };
    out.push(...datelinePlace(scan), ...hyphenatedPlaces(scan));
    for (let i = 0; i < toks.length; i++) {
      const first = toks[i];
      if (!first || mask?.[i] || !isCapitalised(first.text)) continue;
      let found = -1;
      let foundEnd = 0;
      for (let j = Math.min(toks.length, i + g.maxTokens); j > i; j--) {
        const last = toks[j - 1];
        if (!last || mask?.[j - 1]) continue;
        const words = toks.slice(i, j).map((t) => t.text);
        if (!words.every((w) => isCapitalised(w) || CONNECTORS.has(w.toLowerCase()))) continue;
        // A closing period is taken below, and only for abbreviations.
        if (CONNECTORS.has(last.text.toLowerCase())) continue;
        let end = last.end;
        // "Ill." and "Va." arrive as a word and a period: the abbreviation is looked up with its period.
        const dotted = toks[j]?.text === '.' && toks[j]?.start === end ? end + 1 : end;
        // Only when the period makes it an abbreviation: "Eastern Ghouta." ending a sentence is "Eastern
        // Ghouta", though names match without their punctuation.
        let hits = g.lookup(text.slice(first.start, end));
        const withDot = dotted > end ? g.lookup(text.slice(first.start, dotted)) : [];
        if (withDot.some((h) => !hits.includes(h))) {
          hits = withDot;
          end = dotted;
        }
        if (!hits.length || !acceptable(hits, words, i, j, toks, res)) continue;
        found = j;
        foundEnd = end;
        break;
      }
      if (found < 0) continue;
      out.push({
        span: {
          sentence: s.index,
          start: first.start,
          end: foundEnd,
          text: text.slice(first.start, foundEnd),
        },
        entity: null,
        source: 'gazetteer',
      });
      i = found - 1;
    }
  }
  // Only the dictionary's bodies act for a government here: an organisation the linker merely discovered
  // ("Gainesville Riding Club") is no seat.
  const known = new Set(
    (input.actors ?? []).filter((a) => a.kind === 'organisation' && !a.discovered).map((a) => a.id),
  );
  const governing = new Set(
    actorMentions
      .filter((m) => m.entity && seats.has(m.entity) && known.has(m.actor))
      .map((m) => m.entity as string),
  );
  out.push(...sameNameAgain(entities, out, new Set([...metonyms, ...governing])));
  out.push(...statesAfterPlaces(text, sentences, out, g));
  out.push(...countiesInLists(text, sentences, out, g));
  // A name a person of the story bears ("Anne Hidalgo" … "Hidalgo said", "Mr. Sanford") is that person
  // when it stands alone, unless a locative word makes it a place ("in Sanford").
  const surnames = new Set(
    entities
      .filter((e) => e.type === 'PER' && e.tokenEnd - e.tokenStart >= 2)
      .map((e) => (tokens[e.span.sentence]?.[e.tokenEnd - 1]?.text ?? '').toLowerCase()),
  );
  // A known person's surname ("the Obama administration" → not Obama, Japan) counts too, unless a reading
  // of the name is a place every reader knows (a country, province, capital or a city of 100,000).
  const knownSurname = (word: string): boolean =>
    res.isPersonSurname?.(word) === true &&
    !wellKnown(res.gazetteer, res.gazetteer.lookup(word), 100000, false);
  const person = (t: Toponym): boolean =>
    !/\s/.test(t.span.text) &&
    (surnames.has(t.span.text.toLowerCase()) || knownSurname(t.span.text)) &&
    !/\b(?:in|near|at|from|to|into|outside|around|across|of|via|toward|towards)\s+$/i.test(
      text.slice(Math.max(0, t.span.start - 12), t.span.start),
    ) &&
    !/^,\s*[A-Z]/.test(text.slice(t.span.end, t.span.end + 3));
  // "Saudi clerics", "Syrian forces": a nationality word before the noun it qualifies is an adjective, not a
  // place, though the gazetteer knows "Saudi" as a short name of Saudi Arabia; its country reaches the
  // places through the actors stage. The dictionary's demonym lists hold names too ("Britain"), so only a
  // word the tagger did not read as a location counts; a country's own name ("Pakistan officials") and an
  // abbreviation ("US ally", "UK firms") stay places.
  const adjective = (t: Toponym): boolean =>
    (t.entity === null || byId.get(t.entity)?.type !== 'LOC') &&
    /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(t.span.text) &&
    res.isDemonym?.(t.span.text) === true &&
    /^\s+\p{Ll}/u.test(text.slice(t.span.end, t.span.end + 3)) &&
    !g.lookup(t.span.text).some((h) => g.places[h]?.name === t.span.text);
  // A US state or the country numbers its roads by its own name: "W.Va. 61", "Texas 19", "U.S. 287".
  const numbersRoads = (t: Toponym): boolean =>
    g.lookup(t.span.text).some((h) => {
      const p = g.places[h];
      return p?.cc === 'US' && (p.fcode === 'ADM1' || p.fcode === 'PCLI');
    });
  const kept = out.filter(
    (t) => !person(t) && !adjective(t) && !notAPlace(t, text) && !isRoad(t, text, numbersRoads(t)),
  );
  return withStreets(text, sentences, kept).sort((a, b) => a.span.start - b.span.start);
}

/**
 * One sense per article (issue 17, detection recall): a name found as a place once is a place wherever else
 * the article writes it, though the tagger called it a person or an organisation there ("Alexandria
 * detectives", "Once again, Alexandria is a finalist"). A person of the story with that surname still takes
 * it back (the filter after this). Words the tagger left out are not taken: on LGL that added 3 places
 * for 10 false ones.
 */
function sameNameAgain(
  entities: readonly EntityMention[],
  found: readonly Toponym[],
  acting: ReadonlySet<string>,
): Toponym[] {
  const names = new Set(found.map((t) => t.span.text));
  if (!names.size) return [];
  const added: Toponym[] = [];
  const taken = (start: number, end: number): boolean => overlapsAny([found, added], start, end);
  for (const e of entities) {
    // A capital acting for its state or a seat for its government ("the White House said") stays the actor.
    if (e.type === 'LOC' || acting.has(e.id)) continue;
    if (names.has(e.span.text)) {
      if (!taken(e.span.start, e.span.end)) added.push({ span: e.span, entity: e.id, source: 'tagger' });
      continue;
    }
    // The place opening or closing an organisation's name ("Gainesville Riding Club", "Rodeo Gainesville",
    // "Oxford Crown Court"): the convention of LGL, TR-News and our news gold. Not a person's name
    // ("Georgia Smith").
    if (e.type === 'PER') continue;
    const words = e.span.text.split(' ');
    for (let k = 1; k < words.length; k++) {
      const head = words.slice(0, k).join(' ');
      const tail = words.slice(words.length - k).join(' ');
      const start = names.has(head) ? e.span.start : names.has(tail) ? e.span.end - tail.length : -1;
      if (start < 0) continue;
      const surface = names.has(head) ? head : tail;
      const end = start + surface.length;
      if (taken(start, end)) break;
      added.push({
        span: { sentence: e.span.sentence, start, end, text: surface },
        entity: e.id,
        source: 'tagger',
      });
      break;
    }
  }
  return added;
}

/**
 * "CHARLESTON, W.Va. --", "Orient, Ohio": the state or country after a place and a comma, which the tagger
 * often folds into a person's name or leaves out of a dateline. Only a first-level division or a country.
 */
function statesAfterPlaces(
  text: string,
  sentences: readonly Sentence[],
  found: readonly Toponym[],
  g: PlaceIndex,
): Toponym[] {
  const added: Toponym[] = [];
  const taken = (start: number, end: number): boolean => overlapsAny([found, added], start, end);
  for (const t of found) {
    const m = /^,\s*([A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?)/.exec(text.slice(t.span.end, t.span.end + 24));
    if (!m?.[1]) continue;
    // "W.Va." with its period; "Ohio." ending a sentence without it.
    const words = m[1].replace(/\.$/, '');
    const surface = g.lookup(m[1]).length ? m[1] : words;
    const broad = g.lookup(surface).some((h) => {
      const code = g.places[h]?.fcode;
      return code === 'ADM1' || code === 'PCLI';
    });
    if (!broad) continue;
    const start = t.span.end + m[0].length - m[1].length;
    const end = start + surface.length;
    // The sentence splitter may end a sentence at the state's period: the span stays inside one sentence.
    const sentence = sentences.find((x) => x.start <= start && end <= x.end);
    if (!sentence || taken(start, end)) continue;
    added.push({
      span: { sentence: sentence.index, start, end, text: surface },
      entity: null,
      source: 'gazetteer',
    });
  }
  return added;
}

const COUNTY_NAME = "[A-Z][\\w'’-]*(?:\\s[A-Z][\\w'’-]*)?";
/** "Cooke, Grayson and Love counties", "Nassau and Baker counties", "Otter Tail, Swift or Wilkin counties". */
const COUNTY_LIST = new RegExp(
  `${COUNTY_NAME}(?:(?:,\\s(?:and\\s|or\\s)?|\\s(?:and|or|&)\\s)${COUNTY_NAME})+,?\\s(counties|parishes)\\b`,
  'g',
);

/**
 * Names in a list that ends "counties" or "parishes": each is a county the gazetteer knows as "<name>
 * County" (or Parish), though alone it reads as a town or a surname ("Love", "Baker"). The resolver reads
 * the same list to choose the county.
 */
function countiesInLists(
  text: string,
  sentences: readonly Sentence[],
  found: readonly Toponym[],
  g: PlaceIndex,
): Toponym[] {
  const added: Toponym[] = [];
  const taken = (start: number, end: number): boolean => overlapsAny([found, added], start, end);
  for (const s of sentences) {
    const sentence = text.slice(s.start, s.end);
    const re = new RegExp(COUNTY_LIST.source, COUNTY_LIST.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(sentence))) {
      const noun = m[1] === 'parishes' ? 'Parish' : 'County';
      const names = new RegExp(COUNTY_NAME, 'g');
      const list = m[0].slice(0, m[0].length - (m[1]?.length ?? 0));
      let n: RegExpExecArray | null;
      while ((n = names.exec(list))) {
        const start = s.start + m.index + n.index;
        const end = start + n[0].length;
        const county = g
          .lookup(`${n[0]} ${noun}`)
          .some((h) => g.places[h]?.fclass === 'A' && g.places[h]?.fcode !== 'PCLI');
        if (!county || taken(start, end)) continue;
        added.push({
          span: { sentence: s.index, start, end, text: n[0] },
          entity: null,
          source: 'gazetteer',
        });
      }
    }
  }
  return added;
}

/** Words that end a street's name: "Danielsville Road", "North Nokomis Street", "Main St.". */
const STREET_SUFFIX =
  '(?:Street|St\\.|Avenue|Ave\\.|Road|Rd\\.|Drive|Boulevard|Blvd\\.|Parkway|Lane|Trail|Freeway)';
/** One to four name words before the suffix: capitalised words, initials and ordinals ("33rd Avenue"). */
const STREET = new RegExp(
  `(?<![\\p{L}\\d])(?:(?:[\\p{Lu}][\\p{L}'’-]*\\.?|\\d+(?:st|nd|rd|th))\\s+){1,4}${STREET_SUFFIX}(?![\\p{L}\\d])`,
  'gu',
);
/** Capitalised function words a sentence or title may open with: not part of a street's name. */
const NOT_STREET_WORD =
  /^(?:the|a|an|in|on|at|from|to|of|and|or|near|along|off|onto|via|by|between|for|with|police|officers?)$/i;

/**
 * Street names (issue 17, detection recall): the tagger and the gazetteer know few of them, and local news
 * names many. "Washington Drive" is the street, so a place found inside it ("Washington") gives way. A
 * capitalised word after the suffix makes it part of another name ("Pleasant Lane School"), left alone. The
 * street is not in the gazetteer: it is placed approximately, near the story's other places.
 */
function withStreets(text: string, sentences: readonly Sentence[], found: readonly Toponym[]): Toponym[] {
  const streets: Toponym[] = [];
  for (const s of sentences) {
    const sentence = text.slice(s.start, s.end);
    const re = new RegExp(STREET.source, STREET.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(sentence))) {
      const words = m[0].split(/\s+/);
      let end = s.start + m.index + m[0].length;
      const number = /^\s+\d+[A-Z]?\b/.exec(text.slice(end, end + 8));
      // "County Road 96" is the numbered road, whatever county's name comes before it.
      let skip = 0;
      if (number) {
        if (words.length < 2 || words[words.length - 2] !== 'County' || words.at(-1) !== 'Road') continue;
        skip = words.length - 2;
        end += number[0].length;
      }
      // "Warden's Memphis Street": the owner is not part of the street's name.
      const owner = words.findLastIndex((w) => /['’]s$/.test(w));
      if (owner >= skip) skip = owner + 1;
      while (skip < words.length - 1 && NOT_STREET_WORD.test(words[skip] ?? '')) skip++;
      if (words.length - skip < 2) continue;
      const lead = words.slice(0, skip).reduce((n, w) => n + w.length, 0);
      const start = s.start + m.index + m[0].indexOf(words[skip] ?? '', lead);
      if (/^\s+[\p{Lu}]/u.test(text.slice(end, end + 3))) continue;
      streets.push({
        span: { sentence: s.index, start, end, text: text.slice(start, end) },
        entity: null,
        source: 'gazetteer',
      });
    }
  }
  if (!streets.length) return [...found];
  // A found name crossing the street's edge is another reading of the words: both are left as they are.
  const crossing = (st: Toponym): boolean =>
    found.some(
      (t) =>
        t.span.start < st.span.end &&
        st.span.start < t.span.end &&
        (t.span.start < st.span.start || t.span.end > st.span.end),
    );
  const same = (st: Toponym): boolean =>
    found.some((t) => t.span.start === st.span.start && t.span.end === st.span.end);
  const added = streets.filter((st) => !crossing(st) && !same(st));
  const inside = (t: Toponym): boolean =>
    added.some((st) => st.span.start <= t.span.start && t.span.end <= st.span.end);
  return [...found.filter((t) => !inside(t)), ...added];
}

/**
 * "Ras al-Ain" tagged as "al-Ain", "Sea of Galilee" as "Galilee": capitalised words (and a connector between)
 * just before the entity that make a longer gazetteer name with it are taken in, when no other entity holds
 * them.
 */
function withLeadingWords(
  text: string,
  span: Span,
  toks: readonly Token[],
  tokenStart: number,
  g: PlaceIndex,
  mask: Uint8Array,
): Span {
  for (let k = 3; k >= 1; k--) {
    const from = tokenStart - k;
    if (from < 0) continue;
    const words = toks.slice(from, tokenStart);
    // "Sea of" before "Galilee", "Strait of" before "Hormuz": a connector may sit between, not open.
    if (!isCapitalised(words[0]?.text ?? '')) continue;
    if (words.some((t, i) => mask[from + i] || !(isCapitalised(t.text) || CONNECTORS.has(t.text)))) continue;
    const start = toks[from]?.start ?? span.start;
    const surface = text.slice(start, span.end);
    // Only words that name something else: "The Mansfield" is still Mansfield.
    const own = g.lookup(span.text);
    if (g.lookup(surface).some((h) => !own.includes(h))) return { ...span, start, text: surface };
  }
  return span;
}

/**
 * "Bab el-Mandeb" tagged as "Bab" and a separate "el-Mandeb": words just after the entity that make a longer
 * gazetteer name with it are taken in, the longest first.
 */
function withTrailingWords(
  text: string,
  span: Span,
  toks: readonly Token[],
  tokenEnd: number,
  g: PlaceIndex,
): Span {
  const own = g.lookup(span.text);
  for (let k = 3; k >= 1; k--) {
    const last = toks[tokenEnd + k - 1];
    if (!last || toks.slice(tokenEnd, tokenEnd + k).some((t) => /^[.,;:!?()]$/.test(t.text))) continue;
    const surface = text.slice(span.start, last.end);
    if (g.lookup(surface).some((h) => !own.includes(h))) return { ...span, end: last.end, text: surface };
  }
  return span;
}

/** "Ky" tagged without its period: the abbreviation is the place only with it ("Ky."). */
function withPeriod(text: string, span: Span, toks: readonly Token[], tokenEnd: number, g: PlaceIndex): Span {
  const next = toks[tokenEnd];
  if (next?.text !== '.' || next.start !== span.end) return span;
  const dotted = text.slice(span.start, span.end + 1);
  return g.lookup(dotted).length && !g.lookup(span.text).length
    ? { ...span, end: span.end + 1, text: dotted }
    : span;
}

/**
 * A place named inside another entity: "Mansfield Police Department", "Kanawha County Sheriff's Office",
 * "a Chapin man", or a town the tagger took for an organisation or person ("Lexington", "Texas"). The name
 * must be a well-known place, open the entity, and be followed by a word that makes it a place (or be the
 * whole entity); names the actor dictionary owns are left to the actors.
 */
function placeInName(
  text: string,
  e: EntityMention,
  toks: readonly Token[],
  res: DetectResources,
): Span | null {
  const g = res.gazetteer;
  if (res.isActorName?.(e.span.text)) return null;
  const whole = e.tokenEnd - e.tokenStart;
  for (let j = Math.min(e.tokenEnd, e.tokenStart + g.maxTokens); j > e.tokenStart; j--) {
    const first = toks[e.tokenStart];
    const last = toks[j - 1];
    if (!first || !last) continue;
    const surface = text.slice(first.start, last.end);
    const hits = g.lookup(surface);
    if (!hits.length || res.isActorName?.(surface) || GENERIC_AREA.test(surface)) continue;
    const head = j < e.tokenEnd ? toks[j] : toks[e.tokenEnd];
    const headWord = (head?.text ?? '').toLowerCase().replace(/[’']s$/, '');
    const isWhole = j === e.tokenEnd;
    const places = hits.map((h) => g.places[h]).filter((p) => p !== undefined);
    // A country or state opening an organisation's name is its place whatever follows ("Texas Forest
    // Service", "Ohio Supreme Court"); a town needs a word that says so ("Mansfield Police").
    const stateOpens =
      e.type === 'ORG' &&
      !GENERIC_AREA.test(surface) &&
      places.some((p) => p.fcode === 'PCLI' || p.fcode === 'ADM1');
    // A name that says what it is ("Madison County Partnership", "Walker County Fair") needs no head word;
    // "Dublin City Council" is the council of Dublin, not Ireland's Dublin City area.
    const namedArea = AREA_NOUN.test(surface) && places.some((p) => p.fclass === 'A');
    if (/\sCity$/.test(surface) && !places.some((p) => p.fclass === 'P')) continue;
    if (
      !isWhole &&
      !stateOpens &&
      !namedArea &&
      !PLACE_HEADS.has(headWord) &&
      !/^[’']s$/.test(toks[j]?.text ?? '')
    )
      continue;
    // "Asad Air Base" tagged as a person is still the air base: curated names are not people's.
    if (isWhole && e.type === 'PER' && !PLACE_HEADS.has(headWord) && !places.every(curated)) continue;
    // A miscellaneous name of two words or more is a town as often as an organisation's is ("Yellow
    // Springs", "Meadow Grove"); one word is mostly an adjective ("Olympic", "Arab"). Chosen on LGL.
    const misc = e.type === 'MISC' && /\s/.test(surface) && res.isDemonym?.(surface) !== true;
    const strong = places.some(
      // A whole organisation that is exactly a town's name is the town more often than not ("Pineville said
      // its budget…" is the town council); a whole person's name only when the town is large.
      (p) =>
        STRONG_CODES.has(p.fcode) ||
        curated(p) ||
        p.population >= (isWhole ? (e.type === 'ORG' || misc ? 0 : 20000) : 5000),
    );
    if (!strong) continue;
    // "US" in capitals is the country, though "us" is a common word.
    const initials = /^[A-Z]{2,3}$/.test(surface) && places.some((p) => p.fcode === 'PCLI');
    if (whole === 1 && j - e.tokenStart === 1 && res.commonWords.has(surface.toLowerCase()) && !initials)
      continue;
    return { sentence: e.span.sentence, start: first.start, end: last.end, text: surface };
  }
  return null;
}

/** The last word of a building's name: the tagger's locations that end so are buildings, not places. */
const BUILDING =
  /\s(?:Center|Centre|Hall|House|School|Hospital|Museum|Church|Cathedral|Mosque|Synagogue|Library|Academy|College|University|Gallery|Office|Building|Prison|Jail|Courthouse|Theater|Theatre|Hotel|Mall)$/;
/** Nouns closing the name of an area a county or township: "Madison County" is that, whoever the tagger thought. */
const AREA_NAME = /^\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*)?\s(?:County|Parish|Township|Borough)$/u;
/** Nouns closing a natural feature's name; such a name is the feature when the gazetteer knows it whole. */
const FEATURE_NAME =
  /\s(?:River|Creek|Lake|Reservoir|Valley|Forest|Wilderness|Springs|Mountains?|Island|Islands|Bay|Canyon|Desert|Peninsula|Colony|Grove)$/;

/**
 * A county, township or natural feature the tagger took for a person or an organisation ("Madison County",
 * "Tennessee Colony", "Monongahela National Forest"): the whole name says what it is. A county's name is
 * taken though the gazetteer lacks it (it is placed near the story's places); a feature's only when the
 * gazetteer knows it, since people's names end in "Lake" or "Grove" too.
 */
function namedFeature(e: EntityMention, res: DetectResources): Span | null {
  const surface = e.span.text;
  if (res.isActorName?.(surface)) return null;
  // One word before the noun, or a name the gazetteer knows whole: "Leadership Henry County" is a programme.
  if (AREA_NAME.test(surface) && (!/\s.*\s/.test(surface) || res.gazetteer.lookup(surface).length))
    return e.span;
  if (FEATURE_NAME.test(surface) && res.gazetteer.lookup(surface).length) return e.span;
  return null;
}

/**
 * The place closing an organisation's name after "of": "University of Alexandria", "First Bank of
 * Princeton", "City of Edwardsville". Only a well-known place counts, as for a name opening one.
 */
function placeAfterOf(
  text: string,
  e: EntityMention,
  toks: readonly Token[],
  res: DetectResources,
): Span | null {
  if (e.type !== 'ORG' || res.isActorName?.(e.span.text)) return null;
  const g = res.gazetteer;
  for (let k = e.tokenStart + 1; k + 1 < e.tokenEnd; k++) {
    if (toks[k]?.text !== 'of') continue;
    const first = toks[k + 1];
    const last = toks[e.tokenEnd - 1];
    if (!first || !last || !isCapitalised(first.text)) continue;
    const surface = text.slice(first.start, last.end);
    if (res.isActorName?.(surface) || GENERIC_AREA.test(surface)) return null;
    // "Chamber of Commerce" is not Commerce, Texas: a town must not be a word as well.
    const word = res.commonWords.has(surface.toLowerCase());
    if (!wellKnown(g, g.lookup(surface), word ? Infinity : 5000)) return null;
    return { sentence: e.span.sentence, start: first.start, end: last.end, text: surface };
  }
  return null;
}

const JOINED = /^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+)$/;

/**
 * "Kurdish forces held Raqqa and Kobani": a name joined by "and", "or" or a comma to a place is a place too,
 * whatever the tagger called it, if the gazetteer knows it as a well-known one. Twice over, so a list's
 * places reach each other ("Raqqa, Kobani and Manbij").
 */
function coordinatedPlaces(
  text: string,
  entities: readonly EntityMention[],
  found: readonly Toponym[],
  res: DetectResources,
): Toponym[] {
  const g = res.gazetteer;
  const all = [...found];
  const added: Toponym[] = [];
  const placed = new Set(found.map((t) => t.entity));
  for (let round = 0; round < 2; round++) {
    for (const e of entities) {
      if (e.type === 'LOC' || placed.has(e.id) || res.isActorName?.(e.span.text)) continue;
      if (GENERIC_AREA.test(e.span.text)) continue;
      const joined = all.some(
        (t) =>
          t.span.sentence === e.span.sentence &&
          (JOINED.test(text.slice(t.span.end, e.span.start)) ||
            JOINED.test(text.slice(e.span.end, t.span.start))),
      );
      if (!joined) continue;
      if (!wellKnown(g, g.lookup(e.span.text), 20000)) continue;
      const t: Toponym = { span: e.span, entity: e.id, source: 'tagger' };
      placed.add(e.id);
      all.push(t);
      added.push(t);
    }
  }
  return added;
}

/**
 * A town of the story's own state or province the tagger called an organisation or a miscellaneous name
 * ("Buford" in a Georgia story, "Fort Mill" in a South Carolina one): the story's places say which first-level division it is
 * about (a division named outright, or a name all of whose readings lie in it, twice or more), and a name
 * one of whose readings is a town there is that town. Not a word, an actor's name, nor a name followed by
 * another capitalised word (a longer name we do not know). On LGL: 7 more places found for 0 more false
 * ones; with persons' names too, 9 for 7.
 */
function townsOfTheStory(
  text: string,
  entities: readonly EntityMention[],
  found: readonly Toponym[],
  res: DetectResources,
): Toponym[] {
  const g = res.gazetteer;
  const counts = new Map<string, number>();
  for (const t of found) {
    const hits = g.lookup(t.span.text).map((h) => g.places[h]);
    const adm1 = hits.filter((p) => p?.fcode === 'ADM1');
    const areas = new Set(hits.map((p) => (p && p.fcode !== 'PCLI' ? `${p.cc}.${p.admin1}` : '')));
    const key =
      adm1.length === 1 && adm1[0]
        ? `${adm1[0].cc}.${adm1[0].admin1}`
        : areas.size === 1
          ? [...areas][0]
          : '';
    if (key && !key.endsWith('.')) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const home = new Set([...counts].filter(([, n]) => n >= 2).map(([k]) => k));
  if (!home.size) return [];
  const placed = new Set(found.map((t) => t.entity));
  const out: Toponym[] = [];
  for (const e of entities) {
    // A person's name is left to the context readers: "Taylor" and "Hudson" are towns of many states.
    if (e.type === 'LOC' || e.type === 'PER' || placed.has(e.id) || e.tokenEnd - e.tokenStart > 3) continue;
    const surface = e.span.text;
    if (!/^\p{Lu}[\p{Ll}'’-]+(?:\s\p{Lu}[\p{Ll}'’-]+)*$/u.test(surface)) continue;
    if (
      res.isActorName?.(surface) ||
      res.commonWords.has(surface.toLowerCase()) ||
      GENERIC_AREA.test(surface)
    )
      continue;
    if (/^\s*\p{Lu}/u.test(text.slice(e.span.end, e.span.end + 2))) continue;
    const local = g.lookup(surface).some((h) => {
      const p = g.places[h];
      return (
        !!p && (p.fclass === 'P' || p.fclass === 'A') && p.fcode !== 'PCLI' && home.has(`${p.cc}.${p.admin1}`)
      );
    });
    if (local && !overlapsAny([found, out], e.span.start, e.span.end))
      out.push({ span: e.span, entity: e.id, source: 'tagger' });
  }
  return out;
}

/** One sentence as the pattern readers below see it; `taken` says whether a place was found there already. */
interface SentenceScan {
  text: string;
  sentence: number;
  toks: readonly Token[];
  mask: Uint8Array;
  g: PlaceIndex;
  taken: (start: number, end: number) => boolean;
}

const DASH = /^(?:-{1,2}|–|—)$/;

/**
 * A wire dateline opening a sentence: "DANIELSVILLE -", "MOUNT GILEAD (AP) --", "HURRICANE, W.Va. -",
 * "BEIRUT (Reuters) -". The capitals name where the story was filed, so any place the gazetteer knows by that
 * name counts, however small, and so does a state or country after the comma. Their tokens are marked taken.
 */
function datelinePlace(scan: SentenceScan): Toponym[] {
  const { text, sentence, toks, mask, g, taken } = scan;
  let n = 0;
  while (n < toks.length && n < g.maxTokens && /^[A-Z][A-Z.'’-]*[A-Z.]$/.test(toks[n]?.text ?? '')) n++;
  // The tagger often makes an organisation of a small town's dateline ("HARWINTON —", "BANTAM —"): words an
  // entity holds are read too, unless a place was already found there.
  if (n === 0) return [];
  let k = n;
  if (toks[k]?.text === ',') {
    // ", W.Va." / ", Ill." / ", Syria": a short state or country, and its period.
    k += 1;
    while (k < toks.length && k < n + 4 && !DASH.test(toks[k]?.text ?? '') && toks[k]?.text !== '(') k++;
  }
  const stateEnd = k;
  if (toks[k]?.text === '(' && toks[k + 2]?.text === ')') k += 3;
  if (!DASH.test(toks[k]?.text ?? '')) return [];
  const first = toks[0];
  const last = toks[n - 1];
  if (!first || !last) return [];
  const span = (a: Token, b: Token): Toponym => ({
    span: { sentence, start: a.start, end: b.end, text: text.slice(a.start, b.end) },
    entity: null,
    source: 'gazetteer',
  });
  const place = span(first, last);
  if (!g.lookup(place.span.text).length || taken(place.span.start, place.span.end)) return [];
  mask.fill(1, 0, n);
  const out = [place];
  const stateFirst = toks[n + 1];
  const stateLast = toks[stateEnd - 1];
  if (stateEnd > n + 1 && stateFirst && stateLast && !taken(stateFirst.start, stateLast.end)) {
    const state = span(stateFirst, stateLast);
    const broad = g.lookup(state.span.text).some((h) => {
      const code = g.places[h]?.fcode;
      return code === 'ADM1' || code === 'PCLI';
    });
    if (broad) {
      out.push(state);
      mask.fill(1, n + 1, stateEnd);
    }
  }
  return out;
}

/**
 * Places inside one hyphenated word: a legislator's district ("D-Oakland", "R-Berkeley"), "Philadelphia-based",
 * and pairs ("Egypt-US relations", "Athens-Clarke"). The district and the "-based" place may be small; each
 * half of a pair must be well known.
 */
function hyphenatedPlaces(scan: SentenceScan): Toponym[] {
  const { sentence, toks, mask, g, taken } = scan;
  const out: Toponym[] = [];
  const at = (tok: Token, from: number, word: string): Toponym => ({
    span: { sentence, start: tok.start + from, end: tok.start + from + word.length, text: word },
    entity: null,
    source: 'gazetteer',
  });
  const known = (word: string): boolean => wellKnown(g, g.lookup(word), 20000);
  toks.forEach((tok, i) => {
    // The tagger may have made an entity of the word ("Egypt-Israel"); only a place already found there counts.
    if (!tok.text.includes('-') || taken(tok.start, tok.end)) return;
    const party = /^[DRI]-([A-Z][\w.'’]+)$/.exec(tok.text);
    const based = HYPHEN_HEAD.exec(tok.text);
    if (party?.[1]) {
      if (g.lookup(party[1]).length) out.push(at(tok, 2, party[1]));
    } else if (based && isCapitalised(tok.text)) {
      const word = tok.text.slice(0, based.index);
      if (g.lookup(word).length) out.push(at(tok, 0, word));
    } else {
      const parts = /^([A-Z][\w.'’]+)-([A-Z][\w.'’]+)$/.exec(tok.text);
      if (!parts?.[1] || !parts[2] || !known(parts[1]) || !known(parts[2])) return;
      out.push(at(tok, 0, parts[1]), at(tok, parts[1].length + 1, parts[2]));
    }
    mask[i] = 1;
  });
  return out;
}

/** Words before a name that make it a place whatever the tagger called it: "in Alexandria", "near Pineville". */
const LOCATIVES = new Set(['in', 'near', 'outside', 'throughout', 'across', 'around', 'inside']);
/** Motion words before a well-known place's name: "moved to Hama", "fled from Aleppo". */
const MOTION = new Set(['to', 'from', 'into', 'toward', 'towards', 'via']);
const MOTION_VERB =
  /^(?:moved?|moving|fled|flee(?:s|ing)?|returned|returning|went|go(?:es|ing)?|came|com(?:es|ing)|flew|headed|deployed|sent|marched|advanced|withdrew|retreated|arrived|driven|displaced|evacuated|relocated|transferred|travell?ed|traveling|travelling|expelled|deported|escaped)$/;
/** A hyphenated place word after a name makes it a place ("Washington-based", "Atlanta-area"). */
const HYPHEN_HEAD = /-(?:based|area|born|bound|headquartered|raised)$/i;
/** A legislator's party and home town: "Sen. Torrey Westrom, R-Elbow Lake". */
const PARTY = /^(?:R|D|I|DFL)-(?=\p{Lu})/u;

/** Verbs whose object is a place when it is a known one: "shelled Tal Rifaat", "captured Raqqa". */
const ATTACK_VERB =
  /^(?:shelled|struck|bombed|bombarded|hit|attacked|besieged|captured|seized|stormed|raided|entered|liberated|recaptured|overran|surrounded|encircled|evacuated|targeted|pounded|invaded|occupied)$/;
/** Words that open the region's place names (town, hill, monastery, spring, cape, house, village, valley…). */
const GENERIC_OPENING =
  /^(?:kiryat|qiryat|tal|tall|tel|khan|deir|dayr|ras|beit|bayt|bint|kafr|kfar|jabal|jebel|wadi|ain|ein|bir|umm|maarat|ma'arrat|khirbet|jisr|qasr|mazraat|nahr|marj|hai|hay|sheikh|shaykh|abu)\b/i;
/**
 * A town the tagger took for an organisation or a person, known by its context: a locative word before it,
 * ", State" after it ("Pineville, La."), a hyphenated place word ("Northbrook-based") or a party prefix
 * ("R-Elbow Lake"). Any gazetteer town qualifies, since the context, not fame, says it is a place.
 */
function placeByContext(
  text: string,
  e: EntityMention,
  toks: readonly Token[],
  res: DetectResources,
): Span | null {
  const g = res.gazetteer;
  let start = e.span.start;
  let end = e.span.end;
  const party = PARTY.exec(e.span.text);
  const hyphen = HYPHEN_HEAD.exec(e.span.text);
  if (party) start += party[0].length;
  else if (hyphen) end -= hyphen[0].length;
  const surface = text.slice(start, end);
  const hits = surface.trim() ? g.lookup(surface) : [];
  if (!hits.length || res.isActorName?.(surface)) return null;
  if (!party && !hyphen) {
    const before = toks[e.tokenStart - 1]?.text.toLowerCase() ?? '';
    const comma = toks[e.tokenEnd];
    const next = toks[e.tokenEnd + 1];
    const dotted = next && toks[e.tokenEnd + 2]?.text === '.' ? next.end + 1 : (next?.end ?? 0);
    const state =
      comma?.text === ',' &&
      next !== undefined &&
      g.lookup(text.slice(next.start, dotted)).some((i) => {
        const p = g.places[i];
        return p?.fcode === 'ADM1' || p?.fcode === 'PCLI';
      });
    // "moved to Hama", "fled from Aleppo": a motion word is enough for a well-known place.
    const known = wellKnown(g, hits, 100000, false);
    const locative = LOCATIVES.has(before) && (e.type !== 'PER' || before === 'in');
    // A person's name after "to" is common ("spoke to Jackson"): for those the verb must be one of motion.
    const verb = toks[e.tokenStart - 2]?.text.toLowerCase() ?? '';
    const motion = MOTION.has(before) && (e.type !== 'PER' || MOTION_VERB.test(verb));
    // "shelled Tal Rifaat", "raids hit Khan Younis": what is shelled or stormed is a place, if a known one.
    const struck = ATTACK_VERB.test(before);
    // "Kiryat Shmona", "Tal Rifaat", "Deir al-Balah": the region's place names open with a word that says
    // town, hill, monastery or spring, which people's names do not.
    const generic = GENERIC_OPENING.test(surface) && /\s|-/.test(surface.trim());
    if (!state && !locative && !(known && motion) && !((struck || generic) && wellKnown(g, hits, 20000)))
      return null;
  }
  return { sentence: e.span.sentence, start, end, text: surface };
}

function acceptable(
  hits: readonly number[],
  words: readonly string[],
  i: number,
  j: number,
  toks: readonly Token[],
  res: DetectResources,
): boolean {
  if (!wellKnown(res.gazetteer, hits, 20000)) return false;
  const places = hits.map((h) => res.gazetteer.places[h]).filter((p) => p !== undefined);
  // A capitalised word right after the match means a longer name we do not know ("Jordan Valley Bank").
  const next = toks[j]?.text ?? '';
  // A word that makes it a place ("Toledo Mayor Carty Finkbeiner") is no such name.
  if (
    isCapitalised(next) &&
    !/^[A-Z]\.?$/.test(next) &&
    j - i === 1 &&
    next !== 'I' &&
    !PLACE_HEADS.has(next.toLowerCase())
  )
    return false;
  if (words.length === 1) {
    const w = words[0] ?? '';
    const country = places.some((p) => p.fcode === 'PCLI' || p.fcode === 'ADM1');
    if (!country && (res.commonWords.has(w.toLowerCase()) || i === 0)) return false;
    if (w.length < 3) return false;
  }
  return true;
}
