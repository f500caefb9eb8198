import { toResolvedPlace, type PlaceRecord } from './gazetteer-file.js';
import type { PlaceIndex } from './gazetteer.js';
import { distanceKm } from './geo.js';
import { placeKey } from './normalise.js';
import type { ApproximatePlace, PlaceMention, Toponym } from './types.js';

export interface ResolveContext {
  /** ISO alpha-2 → weight of the document's evidence for that country (actors, unambiguous places). */
  countries: ReadonlyMap<string, number>;
  /** `CC.admin1` → share of the document's evidence for that first-level division (states, provinces). */
  admins?: ReadonlyMap<string, number>;
  /**
   * Demonym → ISO alpha-3. Given only when toponyms come from outside (gold spans, corrections) and may be
   * adjectives of nationality ("Russian officials"): the corpora count those as mentions of the country.
   */
  demonym?: (word: string) => string | undefined;
  /** Overrides of the scoring weights, for tuning on the LGL corpus (scripts/tune-places.ts). */
  weights?: Partial<ResolveWeights>;
  /**
   * The article's geography: each evidence country's points (its centroid and capital) and the raw amount
   * of confident evidence. A candidate near the countries the story is about is in its region.
   */
  geography?: {
    points: ReadonlyMap<string, readonly (readonly [number, number])[]>;
    evidence: number;
    /** The country each name gave as evidence by itself (by place key, one unit per mention). */
    byName?: ReadonlyMap<string, string>;
  };
  /**
   * The country (ISO alpha-2) a toponym stands for when the actors stage linked its name to a country that
   * is not the country's own name: "relations between Washington and Moscow" are the two states' (issue 17).
   */
  standsFor?: (t: Toponym) => string | undefined;
  /**
   * True for a toponym that also reads as an ordinary word ("Light", "Mobile", "Reading"). Such a name whose
   * only readings lie outside the story's geography and are places few readers know is that word, and is
   * left out of the places. Given only when toponyms were found in the text, never for gold spans.
   */
  ordinaryWord?: (t: Toponym) => boolean;
}

/** A name opening a paragraph in capitals or before a dash: "BEIRUT:", "ATLANTA —", "CAIRO (AP) -". */
export function isDateline(t: Toponym, text: string): boolean {
  const line = text.lastIndexOf('\n', t.span.start - 1) + 1;
  if (text.slice(line, t.span.start).trim() !== '') return false;
  return (
    (t.span.text === t.span.text.toUpperCase() && /[A-Z]/.test(t.span.text)) ||
    /^\s*(?:,\s*[\w. ]{2,20})?\s*(?:\([A-Za-z ]+\)\s*)?[-—–:]/.test(text.slice(t.span.end, t.span.end + 40))
  );
}

/** Scoring weights, tuned on LGL (never on TR-News). */
export interface ResolveWeights {
  /** Multiplies log10(population)/7. */
  size: number;
  /** For the entry's own name over an alias. */
  exact: number;
  /** Multiplies the document's share of evidence for the candidate's country. */
  country: number;
  /** Per other chosen place within `nearKm` (up to three). */
  near: number;
  nearKm: number;
  /** Per other chosen place in the same first-level division (up to three). */
  sameAdmin: number;
  /** Multiplies the document's share of evidence for the candidate's first-level division. */
  admin: number;
  /** For the most populous of the name's candidates: news names the place most people know by that name. */
  largest: number;
  /**
   * Per other name in the document one of whose likely readings lies within `nearKm` of the candidate (or is
   * the province holding it), weighted by how likely that reading is; up to three names' worth.
   */
  support: number;
  /** Softmax temperature of a name's readings' base scores, for `support`. */
  supportTemp: number;
  /** A chosen town farther than this from the document's middle place may be a stray namesake (0: never)… */
  strayKm: number;
  /** …when it has fewer people than this… */
  strayPopulation: number;
  /** …and the choice was less sure than this. */
  strayConfidence: number;
  /** Multiplies the share of the document's country evidence within `regionKm` of the candidate. */
  region: number;
  regionKm: number;
  /** Taken from a candidate no evidence country lies near, once the story has this much evidence… */
  elsewhereEvidence: number;
  /** …this much. */
  elsewhere: number;
  /**
   * The most a reading far from the story's geography (see `farFromStory`) may be trusted, though it was the
   * name's only candidate: "Cancun" in a story about Ohio is most likely Cancún, but not surely.
   */
  farConfidence: number;
  /** How much of the rest of the story (mentions, actors' countries) must lie elsewhere for that. */
  farEvidence: number;
  /** For the name's reading that is the capital of the country the name stands for ("Washington"). */
  capital: number;
  /** For the most populous town of a dateline's name: agencies file from cities ("WASHINGTON —"). */
  dateline: number;
  /**
   * How much a kind of place is talked about, other things equal (countries and capitals over hamlets), by
   * feature code; `curated` for the features this project added, `other` for codes not listed.
   */
  prior: Record<PriorKey, number>;
}

