import type { ActorMention, AnalysisActor, PlaceMention, Quote, Sentence, TimeRef, Token } from '../types.js';
import type { Codebook, CodedType } from './codebook.js';
import type { EventDictionary, PatternHit, VerbHit } from './dictionary.js';
import type { CodedEvent } from './types.js';
import {
  predicates,
  repairGerunds,
  repairParticipleConjuncts,
  repairReducedRelatives,
  SPEECH_VERBS,
  Tree,
  type DependencyTree,
  type Predicate,
} from './clauses.js';
import { defineStage, type StageFactory } from '../stage.js';
import { codedFields, eventWhen } from './event-fields.js';

export interface EventInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  /** The dependency parse of each sentence (by sentence index), aligned with its tokens; null when unparsed. */
  syntax: readonly (DependencyTree | null | undefined)[];
  actors: readonly AnalysisActor[];
  actorMentions: readonly ActorMention[];
  places: readonly PlaceMention[];
  dates: readonly TimeRef[];
  quotes: readonly Quote[];
  publishedAt: string | null;
}

export interface EventResources {
  dictionary: EventDictionary;
  codebook: Codebook;
}

/**
 * Dictionary sections whose subject suffers rather than acts ("died", "perished"): PETRARCH codes them from
 * a word pattern around them, which without its parse made every death an ASSAULT.
 */
const PATIENT_SECTIONS = new Set(['DIE']);
/** Verbs that only frame the act in their xcomp ("tried to blow up", "plans to strengthen"). */
const FRAME_VERBS = new Set(
  [
    'try tries tried trying attempt attempts attempted attempting continue continues continued continuing',
    'begin begins began begun start starts started plan plans planned planning intend intends intended',
    'aim aims aimed seek seeks sought vow vows vowed pledge pledges pledged promise promises promised',
    'want wants wanted hope hopes hoped plot plots plotted expect expects',
    'expected prepare prepares prepared decide decides decided going deny denies denied',
    'denying fail fails failed admit admits admitted',
  ]
    .join(' ')
    .split(' '),
);
/**
 * Verbs of refusal: "is refusing to lift the curfew on Palestinians", "declined to resign". The refusal is
 * the act (REJECT, CAMEO 12), aimed at whom the refused act would have reached; the refused act itself did
 * not happen and is not coded (unlike a denial, "denied sending forces", which is the act negated).
 */
const REFUSING = new Set(
  'refuse refuses refused refusing decline declines declined declining reject rejects rejected rejecting'.split(
    ' ',
  ),
);
/**
 * Frame verbs that are never an act of their own, whatever the dictionary says (CAMEO files "plan" and
 * "intend" under 030, intent to cooperate): planning, trying, wanting or starting something is not yet doing
 * it, and says nothing of cooperation. Their xcomp is coded, with the intention flag; without one, nothing
 * ("Ottawa planned to put forward an idea" is no AGREE). Unlike "promise", "vow" or "refuse", which are
 * statements made to someone and stay codable when their xcomp is not. A pattern of the verb's own still
 * codes it: "began a hunger strike" is the strike (PROTEST), carried by the verb.
 */
const BARE_FRAMES = new Set(
  [
    'try tries tried trying attempt attempts attempted attempting continue continues continued continuing',
    'begin begins began begun start starts started plan plans planned planning intend intends intended',
    'intending aim aims aimed aiming want wants wanted wanting hope hopes hoped hoping expect expects',
    'expected expecting prepare prepares prepared preparing decide decides decided deciding going',
    'need needs needed needing',
  ]
    .join(' ')
    .split(' '),
);
/**
 * Light verbs, whose sense is their object's: "gave a warm welcome", "has taken steps", "made a proposal".
 * The dictionary files them under one sense each (give → 060 cooperate, take → 171 seize), wrong for most of
 * their uses; they are coded only where a pattern of theirs names the object. Likewise the polysemous verbs
 * listed last.
 */
