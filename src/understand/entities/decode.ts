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

/**
 * Label marginals from forward-backward over the same lattice, with scores divided by a temperature
 * fitted on the development split: perceptron scores are margins, not log-probabilities, and the
 * temperature turns them into confidences that mean what they say. Runs in probability space with
 * per-token rescaling, which is exact and avoids a logarithm per lattice edge.
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
  const T = new Float64Array((L + 1) * L);
  for (let from = -1; from < L; from++) {
    for (let to = 0; to < L; to++) {
      const ok = from === -1 ? allowedStart(to) : ALLOWED[from]?.[to];
      T[(from + 1) * L + to] = ok ? Math.exp(k * (trans[(from + 1) * L + to] ?? 0)) : 0;
    }
  }
  const E = new Float64Array(n * L);
  for (let t = 0; t < n; t++) {
    let max = -Infinity;
    for (let l = 0; l < L; l++) max = Math.max(max, em[t * L + l] ?? 0);
    for (let l = 0; l < L; l++) E[t * L + l] = Math.exp(k * ((em[t * L + l] ?? 0) - max));
  }
  const alpha = new Float64Array(n * L);
  const beta = new Float64Array(n * L);
  const scale = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let sum = 0;
    for (let to = 0; to < L; to++) {
      let acc = 0;
      if (t === 0) acc = T[to] ?? 0;
      else
        for (let from = 0; from < L; from++)
          acc += (alpha[(t - 1) * L + from] ?? 0) * (T[(from + 1) * L + to] ?? 0);
      const v = acc * (E[t * L + to] ?? 0);
      alpha[t * L + to] = v;
      sum += v;
    }
    scale[t] = sum > 0 ? sum : 1;
    for (let l = 0; l < L; l++) alpha[t * L + l] = (alpha[t * L + l] ?? 0) / (scale[t] ?? 1);
  }
  for (let l = 0; l < L; l++) beta[(n - 1) * L + l] = allowedEnd(l) ? 1 : 0;
  for (let t = n - 2; t >= 0; t--) {
    for (let from = 0; from < L; from++) {
      let acc = 0;
      for (let to = 0; to < L; to++)
        acc += (T[(from + 1) * L + to] ?? 0) * (E[(t + 1) * L + to] ?? 0) * (beta[(t + 1) * L + to] ?? 0);
      beta[t * L + from] = acc / (scale[t + 1] ?? 1);
    }
  }
  for (let t = 0; t < n; t++) {
    let z = 0;
    for (let l = 0; l < L; l++) z += (alpha[t * L + l] ?? 0) * (beta[t * L + l] ?? 0);
    for (let l = 0; l < L; l++)
      out[t * L + l] = z > 0 ? ((alpha[t * L + l] ?? 0) * (beta[t * L + l] ?? 0)) / z : 0;
  }
  return out;
}
