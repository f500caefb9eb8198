import { createHash } from 'node:crypto';
import type { TreebankSentence } from './conllu.js';
import {
  encodeSyntaxModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type SyntaxMeta,
  type SyntaxModel,
} from './model.js';
import { Parser, trainParser, type ParserExample } from './parser.js';
import { QuantizedModel } from './quantized.js';
import { seededRandom } from './random.js';
import { attachmentScores } from './score.js';
import { parseInput } from './parse-features.js';
import {
  ambiguityClasses,
  buildAmbiguityLexicon,
  buildTagDictionary,
  tagId,
  Tagger,
  trainTagger,
  UPOS,
  type AmbiguityLexicon,
} from './tagger.js';
import { wordHashes } from './words.js';

export interface SyntaxTrainingOptions {
  taggerEpochs: number;
  parserEpochs: number;
  seed: number;
  /** Folds for jackknifed training tags: the parser learns from tags as wrong as it will see. 0 = gold tags. */
  folds: number;
  exploreFrom: number;
  /**
   * Pruning levels to try on the move classifier (QuantizedModel.fromLinear's minQ): training keeps the
   * highest whose dev LAS is within `pruneTolerance` of the unpruned model's. Empty = no pruning.
   */
  pruneLevels?: readonly number[];
  pruneTolerance?: number;
  log?: (message: string) => void;
}

export interface SyntaxTrainingResult {
  model: SyntaxModel;
  bytes: Buffer;
  /** features each classifier learnt, before rows that quantise to zero were dropped */
  learnt: { tagger: number; moves: number; labeler: number };
}

/** The relation inventory: every label in the training data, sorted, so ids do not depend on order. */
export function relationLabels(sentences: readonly TreebankSentence[]): string[] {
  return [...new Set(sentences.flatMap((s) => s.deprels))].sort();
}

function parserExample(
  s: TreebankSentence,
  tags: Int32Array,
  lexicon: AmbiguityLexicon,
  labelIds: Map<string, number>,
): ParserExample {
  const n = s.words.length;
  return {
    input: parseInput(wordHashes(s.words).lower, tags, ambiguityClasses(s.words, lexicon)),
    heads: Int32Array.from(s.heads, (h) => (h === 0 ? n : h - 1)),
    labels: Int32Array.from(s.deprels, (l) => labelIds.get(l) ?? 0),
  };
}

/**
 * Trains the tagger and the parser on `train`, choosing each one's epoch on `dev` (tagging accuracy, then
 * labelled attachment with predicted tags), and encodes the model. Deterministic: the same data and
 * options give the same bytes.
 */
