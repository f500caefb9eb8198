import type { ActorMention, AnalysisActor, PlaceMention, Sentence, TimeRef, Token } from '../types.js';
import type { Codebook } from './codebook.js';
import type { EventDictionary, VerbHit } from './dictionary.js';
import type { CodedEvent } from './types.js';
import { defineStage, type StageFactory } from '../stage.js';

export interface EventInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  actors: readonly AnalysisActor[];
  actorMentions: readonly ActorMention[];
  places: readonly PlaceMention[];
  dates: readonly TimeRef[];
  publishedAt: string | null;
}

export interface EventResources {
  dictionary: EventDictionary;
  codebook: Codebook;
}

const NEGATORS = new Set([
  'not',
  "n't",
  'never',
  'no',
  'neither',
  'nor',
  'without',
  'cannot',
  // "denied sending forces", "refused to withdraw": the act that follows did not happen.
  'denied',
  'denies',
  'deny',
  'denying',
  'refused',
  'refuses',
  'refusing',
]);
/** Words after which a dictionary verb form is a noun or adjective ("the deal", "its forces", "of aid"). */
const NOMINAL_BEFORE = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'our',
  'my',
  'your',
  'this',
  'that',
  'these',
  'those',
  "'s",
  '’s',
  'of',
  'for',
  'by',
  'with',
  'from',
  'all',
  'any',
  'some',
  'each',
  'foreign',
  'military',
  'joint',
  'new',
  'further',
]);
/** Words that put what follows in a verb frame: auxiliaries, modals, the infinitive marker, pronoun subjects. */
const VERBAL_BEFORE = new Set([
  'has',
  'have',
  'had',
  'will',
  'would',
  'shall',
  'should',
  'could',
  'can',
  'may',
  'might',
  'must',
  'did',
  'does',
  'do',
  'to',
  'is',
  'are',
  'was',
  'were',
  'been',
  'be',
  'he',
  'she',
  'it',
  'they',
  'we',
  'who',
  'which',
  'also',
  'not',
  "n't",
  'never',
  'reportedly',
  'jointly',
  'always',
  // "denied attacking", "refused to withdraw": the act denied is still the clause's verb, negated.
  'denied',
  'denies',
  'deny',
  'denying',
  'refused',
  'refuses',
]);
const INTENT = new Set([
  'will',
  'would',
  'shall',
  'plans',
  'plan',
  'planned',
  'planning',
  'intends',
  'intend',
  'intended',
  'aims',
  'aim',
  'seeks',
  'seek',
  'vowed',
  'pledged',
  'promised',
  'agreed',
  'decided',
  'expected',
  'ready',
  'prepared',
  'wants',
  'want',
  'hopes',
  'going',
  'to',
]);
const PASSIVE_AUX = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'be']);
const SPEECH = new Set([
  'said',
  'says',
  'say',
  'told',
  'announced',
  'stated',
  'reported',
  'added',
  'according',
]);
/** A relative clause between an actor and the verb: "the war that has ravaged", not the actor's act. */
const RELATIVE = /\b(?:that|which|where|when)\b|[;:]/i;
/** Words that may stand between coordinated actors: "Iran and Syria", "Russia, Iran and Turkey". */
const COORD = /^\s*(?:,|and|, and|&)?\s*$/;
/** "Bagheri and Syria's Defense Minister Ali Ayoub": a coordinated actor may carry its title. */
const COORD_TITLED = /^\s*(?:,|and|, and)\s+(?:[\p{Lu}][\p{L}'’.-]*\s+){1,5}$/u;

/**
 * Codes the political events of each sentence: a dictionary verb (or verb + pattern) gives the CAMEO code,
 * the nearest actors before and after the verb its source and target (swapped for a passive "by"), and the
 * sentence's place and date expressions where and when. Sentences without an actor yield no event: PLOVER
 * events are between actors.
 */
export function codeEvents(input: EventInput, res: EventResources): CodedEvent[] {
  const { text, sentences, tokens, actorMentions, places, dates, publishedAt } = input;
  const out: CodedEvent[] = [];
  const allWords = tokens.map((toks) => toks.map((t) => t.text.toLowerCase().replace(/’/g, "'")));
  for (const s of sentences) {
    const toks = tokens[s.index] ?? [];
    if (toks.length < 3) continue;
    const words = allWords[s.index] ?? [];
    const sentenceEvents: CodedEvent[] = [];
    const mentions = actorMentions
      .filter((m) => m.span.sentence === s.index)
      .sort((a, b) => a.span.start - b.span.start);
    if (!mentions.length) continue;
    const inMention = (i: number): boolean => {
      const t = toks[i];
      return !!t && mentions.some((m) => t.start >= m.span.start && t.end <= m.span.end);
    };
    const seen = new Set<string>();
    const mentionEnds = new Set(mentions.map((m) => toks.findIndex((t) => t.end >= m.span.end)));
    for (let i = 0; i < words.length; i++) {
      if (inMention(i)) continue;
      const verb = res.dictionary.verbAt(words, i);
      // "…, targeting government troops" continues the clause before it.
      const participle = sentenceEvents.length > 0 && words[i - 1] === ',' && /ing$/.test(words[i] ?? '');
      if (!verb || !(participle || predicate(words, verb.start, mentionEnds))) continue;
      const passive = isPassive(words, verb.start);
      const pattern = res.dictionary.bestPattern(
        withObject(words, verb.start, verb.end, passive, allWords, s.index),
        verb,
      );
      const cameo = pattern ? pattern.pattern.code : verb.code;
      if (!cameo) continue;
      const coded = res.codebook.code(cameo);
      if (!coded) continue;
      // "plans to strengthen": the intention is coded on the verb it governs, which is then marked intended.
      if (verb.section.name === 'INTEND' && words[verb.end] === 'to') {
        const inner = res.dictionary.verbAt(words, verb.end + 1);
        const innerPattern = inner ? res.dictionary.bestPattern(words, inner) : null;
        const innerCode = inner ? (innerPattern ? innerPattern.pattern.code : inner.code) : null;
        if (innerCode && res.codebook.code(innerCode)) continue;
      }
      const verbStart = toks[verb.start]?.start ?? s.start;
      const verbEnd = toks[verb.end - 1]?.end ?? s.end;
      // "Israel, Iran's arch-enemy, has launched": a possessive modifies a noun and is not the subject.
      const possessive = (m: ActorMention): boolean =>
        /^\s*['’]s\b/.test(text.slice(m.span.end, m.span.end + 3));
      let sources = group(
        text,
        mentions.filter((m) => m.span.end <= verbStart && !possessive(m)),
        'last',
      ).filter((m) => !RELATIVE.test(text.slice(m.span.end, verbStart)));
      let targets = group(
        text,
        mentions.filter((m) => m.span.start >= verbEnd),
        'first',
      );
      // "…, targeting government troops": a participle clause shares the main clause's subject.
      const previous = sentenceEvents[sentenceEvents.length - 1];
      if (previous && words[verb.start - 1] === ',' && /ing$/.test(words[verb.start] ?? '')) {
        sources = mentions.filter((m) => previous.sources.includes(m.actor));
      }
      // "Syria was attacked by Israel": the agent of a passive is the source.
      if (passive) {
        const by = words.indexOf('by', verb.end);
        if (by >= 0) {
          const byStart = toks[by]?.end ?? s.end;
          const agents = group(
            text,
            mentions.filter((m) => m.span.start >= byStart),
            'first',
          );
          if (agents.length) {
            targets = sources;
            sources = agents;
          }
        }
      }
      const sourceActors = unique(sources.map((m) => m.actor));
      const targetActors = unique(targets.map((m) => m.actor)).filter((a) => !sourceActors.includes(a));
      if (!sourceActors.length && !targetActors.length) continue;
      const key = `${coded.type}|${sourceActors.join(',')}|${targetActors.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const before = words.slice(Math.max(0, verb.start - 4), verb.start);
      const negated = before.some((w) => NEGATORS.has(w));
      const intended =
        before.slice(-3).some((w) => INTENT.has(w)) ||
        (/ing$/.test(words[verb.start] ?? '') && before.at(-1) === 'to');
      // "Russia said Sudan must return the helicopter": a reported obligation is the speaker's demand on the
      // subject (PLOVER REQUEST), whatever the demanded act.
      let code = coded;
      let cameoCode = cameo;
      let finalSources = sourceActors;
      let finalTargets = targetActors;
      const reported = reporter(words, toks, mentions, sourceActors);
      if (before.slice(-2).some((w) => w === 'must' || w === 'should') && reported) {
        const demand = res.codebook.code('100');
        if (demand) {
          code = demand;
          cameoCode = '100';
          finalTargets = sourceActors;
          finalSources = [reported];
        }
      }
      // PLOVER reads cooperation in the future tense as an intention to cooperate (AGREE) and conflict in the
      // future tense as a threat (THREATEN): "will visit Albania", "would blockade Paris".
      const future = before
        .slice(-3)
        .some((w) => w === 'will' || w === 'would' || w === 'shall' || w === "'ll");
      if (future && !negated && code.type !== 'AGREE' && code.type !== 'REQUEST') {
        const as = code.quadClass <= 2 ? '030' : code.quadClass === 4 ? '130' : null;
        const recoded = as ? res.codebook.code(as) : null;
        if (recoded) {
          code = { ...recoded, context: code.context ?? recoded.context };
          cameoCode = as as string;
        }
      }
      const place = placeFor(places, s.index, verbEnd, text);
      const date = dates.find((d) => d.span.sentence === s.index);
      const reportedBy = finalSources.includes(reported ?? '') ? null : reported;
      const matched = pattern?.matched ?? 0;
      const event: CodedEvent = {
        id: `v${out.length + 1}`,
        span: { sentence: s.index, start: s.start, end: s.end, text: s.text },
        trigger: triggerSpan(text, s.index, toks, verb, pattern?.start, pattern?.end),
        type: code.type,
        mode: code.mode,
        context: code.context,
        cameo: cameoCode,
        quadClass: code.quadClass,
        goldstein: code.goldstein,
        sources: finalSources,
        targets: finalTargets,
        place: place?.id ?? null,
        date: date ? date.start : publishedAt ? publishedAt.slice(0, 10) : null,
        dateRef: date?.id ?? null,
        datePrecision: date ? date.precision : publishedAt ? 'day' : null,
        negated,
        intended,
        reportedBy,
        confidence:
          Math.round(
            Math.min(
              0.95,
              0.45 + 0.08 * matched + (sourceActors.length ? 0.15 : 0) + (targetActors.length ? 0.1 : 0),
            ) * 1000,
          ) / 1000,
      };
      out.push(event);
      sentenceEvents.push(event);
    }
  }
  return out;
}

/**
 * Without a parser, a dictionary word is read as the sentence's verb only in a verb frame: right after an
 * actor (its subject) or an auxiliary, modal, "to" or subject pronoun, or as a past-tense form that no
 * determiner or preposition turns into a noun or adjective. "Iran signed", "has launched", "plans to
 * strengthen" pass; "the deal", "its forces", "foreign armed forces" do not.
 */
function predicate(words: readonly string[], i: number, mentionEnds: ReadonlySet<number>): boolean {
  const prev = words[i - 1] ?? '';
  if (NOMINAL_BEFORE.has(prev)) return false;
  let k = i - 1;
  // Skip adverbs, negators and times between the subject or auxiliary and the verb ("has always denied",
  // "Khomeini today rejected", "Albania on Friday denounced").
  for (;;) {
    const w = words[k] ?? '';
    if (
      /ly$|^(?:not|n't|never|also|always|already|still|just|now|again|today|yesterday|tonight|reportedly)$/.test(
        w,
      ) ||
      WEEKDAY.test(w)
    ) {
      k--;
      if (words[k] === 'on' && WEEKDAY.test(w)) k--;
    } else break;
  }
  if (mentionEnds.has(k) || VERBAL_BEFORE.has(words[k] ?? '')) return true;
  const w = words[i] ?? '';
  // A past form is the verb unless a determiner, preposition or comma makes it an adjective ("the armed
  // forces", ", allied Iranian forces"): "tanks shelled positions", "police opened fire".
  return (
    /ed$/.test(w) &&
    prev !== ',' &&
    !PREPOSITIONS.has(prev) &&
    i > 0 &&
    !ADJECTIVE_HEADS.has(words[i + 1] ?? '')
  );
}

/** Nouns a past participle modifies as an adjective: "armed forces", "allied groups". */
const ADJECTIVE_HEADS = new Set([
  'forces',
  'groups',
  'men',
  'militants',
  'fighters',
  'people',
  'personnel',
  'vehicles',
  'conflict',
  'attacks',
  'troops',
]);
const WEEKDAY = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;
const PREPOSITIONS = new Set([
  'in',
  'on',
  'at',
  'to',
  'of',
  'by',
  'for',
  'with',
  'from',
  'into',
  'after',
  'before',
  'as',
  'than',
  'and',
  'or',
]);

const isPassive = (words: readonly string[], i: number): boolean =>
  (PASSIVE_AUX.has(words[i - 1] ?? '') || PASSIVE_AUX.has(words[i - 2] ?? '')) &&
  /(?:ed|en)$/.test(words[i] ?? '');

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

/**
 * The words a pattern is matched against, with the verb's object spelt out where it stands elsewhere: the
 * subject of a passive ("the deal being signed") and a definite agreement noun ("the deal") replaced by the
 * fullest earlier mention of an agreement in the article ("a comprehensive military agreement"). PETRARCH's
 * patterns then see "signed … military agreement" and code it as such.
 */
function withObject(
  words: readonly string[],
  verbStart: number,
  verbEnd: number,
  passive: boolean,
  allWords: readonly (readonly string[])[],
  sentence: number,
): readonly string[] {
  let object: string[] = [];
  if (passive) {
    let k = verbStart - 1;
    while (k >= 0 && PASSIVE_AUX.has(words[k] ?? '')) k--;
    const end = k + 1;
    while (k >= 0 && !NP_STOP.has(words[k] ?? '')) k--;
    object = words.slice(k + 1, end) as string[];
    if (words[k] === 'the' && AGREEMENT_HEADS.has(object[object.length - 1] ?? '')) {
      object = antecedent(allWords, sentence, verbStart) ?? object;
    }
  } else if (words[verbEnd] === 'the' && AGREEMENT_HEADS.has(words[verbEnd + 1] ?? '')) {
    object = antecedent(allWords, sentence, verbStart) ?? [];
  }
  if (!object.length) return words;
  return [...words.slice(0, verbEnd), ...object, ...words.slice(verbEnd)];
}

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

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** The mention nearest the verb on one side, with the actors coordinated with it. */
function group(text: string, all: readonly ActorMention[], pick: 'first' | 'last'): ActorMention[] {
  // "Syria's Defense Minister Ali Ayoub" is one actor, the minister: the possessive country only qualifies him.
  const side = all.filter(
    (m, k) =>
      !(
        /^\s*['’]s\b/.test(text.slice(m.span.end, m.span.end + 3)) &&
        (all[k + 1]?.span.start ?? Infinity) - m.span.end < 40
      ),
  );
  if (!side.length) return [];
  const ordered = pick === 'last' ? [...side].reverse() : [...side];
  const out = [ordered[0] as ActorMention];
  for (let k = 1; k < ordered.length; k++) {
    const prev = out[out.length - 1] as ActorMention;
    const next = ordered[k] as ActorMention;
    const between =
      pick === 'last'
        ? text.slice(next.span.end, prev.span.start)
        : text.slice(prev.span.end, next.span.start);
    if (!COORD.test(between) && !COORD_TITLED.test(between)) break;
    out.push(next);
  }
  return out;
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

/** "…, the ministry said": the actor next to a speech verb, when it is not the source. */
function reporter(
  words: readonly string[],
  toks: readonly Token[],
  mentions: readonly ActorMention[],
  sources: readonly string[],
): string | null {
  for (let i = 0; i < words.length; i++) {
    if (!SPEECH.has(words[i] ?? '')) continue;
    const at = toks[i]?.start ?? 0;
    const near = [...mentions].sort((a, b) => Math.abs(a.span.start - at) - Math.abs(b.span.start - at))[0];
    if (near && !sources.includes(near.actor)) return near.actor;
  }
  return null;
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
    version: `verbs-1+dict-${resources.eventsVersion}`,
    reads: ['sentences', 'tokens', 'actors', 'actorMentions', 'places', 'dates'],
    writes: ['events'],
    run: (input) => ({ events: codeEvents(input, resources.events) }),
  });
