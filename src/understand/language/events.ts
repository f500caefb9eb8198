import type { Codebook } from '../events/codebook.js';
import { codedFields, eventWhen } from '../events/event-fields.js';
import type { CodedEvent } from '../events/types.js';
import type { StageFactory } from '../stage.js';
import type { ActorMention, AnalysisActor, PlaceMention, Sentence, TimeRef, Token } from '../types.js';
import {
  ARABIC_PHRASES,
  ARABIC_VERBS,
  PERSIAN_ACTIVE_WITH_SHODAN,
  PERSIAN_NOUNS,
  PERSIAN_VERBS,
} from './event-lexicon.js';
import { ARABIC_LETTER, normalizeArabicScript, procliticReadings } from './normalize.js';

/**
 * A first PLOVER coder for Arabic and Persian sentences (issue 20): a trigger from the written lexicons
 * (event-lexicon.ts), its source and target from the actor mentions around it by word order, its place and
 * date from the sentence. No parse: docs/LANGUAGES.md says what this cannot do yet.
 */

export interface ArabicScriptEventInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  actors: readonly AnalysisActor[];
  actorMentions: readonly ActorMention[];
  places: readonly PlaceMention[];
  dates: readonly TimeRef[];
  publishedAt: string | null;
}

/** Verb keys: normalised, the zero-width non-joiner and spaces inside a word dropped ("می‌کند" = "میکند"). */
const vkey = (s: string): string => normalizeArabicScript(s).replace(/\s+/g, '');

const ARABIC = new Map<string, string>();
for (const [code, forms] of ARABIC_VERBS) for (const f of forms) ARABIC.set(vkey(f), code);
const PHRASE_VERBS = new Map<string, { code: string; nouns: Set<string> }>();
for (const [code, verbs, nouns] of ARABIC_PHRASES)
  for (const v of verbs) PHRASE_VERBS.set(vkey(v), { code, nouns: new Set(nouns.map(vkey)) });
const PERSIAN = new Map<string, string>();
for (const [code, nouns] of PERSIAN_NOUNS) for (const n of nouns) PERSIAN.set(vkey(n), code);
const PERSIAN_SIMPLE = new Map<string, string>();
for (const [code, forms] of PERSIAN_VERBS) for (const f of forms) PERSIAN_SIMPLE.set(vkey(f), code);
const ACTIVE_SHODAN = new Set(PERSIAN_ACTIVE_WITH_SHODAN.map(vkey));

/**
 * Forms of the Persian light verbs کردن, نمودن, شدن, زدن, دادن and (whole stems only, "رسانه" is media)
 * رساندن, دانستن and گرفتن ("قرار گرفت", passive), with their negative ن and continuous می.
 */
const LIGHT_VERB = /^(ن)?(?:مي|نمي)?(كرد|كن|نمود|نما|شد|شو|زد|زن|داد|ده|انجام|رساند|دانست|گرفت)/;
/** Light verbs whose subject is the target: "کشته شد", "هدف قرار گرفت". */
const PASSIVE_LIGHT = new Set(['شد', 'شو', 'گرفت']);
const ARABIC_NEGATION = new Set(['لم', 'لن', 'لا', 'ما'].map(vkey));
const ARABIC_FUTURE = vkey('سوف');
const PERSIAN_FUTURE = /^خواه(د|ند|م|يم|يد|ي)$/;
/** Arabic prepositions and Persian words that mark the other party ("بوزير", "مع", "با", "به", "را"). */
const TARGET_BEFORE = new Set(['مع', 'ضد', 'على', 'با', 'به', 'بر', 'عليه'].map(vkey));
/** Words before a mention that make it where the event happened, not a party ("در لبنان", "في حلب"). */
const LOCATIVE_BEFORE = new Set(['در', 'في'].map(vkey));

/**
 * Natural hazards as the subject of "strike": "الزلزال الذي ضرب", "ضربت عاصفة ترابية", "زلزله … را لرزاند".
 * An attack verb next to one of these is weather or geology, not an event between actors.
 */
const HAZARDS = new Set(
  [
    'زلزال',
    'الزلزال',
    'عاصفة',
    'العاصفة',
    'إعصار',
    'الإعصار',
    'فيضانات',
    'الفيضانات',
    'سيول',
    'السيول',
    'زلزله',
    'طوفان',
    'سیل',
  ].map(vkey),
);

/** "that it/she", before a verb whose subject is the one of the clause before. */
const THAT_IT = new Set(['أنه', 'أنها', 'إنه', 'إنها', 'انه', 'انها'].map(vkey));

/** Event codes (PLOVER quad class 4) read in the future tense as threats, as the English coder does. */
const THREAT = '130';

interface Trigger {
  /** Token range of the trigger. */
  start: number;
  end: number;
  cameo: string;
  negated: boolean;
  intended: boolean;
  /** A Persian passive (شدن): the subject is the target. */
  passive: boolean;
  persian: boolean;
}