export const PRIOR_KEYS = [
  'PCLI',
  'ADM1',
  'PPLC',
  'PPLA',
  'ADM2',
  'PPLA2',
  'PPL',
  'PPLA3',
  'PPLX',
  'curated',
  'other',
] as const;
export type PriorKey = (typeof PRIOR_KEYS)[number];

export const DEFAULT_WEIGHTS: ResolveWeights = {
  size: 0.45,
  exact: 0,
  country: 0.5,
  near: 0.05,
  nearKm: 115,
  sameAdmin: 0.6,
  admin: 0.75,
  largest: 0.15,
  support: 1,
  supportTemp: 0.15,
  strayKm: 300,
  strayPopulation: 100000,
  strayConfidence: 0.8,
  region: 0.1,
  regionKm: 2500,
  elsewhereEvidence: 2,
  elsewhere: 0.5,
  farConfidence: 0.5,
  farEvidence: 3,
  dateline: 0.8,
  capital: 5,
  prior: {
    PCLI: 1.65,
    ADM1: 0.45,
    PPLC: 0.3,
    PPLA: 0.2,
    ADM2: 0.3,
    PPLA2: 0.2,
    PPL: 0.1,
    PPLA3: 0.05,
    PPLX: -0.1,
    curated: 1.1,
    other: 0,
  },
};

function priorKey(p: PlaceRecord): PriorKey {
  if (p.id.startsWith('wf:')) return 'curated';
  if (p.fcode === 'PPLA4') return 'PPLA3';
  return (PRIOR_KEYS as readonly string[]).includes(p.fcode) ? (p.fcode as PriorKey) : 'other';
}

const SUFFIX =
  /^(.*?)\s+(province|governorate|region|district|state|county|city|area|countryside|prefecture|oblast|parish)$/i;
const DIRECTION =
  /^(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|upper|lower|greater|downtown|rural|occupied)\s+/i;

interface Candidate {
  index: number;
  place: PlaceRecord;
  /** The name matched the entry's main name, not an alias. */
  exact: boolean;
  base: number;
  score: number;
}

interface Slot {
  toponym: Toponym;
  key: string;
  candidates: Candidate[];
  /** Index into `candidates` of the current choice. */
  best: number;
  /** Set by an enclosing toponym ("Springfield, Ill."): only candidates inside it stay. */
  within: { cc: string; admin1: string | null } | null;
  /** The text names the area holding it ("Lebanon, Pa."): it keeps its own sense. */
  qualified: boolean;
}

/** The kind of place a suffix or a preceding "province of" names: which readings it leaves. */
function wantsKind(kind: string): (p: PlaceRecord) => boolean {
  return (p) =>
    kind === 'city'
      ? p.fclass === 'P'
      : kind === 'county' || kind === 'district' || kind === 'parish'
        ? p.fclass === 'A' && p.fcode !== 'PCLI'
        : kind === 'area' || kind === 'countryside'
          ? true
          : p.fclass === 'A' && p.fcode === 'ADM1';
}

/** "the northern province of Aleppo", "the governorate of Hama", "the city of Homs". */
const KIND_BEFORE =
  /\b(province|governorate|region|state|district|county|city|prefecture|oblast)\s+of\s+(?:the\s+)?$/i;

/**
 * "Becker County", "Barrow and Jackson counties", "Butler, Clark, Hamilton or Warren counties": the name is
 * a county (district, parish) whose entry carries the noun, not the town of the bare name.
 */
const KIND_AFTER =
  /^(?:\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}){0,12}(?:,?\s+(?:and|or|&)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})?,?\s+([Cc]ount(?:y|ies)|[Pp]arish(?:es)?|[Bb]oroughs?|[Dd]istricts?)\b/;

