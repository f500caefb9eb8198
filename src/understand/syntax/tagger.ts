import { f1, f2, f3 } from './hash.js';
import {
  argmax,
  AveragedPerceptron,
  floatScorer,
  scoreInto,
  type LinearModel,
  type Scorer,
} from './perceptron.js';
import { shuffle, type Random } from './random.js';
import { AFFIXES, normalForm, wordHashes, type WordHashes } from './words.js';

/** The 17 UPOS tags of Universal Dependencies v2. */
export const UPOS = [
  'ADJ',
  'ADP',
  'ADV',
  'AUX',
  'CCONJ',
  'DET',
  'INTJ',
  'NOUN',
  'NUM',
  'PART',
  'PRON',
  'PROPN',
  'PUNCT',
  'SCONJ',
  'SYM',
  'VERB',
  'X',
] as const;
const T: number = UPOS.length;
const TAG_ID = new Map<string, number>(UPOS.map((t, i) => [t, i]));
export const tagId = (tag: string): number => TAG_ID.get(tag) ?? TAG_ID.get('X') ?? 0;

/** Tag ids standing for "before the sentence", so tag features at the edges say so. */
const START = T;
const START2 = T + 1;
const PAD_L = 0x5a17;
const PAD_R = 0x3e1d;
export const TAG_FEATURES = 40;

// Module-level helpers rather than closures: they run thirty times per word.
function lowerAt(h: WordHashes, n: number, k: number): number {
  return k < 0 ? PAD_L - k : k >= n ? PAD_R + k - n : (h.lower[k] ?? 0);
}
function shapeAt(h: WordHashes, n: number, k: number): number {
  return k < 0 ? PAD_L : k >= n ? PAD_R : (h.shape[k] ?? 0);
}
function ambAt(amb: Uint32Array, n: number, k: number): number {
  return k < 0 ? PAD_L : k >= n ? PAD_R : (amb[k] ?? 0);
}
function affixAt(h: WordHashes, n: number, k: number, a: number): number {
  return k < 0 ? PAD_L : k >= n ? PAD_R : (h.affix[k * AFFIXES + a] ?? 0);
}

/**
 * Features of word i given the two tags on its left: the word, its affixes and shape, two words of context
 * each side with their affixes and shapes, and tag history (Collins 2002; Ratnaparkhi 1996; Toutanova et al.
 * 2003 for the word pairs).
 */
export function tagFeatures(
  h: WordHashes,
  amb: Uint32Array,
  i: number,
  p1: number,
  p2: number,
  out: Uint32Array,
): number {
  const n = h.lower.length;
  const a0 = ambAt(amb, n, i);
  const a1 = ambAt(amb, n, i + 1);
  const a2 = ambAt(amb, n, i + 2);
  const w = h.lower[i] ?? 0;
  let m = 0;
  out[m++] = f1(0, 0);
  out[m++] = f1(1, w);
  out[m++] = f1(2, h.form[i] ?? 0);
  for (let a = 0; a < AFFIXES; a++) out[m++] = f1(3 + a, affixAt(h, n, i, a));
  out[m++] = f1(10, shapeAt(h, n, i));
  out[m++] = f2(11, shapeAt(h, n, i), i === 0 ? 1 : 0);
  out[m++] = f1(12, lowerAt(h, n, i - 1));
  out[m++] = f1(13, lowerAt(h, n, i + 1));
  out[m++] = f1(14, lowerAt(h, n, i - 2));
  out[m++] = f1(15, lowerAt(h, n, i + 2));
  out[m++] = f1(16, p1);
  out[m++] = f2(17, p1, p2);
  out[m++] = f2(18, p1, w);
  out[m++] = f1(19, affixAt(h, n, i - 1, 2));
  out[m++] = f1(20, affixAt(h, n, i + 1, 2));
  out[m++] = f1(21, affixAt(h, n, i + 1, 1));
  out[m++] = f1(22, shapeAt(h, n, i - 1));
  out[m++] = f1(23, shapeAt(h, n, i + 1));
  out[m++] = f2(24, lowerAt(h, n, i - 1), w);
  out[m++] = f2(25, w, lowerAt(h, n, i + 1));
  out[m++] = f2(26, p1, affixAt(h, n, i, 2));
  out[m++] = f2(27, p1, lowerAt(h, n, i + 1));
  out[m++] = f3(28, p1, shapeAt(h, n, i), shapeAt(h, n, i + 1));
  out[m++] = f2(29, affixAt(h, n, i, 1), affixAt(h, n, i + 1, 1));
  out[m++] = f2(30, lowerAt(h, n, i + 1), lowerAt(h, n, i + 2));
  out[m++] = f2(31, p1, affixAt(h, n, i + 1, 2));
  // Ambiguity classes (the tags a known word takes) look right without a second pass.
  out[m++] = f1(32, a0);
  out[m++] = f1(33, a1);
  out[m++] = f1(34, a2);
  out[m++] = f2(35, a0, a1);
  out[m++] = f2(36, p1, a1);
  out[m++] = f3(37, a0, a1, a2);
  out[m++] = f2(38, ambAt(amb, n, i - 1), a0);
  out[m++] = f2(39, w, a1);
  return m;
}

