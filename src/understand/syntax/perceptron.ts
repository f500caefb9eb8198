import { HashIndex } from './hash.js';

/** What the tagger and the parser need of a classifier: class scores for a list of feature hashes. */
export interface Scorer {
  readonly classes: number;
  /** Clears `scores[0..classes)` and adds the weights of `feats[0..n)`. */
  score(feats: Uint32Array, n: number, scores: Float64Array): void;
}

/** A linear classifier over hashed features, as training builds it: one row of class weights per feature. */
export interface LinearModel {
  readonly classes: number;
  readonly index: HashIndex;
  readonly weights: Float32Array;
}

/** Adds the rows of `feats[0..n)` into `scores` (length ≥ classes), which it clears first. */
export function scoreInto(model: LinearModel, feats: Uint32Array, n: number, scores: Float64Array): void {
  const C = model.classes;
  const w = model.weights;
  scores.fill(0, 0, C);
  for (let i = 0; i < n; i++) {
    const row = model.index.get(feats[i] ?? 0);
    if (row < 0) continue;
    const base = row * C;
    for (let c = 0; c < C; c++) scores[c] = (scores[c] ?? 0) + (w[base + c] ?? 0);
  }
}

/** A trained (float) model as a Scorer, for choosing epochs on dev during training. */
export function floatScorer(model: LinearModel): Scorer {
  return {
    classes: model.classes,
    score: (feats, n, scores) => scoreInto(model, feats, n, scores),
  };
}

/**
 * The averaged perceptron (Collins 2002) with the usual lazy average: beside the weights `w` it keeps
 * `u`, the sum of each update times the step it happened at, so the average is w - u / step without
 * touching every weight at every step.
 */
export class AveragedPerceptron implements LinearModel {
  readonly index = new HashIndex(1 << 16);
  weights: Float32Array;
  private acc: Float64Array;
  private step = 1;

  constructor(readonly classes: number) {
    this.weights = new Float32Array(classes * 1024);
    this.acc = new Float64Array(classes * 1024);
  }

  /** Call once per training decision, whether or not it was wrong. */
  tick(): void {
    this.step++;
  }

  /** Moves the features' weights towards `gold` and away from `guess`. */
  update(feats: Uint32Array, n: number, gold: number, guess: number): void {
    if (gold === guess) return;
    const C = this.classes;
    for (let i = 0; i < n; i++) {
      const row = this.index.intern(feats[i] ?? 0);
      if ((row + 1) * C > this.weights.length) this.grow();
      const b = row * C;
      this.weights[b + gold] = (this.weights[b + gold] ?? 0) + 1;
      this.acc[b + gold] = (this.acc[b + gold] ?? 0) + this.step;
      this.weights[b + guess] = (this.weights[b + guess] ?? 0) - 1;
      this.acc[b + guess] = (this.acc[b + guess] ?? 0) - this.step;
    }
  }

  /** The averaged weights, as a model that can score but not learn. */
  averaged(): LinearModel {
    const n = this.index.size * this.classes;
    const weights = new Float32Array(n);
    for (let i = 0; i < n; i++) weights[i] = (this.weights[i] ?? 0) - (this.acc[i] ?? 0) / this.step;
    return { classes: this.classes, index: this.index, weights };
  }

  private grow(): void {
    const w = new Float32Array(this.weights.length * 2);
    w.set(this.weights);
    this.weights = w;
    const a = new Float64Array(this.acc.length * 2);
    a.set(this.acc);
    this.acc = a;
  }
}

/**
 * Index of the highest score among the classes whose `allowed` entry is non-zero (all when omitted); ties go
 * to the lower class.
 */
export function argmax(scores: Float64Array, classes: number, allowed?: Int32Array): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let c = 0; c < classes; c++) {
    if (allowed && allowed[c] === 0) continue;
    const s = scores[c] ?? 0;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}