function kindAfter(after: string, before: string): string | undefined {
  const m = KIND_AFTER.exec(after);
  const noun = m?.[1]?.toLowerCase();
  if (!m || !noun) return undefined;
  const direct = /^\s+\S+$/.test(m[0]);
  const plural = /s$/.test(noun);
  // "Springfield, Clark County" is a town in a county, and "Indiana counties" the counties of a state: a
  // singular noun names only the name just before it, a plural one only names in a list.
  if (!plural && !direct) return undefined;
  if (plural && direct && !/(?:,|\b(?:and|or|&))\s*$/.test(before)) return undefined;
  return noun.startsWith('count') || noun.startsWith('borough')
    ? 'county'
    : noun.startsWith('parish')
      ? 'parish'
      : 'district';
}

const NOUN = new Map([
  ['county', ['County', 'Borough']],
  ['parish', ['Parish']],
  ['district', ['District']],
]);

function candidatesFor(g: PlaceIndex, surface: string, ctx: ResolveContext, kind?: string): Candidate[] {
  const make = (indices: number[], filter?: (p: PlaceRecord) => boolean, exactKey?: string): Candidate[] =>
    indices
      .map((index) => ({ index, place: g.places[index] as PlaceRecord }))
      .filter(({ place }) => !filter || filter(place))
      .map(({ index, place }) => ({
        index,
        place,
        exact: placeKey(place.name) === (exactKey ?? placeKey(surface)),
        base: 0,
        score: 0,
      }));
  if (ctx.demonym) {
    // Given as a place, "Canadian" is Canada, not the Texas town of that name.
    const iso3 = ctx.demonym(surface);
    const i = iso3 === undefined ? undefined : g.countryByIso3(iso3);
    if (i !== undefined) return make([i]).map((c) => ({ ...c, exact: true }));
  }
  for (const noun of (kind && NOUN.get(kind)) || []) {
    const named = `${surface} ${noun}`;
    const hits = make(g.lookup(named), (p) => p.fclass === 'A' && p.fcode !== 'PCLI', placeKey(named));
    if (hits.length) return hits.map((c) => ({ ...c, exact: true }));
  }
  const direct = g.lookup(surface);
  if (direct.length && kind) {
    const kept = make(direct, wantsKind(kind));
    if (kept.length) return kept.map((c) => ({ ...c, exact: true }));
  }
  if (direct.length) return make(direct);
  const bare = surface.replace(DIRECTION, '');
  if (bare !== surface) {
    // "East Bank" (West Virginia) is not Bank, a village in India: past a direction word only a place a
    // reader would know by the bare name is meant ("northern Syria", "eastern Aleppo", "downtown Tulsa").
    const hits = make(g.lookup(bare), knownByBareName, placeKey(bare));
    if (hits.length) return hits;
  }
  const m = SUFFIX.exec(bare);
  if (m?.[1]) {
    const want = wantsKind((m[2] ?? '').toLowerCase());
    const hits = g.lookup(m[1]);
    const kept = make(hits, want, placeKey(m[1]));
    if (kept.length) return kept.map((c) => ({ ...c, exact: true }));
    if (hits.length) return make(hits, undefined, placeKey(m[1]));
  }
  return [];
}

/** Kinds of place a direction word may qualify without naming another place: see `candidatesFor`. */
const BARE_CODES = new Set(['PCLI', 'ADM1', 'ADM2', 'PPLC', 'PPLA', 'RGN']);
const knownByBareName = (p: PlaceRecord): boolean =>
  BARE_CODES.has(p.fcode) || p.id.startsWith('wf:') || p.fclass === 'L' || p.population >= 15000;

function baseScore(c: Candidate, ctx: ResolveContext, w: ResolveWeights, largest: number): number {
  const p = c.place;
  const prior = w.prior[priorKey(p)] + (p.population > 0 && p.population === largest ? w.largest : 0);
  const size = Math.min(1, Math.log10(p.population + 1) / 7);
  const country = p.cc ? (ctx.countries.get(p.cc) ?? 0) : 0;
  const admin = p.cc && p.admin1 && p.fcode !== 'ADM1' ? (ctx.admins?.get(`${p.cc}.${p.admin1}`) ?? 0) : 0;
  return (
    prior +
    w.size * size +
    (c.exact ? w.exact : 0) +
    w.country * country +
    w.admin * admin +
    regionScore(p, ctx, w)
  );
}

