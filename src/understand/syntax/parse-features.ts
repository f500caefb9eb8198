import { f1, f2, f3, finish, mix } from './hash.js';
import { tagId } from './tagger.js';
import type { ParseState } from './transitions.js';

/** Values for positions that are empty, and for the root at the end of the buffer. */
const NONE = 0x2f1c;
const ROOT = 0x7b3a;

/** A sentence as the parser sees it: lower-cased word hashes and UPOS ids; build it with parseInput. */
export interface ParseInput {
  words: Uint32Array;
  tags: Int32Array;
  /** the tags each word takes in training (the tagger's ambiguity classes), so the parser can doubt a tag */
  amb: Uint32Array;
  /** punctuation tokens before each position (n + 1 entries); see parseInput */
  punctBefore: Int32Array;
  /** verbs and auxiliaries before each position */
  verbsBefore: Int32Array;
}

export const PARSE_FEATURES = 136;
export const LABEL_FEATURES = 48;

function dist(a: number, b: number): number {
  if (a < 0 || b < 0) return NONE;
  const d = Math.abs(a - b);
  return d <= 4 ? d : d <= 7 ? 5 : d <= 12 ? 6 : 7;
}

// Module-level helpers rather than closures: these run a hundred times per move.
function word(input: ParseInput, n: number, x: number): number {
  return x < 0 ? NONE : x === n ? ROOT : (input.words[x] ?? NONE);
}
function tag(input: ParseInput, n: number, x: number): number {
  return x < 0 ? NONE : x === n ? ROOT : (input.tags[x] ?? NONE);
}
function amb(input: ParseInput, n: number, x: number): number {
  return x < 0 ? NONE : x === n ? ROOT : (input.amb[x] ?? NONE);
}
function lab(st: ParseState, x: number): number {
  return x < 0 ? NONE : (st.labels[x] ?? NONE);
}
function kid(arr: Int32Array, x: number): number {
  return x < 0 ? -1 : (arr[x] ?? -1);
}
function val(arr: Int32Array, x: number): number {
  return x < 0 ? NONE : (arr[x] ?? 0);
}
function set(lo: Int32Array, hi: Int32Array, x: number): number {
  return x < 0 ? NONE : finish(mix(lo[x] ?? 0, hi[x] ?? 0));
}

const PUNCT = tagId('PUNCT');
const VERB = tagId('VERB');
const AUX = tagId('AUX');

/**
 * The parser's view of a tagged sentence, with the prefix counts of punctuation and verbs that the
 * "what lies between s0 and b0" features read, counted once per sentence rather than once per move.
 */
export function parseInput(words: Uint32Array, tags: Int32Array, amb: Uint32Array): ParseInput {
  const n = tags.length;
  const punctBefore = new Int32Array(n + 1);
  const verbsBefore = new Int32Array(n + 1);
  let p = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    punctBefore[i] = p;
    verbsBefore[i] = v;
    const t = tags[i] ?? 0;
    if (t === PUNCT) p++;
    else if (t === VERB || t === AUX) v++;
  }
  punctBefore[n] = p;
  verbsBefore[n] = v;
  return { words, tags, amb, punctBefore, verbsBefore };
}

/** How many of `before`'s items lie strictly between positions a < b: 0, 1, 2, or 3 for more. */
function between(before: Int32Array, a: number, b: number): number {
  if (a < 0 || b < 0) return NONE;
  const c = (before[b] ?? 0) - (before[a + 1] ?? 0);
  return c > 2 ? 3 : c;
}

/**
 * Features of a configuration for the move classifier, after Zhang & Nivre (2011): words and tags of three
 * stack and three buffer items, pairs and triples of them, distance, valency, the leftmost and rightmost
 * dependents with their labels, and the label sets of s0, s1 and b0. Arc-hybrid stack items have no head
 * yet, so the head features of the arc-eager set become s1 and s2 features here.
 */