const LIGHT_VERBS = new Set(
  [
    'give gives gave given giving take takes took taken taking make makes made making have has had having',
    'get gets got gotten getting put puts putting keep keeps kept keeping set sets setting bring brings',
    'brought bringing do does did done doing',
    // Verbs whose dictionary default is a rare sense of theirs: "broke the mould", "broke with" (destroy,
    // 190); "the court ruled that" (manage, 060); "means new hope" (intend, 030); "celebrated Mardi Gras"
    // (acclaim, 051); "increasing awareness" (boost, 060). Their political senses have patterns.
    'break breaks broke broken breaking rule rules ruled ruling mean means meant meaning celebrate',
    'celebrates celebrated celebrating increase increases increased increasing',
  ]
    .join(' ')
    .split(' '),
);
/** Subject pronouns that may stand for a speaker: "X said they would…". */
const PERSONAL = new Set(['he', 'she', 'they', 'we', 'it', 'i']);
/** First-person pronouns: inside a quote they are the speaker. */
const FIRST_PERSON = new Set(['we', 'us', 'our', 'i', 'me', 'my', 'ours']);
/**
 * News agencies, broadcasters and bylines: they report, they do not act in what they report. Matched on the
 * actor's name or the mention's words.
 */
const AGENCY =
  /\b(?:reuters|associated press|agence france|afp|ap|rns|anadolu|irna|isna|tasnim|fars|mehr|sana|xinhua|tass|ria|interfax|sputnik|al jazeera|al arabiya|bbc|cnn|upi|dpa|efe|ansa|kyodo|yonhap|news agency|press agency|state (?:television|tv|media|news agency)|broadcaster|newspaper)\b/i;