/**
 * The story's region: "Gaza" among Syria, Iran and Egypt is the Strip, not Mozambique's province, and
 * "Georgia" among Alabama and Florida the state. A candidate gains by the share of the document's country
 * evidence lying within `regionKm` of it, and one that no evidence country lies near loses, once the story
 * says clearly where it is.
 */
function regionScore(p: PlaceRecord, ctx: ResolveContext, w: ResolveWeights): number {
  const geo = ctx.geography;
  if (!geo || !ctx.countries.size) return 0;
  let share = 0;
  for (const [cc, v] of ctx.countries) {
    const near =
      cc === p.cc ||
      (geo.points.get(cc) ?? []).some(([lat, lon]) => distanceKm(p.lat, p.lon, lat, lon) < w.regionKm);
    if (near) share += v;
  }
  if (share > 0) return w.region * share;
  return geo.evidence >= w.elsewhereEvidence ? -w.elsewhere : 0;
}

/**
 * Resolves toponyms to gazetteer entries. Each name's candidates are scored by feature class, population,
 * whether the name is the entry's own or an alias, and the document's country evidence; then, twice over,
 * by agreement with the other places chosen (same province, within a few hundred km). "A, B" pairs
 * ("Springfield, Ill.", "Aleppo, Syria") restrict A to entries inside B. A name keeps one reading through
 * the document, as news writing does.
 */
