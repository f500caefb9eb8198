/**
 * The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta 2011) with the root at the end of the
 * buffer (Ballesteros & Nivre 2013), and its dynamic oracle (Goldberg & Nivre 2013): the cost of a move is
 * the number of gold arcs it makes unreachable.
 *
 * Words are 0..n-1; n is the root. SHIFT moves the buffer front onto the stack; LEFT makes the buffer front
 * the head of the stack top and pops it; RIGHT makes the second stack item the head of the top and pops it.
 * The root takes a dependent only when that word is alone on the stack, so every tree has one root.
 */
export const SHIFT = 0;
export const LEFT = 1;
export const RIGHT = 2;
export const MOVES = 3;

export class ParseState {
  readonly n: number;
  readonly stack: Int32Array;
  sp = 0;
  /** buffer front; the buffer is b..n, n being the root */
  b = 0;
  readonly heads: Int32Array;
  readonly labels: Int32Array;
  /** leftmost, second leftmost, rightmost and second rightmost dependents, -1 for none */
  readonly lc1: Int32Array;
  readonly lc2: Int32Array;
  readonly rc1: Int32Array;
  readonly rc2: Int32Array;
  readonly nl: Int32Array;
  readonly nr: Int32Array;
  /** the labels of left and right dependents, as bit sets over label ids 0-63 (two words each) */
  readonly lsetLo: Int32Array;
  readonly lsetHi: Int32Array;
  readonly rsetLo: Int32Array;
  readonly rsetHi: Int32Array;

  constructor(n: number) {
    this.n = n;
    this.stack = new Int32Array(n + 1);
    const m = n + 1;
    this.heads = new Int32Array(n).fill(-1);
    this.labels = new Int32Array(n).fill(-1);
    this.lc1 = new Int32Array(m).fill(-1);
    this.lc2 = new Int32Array(m).fill(-1);
    this.rc1 = new Int32Array(m).fill(-1);
    this.rc2 = new Int32Array(m).fill(-1);
    this.nl = new Int32Array(m);
    this.nr = new Int32Array(m);
    this.lsetLo = new Int32Array(m);
    this.lsetHi = new Int32Array(m);
    this.rsetLo = new Int32Array(m);
    this.rsetHi = new Int32Array(m);
  }

  /** The i-th stack item from the top (0 = top), or -1. */
  s(i: number): number {
    return i < this.sp ? (this.stack[this.sp - 1 - i] ?? -1) : -1;
  }

  /** The i-th buffer item (0 = front; the root counts), or -1. */
  q(i: number): number {
    return this.b + i <= this.n ? this.b + i : -1;
  }

  done(): boolean {
    return this.sp === 0 && this.b === this.n;
  }

  valid(move: number): boolean {
    switch (move) {
      case SHIFT:
        return this.b < this.n;
      case LEFT:
        return this.sp >= 1 && (this.b < this.n || this.sp === 1);
      case RIGHT:
        return this.sp >= 2;
      default:
        return false;
    }
  }

  /** The (head, dependent) arc a move would make, or null for SHIFT. */
  arc(move: number): [number, number] | null {
    if (move === LEFT) return [this.b, this.s(0)];
    if (move === RIGHT) return [this.s(1), this.s(0)];
    return null;
  }

  apply(move: number, label: number): void {
    if (move === SHIFT) {
      this.stack[this.sp++] = this.b++;
      return;
    }
    const [h, d] = this.arc(move) ?? [-1, -1];
    this.sp--;
    this.heads[d] = h;
    this.labels[d] = label;
    const bit = 1 << (label & 31);
    if (d < h) {
      // Left dependents arrive from the nearest outwards, so each is the leftmost so far.
      this.lc2[h] = this.lc1[h] ?? -1;
      this.lc1[h] = d;
      this.nl[h] = (this.nl[h] ?? 0) + 1;
      if (label < 32) this.lsetLo[h] = (this.lsetLo[h] ?? 0) | bit;
      else this.lsetHi[h] = (this.lsetHi[h] ?? 0) | bit;
    } else {
      this.rc2[h] = this.rc1[h] ?? -1;
      this.rc1[h] = d;
      this.nr[h] = (this.nr[h] ?? 0) + 1;
      if (label < 32) this.rsetLo[h] = (this.rsetLo[h] ?? 0) | bit;
      else this.rsetHi[h] = (this.rsetHi[h] ?? 0) | bit;
    }
  }

  /**
   * Gold arcs lost by `move` (Goldberg & Nivre 2013, arc-hybrid). `gold[d]` is d's gold head, n for the root.
   * Exact for projective gold trees; for the few non-projective ones it still ranks moves sensibly.
   */
  cost(move: number, gold: Int32Array): number {
    const n = this.n;
    const b = this.b;
    let c = 0;
    if (move === SHIFT) {
      // b0 can still take s0 as head (RIGHT) or a later word (LEFT); heads and dependents deeper are lost.
      for (let i = 0; i < this.sp; i++) {
        const k = this.stack[i] ?? -1;
        if (gold[k] === b) c++;
        if (i < this.sp - 1 && gold[b] === k) c++;
      }
      return c;
    }
    const d = this.s(0);
    const gh = gold[d] ?? -1;
    if (move === LEFT) {
      if (gh !== b && (gh > b || (gh === this.s(1) && gh >= 0))) c++;
    } else if (gh >= b) c++;
    // s0 leaves the stack: its dependents still in the buffer can no longer attach.
    for (let k = b; k < n; k++) if (gold[k] === d) c++;
    return c;
  }
}