export function parseFeatures(st: ParseState, input: ParseInput, out: Uint32Array): number {
  const n = st.n;
  const s0 = st.s(0);
  const s1 = st.s(1);
  const s2 = st.s(2);
  const b0 = st.q(0);
  const b1 = st.q(1);
  const b2 = st.q(2);
  const s0w = word(input, n, s0);
  const s0p = tag(input, n, s0);
  const s1w = word(input, n, s1);
  const s1p = tag(input, n, s1);
  const b0w = word(input, n, b0);
  const b0p = tag(input, n, b0);
  const b1w = word(input, n, b1);
  const b1p = tag(input, n, b1);
  const b2w = word(input, n, b2);
  const b2p = tag(input, n, b2);
  const s2p = tag(input, n, s2);
  const s2w = word(input, n, s2);
  const s0l = kid(st.lc1, s0);
  const s0l2 = kid(st.lc2, s0);
  const s0r = kid(st.rc1, s0);
  const s0r2 = kid(st.rc2, s0);
  const s1l = kid(st.lc1, s1);
  const s1r = kid(st.rc1, s1);
  const s1r2 = kid(st.rc2, s1);
  const b0l = kid(st.lc1, b0);
  const b0l2 = kid(st.lc2, b0);
  const s0wp = f2(1, s0w, s0p);
  const s1wp = f2(2, s1w, s1p);
  const b0wp = f2(3, b0w, b0p);
  const b1wp = f2(4, b1w, b1p);
  const d01 = dist(s0, b0);
  const d10 = dist(s1, s0);
  let m = 0;
  // single words
  out[m++] = s0wp;
  out[m++] = f1(10, s0w);
  out[m++] = f1(11, s0p);
  out[m++] = s1wp;
  out[m++] = f1(12, s1w);
  out[m++] = f1(13, s1p);
  out[m++] = b0wp;
  out[m++] = f1(14, b0w);
  out[m++] = f1(15, b0p);
  out[m++] = b1wp;
  out[m++] = f1(16, b1w);
  out[m++] = f1(17, b1p);
  out[m++] = f2(18, b2w, b2p);
  out[m++] = f1(19, b2w);
  out[m++] = f1(20, b2p);
  out[m++] = f2(21, s2w, s2p);
  out[m++] = f1(22, s2p);
  // pairs
  out[m++] = f2(30, s0wp, b0wp);
  out[m++] = f3(31, s0wp, b0w, 0);
  out[m++] = f3(32, s0w, b0wp, 0);
  out[m++] = f2(33, s0wp, b0p);
  out[m++] = f2(34, s0p, b0wp);
  out[m++] = f2(35, s0w, b0w);
  out[m++] = f2(36, s0p, b0p);
  out[m++] = f2(37, b0p, b1p);
  out[m++] = f2(38, s1wp, s0wp);
  out[m++] = f2(39, s1w, s0w);
  out[m++] = f2(40, s1p, s0p);
  out[m++] = f2(41, s1wp, s0p);
  out[m++] = f2(42, s1p, s0wp);
  out[m++] = f2(43, s1w, b0w);
  out[m++] = f2(44, s1p, b0p);
  out[m++] = f2(45, b0w, b1w);
  out[m++] = f2(46, b0wp, b1p);
  // triples
  out[m++] = f3(50, b0p, b1p, b2p);
  out[m++] = f3(51, s0p, b0p, b1p);
  out[m++] = f3(52, s1p, s0p, b0p);
  out[m++] = f3(53, s0p, tag(input, n, s0l), b0p);
  out[m++] = f3(54, s0p, tag(input, n, s0r), b0p);
  out[m++] = f3(55, s0p, b0p, tag(input, n, b0l));
  out[m++] = f3(56, s2p, s1p, s0p);
  out[m++] = f3(57, s1p, s0p, tag(input, n, s0l));
  out[m++] = f3(58, s1p, tag(input, n, s1r), s0p);
  out[m++] = f3(59, s1p, s0p, tag(input, n, s0r));
  out[m++] = f3(60, s1p, s0p, b1p);
  out[m++] = f3(61, s0w, s1p, b0p);
  out[m++] = f3(62, s0p, s1p, b0w);
  // distance
  out[m++] = f2(70, s0w, d01);
  out[m++] = f2(71, s0p, d01);
  out[m++] = f2(72, b0w, d01);
  out[m++] = f2(73, b0p, d01);
  out[m++] = f3(74, s0w, b0w, d01);
  out[m++] = f3(75, s0p, b0p, d01);
  out[m++] = f3(76, s1p, s0p, d10);
  out[m++] = f3(77, s1w, s0w, d10);
  out[m++] = f2(78, s1w, d10);
  out[m++] = f2(79, s0w, d10);
  // valency
  out[m++] = f2(80, s0w, val(st.nr, s0));
  out[m++] = f2(81, s0p, val(st.nr, s0));
  out[m++] = f2(82, s0w, val(st.nl, s0));
  out[m++] = f2(83, s0p, val(st.nl, s0));
  out[m++] = f2(84, b0w, val(st.nl, b0));
  out[m++] = f2(85, b0p, val(st.nl, b0));
  out[m++] = f2(86, s1p, val(st.nr, s1));
  out[m++] = f2(87, s1w, val(st.nr, s1));
  // dependents
  out[m++] = f1(90, word(input, n, s0l));
  out[m++] = f1(91, tag(input, n, s0l));
  out[m++] = f1(92, lab(st, s0l));
  out[m++] = f1(93, word(input, n, s0r));
  out[m++] = f1(94, tag(input, n, s0r));
  out[m++] = f1(95, lab(st, s0r));
  out[m++] = f1(96, word(input, n, b0l));
  out[m++] = f1(97, tag(input, n, b0l));
  out[m++] = f1(98, lab(st, b0l));
  out[m++] = f1(99, word(input, n, s1r));
  out[m++] = f1(100, tag(input, n, s1r));
  out[m++] = f1(101, lab(st, s1r));
  out[m++] = f1(102, lab(st, s1l));
  out[m++] = f2(103, tag(input, n, s0l2), lab(st, s0l2));
  out[m++] = f2(104, tag(input, n, s0r2), lab(st, s0r2));
  out[m++] = f2(105, tag(input, n, b0l2), lab(st, b0l2));
  out[m++] = f3(106, s0p, tag(input, n, s0l), tag(input, n, s0l2));
  out[m++] = f3(107, s0p, tag(input, n, s0r), tag(input, n, s0r2));
  out[m++] = f3(108, b0p, tag(input, n, b0l), tag(input, n, b0l2));
  out[m++] = f3(109, s1p, tag(input, n, s1r), tag(input, n, s1r2));
  out[m++] = f3(110, s0p, lab(st, s0l), lab(st, s0r));
  out[m++] = f3(111, s1p, s0p, lab(st, s1r));
  // label sets
  out[m++] = f2(120, s0w, set(st.rsetLo, st.rsetHi, s0));
  out[m++] = f2(121, s0p, set(st.rsetLo, st.rsetHi, s0));
  out[m++] = f2(122, s0w, set(st.lsetLo, st.lsetHi, s0));
  out[m++] = f2(123, s0p, set(st.lsetLo, st.lsetHi, s0));
  out[m++] = f2(124, b0w, set(st.lsetLo, st.lsetHi, b0));
  out[m++] = f2(125, b0p, set(st.lsetLo, st.lsetHi, b0));
  out[m++] = f2(126, s1p, set(st.rsetLo, st.rsetHi, s1));
  out[m++] = f3(127, s1p, set(st.lsetLo, st.lsetHi, s1), s0p);
  // punctuation and verbs between s0 and b0, and between s1 and s0
  const pb = between(input.punctBefore, s0, b0);
  const vb = between(input.verbsBefore, s0, b0);
  const pb1 = between(input.punctBefore, s1, s0);
  out[m++] = f3(130, s0p, b0p, pb);
  out[m++] = f3(131, s0p, b0p, vb);
  out[m++] = f3(132, s0w, b0p, pb);
  out[m++] = f3(133, s0p, b0w, pb);
  out[m++] = f3(134, s1p, s0p, pb1);
  out[m++] = f3(135, s0p, b0p, f2(0, pb, vb));
  // the words next to s0 and b0
  const s0n = s0 >= 0 && s0 + 1 < n ? s0 + 1 : -1;
  const s0pv = s0 > 0 ? s0 - 1 : -1;
  const b0pv = b0 > 0 && b0 <= n ? b0 - 1 : -1;
  out[m++] = f3(136, s0p, tag(input, n, s0n), b0p);
  out[m++] = f3(137, tag(input, n, s0pv), s0p, b0p);
  out[m++] = f3(138, s0p, tag(input, n, b0pv), b0p);
  out[m++] = f3(139, s0p, word(input, n, b0pv), b0p);
  // dependents' words with their heads' tags
  out[m++] = f2(140, s0p, word(input, n, s0l));
  out[m++] = f2(141, s0p, word(input, n, s0r));
  out[m++] = f2(142, b0p, word(input, n, b0l));
  out[m++] = f3(143, s0p, b0p, word(input, n, b0l));
  out[m++] = f3(144, s0p, b0p, lab(st, b0l));
  out[m++] = f3(145, s0w, b0p, lab(st, s0r));
  out[m++] = f3(146, s0p, b0w, lab(st, s0l));
  out[m++] = f3(147, s1w, s0p, b0p);
  out[m++] = f3(148, s1p, s0p, b0w);
  out[m++] = f3(149, s0wp, b0wp, d01);
  out[m++] = f3(150, s1p, s0p, f2(0, b0p, d01));
  // ambiguity classes: where the tag may be wrong
  const as0 = amb(input, n, s0);
  const ab0 = amb(input, n, b0);
  out[m++] = f2(160, s0p, as0);
  out[m++] = f2(161, b0p, ab0);
  out[m++] = f3(162, s0p, b0p, ab0);
  out[m++] = f3(163, s0p, as0, b0p);
  out[m++] = f2(164, s1p, amb(input, n, s1));
  out[m++] = f3(165, as0, ab0, d01);
  return m;
}

