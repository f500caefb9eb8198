import type { ActorMention, AnalysisActor, EntityMention, Sentence, Token } from '../types.js';
import { detectToponyms, type DetectResources } from './detect.js';
import type { PlaceGazetteer, PlaceIndex } from './gazetteer.js';
import { resolveToponyms, type ResolveContext, type ResolveWeights } from './resolve.js';
import type { PlaceMention, Toponym } from './types.js';
import type { PlaceRecord } from './gazetteer-file.js';
import { defineStage, type StageFactory } from '../stage.js';
import { arabicScriptToponyms, isGuardedArabicName } from '../language/places.js';
import type { ActorDictionary } from '../actors/dictionary.js';
import { aliasKey } from '../actors/normalise.js';
import { placeKey } from './normalise.js';
import { isHijriMonth } from './not-places.js';

export interface GeoparseInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  entities: readonly EntityMention[];
  actors: readonly AnalysisActor[];
  actorMentions: readonly ActorMention[];
}

export type GeoparseResources = Omit<DetectResources, 'gazetteer'> & { gazetteer: PlaceGazetteer };

/**
 * The document's country evidence: actors (weighted by how often they are mentioned) and names only one
 * country has. Shares, not counts, so a long article does not drown the other priors.
 */
export function countryContext(
  toponyms: readonly Toponym[],
  actors: readonly AnalysisActor[],
  gazetteer: PlaceIndex,
): Map<string, number> {
  const raw = new Map<string, number>();
  const byName = new Map<string, string>();
  const add = (cc: string, w: number): void => {
    raw.set(cc, (raw.get(cc) ?? 0) + w);
  };
  for (const a of actors) {
    if (!a.country) continue;
    const i = gazetteer.countryByIso3(a.country);
    const cc = i === undefined ? undefined : gazetteer.places[i]?.cc;
    if (cc) add(cc, Math.max(1, a.mentions.length) * (a.kind === 'country' ? 1 : 0.5));
  }
  for (const t of toponyms) {
    const hits = gazetteer.lookup(t.span.text).map((i) => gazetteer.places[i]);
    const ccs = new Set(hits.map((p) => p?.cc ?? ''));
    if (ccs.size === 1) {
      const [cc] = ccs;
      if (cc) {
        add(cc, 1);
        byName.set(placeKey(t.span.text), cc);
      }
    }
  }
  const total = [...raw.values()].reduce((s, v) => s + v, 0);
  const out = new Map<string, number>();
  for (const [cc, v] of raw) out.set(cc, v / total);
  evidenceOf.set(out, { total, byName });
  return out;
}

/**
 * The raw amount of evidence behind a `countryContext` map (its values are shares), and the country each
 * name gave as evidence by itself (by place key, one unit per mention): a name must not vouch for itself.
 */
const evidenceOf = new WeakMap<Map<string, number>, { total: number; byName: ReadonlyMap<string, string> }>();

/** Each country's centroid and capital, by ISO code, built once per gazetteer. */
const countryPoints = new WeakMap<readonly PlaceRecord[], Map<string, Array<readonly [number, number]>>>();

function pointsOf(g: PlaceIndex): Map<string, Array<readonly [number, number]>> {
  let m = countryPoints.get(g.places);
  if (m) return m;
  m = new Map();
  for (const p of g.places) {
    if (!p.cc || (p.fcode !== 'PCLI' && p.fcode !== 'PPLC')) continue;
    const list = m.get(p.cc) ?? [];
    list.push([p.lat, p.lon]);
    m.set(p.cc, list);
  }
  countryPoints.set(g.places, m);
  return m;
}

/**
 * The document's evidence for first-level divisions: states and provinces it names outright, and places all
 * of whose readings lie in one division. "Paris" in an article that says "Tenn." twice is Paris, Tennessee.
 */