export function resolveToponyms(
  toponyms: readonly Toponym[],
  gazetteer: PlaceIndex,
  ctx: ResolveContext,
  text: string,
): PlaceMention[] {
  const w: ResolveWeights = {
    ...DEFAULT_WEIGHTS,
    ...ctx.weights,
    prior: { ...DEFAULT_WEIGHTS.prior, ...ctx.weights?.prior },
  };
  const slots: Slot[] = toponyms.map((toponym) => {
    const before = text.slice(Math.max(0, toponym.span.start - 40), toponym.span.start);
    const kind =
      KIND_BEFORE.exec(before)?.[1]?.toLowerCase() ??
      kindAfter(text.slice(toponym.span.end, toponym.span.end + 200), before);
    const candidates = candidatesFor(gazetteer, toponym.span.text, ctx, kind);
    const largest = Math.max(0, ...candidates.map((c) => c.place.population));
    for (const c of candidates) c.base = c.score = baseScore(c, ctx, w, largest);
    yieldToTowns(candidates);
    if (ctx.geography && isDateline(toponym, text)) {
      const towns = candidates.filter((c) => c.place.fclass === 'P');
      const top = Math.max(0, ...towns.map((c) => c.place.population));
      for (const c of towns) if (top > 0 && c.place.population === top) c.base = c.score += w.dateline;
    }
    // "the province of Aleppo" is not pooled with the bare "Aleppo" (the city) of the same story.
    const key = placeKey(toponym.span.text) + (kind ? `#${kind}` : '');
    return { toponym, key, candidates, best: 0, within: null, qualified: false };
  });
  applyContainment(slots, text);
  // One sense per name unless the text qualifies a mention ("Lebanon, Pa." in a story about the country):
  // the qualified one keeps the reading it was given, and does not pull the bare ones to it.
  for (const s of slots) if (s.qualified && s.within) s.key += `@${s.within.cc}.${s.within.admin1 ?? ''}`;
  applyCoordination(slots, text);
  addSupport(slots, w);
  // A capital named for its state is the capital, not a namesake town: Washington, D.C., not Washington,
  // Tyne and Wear, nor the state, in "talks between Washington and Moscow". After the joint evidence, so
  // the capital does not pull the story's other names towards it.
  for (const s of slots) {
    const state = ctx.standsFor?.(s.toponym);
    if (!state) continue;
    for (const c of s.candidates)
      if (c.place.fcode === 'PPLC' && c.place.cc === state) c.base = c.score += w.capital;
  }
  const pick = (): void => {
    // One reading per name: scores of the same name are pooled across the document.
    const pooled = new Map<string, Map<string, number>>();
    for (const s of slots) {
      let m = pooled.get(s.key);
      if (!m) pooled.set(s.key, (m = new Map()));
      for (const c of s.candidates) {
        if (!inside(c, s.within)) continue;
        m.set(c.place.id, (m.get(c.place.id) ?? 0) + c.score + (s.within ? 1 : 0));
      }
    }
    for (const s of slots) {
      const m = pooled.get(s.key);
      let best = -1;
      let bestScore = -Infinity;
      s.candidates.forEach((c, i) => {
        if (!inside(c, s.within)) return;
        const v = m?.get(c.place.id) ?? c.score;
        if (v > bestScore) {
          bestScore = v;
          best = i;
        }
      });
      s.best = best;
    }
  };
  pick();
  for (let round = 0; round < 2; round++) {
    const chosen = slots.map((s) => (s.best >= 0 ? s.candidates[s.best]?.place : undefined));
    for (const s of slots) {
      for (const c of s.candidates) {
        let near = 0;
        let sameAdmin = 0;
        for (let k = 0; k < slots.length; k++) {
          const other = chosen[k];
          const o = slots[k];
          if (!other || !o || o.key === s.key || other.id === c.place.id) continue;
          if (other.fcode === 'PCLI' || c.place.fcode === 'PCLI' || !other.cc) continue;
          if (distanceKm(c.place.lat, c.place.lon, other.lat, other.lon) < w.nearKm) near++;
          if (other.cc === c.place.cc && other.admin1 && other.admin1 === c.place.admin1) sameAdmin++;
        }
        c.score = c.base + w.near * Math.min(near, 3) + w.sameAdmin * Math.min(sameAdmin, 3);
      }
    }
    pick();
  }
  const chosen = slots.map((s) => (s.best >= 0 ? s.candidates[s.best]?.place : undefined));
  const focus = documentFocus(chosen);
  const far = farFromStory(slots, ctx, w);
  const out: PlaceMention[] = [];
  for (const s of slots) {
    let choice = s.best >= 0 ? s.candidates[s.best] : undefined;
    let sure = choice ? confidence(s, choice) : 0.3;
    if (choice && far(s, choice.place)) {
      const known = wellKnownPlace(choice, w);
      // "1,000 Points of Light" in an Atlanta story is the word, not Light, South Australia; "Free tickets"
      // is not the Free State, whose name "Free" only shortens.
      if (ctx.ordinaryWord?.(s.toponym) && (!known || !choice.exact)) continue;
      // "Chesterton" in a Cambridge story is not the Indiana town: a namesake the gazetteer lacks.
      if (!known) choice = undefined;
      else sure = Math.min(sure, w.farConfidence);
    }
    if (choice && focus?.local && isStray(choice.place, sure, focus.place, w)) choice = undefined;
    if (!choice) sure = Math.min(sure, 0.3);
    const mention: PlaceMention = {
      id: `p${out.length + 1}`,
      span: s.toponym.span,
      entity: s.toponym.entity,
      source: s.toponym.source,
      place: choice ? toResolvedPlace(choice.place) : null,
      candidates: s.candidates.length,
      confidence: sure,
    };
    if (!choice && focus) mention.approximate = approximateAt(focus.place);
    out.push(mention);
  }
  return out;
}

/**
 * A reading that may be far from the story and still meant: a country, capital, curated feature, large town,
 * or a province named by its own name. A province reached through a shortened alias ("Berea" for Lesotho's
 * Berea District, "Northland" for New Zealand's Northland Region) is a namesake of something local, and a
 * province's population says little of how well known its name is.
 */
function wellKnownPlace(c: Candidate, w: ResolveWeights): boolean {
  const p = c.place;
  return (
    p.fcode === 'PCLI' ||
    p.fcode === 'PPLC' ||
    p.id.startsWith('wf:') ||
    (p.fcode === 'ADM1' && c.exact) ||
    (p.fclass === 'P' && p.population >= w.strayPopulation)
  );
}

/**
 * Whether a reading lies outside the story's geography (issue 17): the story's other names and its actors'
 * countries place it somewhere, and none of that lies in the reading's country or within `regionKm` of it.
 * The rest of the story must outweigh the name (at least `farEvidence` mentions' worth, and twice the
 * name's own mentions): a story's main place is not overruled by a country named in passing, nor "Light"
 * alone by its own evidence for Australia. Countries and features across borders (oceans, regions) are
 * never far: naming one says where it is.
 */
