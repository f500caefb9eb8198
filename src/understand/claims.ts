import { Tree } from './events/clauses.js';
import { defineStage, type StageFactory } from './stage.js';
import type { Claim, ClaimKind, Sentence, SentenceSyntax, Token } from './types.js';

export interface ClaimInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  /** Per sentence, its dependency parse (aligned with its tokens), when the syntax stage made one. */
  syntax?: readonly (SentenceSyntax | null)[];
}

// Maps, not object literals: a lookup of a word of the text must not find "constructor" (issue 15).
const WORD_NUMBERS = new Map<string, number>(
  Object.entries({
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
    hundred: 100,
    dozen: 12,
  }),
);
const SCALES = new Map<string, number>(
  Object.entries({
    thousand: 1e3,
    k: 1e3,
    million: 1e6,
    m: 1e6,
    mn: 1e6,
    billion: 1e9,
    bn: 1e9,
    b: 1e9,
    trillion: 1e12,
    tn: 1e12,
  }),
);
/** "hundreds of" → 100..999: the bounds a magnitude word allows. */
const MAGNITUDES = new Map<string, [number, number]>(
  Object.entries({
    dozens: [24, 99],
    scores: [40, 99],
    hundreds: [100, 999],
    thousands: [1000, 999_999],
    millions: [1e6, 999_999_999],
    billions: [1e9, 999_999_999_999],
    tens: [10, 99],
  }),
);
const QUALIFIERS: Array<[string[], Claim['qualifier']]> = [
  [['more', 'than'], 'more than'],
  [['over'], 'more than'],
  [['at', 'least'], 'at least'],
  [['nearly'], 'about'],
  [['almost'], 'about'],
  [['about'], 'about'],
  [['around'], 'about'],
  [['some'], 'about'],
  [['roughly'], 'about'],
  [['approximately'], 'about'],
  [['an', 'estimated'], 'about'],
  [['estimated'], 'about'],
  [['up', 'to'], 'up to'],
  [['as', 'many', 'as'], 'up to'],
  [['fewer', 'than'], 'less than'],
  [['less', 'than'], 'less than'],
  [['under'], 'less than'],
  [['just', 'over'], 'more than'],
];
const CUE_KINDS: Array<[RegExp, ClaimKind]> = [
  [
    /^(killed|killing|kills|kill|dead|deaths?|died|die|lives|fatalities|massacred|executed|toll|slain)$/i,
    'fatalities',
  ],
  [/^(wounded|wounding|injured|injuring|injuries|hurt|casualties)$/i, 'injured'],
  [/^(displaced|displacing|fled|flee|fleeing|refugees|homeless|evacuated|uprooted|exodus)$/i, 'displaced'],
  [/^(arrested|detained|detainees|prisoners|jailed|captured|abducted|kidnapped|hostages)$/i, 'arrested'],
  [/^(strikes?|airstrikes?|air-strikes?|raids?|attacks?|bombings?|sorties|shells|shelling)$/i, 'strikes'],
  [
    /^(troops|soldiers|fighters|forces|personnel|militants|militiamen|servicemen|officers|advisers|advisors|mercenaries)$/i,
    'troops',
  ],
  [
    /^(missiles|rockets|drones|tanks|weapons|warheads|jets|aircraft|warplanes|launchers|munitions|rifles|bombs|centrifuges)$/i,
    'weapons',
  ],
  [
    /^(dollars|euros|pounds|rials|riyals|lira|liras|dinars|pounds|yuan|rubles|roubles|shekels|dirhams)$/i,
    'money',
  ],
];
const CUE_VERBS =
  /^(killed|killing|kills|wounded|wounding|injured|injuring|displaced|displacing|displace|arrested|detained|launched|launching|fired|firing|carried|conducted|deployed|deploying|sent|sending|dispatched|evacuated|pledged|allocated|spent|raised|seized|captured|destroyed|shot|left|forced|uprooted|killed|deported|freed|released|executed)$/i;
const YEAR_CONTEXT =
  /^(in|since|of|by|until|till|from|to|during|early|late|mid|before|after|around|the|year|between|and)$/i;
const MONTH = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$/i;

interface NumberPhrase {
  from: number;
  to: number;
  value: number | null;
  valueMax: number | null;
  magnitude: boolean;
  currency: boolean;
  percent: boolean;
}