export function adminContext(toponyms: readonly Toponym[], gazetteer: PlaceIndex): Map<string, number> {
  const raw = new Map<string, number>();
  for (const t of toponyms) {
    const hits = gazetteer.lookup(t.span.text).map((i) => gazetteer.places[i]);
    const admins = new Set<string>();
    // A reading with no division (a curated feature, an airport) keeps the name from pointing at one.
    for (const p of hits) if (p && p.fcode !== 'PCLI') admins.add(`${p.cc}.${p.admin1}`);
    const adm1 = hits.filter((p) => p?.fcode === 'ADM1');
    if (adm1.length === 1 && adm1[0])
      raw.set(`${adm1[0].cc}.${adm1[0].admin1}`, (raw.get(`${adm1[0].cc}.${adm1[0].admin1}`) ?? 0) + 1);
    else if (admins.size === 1) {
      const [a] = admins;
      if (a) raw.set(a, (raw.get(a) ?? 0) + 1);
    }
  }
  const total = [...raw.values()].reduce((s, v) => s + v, 0);
  const out = new Map<string, number>();
  for (const [k, v] of raw) out.set(k, v / total);
  return out;
}

/**
 * For a toponym the actors stage linked by name to a country actor, that country's ISO alpha-2 code, when
 * the name is not the country's own (no reading of it is a country): "Washington" for the United States.
 */
function countryNamed(
  actors: readonly AnalysisActor[],
  mentions: readonly ActorMention[],
  gazetteer: PlaceIndex,
): (t: Toponym) => string | undefined {
  const byId = new Map(actors.map((a) => [a.id, a]));
  // The names each country actor is mentioned by: "Paris" in a Tennessee story is linked to France, but
  // nothing else there names France; a story about the United States also says "U.S." or "American".
  const names = new Map<string, Set<string>>();
  for (const m of mentions) {
    const set = names.get(m.actor) ?? new Set<string>();
    set.add(placeKey(m.span.text));
    names.set(m.actor, set);
  }
  const at = new Map<string, string>();
  for (const m of mentions) {
    const a = byId.get(m.actor);
    if (a?.kind !== 'country' || !a.country || (m.via !== 'name' && m.via !== 'metonym')) continue;
    if ((names.get(m.actor)?.size ?? 0) < 2) continue;
    const i = gazetteer.countryByIso3(a.country);
    const cc = i === undefined ? undefined : gazetteer.places[i]?.cc;
    if (cc) at.set(`${m.span.start}:${m.span.end}`, cc);
  }
  return (t) => {
    const cc = at.get(`${t.span.start}:${t.span.end}`);
    if (!cc || gazetteer.lookup(t.span.text).some((i) => gazetteer.places[i]?.fcode === 'PCLI'))
      return undefined;
    return cc;
  };
}

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/** Toponyms found and resolved: the places stage. */
export function geoparse(input: GeoparseInput, res: GeoparseResources): PlaceMention[] {
  const gazetteer = res.gazetteer.forDocument();
  // The English gazetteer scan takes Arabic letters for capitals, so it would find "دوشنبه" (Monday) as
  // Dushanbe and, having taken the span, stop the Arabic-script scan's own weekday and place-noun rules from
  // deciding. Names those rules guard are that scan's to find.
  const toponyms = detectToponyms(input, { ...res, gazetteer }).filter(
    (t) => t.source !== 'gazetteer' || !ARABIC_SCRIPT.test(t.span.text) || !isGuardedArabicName(t.span.text),
  );
  // Arabic and Persian names (issue 20), in text order among the others.
  const arabic = arabicScriptToponyms(input, res.gazetteer, toponyms);
  if (arabic.length > 0) {
    toponyms.push(...arabic);
    toponyms.sort((a, b) => a.span.start - b.span.start);
  }
  // "ذو الحجة" is a Hijri month, not Hajjah in Yemen: whichever scan found its second word (issue 17).
  const kept = toponyms.filter((t) => !isHijriMonth(t, input.text));
  return resolveIn(kept, input, gazetteer, {
    context: true,
    ordinaryWord: ordinaryWord(input.text, res.commonWords),
  });
}

/** Words before a name that make it a place, whatever else the word means: "in Reading", "to Nice". */
const PLACE_BEFORE = /\b(?:in|near|at|from|to|into|outside|around|across|via|toward|towards|throughout)\s+$/i;