function farFromStory(
  slots: readonly Slot[],
  ctx: ResolveContext,
  w: ResolveWeights,
): (s: Slot, p: PlaceRecord) => boolean {
  const geo = ctx.geography;
  if (!geo || w.farEvidence <= 0) return () => false;
  const mentions = new Map<string, number>();
  // The names' readings, by name: how often each is named and where its reading lies.
  const readings = new Map<string, { place: PlaceRecord; times: number }>();
  for (const s of slots) {
    const key = placeKey(s.toponym.span.text);
    mentions.set(key, (mentions.get(key) ?? 0) + 1);
    const place = s.best >= 0 ? s.candidates[s.best]?.place : undefined;
    if (!place?.cc) continue;
    const r = readings.get(key);
    if (r) r.times++;
    else readings.set(key, { place, times: 1 });
  }
  // The country evidence the actors give: names already speak through their readings.
  const actors = new Map<string, number>();
  for (const [cc, share] of ctx.countries) actors.set(cc, share * geo.evidence);
  for (const [key, cc] of geo.byName ?? []) actors.set(cc, (actors.get(cc) ?? 0) - (mentions.get(key) ?? 0));
  // A list of thousands of names (a gazetteer pasted as an article) must not make this quadratic.
  const evidence = [...readings].sort((a, b) => b[1].times - a[1].times).slice(0, SUPPORT_NAMES);
  const memo = new Map<string, boolean>();
  return (s, p) => {
    if (!p.cc || p.fcode === 'PCLI') return false;
    const key = placeKey(s.toponym.span.text);
    const memoKey = `${key}\u0000${p.id}`;
    const known = memo.get(memoKey);
    if (known !== undefined) return known;
    const near = (cc: string, lat: number, lon: number): boolean =>
      cc === p.cc || distanceKm(p.lat, p.lon, lat, lon) < w.regionKm;
    let units = 0;
    let far = true;
    for (const [other, r] of evidence) {
      if (other === key) continue;
      units += r.times;
      if (near(r.place.cc, r.place.lat, r.place.lon)) far = false;
      if (!far) break;
    }
    for (const [cc, weight] of far ? actors : []) {
      if (weight <= 1e-9) continue;
      units += weight;
      if (cc === p.cc || (geo.points.get(cc) ?? []).some(([lat, lon]) => near(cc, lat, lon))) far = false;
      if (!far) break;
    }
    const out = far && units >= Math.max(w.farEvidence, 2 * (mentions.get(key) ?? 0));
    memo.set(memoKey, out);
    return out;
  };
}

/**
 * A doubtful small town in another province, far from everything else the story names, is most often a
 * namesake of a place the gazetteer lacks ("Sharon" read as a Pennsylvania town in a story about Israel): it
 * is dropped, and the mention placed approximately like any other unknown name. Tuned on LGL (acc@161
 * 0.870 → 0.878).
 */
function isStray(p: PlaceRecord, sure: number, focus: PlaceRecord, w: ResolveWeights): boolean {
  return (
    w.strayKm > 0 &&
    p.fclass === 'P' &&
    p.population < w.strayPopulation &&
    sure < w.strayConfidence &&
    (p.cc !== focus.cc || p.admin1 !== focus.admin1) &&
    distanceKm(p.lat, p.lon, focus.lat, focus.lon) > w.strayKm
  );
}

/**
 * "Aleppo" names both the city and, by a shortened alias, its governorate; news means the city unless it
 * says "province". An area matched only by such an alias yields to a same-named town inside it, and one
 * matched by its own name to a same-named seat.
 */
function yieldToTowns(candidates: Candidate[]): void {
  for (const area of candidates) {
    if (area.place.fclass !== 'A' || area.place.fcode === 'PCLI') continue;
    // A large town counts though its own name is spelt otherwise ("Hama" for the city "Ḩamāh"). A province
    // under its own name yields only to its seat ("Doha", "Sanaa", "Tehran" are the cities; "New York",
    // whose largest city is not the state's seat, stays the state).
    const town = candidates.some(
      (c) =>
        (c.exact || c.place.population >= 50000) &&
        c.place.fclass === 'P' &&
        c.place.cc === area.place.cc &&
        // A capital is often its own division beside the province named after it ("Sanaa").
        (c.place.admin1 === area.place.admin1 ||
          (c.place.fcode === 'PPLC' &&
            distanceKm(c.place.lat, c.place.lon, area.place.lat, area.place.lon) < 100)) &&
        (!area.exact ||
          ((c.place.fcode === 'PPLC' || c.place.fcode === 'PPLA') && c.place.population >= 50000)),
    );
    if (town) area.base = area.score = area.base - 0.5;
  }
}