/** Words whose tag in training is (almost) always the same: tagged by look-up, skipped in training. */
export type TagDictionary = Map<string, number>;

export function buildTagDictionary(
  sentences: readonly { words: string[]; upos: string[] }[],
  minCount = 20,
  minShare = 0.99,
): TagDictionary {
  const counts = new Map<string, Map<number, number>>();
  for (const s of sentences)
    s.words.forEach((w, i) => {
      const key = normalForm(w);
      let m = counts.get(key);
      if (!m) counts.set(key, (m = new Map()));
      const t = tagId(s.upos[i] ?? 'X');
      m.set(t, (m.get(t) ?? 0) + 1);
    });
  const dict: TagDictionary = new Map();
  for (const key of [...counts.keys()].sort()) {
    const m = counts.get(key) ?? new Map<number, number>();
    let total = 0;
    let best = 0;
    let bestTag = 0;
    for (const [t, c] of [...m].sort((a, b) => a[0] - b[0])) {
      total += c;
      if (c > best) {
        best = c;
        bestTag = t;
      }
    }
    if (total >= minCount && best / total >= minShare) dict.set(key, bestTag);
  }
  return dict;
}

/**
 * word → the set of tags (a bit per tag) it takes at least 5% of the time in training, for words seen at
 * least `minCount` times: rarer words would leak their one gold tag into training.
 */
export type AmbiguityLexicon = Map<string, number>;

export function buildAmbiguityLexicon(
  sentences: readonly { words: string[]; upos: string[] }[],
  minCount = 3,
): AmbiguityLexicon {
  const counts = new Map<string, Int32Array>();
  for (const s of sentences)
    s.words.forEach((w, i) => {
      const key = normalForm(w).toLowerCase();
      let c = counts.get(key);
      if (!c) counts.set(key, (c = new Int32Array(T)));
      const t = tagId(s.upos[i] ?? 'X');
      c[t] = (c[t] ?? 0) + 1;
    });
  const lexicon: AmbiguityLexicon = new Map();
  for (const key of [...counts.keys()].sort()) {
    const c = counts.get(key) ?? new Int32Array(T);
    const total = c.reduce((a, b) => a + b, 0);
    if (total < minCount) continue;
    let mask = 0;
    c.forEach((k, t) => {
      if (k / total >= 0.05) mask |= 1 << t;
    });
    lexicon.set(key, mask);
  }
  return lexicon;
}

const UNKNOWN_CLASS = 1 << 20;

/** Per word, the set of tags it takes in training (UNKNOWN_CLASS for words seen too rarely). */
export function ambiguityClasses(words: readonly string[], lexicon: AmbiguityLexicon): Uint32Array {
  return Uint32Array.from(words, (w) => lexicon.get(normalForm(w).toLowerCase()) ?? UNKNOWN_CLASS);
}