/** "LONDON (Reuters) -", "BEIRUT, Lebanon (AP) —", "WASHINGTON (RNS)": a wire dateline at a sentence's start. */
const DATELINE =
  /^\s*[\p{Lu}][\p{Lu}\p{M} .,'’-]*(?:,\s*[\p{L} .]+)?\s*(?:\([^)]{1,40}\)\s*)?(?:[-—–]+|(?=\s))/u;
/**
 * Nouns of state agents and of groups that act politically (protesters, strikers, prisoners), on which a
 * nationality adjective names the actor ("Iranian forces", "Palestinian youths"); not "Canadian athletes".
 */
const STATE_AGENTS = new Set(
  [
    'forces force troops soldiers army armies navy military police policemen officers officials official',
    'authorities government governments ministry minister ministers diplomats diplomat negotiators envoy',
    'leader leaders president delegation jets warplanes aircraft planes helicopters drones',
    'tanks artillery ships warships militants rebels fighters guerrillas guerillas militia militias',
    'intelligence agents guards security regime administration parliament lawmakers prosecutors court',
    'students protesters protestors demonstrators workers farmers youths activists prisoners landowners',
    'opposition dissidents refugees separatists insurgents extremists nationalists side sides factions',
  ]
    .join(' ')
    .split(' '),
);
/**
 * Nouns of people who suffer an act: as its target, a nationality adjective on them names the state whose
 * people were struck, as PLOVER codes them ("beat up Palestinian detainees" → PSE, "kidnapped Russian
 * advisers" → RUS). Not as a source: "Canadian tourists" do nothing on a state's behalf.
 */
const PEOPLE = new Set(
  [
    'people persons civilians civilian residents villagers citizens nationals detainees detainee hostages',
    'advisers advisors pilgrims immigrants migrants tourists journalists passengers fishermen children',
    'women men families worshippers settlers',
  ]
    .join(' ')
    .split(' '),
);
/**
 * Nouns of what an actor holds or sends (positions, bases, convoys): a nationality or group adjective on them
 * names the actor struck ("Kurdish militant positions", "Syrian army bases").
 */
const HOLDINGS = new Set(
  [
    'position positions base bases camp camps hideout hideouts outpost outposts stronghold strongholds',
    'convoy convoys facility facilities installation installations headquarters targets vessel vessels',
  ]
    .join(' ')
    .split(' '),
);
/** Prepositions whose phrase inside an actor's noun phrase names a partner or a target, not the actor. */
const PARTNER_CASES = new Set(
  'with against on upon to toward towards at over for between after before since about into than like without despite'.split(
    ' ',
  ),
);
/**
 * Relations along which an argument's phrase is searched for its actor, nearest first. At one depth, the
 * head's own modifiers (names, possessor, nationality adjective) come before its prepositional phrases: in
 * "Russian aircraft with precision weapons in Syria" the aircraft are Russia's, Syria is where they struck.
 */
const PHRASE_RELS = ['flat', 'compound', 'appos', 'nmod:poss', 'amod', 'nmod', 'obl', 'nummod', 'det'];

/** CAMEO codes of the event nouns (clauses.ts EVENT_NOUNS) when their own phrase names who acts. */
const NOUN_CODES = new Map<string, string>(
  Object.entries({
    attack: '190',
    attacks: '190',
    assault: '190',
    offensive: '190',
    raid: '190',
    raids: '190',
    targeting: '190',
    strike: '195',
    strikes: '195',
    airstrike: '195',
    airstrikes: '195',
    'air-strike': '195',
    bombing: '195',
    bombings: '195',
    shelling: '194',
    invasion: '192',
    meeting: '040',
    meetings: '040',
    talks: '040',
    visit: '042',
    sanctions: '163',
    arrest: '173',
    arrests: '173',
    crackdown: '175',
  }),
);
/** Types of acts two parties do together: with no other target, the first-named party acts on the rest. */
const MUTUAL = new Set(['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE']);

interface Trigger {
  verb: VerbHit;
  pattern: PatternHit | null;
  cameo: string;
  code: CodedType;
}

/**
 * Codes the political events of each parsed sentence. The parse gives each predicate (a verb, or an event
 * noun whose phrase names who acts) its subject, object and the clauses that report, deny or plan it
 * (clauses.ts); the CAMEO dictionary gives the verb's code, refined by the word patterns of its own clause;
 * the arguments' phrases give the actors. An event needs an actor who acts, at least one actor with a code
 * (a state, an organisation, an armed group: crime and accidents among private persons are no PLOVER
 * events), and never takes a dateline, a news agency or a speaker for an actor of the reported act.
 */
export function codeEvents(input: EventInput, res: EventResources): CodedEvent[] {
  const { text, sentences, tokens, syntax, actors, actorMentions, places, dates, quotes, publishedAt } =
    input;
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const out: CodedEvent[] = [];
  /** Events whose only target is the state they happened in (PLACE_TARGETED), not one the verb names. */
  const placeOnly = new Set<CodedEvent>();
  const allWords = tokens.map((toks) => toks.map((t) => t.text.toLowerCase().replace(/’/g, "'")));
  for (const s of sentences) {
    const parsed = syntax[s.index];
    const toks = tokens[s.index] ?? [];
    if (!parsed || parsed.heads.length !== toks.length || toks.length < 3) continue;
    const mentions = actorMentions.filter((m) => m.span.sentence === s.index);
    if (!mentions.length) continue;
    const words = allWords[s.index] ?? [];
    const tree = repairReducedRelatives(
      repairParticipleConjuncts(repairGerunds(parsed, words), words),
      words,
    );
    const t = new Tree(tree, words);
    const dateline = s.start + datelineLength(s.text);
    const mentionAt = toks.map((tok) => {
      const over = mentions.filter((m) => m.span.start < tok.end && m.span.end > tok.start);
      return over.sort((a, b) => b.span.end - b.span.start - (a.span.end - a.span.start))[0] ?? null;
    });
    const speakerAt = toks.map(
      (tok) =>
        quotes.find((q) => q.speaker && tok.start >= q.span.start && tok.end <= q.span.end)?.speaker ?? null,
    );
    const agency = (m: ActorMention): boolean =>
      AGENCY.test(m.span.text) || AGENCY.test(actorById.get(m.actor)?.name ?? '');
    /** The actor an argument's phrase names: its head's, else the nearest one inside it. */
    const actorOf = (a: number, role: 'source' | 'target' | 'reporter'): string | null => {
      if (FIRST_PERSON.has(t.word(a)) && role !== 'reporter' && speakerAt[a]) return speakerAt[a] ?? null;
      let level = [a];
      let first: string | null = null;
      for (let depth = 0; depth < 4 && level.length; depth++) {
        // Of the names at one depth, one with a political code first: in "Qatar's emir, Sheikh Hamad" the
        // emir's title and his state name the same actor, and only the state's code places him. A name
        // without one yields to a coded name deeper in its phrase: "King Hassan of Morocco" acts for Morocco.
        for (const x of level) {
          const m = mentionAt[x];
          if (!m || m.span.end <= dateline) continue;
          if (role === 'target' && agency(m)) continue;
          if (political(actorById.get(m.actor))) return m.actor;
          first ??= m.actor;
        }
        // A nationality adjective names a state actor only on a noun of state agents ("Israeli helicopters",
        // not "Canadian athletes" or "Canadian companies").
        level = level.flatMap((x) =>
          PHRASE_RELS.flatMap((r) =>
            t.children(x, r).filter(
              (c) =>
                (t.rel(c) === r || !t.rel(c).includes(':')) &&
                // The one who acts is named in his phrase's head, title, possessor, nationality or "of",
                // "from" and "in" phrase ("King Hassan of Morocco", "officials in Turkey"), never in a
                // phrase of whom he acts with or on ("further military action with Moscow" is not Moscow's).
                !(role !== 'target' && r === 'nmod' && PARTNER_CASES.has(t.caseOf(c))) &&
                (r !== 'amod' ||
                  STATE_AGENTS.has(t.word(x)) ||
                  HOLDINGS.has(t.word(x)) ||
                  (role === 'target' && PEOPLE.has(t.word(x)))),
            ),
          ),
        );
      }
      return first;
    };
    const preds = predicates(
      tree,
      words,
      toks.map((x) => x.text),
    );
    const byIndex = new Map(preds.map((p) => [p.index, p]));
    const triggers = new Map<number, Trigger>();
    for (const p of preds) {
      const trig = triggerOf(t, p, words, allWords, s.index, res);
      if (trig) triggers.set(p.index, trig);
    }
    const seen = new Set<string>();
    // "launched strikes": one act, coded once — on the support verb where a dictionary pattern of its own
    // names it ("began a hunger strike" → PROTEST), else on the noun.
    const dropped = new Set<number>();
    for (const p of preds) {
      if (p.support === null || !triggers.has(p.index)) continue;
      dropped.add(triggers.get(p.support)?.pattern ? p.index : p.support);
    }
    for (const p of preds) {
      if (!REFUSING.has(t.word(p.index)) || triggers.get(p.index)?.code.type !== 'REJECT') continue;
      for (const g of p.governs) dropped.add(g);
    }
    for (const p of preds) {
      const trig = triggers.get(p.index);
      if (!trig || p.alleged || dropped.has(p.index)) continue;
      // "How will Washington deal with such a man?": a question asks, it reports no act.
      if (asked(t, p.index)) continue;
      // "plans to strengthen", "tried to blow up": the act is the verb it governs, coded there.
      if (FRAME_VERBS.has(t.word(p.index)) && p.governs.some((g) => triggers.has(g))) continue;
      if (!p.noun && BARE_FRAMES.has(t.word(p.index)) && !trig.pattern) continue;
      const mapped = (xs: readonly number[], role: 'source' | 'target' | 'reporter'): string[] =>
        unique(xs.map((x) => actorOf(x, role)).filter((x): x is string => x !== null));
      let sources = mapped(p.sources, 'source');
      let targets: string[] = [];
      // "threatened to break off relations with Congo": a verb with no target of its own acts on its
      // xcomp's.
      const groups = [...p.targets, ...p.governs.flatMap((g) => byIndex.get(g)?.targets ?? [])];
      for (const group of groups) {
        targets = mapped(group, 'target').filter((a) => !sources.includes(a));
        if (targets.length) break;
      }
      let reporter = mapped(p.reporters, 'reporter').find((a) => !sources.includes(a)) ?? null;
      // "Rebels said they will release…": a pronoun subject under a speech verb is the speaker's own voice.
      if (!sources.length && reporter && p.sources.some((x) => PERSONAL.has(t.word(x)))) {
        sources = [reporter];
        targets = targets.filter((a) => a !== reporter);
        reporter = null;
      }
      let { code, cameo } = trig;
      // "Russia said Sudan must return the helicopter": the speaker's demand on the subject (REQUEST).
      if (p.obligation && reporter && sources.length) {
        const demand = res.codebook.code('100');
        if (demand) {
          code = demand;
          cameo = '100';
          targets = sources;
          sources = [reporter];
        }
      }
      // CAMEO codes a stated readiness to cooperate ("is ready to contribute troops", "willing to forgive")
      // and a meeting or visit announced for the future ("will visit Albania", "would meet the mediator") as
      // the intent to do so (03x, AGREE), not the act.
      if (!p.negated && (code.quadClass === 1 || code.quadClass === 2)) {
        const intent =
          readiness(t, p.index) || (p.future && code.type === 'CONSULT') ? intentCode(cameo) : null;
        const coded = intent ? res.codebook.code(intent) : null;
        if (intent && coded) {
          code = coded;
          cameo = intent;
        }
      }
      // PLOVER reads material conflict in the future tense as a threat: "would blockade Paris".
      if (p.future && !p.negated && code.quadClass === 4) {
        const threat = res.codebook.code('130');
        if (threat) {
          code = { ...threat, context: code.context ?? threat.context };
          cameo = '130';
        }
      }
      // "launched hundreds of strikes in Syria": force used in a state, on no one named, strikes that state
      // (PLOVER codes the country where the attack fell as its target); forces sent to fight there go to
      // it. Only a country's own name counts, only as a last resort, and only where the act names no
      // target of its own.
      // The source must itself be a political actor: a place names no one who acts, so it never makes a
      // private person's deed an event ("the Marine killed last week in Afghanistan").
      const codedSource = sources.some((a) => political(actorById.get(a)));
      let byPlace = false;
      if (!targets.length && PLACE_TARGETED.has(code.type) && codedSource) {
        const located = [p.index, ...p.governs].flatMap((v) => locatives(t, v));
        targets = mapped(located, 'target').filter(
          (a) => !sources.includes(a) && actorById.get(a)?.kind === 'country',
        );
        byPlace = targets.length > 0;
      }
      if (!sources.length) continue;
      // "Bagheri and Ayoub signed": a mutual act with no other party is the first one's act on the rest.
      if (!targets.length && sources.length > 1 && MUTUAL.has(code.type)) {
        targets = sources.slice(1);
        sources = sources.slice(0, 1);
      }
      // A consultation (meeting, visit, talks, a call) is between two parties: with no second one named,
      // the parse has lost it or there is none ("speaking in interviews with Russian media", "left
      // Saturday's meeting"), and an event without its counterpart says nothing the desk can show.
      if (code.type === 'CONSULT' && !targets.length) continue;
      const involved = [...sources, ...targets].map((a) => actorById.get(a));
      if (!involved.some(political)) continue;
      // "Samra came to the U.S. in 1980", "Dunkerson traveled to Guatemala", "he would fly to the United
      // States": a private person's journey to a country is no visit. Meetings and visits (CAMEO 040-044,
      // and 036, intent to meet) with a state as their only party need a political source.
      if (
        /^(04[0-4]|036)/.test(cameo) &&
        !sources.some((a) => political(actorById.get(a))) &&
        targets.every((a) => actorById.get(a)?.kind === 'country')
      )
        continue;
      const key = `${code.type}|${sources.join(',')}|${targets.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const tok = toks[p.index] as Token;
      const place = placeFor(places, s.index, tok.end, text);
      const matched = trig.pattern?.matched ?? 0;
      const event: CodedEvent = {
        id: `v${out.length + 1}`,
        span: { sentence: s.index, start: s.start, end: s.end, text: s.text },
        trigger: triggerSpan(text, s.index, toks, trig.verb, trig.pattern?.start, trig.pattern?.end),
        ...codedFields(code, cameo),
        sources,
        targets,
        place: place?.id ?? null,
        ...eventWhen(dates, s.index, publishedAt),
        negated: p.negated,
        intended: p.intended,
        reportedBy: reporter,
        confidence:
          Math.round(
            Math.min(0.95, 0.5 + 0.08 * matched + (targets.length ? 0.15 : 0) + (p.noun ? -0.05 : 0)) * 1000,
          ) / 1000,
      };
      out.push(event);
      if (byPlace) placeOnly.add(event);
    }
  }
  return mergeUntargetedCopies(out, placeOnly).map((e, k) => ({ ...e, id: `v${k + 1}` }));
}

/**
 * An actor who can act politically: one with a code led by its country, or an international, non-state or
 * militant organisation's. A bare sector code ("GOV", "MIL", "EDU" for a doctor, a sheriff's captain, a
 * band director) names no one the desk can place, and makes no private deed an event.
 */
function political(a: AnalysisActor | undefined): boolean {
  return !!a && a.codes.some((c) => /^(IGO|NGO|IMG)/.test(c) || (!!a.country && c.startsWith(a.country)));
}

/** Adjectives of readiness whose complement is an act offered, not done: "is ready to contribute". */
const READY = new Set(['ready', 'willing', 'eager']);

/** Whether predicate p is the complement of a readiness adjective, through xcomp and conjunct links. */
function readiness(t: Tree, p: number): boolean {
  for (let i = p, depth = 0; i >= 0 && depth < 4; i = t.head(i), depth++) {
    const rel = t.rel(i);
    if (rel !== 'xcomp' && rel !== 'conj') return false;
    if (READY.has(t.word(t.head(i)))) return true;
  }
  return false;
}

/**
 * CAMEO's intent code (03x) for a cooperative act: to meet (036) for consultations, to cooperate
 * diplomatically (032) or materially (031), to give aid (0331-0334 after 071-074), to yield (034).
 */
function intentCode(cameo: string): string | null {
  if (cameo.startsWith('04')) return '036';
  if (cameo.startsWith('05')) return '032';
  if (cameo.startsWith('06')) return '031';
  if (/^07[1-4]/.test(cameo)) return `033${cameo[2]}`;
  if (cameo.startsWith('07')) return '033';
  if (cameo.startsWith('08')) return '034';
  return null;
}

/** Whether the clause of predicate p, or a clause above it up to a speech verb, ends in "?". */
function asked(t: Tree, p: number): boolean {
  for (let i = p, depth = 0; i >= 0 && depth < 8; i = t.head(i), depth++) {
    if (t.children(i, 'punct').some((c) => t.word(c) === '?')) return true;
    if (SPEECH_VERBS.has(t.word(t.head(i)))) return false;
  }
  return false;
}

/**
 * Types whose place, where they name no target, is the state they reach: force used in a state strikes it,
 * forces or aid sent to fight or help in a state go to it ("denied sending forces to fight in Syria").
 */
const PLACE_TARGETED = new Set(['ASSAULT', 'COERCE', 'THREATEN', 'AID']);

/** The "in X" phrases of a verb, of its object and of its object's purpose clause: where the act went. */
function locatives(t: Tree, v: number): number[] {
  const objects = t.children(v, 'obj');
  const where = [
    ...t.children(v, 'obl'),
    ...objects.flatMap((o) => t.children(o, 'nmod')),
    ...objects.flatMap((o) => t.children(o, 'acl').flatMap((c) => t.children(c, 'obl'))),
  ];
  return where.filter((o) => ['in', 'inside', 'across', 'throughout'].includes(t.caseOf(o)));
}

/**
 * One act coded twice, once without its named target ("launched strikes in Syria, targeting troops" read as
 * two clauses, the participle naming whom the strikes hit): where an event with no target, or only the
 * state it happened in, has a copy of the same type and sources in the same sentence that names its
 * targets, the two are one event: the first in the text (the main clause, with its own code) takes the named
 * targets, the other is dropped.
 */
function mergeUntargetedCopies(events: CodedEvent[], placeOnly: ReadonlySet<CodedEvent>): CodedEvent[] {
  const out: Array<CodedEvent | null> = [...events];
  const weak = (e: CodedEvent): boolean => !e.targets.length || placeOnly.has(e);
  for (let i = 0; i < out.length; i++) {
    const e = out[i];
    if (!e || !weak(e)) continue;
    const j = out.findIndex(
      (o) =>
        !!o &&
        o !== e &&
        !weak(o) &&
        o.span.sentence === e.span.sentence &&
        o.type === e.type &&
        o.sources.join(',') === e.sources.join(','),
    );
    const o = out[j];
    if (!o) continue;
    if (e.trigger.start < o.trigger.start) {
      out[i] = { ...e, targets: o.targets };
      out[j] = null;
    } else out[i] = null;
  }
  return out.filter((e): e is CodedEvent => e !== null);
}

/** Length of a wire dateline opening the sentence ("LONDON (Reuters) - "), 0 when there is none. */
export function datelineLength(sentence: string): number {
  const m = DATELINE.exec(sentence);
  if (!m || !/[-—–)]\s*$/.test(m[0]) || !/\p{Lu}{3}/u.test(m[0])) return 0;
  return m[0].length;
}

/**
 * The CAMEO code of a predicate: an event noun's own, or the dictionary verb's, refined by the most specific
 * pattern that matches the words of its clause (other clauses masked, a passive's subject spelt out after
 * the verb, "the deal" replaced by the agreement named earlier in the article).
 */
function triggerOf(
  t: Tree,
  p: Predicate,
  words: readonly string[],
  allWords: readonly (readonly string[])[],
  sentence: number,
  res: EventResources,
): Trigger | null {
  const i = p.index;
  if (p.noun) {
    const cameo = NOUN_CODES.get(t.word(i));
    const code = cameo ? res.codebook.code(cameo) : null;
    if (!cameo || !code) return null;
    const verb: VerbHit = {
      section: { name: 'NOUN', code: cameo, verbs: [], patterns: [] },
      code: cameo,
      start: i,
      end: i + 1,
    };
    return { verb, pattern: null, cameo, code };
  }
  if (SPEECH_VERBS.has(t.word(i))) return null;
  const verb = res.dictionary.verbAt(words, i);
  if (!verb || PATIENT_SECTIONS.has(verb.section.name)) return null;
  const clause = t.clause(i);
  // The complementiser of the verb's own complement clause is part of the verb's frame: CAMEO patterns
  // such as "agree * THAT" or "agree * TO" name it, though the clause under it is masked.
  for (const c of t.children(i, 'ccomp', 'xcomp')) for (const m of t.children(c, 'mark')) clause.add(m);
  if (LIGHT_VERBS.has(t.word(i)) && !p.noun) {
    const pattern = res.dictionary.bestPattern(
      words.map((w, k) => (clause.has(k) ? w : '')),
      verb,
    );
    if (!pattern?.pattern.code) return null;
  }
  const masked = words.map((w, k) => (clause.has(k) ? w : ''));
  const pattern = res.dictionary.bestPattern(
    withObject(t, i, verb.end, masked, allWords, sentence),
    verb,
    (hit) => ownsPreposition(t, i, hit),
  );
  let cameo = pattern ? pattern.pattern.code : verb.code;
  // A demand verb whose pattern names an appeal ("demanded … elections" → 0241) is the demand of the same
  // thing: CAMEO's 10x codes mirror its 02x appeals, and PLOVER codes demands (REQUEST), not appeals.
  if (cameo?.startsWith('02') && verb.code?.startsWith('10')) cameo = `10${cameo.slice(2)}`;
  const code = cameo ? res.codebook.code(cameo) : null;
  if (!cameo || !code) return null;
  return { verb, pattern, cameo, code };
}

/**
 * A pattern that is the verb and one preposition ("demand * ON" → 190, "agree * TO") names the verb's own
 * complement: the preposition must mark an oblique or a clause of the verb, not a noun inside its object
 * ("demanded that the government end curbs on press freedom" is no attack). Patterns that spell out their
 * noun are specific enough on their own.
 */
function ownsPreposition(t: Tree, verb: number, hit: PatternHit): boolean {
  const post = hit.pattern.post;
  if (hit.pattern.pre.length || post.length !== 1 || post[0]?.length !== 1) return true;
  const k = hit.end - 1;
  if (!['ADP', 'SCONJ', 'PART'].includes(t.upos(k))) return true;
  const h = t.head(k);
  return h === verb || (t.head(h) === verb && /^(obl|advcl|xcomp|ccomp)/.test(t.rel(h)));
}

/**
 * The words a pattern is matched against, with the verb's object spelt out where it stands elsewhere: the
 * patient of a passive ("the deal being signed") after the verb, and a definite agreement noun ("the deal")
 * as the fullest earlier mention of an agreement in the article ("a comprehensive military agreement").
 */
function withObject(
  t: Tree,
  p: number,
  verbEnd: number,
  words: readonly string[],
  allWords: readonly (readonly string[])[],
  sentence: number,
): readonly string[] {
  const passive = t.isPassive(p);
  const patient = passive
    ? (t.children(p, 'nsubj:pass')[0] ?? (t.rel(p).startsWith('acl') ? t.head(p) : undefined))
    : t.children(p, 'obj')[0];
  if (patient === undefined || patient < 0) return words;
  let object = t
    .phrase(patient)
    .filter((k) => !t.rel(k).startsWith('acl'))
    .map((k) => t.word(k));
  const definite = t.children(patient, 'det').some((d) => t.word(d) === 'the');
  if (definite && AGREEMENT_HEADS.has(t.word(patient))) {
    object = antecedent(allWords, sentence, p) ?? object;
  } else if (!passive) return words;
  return [...words.slice(0, verbEnd), ...object, ...words.slice(verbEnd)];
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** Heads of agreement nouns that "the deal" may refer back to. */
const AGREEMENT_HEADS = new Set(['deal', 'agreement', 'accord', 'pact', 'treaty', 'memorandum']);
const NP_STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'in',
  'on',
  'at',
  'to',
  'as',
  'by',
  'for',
  'with',
  'between',
  ',',
  'and',
  'its',
  'their',
  'this',
  'that',
]);

/** The last agreement noun phrase with modifiers before this point of the article. */
function antecedent(
  allWords: readonly (readonly string[])[],
  sentence: number,
  before: number,
): string[] | null {
  for (let s = sentence; s >= 0; s--) {
    const w = allWords[s] ?? [];
    const limit = s === sentence ? before : w.length;
    for (let i = limit - 1; i >= 0; i--) {
      if (!AGREEMENT_HEADS.has(w[i] ?? '')) continue;
      let k = i - 1;
      while (k >= 0 && !NP_STOP.has(w[k] ?? '') && !/^[“”"]$/.test(w[k] ?? '')) k--;
      // Only a phrase that says more than the bare noun helps.
      if (i - k > 1) return w.slice(k + 1, i + 1).flatMap((x) => x.split('-'));
    }
  }
  return null;
}

/** The sentence's place, preferring one after the verb introduced by a locative ("in Damascus"). */
function placeFor(
  places: readonly PlaceMention[],
  sentence: number,
  verbEnd: number,
  text: string,
): PlaceMention | null {
  const here = places.filter((p) => p.span.sentence === sentence && p.place);
  const locative = (p: PlaceMention): boolean =>
    /\b(?:in|at|near|into|on|across|over|outside|inside)\s+(?:the\s+)?$/i.test(
      text.slice(Math.max(0, p.span.start - 12), p.span.start),
    );
  return (
    here.find((p) => p.span.start >= verbEnd && locative(p)) ??
    here.find(locative) ??
    here.find((p) => p.span.start >= verbEnd) ??
    null
  );
}

function triggerSpan(
  text: string,
  sentence: number,
  toks: readonly Token[],
  verb: VerbHit,
  start = verb.start,
  end = verb.end,
): CodedEvent['trigger'] {
  const a = toks[Math.min(start, verb.start)]?.start ?? 0;
  const b = toks[Math.max(end, verb.end) - 1]?.end ?? a;
  return { sentence, start: a, end: b, text: text.slice(a, b) };
}

export const eventStage: StageFactory = (resources) =>
  defineStage({
    name: 'events',
    version: `parse-3+dict-${resources.eventsVersion}`,
    reads: ['sentences', 'tokens', 'syntax', 'actors', 'actorMentions', 'places', 'dates', 'quotes'],
    writes: ['events'],
    run: (input) => ({ events: codeEvents(input, resources.events) }),
  });