/** The readings of a name worth considering: the best few by base score, with softmax weights. */
const SUPPORT_TOP = 12;
/** At most this many names give joint evidence (news articles name a few dozen places). */
const SUPPORT_NAMES = 200;

/**
 * Joint evidence: "Paris" and "Henry County" in one story are the Tennessee pair, though neither is the
 * likeliest reading of its name alone. Each candidate gains from the other names that have a likely reading
 * near it, before any choice is made, so the pair can win together where choosing one name at a time
 * would keep the two largest.
 */
function addSupport(slots: Slot[], w: ResolveWeights): void {
  if (!w.support) return;
  const readings = new Map<string, { place: PlaceRecord; p: number }[]>();
  // A list of thousands of places (a gazetteer pasted as an article) would make this quadratic in names:
  // only the most often named give evidence.
  const times = new Map<string, number>();
  for (const s of slots) times.set(s.key, (times.get(s.key) ?? 0) + 1);
  const givers = new Set(
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, SUPPORT_NAMES)
      .map(([key]) => key),
  );
  for (const s of slots) {
    if (readings.has(s.key) || !s.candidates.length || !givers.has(s.key)) continue;
    const top = [...s.candidates]
      .filter((c) => c.place.fcode !== 'PCLI' && inside(c, s.within))
      .sort((a, b) => b.base - a.base)
      .slice(0, SUPPORT_TOP);
    const max = top[0]?.base ?? 0;
    const e = top.map((c) => Math.exp((c.base - max) / w.supportTemp));
    const z = e.reduce((a, b) => a + b, 0);
    readings.set(
      s.key,
      // Readings with under 1% of the name's weight cannot add anything that shows.
      top.map((c, i) => ({ place: c.place, p: (e[i] ?? 0) / z })).filter((r) => r.p >= 0.01),
    );
  }
  const done = new Map<string, Map<string, number>>();
  for (const s of slots) {
    let memo = done.get(s.key);
    if (!memo) done.set(s.key, (memo = new Map()));
    for (const c of s.candidates) {
      let v = memo.get(c.place.id);
      if (v === undefined) {
        v = 0;
        if (c.place.fcode !== 'PCLI') {
          for (const [key, rs] of readings) {
            if (key === s.key) continue;
            let best = 0;
            for (const r of rs) {
              if (r.p <= best || r.place.id === c.place.id) continue;
              // A province supports the towns inside it and is supported by them; a province's centroid
              // being near a town says nothing.
              const sameAdmin =
                r.place.cc === c.place.cc && r.place.admin1 !== '' && r.place.admin1 === c.place.admin1;
              const related =
                r.place.fcode === 'ADM1' || c.place.fcode === 'ADM1'
                  ? sameAdmin
                  : Math.abs(c.place.lat - r.place.lat) * 111.2 < w.nearKm &&
                    distanceKm(c.place.lat, c.place.lon, r.place.lat, r.place.lon) < w.nearKm;
              if (related) best = r.p;
            }
            v += best;
          }
        }
        memo.set(c.place.id, v);
      }
      c.base += w.support * Math.min(v, 3);
      c.score = c.base;
    }
  }
}

function inside(c: Candidate, within: Slot['within']): boolean {
  if (!within) return true;
  return c.place.cc === within.cc && (within.admin1 === null || c.place.admin1 === within.admin1);
}