/** Greedy left-to-right UPOS tagging. */
export class Tagger {
  private readonly feats = new Uint32Array(TAG_FEATURES);
  private readonly scores = new Float64Array(T);

  constructor(
    readonly model: Scorer,
    readonly dictionary: TagDictionary,
    readonly lexicon: AmbiguityLexicon,
  ) {}

  tagIds(
    words: readonly string[],
    hashes: WordHashes = wordHashes(words),
    amb: Uint32Array = this.ambiguity(words),
  ): Int32Array {
    const tags = new Int32Array(words.length);
    let p1 = START;
    let p2 = START2;
    for (let i = 0; i < words.length; i++) {
      const known = this.dictionary.get(normalForm(words[i] ?? ''));
      let t: number;
      if (known !== undefined) t = known;
      else {
        const n = tagFeatures(hashes, amb, i, p1, p2, this.feats);
        this.model.score(this.feats, n, this.scores);
        t = argmax(this.scores, T);
      }
      tags[i] = t;
      p2 = p1;
      p1 = t;
    }
    return tags;
  }

  /** The ambiguity classes the tagger reads, which the parser reads too. */
  ambiguity(words: readonly string[]): Uint32Array {
    return ambiguityClasses(words, this.lexicon);
  }

  tag(words: readonly string[]): string[] {
    return [...this.tagIds(words)].map((t) => UPOS[t] ?? 'X');
  }
}

export interface TaggerTraining {
  epochs: number;
  random: Random;
  /** Called after each epoch with the averaged tagger so far; training keeps the best-scoring epoch. */
  evaluate?: (tagger: Tagger) => number;
  log?: (message: string) => void;
}

export interface TaggerTrainingResult {
  tagger: Tagger;
  /** the averaged weights the tagger scores with */
  weights: LinearModel;
  epoch: number;
  score: number | null;
}

/** Trains on gold tags with the tagger's own previous predictions as history, as it will see them. */
export function trainTagger(
  sentences: readonly { words: string[]; upos: string[] }[],
  dictionary: TagDictionary,
  lexicon: AmbiguityLexicon,
  opts: TaggerTraining,
): TaggerTrainingResult {
  const model = new AveragedPerceptron(T);
  const feats = new Uint32Array(TAG_FEATURES);
  const scores = new Float64Array(T);
  const data = sentences.map((s) => ({
    words: s.words,
    hashes: wordHashes(s.words),
    amb: ambiguityClasses(s.words, lexicon),
    gold: s.upos.map(tagId),
    known: s.words.map((w) => dictionary.get(normalForm(w))),
  }));
  let best: TaggerTrainingResult | null = null;
  const order = data.map((_, i) => i);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, opts.random);
    let right = 0;
    let total = 0;
    for (const si of order) {
      const s = data[si];
      if (!s) continue;
      let p1 = START;
      let p2 = START2;
      for (let i = 0; i < s.words.length; i++) {
        const gold = s.gold[i] ?? 0;
        let t = s.known[i];
        if (t === undefined) {
          const n = tagFeatures(s.hashes, s.amb, i, p1, p2, feats);
          scoreInto(model, feats, n, scores);
          t = argmax(scores, T);
          model.update(feats, n, gold, t);
          model.tick();
        }
        if (t === gold) right++;
        total++;
        p2 = p1;
        p1 = t;
      }
    }
    const weights = model.averaged();
    const tagger = new Tagger(floatScorer(weights), dictionary, lexicon);
    const score = opts.evaluate ? opts.evaluate(tagger) : null;
    opts.log?.(
      `tagger epoch ${epoch}: train ${(right / total).toFixed(4)}${score === null ? '' : `, dev ${score.toFixed(4)}`}`,
    );
    if (!best || score === null || (best.score !== null && score > best.score))
      best = { tagger, weights, epoch, score };
  }
  if (!best) throw new Error('trainTagger needs at least one epoch');
  return best;
}