export function trainSyntax(
  train: readonly TreebankSentence[],
  dev: readonly TreebankSentence[],
  opts: SyntaxTrainingOptions,
): SyntaxTrainingResult {
  const log = opts.log ?? (() => undefined);
  const dictionary = buildTagDictionary(train);
  const lexicon = buildAmbiguityLexicon(train);
  const tagAccuracy = (tagger: Tagger): number => {
    let right = 0;
    let total = 0;
    for (const s of dev) {
      const tags = tagger.tagIds(s.words);
      s.upos.forEach((t, i) => {
        total++;
        if (tagId(t) === tags[i]) right++;
      });
    }
    return right / Math.max(1, total);
  };
  const tagged = trainTagger(train, dictionary, lexicon, {
    epochs: opts.taggerEpochs,
    random: seededRandom(opts.seed),
    evaluate: dev.length > 0 ? tagAccuracy : undefined,
    log,
  });
  log(`tagger: epoch ${tagged.epoch}, dev UPOS ${tagged.score?.toFixed(4) ?? '-'}`);

  // Jackknifing: each fold's tags come from a tagger trained on the other folds.
  const trainTags: Int32Array[] = train.map((s) => Int32Array.from(s.upos, tagId));
  for (let k = 0; k < opts.folds; k++) {
    const inFold = (i: number): boolean => i % opts.folds === k;
    const { tagger } = trainTagger(
      train.filter((_, i) => !inFold(i)),
      dictionary,
      lexicon,
      { epochs: tagged.epoch, random: seededRandom(opts.seed + k + 1) },
    );
    train.forEach((s, i) => {
      if (inFold(i)) trainTags[i] = tagger.tagIds(s.words);
    });
    log(`jackknife fold ${k + 1}/${opts.folds}`);
  }

  const deprels = relationLabels(train);
  const labelIds = new Map(deprels.map((l, i) => [l, i]));
  const examples = train.map((s, i) =>
    parserExample(s, trainTags[i] ?? new Int32Array(0), lexicon, labelIds),
  );
  const devExamples = dev.map((s) => parserExample(s, tagged.tagger.tagIds(s.words), lexicon, labelIds));
  const devScores = (parser: Parser): { uas: number; las: number } =>
    attachmentScores(
      devExamples.map((ex, i) => ({
        gold: dev[i] as TreebankSentence,
        predicted: parser.parse(ex.input),
      })),
      deprels,
    );
  const devLas = (parser: Parser): number => {
    const scores = devScores(parser);
    log(`  dev UAS ${scores.uas.toFixed(4)} LAS ${scores.las.toFixed(4)}`);
    return scores.las;
  };
  const parsed = trainParser(examples, {
    epochs: opts.parserEpochs,
    labels: deprels.length,
    random: seededRandom(opts.seed),
    exploreFrom: opts.exploreFrom,
    evaluate: dev.length > 0 ? devLas : undefined,
    log,
  });
  log(`parser: epoch ${parsed.epoch}, dev LAS ${parsed.score?.toFixed(4) ?? '-'}`);

  const labeler = QuantizedModel.fromLinear(parsed.weights.labeler);
  let moves = QuantizedModel.fromLinear(parsed.weights.moves);
  let pruned = 0;
  if (dev.length > 0 && (opts.pruneLevels ?? []).length > 0) {
    const full = devScores(new Parser(moves, labeler)).las;
    for (const level of opts.pruneLevels ?? []) {
      const candidate = QuantizedModel.fromLinear(parsed.weights.moves, level);
      const s = devScores(new Parser(candidate, labeler));
      log(
        `  moves pruned below ${level}: ${candidate.rows} rows, dev UAS ${s.uas.toFixed(4)} LAS ${s.las.toFixed(4)}`,
      );
      if (s.las >= full - (opts.pruneTolerance ?? 0) && level > pruned) {
        moves = candidate;
        pruned = level;
      }
    }
    log(`moves pruned below ${pruned}: ${moves.rows} rows`);
  }
  const parts = { tagger: QuantizedModel.fromLinear(tagged.weights), moves, labeler };
  const meta: SyntaxMeta = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    version: '',
    upos: [...UPOS],
    deprels,
    tagDictionary: [...dictionary],
    ambiguityLexicon: [...lexicon],
    training: {
      data: 'UD English EWT train; epochs chosen on dev (UPOS accuracy, then LAS with predicted tags)',
      sentences: train.length,
      taggerEpoch: tagged.epoch,
      parserEpoch: parsed.epoch,
      devUpos: tagged.score,
      devLas: parsed.score,
      seed: opts.seed,
      folds: opts.folds,
      exploreFrom: opts.exploreFrom,
      movesPrunedBelow: pruned,
    },
  };
  // The version hashes the encoded weights, so it is stable across identical trainings.
  const unversioned = encodeSyntaxModel({ meta, ...parts });
  meta.version = createHash('sha256').update(unversioned).digest('hex').slice(0, 12);
  const model: SyntaxModel = { meta, ...parts };
  const learnt = {
    tagger: tagged.weights.index.size,
    moves: parsed.weights.moves.index.size,
    labeler: parsed.weights.labeler.index.size,
  };
  return { model, bytes: encodeSyntaxModel(model), learnt };
}