/** "A, B" with B a province or country that contains one of A's candidates. */
function applyContainment(slots: Slot[], text: string): void {
  for (let i = 0; i + 1 < slots.length; i++) {
    const a = slots[i] as Slot;
    const b = slots[i + 1] as Slot;
    const between = text.slice(a.toponym.span.end, b.toponym.span.start);
    if (!/^\s*,\s*$/.test(between) && !/^\s+in\s+$/.test(between)) continue;
    let best: { cc: string; admin1: string | null } | null = null;
    let bestScore = -Infinity;
    for (const outer of b.candidates) {
      const p = outer.place;
      if (p.fcode !== 'PCLI' && p.fcode !== 'ADM1') continue;
      const area = { cc: p.cc, admin1: p.fcode === 'ADM1' ? p.admin1 : null };
      if (!a.candidates.some((c) => c.place.id !== p.id && inside(c, area))) continue;
      if (outer.score > bestScore) {
        bestScore = outer.score;
        best = area;
      }
    }
    if (!best) continue;
    a.within = best;
    a.qualified = true;
    // The container is now known: keep B on the entry that matched.
    const area = best;
    b.within = { cc: area.cc, admin1: null };
    for (const c of b.candidates) {
      const p = c.place;
      if (p.cc === area.cc && (p.fcode === 'PCLI' || p.admin1 === area.admin1)) c.base = c.score += 1;
    }
  }
}

/**
 * Names joined by "and", "or" or a comma are most often places of one kind: in "talks between Israel and
 * Lebanon" Lebanon is the country, whatever a US state elsewhere in the story says for Lebanon, Pa. A name
 * next to one that can only be a country gets its country reading raised by what a containing "A, B" pair
 * gets.
 */
function applyCoordination(slots: Slot[], text: string): void {
  const onlyCountry = (s: Slot): boolean =>
    s.candidates.length > 0 && s.candidates.every((c) => c.place.fcode === 'PCLI');
  for (let i = 0; i + 1 < slots.length; i++) {
    const pair = [slots[i] as Slot, slots[i + 1] as Slot] as const;
    const between = text.slice(pair[0].toponym.span.end, pair[1].toponym.span.start);
    if (!/^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$/.test(between)) continue;
    for (const [a, b] of [pair, [pair[1], pair[0]] as const]) {
      if (!onlyCountry(b) || onlyCountry(a)) continue;
      for (const c of a.candidates) if (c.place.fcode === 'PCLI') c.base = c.score += 1;
    }
  }
}

/** Areas too large to say where in them a document's unknown place lies. */
const BROAD = new Set(['PCLI', 'ADM1', 'CONT', 'RGN', 'ZN', 'OCN', 'SEA']);

/**
 * The middle of the document's places: the chosen place nearest (distances capped at 500 km, so one far
 * mention does not drag it) to all the others, counted once per mention. A place the gazetteer lacks is
 * most often a village or a street of the story's own area: on LGL, the tuning set, this point lies within
 * 161 km of 212 of the 335 gold places with no gazetteer entry. A document that names only countries gets
 * the one it names most.
 */
function documentFocus(
  chosen: readonly (PlaceRecord | undefined)[],
): { place: PlaceRecord; local: boolean } | undefined {
  const local = chosen.filter((p): p is PlaceRecord => !!p && !BROAD.has(p.fcode) && p.fclass !== 'L');
  let best: PlaceRecord | undefined;
  let bestSum = Infinity;
  const seen = new Set<string>();
  for (const a of local) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    let sum = 0;
    for (const b of local) sum += Math.min(500, distanceKm(a.lat, a.lon, b.lat, b.lon));
    if (sum < bestSum) {
      bestSum = sum;
      best = a;
    }
  }
  if (best) return { place: best, local: true };
  // With no town or district to go by, the country the document names most: "most likely in Syria".
  const counts = new Map<PlaceRecord, number>();
  for (const p of chosen) if (p?.fcode === 'PCLI') counts.set(p, (counts.get(p) ?? 0) + 1);
  const country = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return country ? { place: country, local: false } : undefined;
}

const approximateAt = (p: PlaceRecord): ApproximatePlace => ({
  lat: p.lat,
  lon: p.lon,
  nearId: p.id,
  nearName: p.name,
  country: p.cc || null,
  admin1: p.admin1 || null,
});

function confidence(s: Slot, choice: Candidate): number {
  const scores = s.candidates.filter((c) => inside(c, s.within)).map((c) => c.score);
  if (scores.length <= 1) return 0.95;
  const max = Math.max(...scores);
  const z = scores.reduce((sum, v) => sum + Math.exp(3 * (v - max)), 0);
  const p = Math.exp(3 * (choice.score - max)) / z;
  return Math.round(Math.min(0.95, Math.max(0.05, p)) * 1000) / 1000;
}