function readings(t: Token | undefined): string[] {
  if (!t) return [];
  return procliticReadings(t.text)
    .filter((r) => !r.prefix || /^[وف]$/.test(r.prefix))
    .map((r) => vkey(r.rest));
}

function triggerAt(toks: readonly Token[], i: number): Trigger | null {
  const t = toks[i];
  if (!t || !ARABIC_LETTER.test(t.text)) return null;
  // "ولم", "فلن": the negation with its joined conjunction.
  const prev = vkey(toks[i - 1]?.text ?? '').replace(/^[وف](?=..)/, '');
  for (const k of readings(t)) {
    // Arabic: a verb, with the future prefix "س" or "سوف" before it.
    const future = k.startsWith('س') && ARABIC.has(k.slice(1));
    const code = ARABIC.get(k) ?? (future ? ARABIC.get(k.slice(1)) : undefined);
    if (code) {
      return {
        start: i,
        end: i + 1,
        cameo: code,
        negated: ARABIC_NEGATION.has(prev),
        intended: future || prev === ARABIC_FUTURE || prev === vkey('لن'),
        passive: false,
        persian: false,
      };
    }
    const phrase = PHRASE_VERBS.get(k);
    if (phrase) {
      // The subject may stand between the verb and its noun: "فرضت الولايات المتحدة عقوبات".
      for (let j = i + 1; j <= i + 4 && j < toks.length; j++) {
        if (readings(toks[j]).some((r) => phrase.nouns.has(r) || phrase.nouns.has(`ال${r}`)))
          return {
            start: i,
            end: j === i + 1 ? j + 1 : i + 1,
            cameo: phrase.code,
            negated: ARABIC_NEGATION.has(prev),
            intended: prev === ARABIC_FUTURE,
            passive: false,
            persian: false,
          };
      }
    }
    // Persian: a noun, then a light verb within three words.
    const noun = PERSIAN.get(k);
    if (noun) {
      for (let j = i + 1; j <= i + 3 && j < toks.length; j++) {
        const w = vkey(toks[j]?.text ?? '');
        const future = PERSIAN_FUTURE.test(w);
        const verb = future ? vkey(toks[j + 1]?.text ?? '') : w;
        const m = LIGHT_VERB.exec(verb);
        if (!m) continue;
        const light = m[2] ?? '';
        return {
          start: i,
          end: (future ? j + 1 : j) + 1,
          cameo: noun,
          negated: !!m[1],
          intended: future,
          passive: PASSIVE_LIGHT.has(light) && !ACTIVE_SHODAN.has(k),
          persian: true,
        };
      }
    }
    const simple = PERSIAN_SIMPLE.get(k);
    if (simple) {
      return {
        start: i,
        end: i + 1,
        cameo: simple,
        negated: false,
        intended: false,
        passive: false,
        persian: true,
      };
    }
  }
  return null;
}