function parseNumberToken(w: string): number | null {
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(w) || /^\d+(\.\d+)?$/.test(w)) return Number(w.replace(/,/g, ''));
  const lw = w.toLowerCase();
  const named = WORD_NUMBERS.get(lw);
  if (named !== undefined) return named;
  const scaled = /^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn)$/i.exec(w);
  if (scaled) return Number(scaled[1]) * (SCALES.get((scaled[2] ?? '').toLowerCase()) ?? 1);
  return null;
}

/** The number phrase starting at token i, if any: "380,000", "1.5 million", "$3bn", "hundreds of", "two dozen". */
function numberAt(words: readonly string[], i: number): NumberPhrase | null {
  let k = i;
  let currency = false;
  if (/^[$€£]$/.test(words[k] ?? '') || /^(US\$|USD)$/i.test(words[k] ?? '')) {
    currency = true;
    k++;
  }
  const w = words[k] ?? '';
  const lw = w.toLowerCase();
  const magnitude = currency ? undefined : MAGNITUDES.get(lw);
  if (magnitude) {
    const [lo, hi] = magnitude;
    // "tens of thousands", "hundreds of thousands".
    const next = (words[k + 1] ?? '').toLowerCase();
    const after = (words[k + 2] ?? '').toLowerCase();
    const times = after !== lw ? MAGNITUDES.get(after) : undefined;
    if (next === 'of' && times) {
      const [lo2] = times;
      return {
        from: i,
        to: k + 3,
        value: lo * lo2,
        valueMax: lo * lo2 * 10 - 1,
        magnitude: true,
        currency,
        percent: false,
      };
    }
    return {
      from: i,
      to: next === 'of' ? k + 2 : k + 1,
      value: lo,
      valueMax: hi,
      magnitude: true,
      currency,
      percent: false,
    };
  }
  let value = parseNumberToken(w);
  if (value === null) return null;
  let to = k + 1;
  if (lw === 'a' || lw === 'an') return null;
  // "two dozen", "1.5 million", "3 billion".
  const scale = (words[to] ?? '').toLowerCase();
  if (scale === 'dozen' && value < 100) {
    value *= 12;
    to++;
  } else if (SCALES.has(scale) && scale.length > 1) {
    value *= SCALES.get(scale) ?? 1;
    to++;
  } else if (scale === 'hundred') {
    value *= 100;
    to++;
  }
  let percent = false;
  if (/^(%|percent|per)$/i.test(words[to] ?? '')) {
    percent = true;
    to += (words[to] ?? '').toLowerCase() === 'per' && (words[to + 1] ?? '').toLowerCase() === 'cent' ? 2 : 1;
  }
  // Beyond a double ("10^400" digits long) there is no count to report, and JSON has no Infinity.
  if (!Number.isFinite(value)) return null;
  return { from: i, to, value, valueMax: null, magnitude: false, currency, percent };
}

/** Relations by which a counted noun is what its verb acts on or who undergoes it ("killed 380,000 people"). */
const PATIENT_RELS = new Set(['obj', 'nsubj:pass', 'nsubj', 'iobj']);
/** Nouns that frame a count of the people in their "of" phrase ("the deaths of 30 people"). */
const FRAME_KINDS = new Set<ClaimKind>(['fatalities', 'injured', 'displaced', 'arrested']);

/**
 * What a number phrase (tokens from..to) counts and which predicate frames it, read from the parse: the
 * noun it modifies (nummod), or the "of" noun of a quantity word ("hundreds of strikes"); the verb whose
 * object or subject that noun is, or a noun of harm whose "of" phrase it is. "two towns", "one point" get
 * their noun and no framing verb, so they are no claims.
 */
