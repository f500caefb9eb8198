import { emissions, viterbi } from './decode.js';
import { LABEL_COUNT } from './labels.js';

export interface TrainingSentence {
  features: string[][];
  labels: number[];
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  /** Features seen fewer times than this in training are dropped: they cannot be learned reliably. */
  minCount: number;
  /** Scores a snapshot of the averaged weights (on the development split); the best epoch is kept. */
  evaluate?: (snapshot: TrainedWeights, epoch: number) => number;
  onProgress?: (message: string) => void;
}

export interface TrainedWeights {
  featureIndex: Map<string, number>;
  weights: Float32Array;
  transitions: Float32Array;
}

export interface TrainResult extends TrainedWeights {
  bestEpoch: number;
  bestScore: number | null;
  history: Array<{ epoch: number; errors: number; score: number | null }>;
}

/** Small deterministic PRNG (mulberry32): same seed, same shuffles, same model. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildFeatureIndex(
  sentences: readonly TrainingSentence[],
  minCount: number,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sentences)
    for (const tok of s.features) for (const f of tok) counts.set(f, (counts.get(f) ?? 0) + 1);
  const index = new Map<string, number>();
  // Sorted so the index (and so the model file) does not depend on Map insertion details.
  for (const f of [...counts.keys()].sort()) if ((counts.get(f) ?? 0) >= minCount) index.set(f, index.size);
  return index;
}

export function toIds(features: readonly string[][], index: ReadonlyMap<string, number>): Int32Array[] {
  return features.map((tok) => {
    const ids: number[] = [];
    for (const f of tok) {
      const id = index.get(f);
      if (id !== undefined) ids.push(id);
    }
    return Int32Array.from(ids);
  });
}

/**
 * Averaged structured perceptron (Collins 2002) over first-order BILOU Viterbi. Averaging uses the
 * lazy trick (w − u/c) so each update costs only the features it touches.
 */
export function trainPerceptron(sentences: readonly TrainingSentence[], opts: TrainOptions): TrainResult {
  const L = LABEL_COUNT;
  const featureIndex = buildFeatureIndex(sentences, opts.minCount);
  const data = sentences.map((s) => ({ ids: toIds(s.features, featureIndex), gold: s.labels }));
  const F = featureIndex.size;
  const w = new Float64Array(F * L);
  const u = new Float64Array(F * L);
  const tw = new Float64Array((L + 1) * L);
  const tu = new Float64Array((L + 1) * L);
  const random = seededRandom(opts.seed);
  const order = data.map((_, i) => i);
  let c = 1;
  let best: TrainedWeights | null = null;
  let bestScore: number | null = null;
  let bestEpoch = opts.epochs;
  const history: TrainResult['history'] = [];
  const snapshot = (): TrainedWeights => {
    const weights = new Float32Array(F * L);
    for (let i = 0; i < F * L; i++) weights[i] = (w[i] ?? 0) - (u[i] ?? 0) / c;
    const transitions = new Float32Array((L + 1) * L);
    for (let i = 0; i < transitions.length; i++) transitions[i] = (tw[i] ?? 0) - (tu[i] ?? 0) / c;
    return { featureIndex, weights, transitions };
  };
  const bump = (ids: Int32Array, label: number, delta: number): void => {
    for (let k = 0; k < ids.length; k++) {
      const at = (ids[k] ?? 0) * L + label;
      w[at] = (w[at] ?? 0) + delta;
      u[at] = (u[at] ?? 0) + c * delta;
    }
  };
  const bumpT = (from: number, to: number, delta: number): void => {
    const at = (from + 1) * L + to;
    tw[at] = (tw[at] ?? 0) + delta;
    tu[at] = (tu[at] ?? 0) + c * delta;
  };
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    let errors = 0;
    for (const idx of order) {
      const s = data[idx];
      if (!s) continue;
      const n = s.ids.length;
      const pred = viterbi(emissions(s.ids, w), n, tw);
      for (let t = 0; t < n; t++) {
        const g = s.gold[t] ?? 0;
        const p = pred[t] ?? 0;
        const gPrev = t === 0 ? -1 : (s.gold[t - 1] ?? 0);
        const pPrev = t === 0 ? -1 : (pred[t - 1] ?? 0);
        if (g !== p) {
          errors++;
          const ids = s.ids[t] ?? new Int32Array();
          bump(ids, g, 1);
          bump(ids, p, -1);
        }
        if (g !== p || gPrev !== pPrev) {
          bumpT(gPrev, g, 1);
          bumpT(pPrev, p, -1);
        }
      }
      c++;
    }
    const score = opts.evaluate ? opts.evaluate(snapshot(), epoch) : null;
    history.push({ epoch, errors, score });
    opts.onProgress?.(
      `epoch ${epoch}: ${errors} token errors${score === null ? '' : `, dev ${score.toFixed(4)}`}`,
    );
    if (score !== null && (bestScore === null || score > bestScore)) {
      bestScore = score;
      bestEpoch = epoch;
      best = snapshot();
    }
  }
  const final = best ?? snapshot();
  return { ...final, bestEpoch, bestScore, history };
}
