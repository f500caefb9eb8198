import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { scoreSpans, type Typed as TypedSpan } from '../eval/metrics.js';
import { stackedFeatures } from '../src/understand/entities/aggregate.js';
import { marginals } from '../src/understand/entities/decode.js';
import {
  conllDocuments,
  parseConll,
  spansFromIob,
  type ConllSentence,
} from '../src/understand/entities/conll.js';
import { documentContexts, type EntityResources } from '../src/understand/entities/context.js';
import { sentenceFeatures } from '../src/understand/entities/features.js';
import { Gazetteer } from '../src/understand/entities/gazetteer.js';
import { spansToLabels, LABELS } from '../src/understand/entities/labels.js';
import {
  encodeModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type StageWeights,
} from '../src/understand/entities/model-file.js';
import { decodeStage, EntityTagger } from '../src/understand/entities/tagger.js';
import {
  trainPerceptron,
  type TrainingSentence,
  type TrainResult,
} from '../src/understand/entities/train.js';

// `npm run train:entities`: trains the entity tagger on the CoNLL-2003 training split, picks the epoch
// and the confidence temperature on the development split (never the test split), and writes the model.

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const repo = existsSync(join(root, 'package.json'))
  ? root
  : resolve(dirname(new URL(import.meta.url).pathname), '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const shared = resolve(arg('shared', join(repo, '..', 'shared', 'data')));
const conllDir = join(shared, 'conll2003');
const epochs = Number(arg('epochs', '16'));
const seed = Number(arg('seed', '1'));
const minCount = Number(arg('min-count', '1'));
const out = resolve(arg('out', join(repo, 'models', 'entities.bin.gz')));
const useGazetteer = arg('gazetteer', 'yes') !== 'no';
const stageCount = Number(arg('stages', '2'));

for (const f of ['train.txt', 'valid.txt']) {
  if (!existsSync(join(conllDir, f))) {
    process.stderr.write(
      `Missing ${join(conllDir, f)}. Pass --shared <dir> pointing at the shared data folder.\n`,
    );
    process.exit(2);
  }
}

export function loadResources(repoDir: string, withGazetteer: boolean): EntityResources {
  const gazPath = arg('gazetteer-file', join(repoDir, 'data', 'gazetteers', 'entities.tsv'));
  const wordsPath = join(repoDir, 'data', 'lexicon', 'common-words.txt.gz');
  return {
    gazetteer: withGazetteer && existsSync(gazPath) ? Gazetteer.load(gazPath) : null,
    commonWords: existsSync(wordsPath)
      ? new Set(gunzipSync(readFileSync(wordsPath)).toString('utf8').split('\n').filter(Boolean))
      : null,
  };
}

const log = (m: string): void => {
  process.stderr.write(`${m}\n`);
};
const resources = loadResources(repo, useGazetteer);
log(
  `gazetteer: ${resources.gazetteer ? `${resources.gazetteer.size} names` : 'none'}; common words: ${resources.commonWords?.size ?? 'none'}`,
);

interface DocData {
  words: string[][];
  tags: string[][];
  labels: number[][];
  features: string[][][];
}

function featuriseDocs(sentences: ConllSentence[]): DocData[] {
  return conllDocuments(sentences).map((doc) => {
    const words = doc.map((s) => s.words);
    const ctx = documentContexts(words, resources);
    return {
      words,
      tags: doc.map((s) => s.tags),
      labels: doc.map((s) => spansToLabels(s.words.length, spansFromIob(s.tags))),
      features: doc.map((s, i) => sentenceFeatures(s.words, ctx[i])),
    };
  });
}

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const train = parseConll(readFileSync(join(conllDir, 'train.txt'), 'utf8'));
const dev = parseConll(readFileSync(join(conllDir, 'valid.txt'), 'utf8'));
const trainDocs = featuriseDocs(train);
const devDocs = featuriseDocs(dev);
log(
  `train ${train.length} sentences in ${trainDocs.length} documents, dev ${dev.length} in ${devDocs.length}`,
);

function devScore(tagger: EntityTagger): number {
  const pairs: Array<{ gold: TypedSpan[]; predicted: TypedSpan[] }> = [];
  for (const doc of devDocs) {
    const tagged = tagger.tagDocument(doc.words, false);
    doc.tags.forEach((tags, i) => pairs.push({ gold: spansFromIob(tags), predicted: tagged[i] ?? [] }));
  }
  return scoreSpans(pairs).overall.f1;
}

const flat = (docs: DocData[], extra?: string[][][][]): TrainingSentence[] =>
  docs.flatMap((d, di) =>
    d.features.map((f, si) => ({
      features: extra ? f.map((tok, ti) => tok.concat(extra[di]?.[si]?.[ti] ?? [])) : f,
      labels: d.labels[si] ?? [],
    })),
  );

log('stage 1: local and document features');
const ensemble = Number(arg('ensemble', '3'));

/**
 * Averages the weights of `ensemble` perceptrons that differ only in their shuffling seed, each stopped
 * at the epoch the first one found best on dev: a cheap ensemble that costs nothing at run time.
 */
function trainAveraged(data: TrainingSentence[], first: TrainResult, name: string): TrainResult {
  if (ensemble <= 1) return first;
  const sum = Float64Array.from(first.weights);
  const tsum = Float64Array.from(first.transitions);
  for (let k = 1; k < ensemble; k++) {
    const other = trainPerceptron(data, { epochs: first.bestEpoch, seed: seed + 100 * k, minCount });
    other.weights.forEach((w, i) => (sum[i] = (sum[i] ?? 0) + w));
    other.transitions.forEach((w, i) => (tsum[i] = (tsum[i] ?? 0) + w));
    log(`  ${name}: ensemble member ${k + 1}/${ensemble} (${elapsed()})`);
  }
  return {
    ...first,
    weights: Float32Array.from(sum, (w) => w / ensemble),
    transitions: Float32Array.from(tsum, (w) => w / ensemble),
  };
}

const stage1Data = flat(trainDocs);
const stage1First = trainPerceptron(stage1Data, {
  epochs,
  seed,
  minCount,
  evaluate: (snap) => devScore(new EntityTagger([snap], resources)),
  onProgress: (m) => log(`  ${m} (${elapsed()})`),
});
const stage1 = trainAveraged(stage1Data, stage1First, 'stage 1');
if (ensemble > 1) stage1.bestScore = devScore(new EntityTagger([stage1], resources));
log(`stage 1: best epoch ${stage1.bestEpoch}, dev F1 ${stage1.bestScore?.toFixed(4)}`);

// The second stage must learn from first-pass labels as noisy as those it will see on new text, so each
// training fold is labelled by a first stage trained without it (jackknifing).
const folds = stageCount === 1 ? 0 : Number(arg('folds', '5'));
const stackedTrain: string[][][][] = new Array<string[][][]>(trainDocs.length);
for (let k = 0; k < folds; k++) {
  const inFold = (i: number): boolean => i % folds === k;
  const model = trainPerceptron(flat(trainDocs.filter((_, i) => !inFold(i))), {
    epochs: stage1.bestEpoch,
    seed: seed + k + 1,
    minCount,
  });
  const tagger = new EntityTagger([model], resources);
  trainDocs.forEach((d, i) => {
    if (inFold(i)) stackedTrain[i] = stackedFeatures(d.words, tagger.firstPass(d.words).labels);
  });
  log(`  jackknife fold ${k + 1}/${folds} (${elapsed()})`);
}
log('stage 2: stacked on first-pass labels');
const stage2Data = flat(trainDocs, stackedTrain);
const stage2First = trainPerceptron(stage2Data, {
  epochs: stageCount === 1 ? 0 : epochs,
  seed,
  minCount,
  evaluate: (snap) => devScore(new EntityTagger([stage1, snap], resources)),
  onProgress: (m) => log(`  ${m} (${elapsed()})`),
});
const stage2 = stageCount === 1 ? stage2First : trainAveraged(stage2Data, stage2First, 'stage 2');
if (ensemble > 1 && stageCount > 1)
  stage2.bestScore = devScore(new EntityTagger([stage1, stage2], resources));
log(`stage 2: best epoch ${stage2.bestEpoch}, dev F1 ${stage2.bestScore?.toFixed(4)}`);
const useStacking = (stage2.bestScore ?? 0) > (stage1.bestScore ?? 0);
const stages = useStacking ? [stage1, stage2] : [stage1];

// Temperature: the one that makes the final stage's token marginals best predict the dev labels.
function devLogLoss(temperature: number): number {
  const L = LABELS.length;
  let loss = 0;
  let n = 0;
  const first = new EntityTagger([stage1], resources);
  for (const doc of devDocs) {
    const { features, labels } = first.firstPass(doc.words);
    const stacked = useStacking ? stackedFeatures(doc.words, labels) : null;
    features.forEach((base, s) => {
      const feats = stacked ? base.map((f, i) => f.concat(stacked[s]?.[i] ?? [])) : base;
      const last = stages[stages.length - 1] as TrainResult;
      const { em } = decodeStage(feats, last);
      const marg = marginals(em, feats.length, last.transitions, temperature);
      (doc.labels[s] ?? []).forEach((gold, t) => {
        loss -= Math.log(Math.max(1e-9, marg[t * L + gold] ?? 0));
        n++;
      });
    });
  }
  return loss / n;
}
let temperature = 1;
let bestLoss = Infinity;
for (const t of [1, 2, 4, 6, 8, 10, 12, 16, 20, 24, 32]) {
  const loss = devLogLoss(t);
  if (loss < bestLoss) {
    bestLoss = loss;
    temperature = t;
  }
}
log(`temperature ${temperature} (dev log-loss ${bestLoss.toFixed(4)})`);

// Drop features whose every weight is zero: they cannot change a decision.
function prune(stage: TrainResult): StageWeights {
  const L = LABELS.length;
  const kept = new Map<string, number>();
  const rows: number[] = [];
  for (const [name, id] of stage.featureIndex) {
    let any = false;
    for (let l = 0; l < L; l++) if (Math.abs(stage.weights[id * L + l] ?? 0) > 1e-6) any = true;
    if (any) {
      kept.set(name, kept.size);
      rows.push(id);
    }
  }
  const weights = new Float32Array(kept.size * L);
  rows.forEach((id, row) => weights.set(stage.weights.subarray(id * L, id * L + L), row * L));
  return { featureIndex: kept, weights, transitions: stage.transitions };
}
const pruned = stages.map(prune);
const hash = createHash('sha256');
for (const st of pruned) hash.update(st.weights).update(st.transitions);
const version = hash.digest('hex').slice(0, 12);
const file = encodeModel({
  meta: {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    version,
    labels: [...LABELS],
    featureCount: pruned.reduce((a, st) => a + st.featureIndex.size, 0),
    temperature,
    training: {
      data: 'CoNLL-2003 English train split; epochs and temperature chosen on the dev split',
      sentences: train.length,
      stages: stages.length,
      epochs: stages.map((st) => st.bestEpoch),
      devF1: stages.map((st) => st.bestScore),
      seed,
      ensemble,
      minCount,
      folds,
      gazetteerNames: resources.gazetteer?.size ?? 0,
      commonWords: resources.commonWords?.size ?? 0,
    },
  },
  stages: pruned,
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, file);
log(
  `wrote ${out}: ${pruned.map((p) => p.featureIndex.size).join(' + ')} features, ${(file.length / 1e6).toFixed(2)} MB, version ${version} (${elapsed()})`,
);