export function attachNumber(
  t: Tree,
  from: number,
  to: number,
): { noun: number | null; frame: number | null } | null {
  let r = -1;
  for (let k = from; k < to; k++) {
    const h = t.head(k);
    if (h < from || h >= to) {
      r = k;
      break;
    }
  }
  if (r < 0) return null;
  let noun: number | null = null;
  let x = r;
  if (t.rel(r) === 'nummod') noun = x = t.head(r);
  else {
    const of = t.children(r, 'nmod').find((c) => t.caseOf(c) === 'of');
    if (of !== undefined) noun = of;
  }
  let frame: number | null = null;
  const rel = t.rel(x);
  const h = t.head(x);
  if (h >= 0 && PATIENT_RELS.has(rel) && t.upos(h) !== 'NOUN') frame = h;
  else if (h >= 0 && rel === 'nmod' && t.caseOf(x) === 'of') {
    const k = kindOf(t.word(h));
    if (k && FRAME_KINDS.has(k)) frame = h;
  }
  // "12 soldiers were killed and 30 others wounded", "three people killed": a participle on the counted
  // noun is the reduced clause that frames it, where no verb acts on the noun.
  if (frame === null && noun !== null) {
    const participle = t.children(noun, 'amod', 'acl').find((c) => {
      const k = kindOf(t.word(c));
      return c > noun && k !== null && FRAME_KINDS.has(k);
    });
    if (participle !== undefined) frame = participle;
  }
  return { noun, frame };
}

function kindOf(word: string): ClaimKind | null {
  for (const [re, kind] of CUE_KINDS) if (re.test(word)) return kind;
  return null;
}

/**
 * Numeric claims: a number phrase (digits, words, scales, currencies, percentages, magnitudes such as
 * "hundreds of"), its qualifier, what it counts, and the verb that frames it. A magnitude with no noun of
 * its own ("…killed 380,000 people and displaced millions") counts the noun of the claim before it.
 */