/**
 * Whether a toponym found in the text may be an ordinary word: one word whose lower-case form is a common
 * English word, not after a word that makes it a place. Whether it is the word is the resolver's to say
 * (only when its readings are far from the story and little known).
 */
function ordinaryWord(text: string, commonWords: ReadonlySet<string>): (t: Toponym) => boolean {
  return (t) =>
    /^\p{Lu}[\p{Ll}'’-]+$/u.test(t.span.text) &&
    commonWords.has(t.span.text.toLowerCase()) &&
    !PLACE_BEFORE.test(text.slice(Math.max(0, t.span.start - 12), t.span.start));
}

/** Resolution alone, for toponyms given from outside (gold spans in the evaluation, analysts' corrections). */
export function resolveGiven(
  toponyms: readonly Toponym[],
  input: Pick<GeoparseInput, 'text' | 'actors'> & Partial<Pick<GeoparseInput, 'actorMentions'>>,
  gazetteer: PlaceIndex,
  demonym?: (word: string) => string | undefined,
  weights?: Partial<ResolveWeights>,
  /** False resolves each name without the article's geography (countries, divisions, region): for `contextGain`. */
  context = true,
): PlaceMention[] {
  return resolveIn(toponyms, input, gazetteer, {
    context,
    ...(demonym ? { demonym } : {}),
    ...(weights ? { weights } : {}),
  });
}

function resolveIn(
  toponyms: readonly Toponym[],
  input: Pick<GeoparseInput, 'text' | 'actors'> & Partial<Pick<GeoparseInput, 'actorMentions'>>,
  gazetteer: PlaceIndex,
  opts: { context: boolean } & Pick<ResolveContext, 'demonym' | 'weights' | 'ordinaryWord'>,
): PlaceMention[] {
  const { context, demonym, weights, ordinaryWord } = opts;
  const countries = context ? countryContext(toponyms, input.actors, gazetteer) : new Map();
  return resolveToponyms(
    toponyms,
    gazetteer,
    {
      countries,
      admins: context ? adminContext(toponyms, gazetteer) : new Map(),
      ...(context
        ? {
            geography: {
              points: pointsOf(gazetteer),
              evidence: evidenceOf.get(countries)?.total ?? 0,
              byName: evidenceOf.get(countries)?.byName ?? new Map<string, string>(),
            },
          }
        : {}),
      ...(context && input.actorMentions
        ? { standsFor: countryNamed(input.actors, input.actorMentions, gazetteer) }
        : {}),
      ...(demonym ? { demonym } : {}),
      ...(weights ? { weights } : {}),
      ...(ordinaryWord ? { ordinaryWord } : {}),
    },
    input.text,
  );
}

/**
 * The surnames of the dictionary's people with a full name ("Barack Obama" → "obama"), as `aliasKey`s, built
 * once per dictionary. Only the last word of the person's own name: aliases include places some officials
 * are named after.
 */
function personSurnames(actors: ActorDictionary): (word: string) => boolean {
  const keys = new Set<string>();
  for (const key of actors.aliasKeys()) {
    if (key.includes(' ')) continue;
    const found = actors.lookupKey(key);
    if (found.some((a) => a.kind === 'country')) continue;
    if (
      found.some(
        (a) => a.kind === 'person' && /\s/.test(a.name.trim()) && aliasKey(a.name).split(' ').pop() === key,
      )
    )
      keys.add(key);
  }
  return (word) => keys.has(aliasKey(word));
}

export const placeStage: StageFactory = (resources) => {
  const isPersonSurname = personSurnames(resources.actors);
  return defineStage({
    name: 'places',
    version: `geo-14+gaz-${resources.placesVersion}`,
    reads: ['sentences', 'tokens', 'entities', 'actors', 'actorMentions'],
    writes: ['places'],
    run: (input) => ({
      places: geoparse(input, {
        gazetteer: resources.places,
        commonWords: resources.entity.commonWords ?? new Set(),
        isPersonSurname,
        isDemonym: (word) => resources.actors.countryByDemonym(word) !== undefined,
      }),
    }),
  });
};
