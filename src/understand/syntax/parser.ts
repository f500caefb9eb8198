import {
  LABEL_FEATURES,
  labelFeatures,
  PARSE_FEATURES,
  parseFeatures,
  type ParseInput,
} from './parse-features.js';
import {
  argmax,
  AveragedPerceptron,
  floatScorer,
  scoreInto,
  type LinearModel,
  type Scorer,
} from './perceptron.js';
import { shuffle, type Random } from './random.js';
import { MOVES, ParseState } from './transitions.js';

export interface Parse {
  /** 1-based heads, 0 for the root */
  heads: Int32Array;
  /** label ids */
  labels: Int32Array;
}

/**
 * Greedy arc-hybrid parsing: a move classifier picks SHIFT, LEFT or RIGHT; when the move makes an arc, a
 * label classifier names it at once, so later moves see the labels of the dependents made so far.
 */
export class Parser {
  private readonly feats = new Uint32Array(PARSE_FEATURES);
  private readonly lfeats = new Uint32Array(LABEL_FEATURES);
  private readonly scores: Float64Array;
  private readonly lscores: Float64Array;
  private readonly valid = new Int32Array(MOVES);

  constructor(
    readonly moves: Scorer,
    readonly labeler: Scorer,
  ) {
    this.scores = new Float64Array(MOVES);
    this.lscores = new Float64Array(labeler.classes);
  }

  parse(input: ParseInput): Parse {
    const n = input.words.length;
    const st = new ParseState(n);
    while (!st.done()) {
      const k = parseFeatures(st, input, this.feats);
      this.moves.score(this.feats, k, this.scores);
      for (let m = 0; m < MOVES; m++) this.valid[m] = st.valid(m) ? 1 : 0;
      const move = argmax(this.scores, MOVES, this.valid);
      st.apply(move, this.label(st, input, move));
    }
    const heads = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const h = st.heads[i] ?? n;
      heads[i] = h === n ? 0 : h + 1;
    }
    return { heads, labels: Int32Array.from(st.labels) };
  }

  private label(st: ParseState, input: ParseInput, move: number): number {
    const arc = st.arc(move);
    if (!arc) return -1;
    const k = labelFeatures(st, input, arc[0], arc[1], this.lfeats);
    this.labeler.score(this.lfeats, k, this.lscores);
    return argmax(this.lscores, this.labeler.classes);
  }
}

export interface ParserExample {
  input: ParseInput;
  /** gold heads, 0-based, n for the root */
  heads: Int32Array;
  labels: Int32Array;
}

export interface ParserTraining {
  epochs: number;
  labels: number;
  random: Random;
  /** From this epoch on, training follows the model's own moves, right or wrong (dynamic oracle). */
  exploreFrom: number;
  evaluate?: (parser: Parser) => number;
  log?: (message: string) => void;
}

export interface ParserTrainingResult {
  parser: Parser;
  /** the averaged weights the parser scores with */
  weights: { moves: LinearModel; labeler: LinearModel };
  epoch: number;
  score: number | null;
}

/**
 * Online training with the dynamic oracle (Goldberg & Nivre 2012): at each configuration the model is
 * updated towards the cheapest valid move when its own choice costs more, and after the first epoch(s) it
 * follows its own choice, so it learns to recover from its mistakes. The labeler learns from every arc
 * the parser makes with the right head.
 */
export function trainParser(examples: readonly ParserExample[], opts: ParserTraining): ParserTrainingResult {
  const moves = new AveragedPerceptron(MOVES);
  const labeler = new AveragedPerceptron(opts.labels);
  const feats = new Uint32Array(PARSE_FEATURES);
  const lfeats = new Uint32Array(LABEL_FEATURES);
  const scores = new Float64Array(MOVES);
  const lscores = new Float64Array(opts.labels);
  const costs = new Int32Array(MOVES);
  const valid = new Int32Array(MOVES);
  const cheapest = new Int32Array(MOVES);
  const order = examples.map((_, i) => i);
  let best: ParserTrainingResult | null = null;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, opts.random);
    const explore = epoch >= opts.exploreFrom;
    let right = 0;
    let total = 0;
    for (const ei of order) {
      const ex = examples[ei];
      if (!ex) continue;
      const st = new ParseState(ex.input.words.length);
      while (!st.done()) {
        const k = parseFeatures(st, ex.input, feats);
        scoreInto(moves, feats, k, scores);
        let minCost = Infinity;
        for (let m = 0; m < MOVES; m++) {
          valid[m] = st.valid(m) ? 1 : 0;
          costs[m] = valid[m] ? st.cost(m, ex.heads) : 1 << 20;
          minCost = Math.min(minCost, costs[m] ?? 0);
        }
        for (let m = 0; m < MOVES; m++) cheapest[m] = costs[m] === minCost ? 1 : 0;
        const guess = argmax(scores, MOVES, valid);
        const target = argmax(scores, MOVES, cheapest);
        if ((costs[guess] ?? 0) > minCost) moves.update(feats, k, target, guess);
        moves.tick();
        const move = explore ? guess : target;
        let label = -1;
        const arc = st.arc(move);
        if (arc) {
          const [h, d] = arc;
          const kl = labelFeatures(st, ex.input, h, d, lfeats);
          scoreInto(labeler, lfeats, kl, lscores);
          label = argmax(lscores, opts.labels);
          if ((ex.heads[d] ?? -1) === h) {
            const gold = ex.labels[d] ?? 0;
            labeler.update(lfeats, kl, gold, label);
            labeler.tick();
            if (gold === label) right++;
            total++;
          }
        }
        st.apply(move, label);
      }
    }
    const weights = { moves: moves.averaged(), labeler: labeler.averaged() };
    const parser = new Parser(floatScorer(weights.moves), floatScorer(weights.labeler));
    const score = opts.evaluate ? opts.evaluate(parser) : null;
    opts.log?.(
      `parser epoch ${epoch}: train label acc ${(right / Math.max(1, total)).toFixed(4)}${score === null ? '' : `, dev ${score.toFixed(4)}`}`,
    );
    if (!best || score === null || (best.score !== null && score > best.score))
      best = { parser, weights, epoch, score };
  }
  if (!best) throw new Error('trainParser needs at least one epoch');
  return best;
}