/**
 * Features for the label of the arc head → dep, read when the arc is made. In the arc-hybrid system the
 * dependent's own subtree is complete by then, so its dependents (a "by" case marker, a passive auxiliary)
 * and their labels are known; so are the head's dependents attached so far.
 */
export function labelFeatures(
  st: ParseState,
  input: ParseInput,
  head: number,
  dep: number,
  out: Uint32Array,
): number {
  const n = st.n;
  const dir = head === n ? 2 : dep < head ? 0 : 1;
  const hw = word(input, n, head);
  const hp = tag(input, n, head);
  const dw = word(input, n, dep);
  const dp = tag(input, n, dep);
  const dd = dist(head === n ? -1 : head, dep);
  const dl = kid(st.lc1, dep);
  const dl2 = kid(st.lc2, dep);
  const dr = kid(st.rc1, dep);
  const hl = kid(st.lc1, head);
  const hr = kid(st.rc1, head);
  const dLeft = set(st.lsetLo, st.lsetHi, dep);
  const dRight = set(st.rsetLo, st.rsetHi, dep);
  const hLeft = set(st.lsetLo, st.lsetHi, head);
  const hRight = set(st.rsetLo, st.rsetHi, head);
  const prev = dep > 0 ? tag(input, n, dep - 1) : NONE;
  const next = dep + 1 < n ? tag(input, n, dep + 1) : NONE;
  let m = 0;
  out[m++] = f1(1 * 4 + dir, 0);
  out[m++] = f1(2 * 4 + dir, hw);
  out[m++] = f1(3 * 4 + dir, hp);
  out[m++] = f1(4 * 4 + dir, dw);
  out[m++] = f1(5 * 4 + dir, dp);
  out[m++] = f2(6 * 4 + dir, hp, dp);
  out[m++] = f2(7 * 4 + dir, hw, dp);
  out[m++] = f2(8 * 4 + dir, hp, dw);
  out[m++] = f2(9 * 4 + dir, hw, dw);
  out[m++] = f3(10 * 4 + dir, hp, dp, dd);
  out[m++] = f2(11 * 4 + dir, dw, dp);
  out[m++] = f2(12 * 4 + dir, hw, hp);
  out[m++] = f3(13 * 4 + dir, dp, word(input, n, dl), lab(st, dl));
  out[m++] = f2(14 * 4 + dir, dp, lab(st, dl));
  out[m++] = f2(15 * 4 + dir, dp, lab(st, dr));
  out[m++] = f2(16 * 4 + dir, dp, word(input, n, dl));
  out[m++] = f2(17 * 4 + dir, dp, tag(input, n, dl));
  out[m++] = f2(18 * 4 + dir, dp, word(input, n, dr));
  out[m++] = f2(19 * 4 + dir, dp, tag(input, n, dr));
  out[m++] = f3(20 * 4 + dir, dp, lab(st, dl), lab(st, dl2));
  out[m++] = f2(21 * 4 + dir, dp, dLeft);
  out[m++] = f2(22 * 4 + dir, dp, dRight);
  out[m++] = f3(23 * 4 + dir, hp, dp, dLeft);
  out[m++] = f2(24 * 4 + dir, hp, hLeft);
  out[m++] = f2(25 * 4 + dir, hp, hRight);
  out[m++] = f3(26 * 4 + dir, hp, dp, hLeft);
  out[m++] = f3(27 * 4 + dir, hp, dp, hRight);
  out[m++] = f2(28 * 4 + dir, hp, lab(st, hl));
  out[m++] = f2(29 * 4 + dir, hp, lab(st, hr));
  out[m++] = f3(30 * 4 + dir, dp, prev, next);
  out[m++] = f3(31 * 4 + dir, hp, dp, prev);
  out[m++] = f3(32 * 4 + dir, hp, dp, next);
  out[m++] = f3(33 * 4 + dir, hw, dp, word(input, n, dl));
  out[m++] = f3(34 * 4 + dir, hp, dw, word(input, n, dl));
  out[m++] = f3(35 * 4 + dir, hp, dp, word(input, n, dl));
  out[m++] = f2(36 * 4 + dir, dw, dLeft);
  out[m++] = f3(37 * 4 + dir, hp, dp, st.sp);
  out[m++] = f3(38 * 4 + dir, hp, dp, dep === 0 ? 1 : 0);
  out[m++] = f2(39 * 4 + dir, dp, dd);
  out[m++] = f3(40 * 4 + dir, hw, dp, dd);
  out[m++] = f3(41 * 4 + dir, dw, hp, dd);
  out[m++] = f2(42 * 4 + dir, dw, lab(st, dl));
  out[m++] = f3(43 * 4 + dir, hp, dp, amb(input, n, dep));
  out[m++] = f2(44 * 4 + dir, dw, next);
  out[m++] = f3(45 * 4 + dir, hp, dw, lab(st, dl));
  return m;
}