/** Events of the Arabic-script sentences of an article; ids continue after `first` events. */
export function codeArabicScriptEvents(
  input: ArabicScriptEventInput,
  codebook: Codebook,
  first = 0,
): CodedEvent[] {
  const { text, sentences, tokens, actors, actorMentions, places, dates, publishedAt } = input;
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const out: CodedEvent[] = [];
  for (const s of sentences) {
    if (!ARABIC_LETTER.test(s.text)) continue;
    const toks = tokens[s.index] ?? [];
    const mentions = actorMentions
      .filter((m) => m.span.sentence === s.index)
      .sort((a, b) => a.span.start - b.span.start);
    if (mentions.length === 0) continue;
    const seen = new Set<string>();
    for (let i = 0; i < toks.length; i++) {
      const trig = triggerAt(toks, i);
      if (!trig) continue;
      const near = [-3, -2, -1, 1, 2].map((d) => toks[(d < 0 ? trig.start : trig.end - 1) + d]);
      if (trig.cameo === '190' && near.some((t) => readings(t).some((r) => HAZARDS.has(r)))) continue;
      const tStart = toks[trig.start]?.start ?? 0;
      const tEnd = toks[trig.end - 1]?.end ?? tStart;
      i = trig.end - 1;
      // The outermost mentions outside the trigger: "اسرائیل" inside "ارتش اسرائیل" is not another party.
      const inside = (m: ActorMention, o: ActorMention): boolean =>
        o !== m &&
        o.span.start <= m.span.start &&
        o.span.end >= m.span.end &&
        o.span.end - o.span.start > m.span.end - m.span.start;
      const outside = mentions.filter(
        (m) => (m.span.end <= tStart || m.span.start >= tEnd) && !mentions.some((o) => inside(m, o)),
      );
      const before = outside.filter((m) => m.span.end <= tStart);
      const after = outside.filter((m) => m.span.start >= tEnd);
      const tokenIndex = (offset: number): number => toks.findIndex((t) => t.end > offset);
      /** A word before a mention marks it as the other party ("با", "مع", "به مواضع", the joined "ب"). */
      const marked = (m: ActorMention): boolean => {
        const k = tokenIndex(m.span.start);
        const tok = toks[k];
        if (tok && tok.start < m.span.start && /^[وف]?[بل]/.test(text.slice(tok.start, m.span.start)))
          return true;
        return [1, 2].some((d) => TARGET_BEFORE.has(vkey(toks[k - d]?.text ?? '')));
      };
      const located = (m: ActorMention): boolean =>
        LOCATIVE_BEFORE.has(vkey(toks[tokenIndex(m.span.start) - 1]?.text ?? ''));
      let source: ActorMention | undefined;
      let target: ActorMention | undefined;
      if (trig.persian) {
        // Subject, object, verb: the subject opens the clause; the object stands between it and the verb.
        // "قاسم سلیمانی کشته شد": the subject of a passive stands right before its verb.
        // "نیروهای آمریکایی در سوریه هدف قرار گرفتند": not the place the passive's subject was in.
        if (trig.passive) target = before.filter((m) => !located(m)).pop() ?? before[before.length - 1];
        else {
          source = before.find((m) => !marked(m) && !located(m)) ?? before[0];
          const others = before.filter((m) => m !== source);
          target =
            others.filter((m) => marked(m) && !located(m)).pop() ??
            others.filter((m) => !located(m)).pop() ??
            after[0];
        }
      } else {
        // Verb first with its subject right after it ("قصفت القوات الإسرائيلية مواقع…"), unless a subject
        // stands right before the verb ("إسرائيل تستهدف مواقع حماس").
        const next = after[0];
        const last = before[before.length - 1];
        // "أعلن الجيش الإسرائيلي أنه قصف…": a pronoun subject after "أن"/"إن" is the main clause's subject.
        const pronoun = THAT_IT.has(vkey(toks[trig.start - 1]?.text ?? ''));
        const svo =
          !!last && (pronoun || (tokenIndex(last.span.end - 1) === trig.start - 1 && !marked(last)));
        // The subject after the verb may carry a title of up to four words before its name.
        const vso = !svo && !!next && tokenIndex(next.span.start) - (trig.end - 1) <= 5 && !marked(next);
        source = vso ? next : before[before.length - 1];
        const parties = after.filter((m) => m !== source && !located(m));
        target = parties.find((m) => marked(m) || !vso) ?? parties[0];
      }
      if (source && target && source.actor === target.actor) target = undefined;
      let cameo = trig.cameo;
      let code = codebook.code(cameo);
      if (!code) continue;
      if (trig.intended && !trig.negated && code.quadClass === 4) {
        const threat = codebook.code(THREAT);
        if (threat) {
          code = { ...threat, context: code.context ?? threat.context };
          cameo = THREAT;
        }
      }
      const sources = source ? [source.actor] : [];
      const targets = target ? [target.actor] : [];
      if (!sources.length && !targets.length) continue;
      // As in English: a consultation needs its two parties, and someone involved must be coded.
      if (code.type === 'CONSULT' && (!sources.length || !targets.length)) continue;
      if (![...sources, ...targets].some((a) => (actorById.get(a)?.codes.length ?? 0) > 0)) continue;
      const key = `${code.type}|${sources.join(',')}|${targets.join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const place = places.find((p) => p.span.sentence === s.index && p.place);
      out.push({
        id: `v${first + out.length + 1}`,
        span: { sentence: s.index, start: s.start, end: s.end, text: s.text },
        trigger: { sentence: s.index, start: tStart, end: tEnd, text: text.slice(tStart, tEnd) },
        ...codedFields(code, cameo),
        sources,
        targets,
        place: place?.id ?? null,
        ...eventWhen(dates, s.index, publishedAt),
        negated: trig.negated,
        intended: trig.intended,
        reportedBy: null,
        confidence: sources.length && targets.length ? 0.6 : 0.5,
      });
    }
  }
  return out;
}

/**
 * The events stage with the Arabic and Persian coder after the English one: English sentences are coded as
 * before, Arabic-script sentences (which the English coder finds no verbs in) by the lexicons.
 */
export function withArabicScriptEvents(stage: StageFactory): StageFactory {
  return (resources) => {
    const base = stage(resources);
    return {
      ...base,
      version: `${base.version}+ar-3`,
      run(input) {
        const out = base.run(input);
        if (!ARABIC_LETTER.test(input.text)) return out;
        const events = out.events ?? [];
        return {
          ...out,
          events: [...events, ...codeArabicScriptEvents(input, resources.events.codebook, events.length)],
        };
      },
    };
  };
}
