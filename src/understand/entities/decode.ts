import { allowedEnd, allowedStart, allowedTransitions, LABEL_COUNT } from './labels.js';

const L = LABEL_COUNT;
const ALLOWED = allowedTransitions();
const NEG = -1e30;

/** Per-token label scores: the sum of the weight rows of the token's active features. */
export function emissions(
  featureIds: readonly Int32Array[],
  weights: Float32Array | Float64Array,
): Float64Array {
  const out = new Float64Array(featureIds.length * L);
  featureIds.forEach((ids, t) => {
    const base = t * L;
    for (let k = 0; k < ids.length; k++) {
      const row = (ids[k] ?? 0) * L;
      for (let l = 0; l < L; l++) out[base + l] = (out[base + l] ?? 0) + (weights[row + l] ?? 0);
    }
  });
  return out;
}

/**
 * Best label sequence under emission + transition scores, restricted to well-formed BILOU. Transition
 * scores are laid out as (from + 1) * L + to, with from = -1 the sentence start.
 */
export function viterbi(em: Float64Array, n: number, trans: Float32Array | Float64Array): number[] {
  if (n === 0) return [];
  const score = new Float64Array(n * L).fill(NEG);
  const back = new Int32Array(n * L);
  for (let l = 0; l < L; l++) if (allowedStart(l)) score[l] = (em[l] ?? 0) + (trans[l] ?? 0);
  for (let t = 1; t < n; t++) {
    for (let to = 0; to < L; to++) {
      let best = NEG;
      let arg = 0;
      for (let from = 0; from < L; from++) {
        if (!ALLOWED[from]?.[to]) continue;
        const s = (score[(t - 1) * L + from] ?? NEG) + (trans[(from + 1) * L + to] ?? 0);
        if (s > best) {
          best = s;
          arg = from;
        }
      }
      score[t * L + to] = best + (em[t * L + to] ?? 0);
      back[t * L + to] = arg;
    }
  }
  let last = 0;
  let best = NEG;
  for (let l = 0; l < L; l++) {
    const s = score[(n - 1) * L + l] ?? NEG;
    if (allowedEnd(l) && s > best) {
      best = s;
      last = l;
    }
  }
  const path = new Array<number>(n);
  path[n - 1] = last;
  for (let t = n - 1; t > 0; t--) path[t - 1] = back[t * L + (path[t] ?? 0)] ?? 0;
  return path;
}

function logSumExp(a: number, b: number): number {
  if (a === NEG) return b;
  if (b === NEG) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Label marginals from forward-backward over the same lattice, with scores divided by a temperature
 * fitted on the development split: perceptron scores are margins, not log-probabilities, and the
 * temperature turns them into confidences that mean what they say.
 */
export function marginals(
  em: Float64Array,
  n: number,
  trans: Float32Array | Float64Array,
  temperature: number,
): Float64Array {
  const out = new Float64Array(n * L);
  if (n === 0) return out;
  const k = 1 / temperature;
  const alpha = new Float64Array(n * L).fill(NEG);
  const beta = new Float64Array(n * L).fill(NEG);
  for (let l = 0; l < L; l++) if (allowedStart(l)) alpha[l] = k * ((em[l] ?? 0) + (trans[l] ?? 0));
  for (let t = 1; t < n; t++) {
    for (let to = 0; to < L; to++) {
      let acc = NEG;
      for (let from = 0; from < L; from++) {
        if (!ALLOWED[from]?.[to]) continue;
        const prev = alpha[(t - 1) * L + from] ?? NEG;
        if (prev === NEG) continue;
        acc = logSumExp(acc, prev + k * (trans[(from + 1) * L + to] ?? 0));
      }
      alpha[t * L + to] = acc === NEG ? NEG : acc + k * (em[t * L + to] ?? 0);
    }
  }
  for (let l = 0; l < L; l++) if (allowedEnd(l)) beta[(n - 1) * L + l] = 0;
  for (let t = n - 2; t >= 0; t--) {
    for (let from = 0; from < L; from++) {
      let acc = NEG;
      for (let to = 0; to < L; to++) {
        if (!ALLOWED[from]?.[to]) continue;
        const next = beta[(t + 1) * L + to] ?? NEG;
        if (next === NEG) continue;
        acc = logSumExp(acc, next + k * ((trans[(from + 1) * L + to] ?? 0) + (em[(t + 1) * L + to] ?? 0)));
      }
      beta[t * L + from] = acc;
    }
  }
  let z = NEG;
  for (let l = 0; l < L; l++)
    z = logSumExp(z, (alpha[(n - 1) * L + l] ?? NEG) + (beta[(n - 1) * L + l] ?? NEG));
  for (let i = 0; i < n * L; i++) {
    const a = alpha[i] ?? NEG;
    const b = beta[i] ?? NEG;
    out[i] = a === NEG || b === NEG ? 0 : Math.exp(a + b - z);
  }
  return out;
}
