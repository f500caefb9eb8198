import type { LinearModel, Scorer } from './perceptron.js';

/**
 * A trained classifier frozen for tagging and parsing: the feature hashes sorted ascending and, per feature,
 * its non-zero weights as packed entries `class << 16 | (q & 0xffff)` (int16 q), in key order and by class
 * within a row; the weight itself is `Math.fround(q * scale)`, exactly what a Float32Array of the
 * dequantised weights would hold. Rows are sparse (a perceptron touches few classes per feature: 3 of the
 * labeler's 51 on average), so scoring adds only the weights that are there.
 *
 * Scores add those float32 values in float64. Every term is a multiple of the scale's float32 ulp and at most
 * 32767 scales, so a sum of a few hundred terms needs fewer than 53 bits: it is exact, whatever the order,
 * and skipping zeros changes nothing.
 *
 * The look-up table is built at load from the sorted keys in one sequential pass: slot = the key's top bits,
 * linear probing without wrap-around (the table has a tail past the last home slot), and [key, start << 8 |
 * count] pairs interleaved, so a probe reads one cache line and then the row's entries. Load factor ≤ 0.5.
 */
export class QuantizedModel implements Scorer {
  /** [key as int32, first entry << 8 | entry count] per slot; key 0 marks an empty slot (hashes are never 0) */
  private readonly table: Int32Array;
  private readonly shift: number;
  /** scratch: the span found for each feature of the current call */
  private spans = new Int32Array(128);
  /** where the prefetching loads go, so they are not optimised away */
  touched = 0;

  constructor(
    readonly classes: number,
    /** feature hashes, strictly ascending */
    readonly keys: Uint32Array,
    /** the number of entries of each row */
    readonly counts: Uint8Array,
    /** class << 16 | (q & 0xffff), row after row */
    readonly entries: Int32Array,
    readonly scale: number,
  ) {
    if (classes > 255 || entries.length >= 1 << 23) {
      throw new Error(`a syntax classifier of ${classes} classes and ${entries.length} weights is too big`);
    }
    let bits = 10;
    while (1 << bits < keys.length * 2) bits++;
    this.shift = 32 - bits;
    // Sorted keys have non-decreasing home slots, so each lands at max(home, previous slot + 1): at most
    // keys.length slots past the last home slot, plus one empty slot that ends every probe.
    const table = new Int32Array(((1 << bits) + keys.length + 1) * 2);
    let next = 0;
    let start = 0;
    for (let row = 0; row < keys.length; row++) {
      const key = keys[row] ?? 0;
      const count = counts[row] ?? 0;
      let slot = key >>> this.shift;
      if (slot < next) slot = next;
      table[slot * 2] = key | 0;
      table[slot * 2 + 1] = (start << 8) | count;
      next = slot + 1;
      start += count;
    }
    if (start !== entries.length) throw new Error('syntax classifier rows and weights disagree');
    this.table = table;
  }

  get rows(): number {
    return this.keys.length;
  }

  /**
   * Clears `scores[0..classes)` and adds the weights of `feats[0..n)`. The look-ups are cache misses, so
   * they run in passes of independent loads the processor can overlap: first every feature's home slot,
   * then the probes (now cached) and each found row's first entry, then the sums.
   */
  score(feats: Uint32Array, n: number, scores: Float64Array): void {
    const t = this.table;
    const e = this.entries;
    const scale = this.scale;
    const shift = this.shift;
    const spans = this.spans.length >= n ? this.spans : (this.spans = new Int32Array(n * 2));
    let touch = 0;
    for (let f = 0; f < n; f++) touch ^= t[((feats[f] ?? 0) >>> shift) * 2] ?? 0;
    for (let f = 0; f < n; f++) {
      const key = feats[f] ?? 0;
      const k = key | 0;
      let i = (key >>> shift) * 2;
      let s = t[i] ?? 0;
      while (s !== k && s !== 0) {
        i += 2;
        s = t[i] ?? 0;
      }
      const span = s === 0 ? 0 : (t[i + 1] ?? 0);
      spans[f] = span;
      touch ^= e[span >>> 8] ?? 0;
    }
    this.touched = touch;
    scores.fill(0, 0, this.classes);
    for (let f = 0; f < n; f++) {
      const span = spans[f] ?? 0;
      const end = (span >>> 8) + (span & 0xff);
      for (let j = span >>> 8; j < end; j++) {
        const x = e[j] ?? 0;
        const c = x >>> 16;
        scores[c] = (scores[c] ?? 0) + Math.fround(((x << 16) >> 16) * scale);
      }
    }
  }

  /**
   * Quantises trained weights: scale = the largest |weight| / 32767 (as float32); rows whose weights all
   * round to zero are dropped, since they cannot change a decision, and so are rows whose largest |q| is
   * under `minQ`: an averaged perceptron leaves most features it ever updated with small weights that
   * rarely change a decision, yet they make most of the file and of its load time.
   */
  static fromLinear(model: LinearModel, minQ = 1): QuantizedModel {
    const C = model.classes;
    const keys = model.index.keysByRow();
    let max = 0;
    for (let i = 0; i < keys.length * C; i++) max = Math.max(max, Math.abs(model.weights[i] ?? 0));
    const scale = max === 0 ? 1 : Math.fround(max / 32767);
    const kept: Array<[number, number]> = [];
    const least = Math.max(1, minQ);
    keys.forEach((key, row) => {
      for (let c = 0; c < C; c++)
        if (Math.abs(Math.round((model.weights[row * C + c] ?? 0) / scale)) >= least) {
          kept.push([key, row]);
          return;
        }
    });
    kept.sort((a, b) => a[0] - b[0]);
    const sorted = new Uint32Array(kept.length);
    const counts = new Uint8Array(kept.length);
    const entries: number[] = [];
    kept.forEach(([key, row], i) => {
      sorted[i] = key;
      for (let c = 0; c < C; c++) {
        const q = Math.round((model.weights[row * C + c] ?? 0) / scale);
        if (q === 0) continue;
        entries.push((c << 16) | (q & 0xffff));
        counts[i] = (counts[i] ?? 0) + 1;
      }
    });
    return new QuantizedModel(C, sorted, counts, Int32Array.from(entries), scale);
  }
}