export function extractClaims(input: ClaimInput): Claim[] {
  const { text, tokens, syntax } = input;
  const claims: Claim[] = [];
  tokens.forEach((sent, s) => {
    const words = sent.map((t) => t.text.replace(/’/g, "'"));
    const parse = syntax?.[s];
    const tree =
      parse && parse.heads.length === sent.length
        ? new Tree(
            parse,
            words.map((w) => w.toLowerCase()),
          )
        : null;
    let lastUnit: string | null = null;
    for (let i = 0; i < words.length; i++) {
      const phrase = numberAt(words, i);
      if (!phrase) continue;
      const raw = words[phrase.currency ? i + 1 : i] ?? '';
      const prev = (words[i - 1] ?? '').toLowerCase();
      const next = words[phrase.to] ?? '';
      // Years, dates, times, ordinals and names with numbers ("F-16", "Resolution 2254") are not claims.
      const isYear =
        /^(1[89]|20)\d\d$/.test(raw) &&
        !phrase.currency &&
        !phrase.percent &&
        (YEAR_CONTEXT.test(prev) || !/^[a-z]/.test(next) || MONTH.test(words[i - 2] ?? ''));
      if (isYear) continue;
      if (MONTH.test(words[i - 1] ?? '') || MONTH.test(next)) continue;
      if (/^(a\.m\.|p\.m\.|am|pm|gmt|utc)$/i.test(next) || /:\d\d/.test(raw)) continue;
      if (
        /^(resolution|article|chapter|section|page|no\.|number|flight|route|highway|f|s|su|mig|t)$/i.test(
          prev,
        )
      )
        continue;
      if (/^[A-Z]/.test(words[i - 1] ?? '') && /-$/.test(words[i - 1] ?? '')) continue;
      if (raw.toLowerCase() === 'one' && /^(of|another)$/i.test(next)) continue;

      // Qualifier from the words just before; "between X and Y" makes a range.
      let qualifier: Claim['qualifier'] = phrase.magnitude ? 'magnitude' : 'exact';
      let start = phrase.from;
      for (const [pattern, q] of QUALIFIERS) {
        const at = phrase.from - pattern.length;
        if (at >= 0 && pattern.every((p, k) => (words[at + k] ?? '').toLowerCase() === p)) {
          qualifier = q;
          start = at;
          break;
        }
      }
      const value = phrase.value;
      let valueMax = phrase.valueMax;
      let end = phrase.to;
      if ((words[end] ?? '').toLowerCase() === 'and' && prev === 'between') {
        const second = numberAt(words, end + 1);
        if (second?.value !== null && second) {
          valueMax = second.value;
          end = second.to;
          start = i - 1;
          qualifier = 'range';
        }
      } else if (/^(to|-|–)$/.test(words[end] ?? '') && !phrase.magnitude) {
        const second = numberAt(words, end + 1);
        if (second?.value !== null && second && (second.value ?? 0) > (value ?? 0)) {
          valueMax = second.value;
          end = second.to;
          qualifier = 'range';
        }
      }
      // The counted noun: the next word(s) unless punctuation or a verb intervenes ("380,000 people").
      let unit: string | null = null;
      let u = end;
      while (
        u < words.length &&
        u - end < 3 &&
        /^[a-z][a-z-]*$/i.test(words[u] ?? '') &&
        !CUE_VERBS.test(words[u] ?? '') &&
        !/(ed|ing)$/i.test(words[u] ?? '')
      ) {
        const w = (words[u] ?? '').toLowerCase();
        if (
          /^(and|or|in|on|at|to|for|since|from|by|with|who|which|that|the|a|of|was|were|is|are|have|has|had)$/.test(
            w,
          )
        )
          break;
        unit = words[u] ?? null;
        u++;
        if (kindOf(w) || /s$/.test(w)) break;
      }
      if (phrase.percent) unit = '%';
      if (phrase.currency) unit = words[i] ?? unit;
      let unitEnd = unit && !phrase.percent && !phrase.currency ? u : end;
      if (!unit && phrase.magnitude && lastUnit) unit = lastUnit;

      // The framing verb: the nearest cue verb within six words before.
      let cue: string | null = null;
      for (let b = start - 1; b >= Math.max(0, start - 6); b--) {
        const w = words[b] ?? '';
        if (/^[.;:]$/.test(w)) break;
        if (CUE_VERBS.test(w) || kindOf(w)) {
          cue = w;
          break;
        }
      }
      let kind: ClaimKind = phrase.percent ? 'percentage' : phrase.currency ? 'money' : 'other';
      // With a parse, the noun the number modifies and the verb that acts on it replace the word window.
      const attached = tree ? attachNumber(tree, phrase.from, end) : null;
      // A number with no noun of its own ("displaced millions") keeps the word-window reading below.
      if (attached?.noun != null && kind === 'other') {
        const { noun, frame } = attached;
        if (noun >= end && noun - end < 4) {
          unit = words[noun] ?? unit;
          unitEnd = noun + 1;
        } else unit = words[noun] ?? unit;
        cue = frame !== null ? (words[frame] ?? null) : null;
        const fromUnit = unit ? kindOf(unit) : null;
        const fromCue = cue ? kindOf(cue) : null;
        kind =
          fromCue && fromCue !== 'strikes' && fromCue !== 'troops'
            ? fromCue
            : (fromUnit ?? fromCue ?? 'other');
      } else if (kind === 'other') {
        const fromUnit = unit ? kindOf(unit) : null;
        const fromCue = cue ? kindOf(cue) : null;
        const after = kindOf(words[unitEnd] ?? '') ?? kindOf(words[unitEnd + 1] ?? '');
        // A verb right after the number speaks for it ("30 wounded"), before one further back.
        const adjacent = kindOf(words[end] ?? '');
        kind =
          adjacent ??
          (fromCue && fromCue !== 'strikes' && fromCue !== 'troops'
            ? fromCue
            : (fromUnit ?? fromCue ?? after ?? 'other'));
        if (/^(launched|fired|carried|conducted)$/i.test(cue ?? '') && fromUnit) kind = fromUnit;
      }
      const small = value !== null && value < 10 && !phrase.magnitude;
      if (kind === 'other' && (!cue || small)) continue;
      if (
        small &&
        ![
          'fatalities',
          'injured',
          'arrested',
          'troops',
          'strikes',
          'weapons',
          'money',
          'percentage',
        ].includes(kind)
      )
        continue;
      const a = sent[start];
      const b = sent[Math.max(unitEnd, end) - 1];
      if (!a || !b) continue;
      if (unit && unit !== '%')
        lastUnit = /people|civilians|persons|residents/i.test(unit) ? unit : (lastUnit ?? null);
      claims.push({
        id: `c${claims.length + 1}`,
        span: { sentence: s, start: a.start, end: b.end, text: text.slice(a.start, b.end) },
        kind,
        value,
        valueMax,
        qualifier,
        unit,
        cue,
        confidence: kind === 'other' ? 0.5 : cue ? 0.85 : 0.7,
      });
      i = Math.max(unitEnd, end) - 1;
    }
  });
  return claims;
}

export const claimStage: StageFactory = () =>
  defineStage({
    name: 'claims',
    version: 'parse-2',
    reads: ['sentences', 'tokens', 'syntax'],
    writes: ['claims'],
    run: (input) => ({ claims: extractClaims(input) }),
  });
