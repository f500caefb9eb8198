/**
 * Features are 32-bit hashes of a template number and the integer values it combines (word hashes, tag and
 * label ids), so extracting one costs a few multiplications and no string is built while tagging or
 * parsing. With a few million features, 32 bits collide on a few thousand pairs: noise a perceptron absorbs.
 */

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Folds one value into a running hash (the murmur3 32-bit block step). */
export function mix(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The murmur3 finaliser: spreads every input bit over the key, which the open-addressing table needs. */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // 0 marks an empty slot in HashIndex.
  return h >>> 0 || 1;
}

export const f1 = (t: number, a: number): number => finish(mix(mix(0, t), a));
export const f2 = (t: number, a: number, b: number): number => finish(mix(mix(mix(0, t), a), b));
export const f3 = (t: number, a: number, b: number, c: number): number =>
  finish(mix(mix(mix(mix(0, t), a), b), c));

/**
 * Feature hash → row, as open addressing with linear probing over typed arrays: building it from a model
 * file of millions of rows takes milliseconds, where a Map takes most of a second.
 */
export class HashIndex {
  private keys: Uint32Array;
  private rows: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 1024;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Uint32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The row of `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    let i = key & this.mask;
    for (;;) {
      const k = keys[i] ?? 0;
      if (k === key) return this.rows[i] ?? -1;
      if (k === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** The row of `key`, giving it the next row number when new. */
  intern(key: number): number {
    let i = key & this.mask;
    for (;;) {
      const k = this.keys[i] ?? 0;
      if (k === key) return this.rows[i] ?? -1;
      if (k === 0) break;
      i = (i + 1) & this.mask;
    }
    const row = this.size++;
    this.keys[i] = key;
    this.rows[i] = row;
    if (this.size * 2 > this.mask) this.grow();
    return row;
  }

  /** Every key, in row order. */
  keysByRow(): Uint32Array {
    const out = new Uint32Array(this.size);
    for (let i = 0; i <= this.mask; i++) {
      const k = this.keys[i] ?? 0;
      if (k !== 0) out[this.rows[i] ?? 0] = k;
    }
    return out;
  }

  private grow(): void {
    const keys = this.keys;
    const rows = this.rows;
    const cap = keys.length * 2;
    this.keys = new Uint32Array(cap);
    this.rows = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j] ?? 0;
      if (k === 0) continue;
      let i = k & this.mask;
      while ((this.keys[i] ?? 0) !== 0) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.rows[i] = rows[j] ?? 0;
    }
  }
}
