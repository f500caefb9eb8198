import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseConllu } from '../src/understand/syntax/conllu.js';
import { trainSyntax } from '../src/understand/syntax/train.js';

// `npm run train:syntax`: trains the UPOS tagger and the dependency parser on UD English EWT train, picks
// each one's epoch on dev (never test), and writes models/syntax.bin.gz. The same inputs and options give
// the same bytes.

const here = dirname(new URL(import.meta.url).pathname);
// Runs from scripts/ under tsx or from dist/scripts/ once compiled.
const repo = existsSync(join(here, '..', 'package.json')) ? resolve(here, '..') : resolve(here, '..', '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const dataDir = resolve(arg('data', join(repo, '..', 'shared', 'data', 'ud-ewt')));
const out = resolve(arg('out', join(repo, 'models', 'syntax.bin.gz')));
const files = { train: 'en_ewt-ud-train.conllu', dev: 'en_ewt-ud-dev.conllu' };
for (const f of Object.values(files)) {
  if (!existsSync(join(dataDir, f))) {
    process.stderr.write(
      `Missing ${join(dataDir, f)}. Pass --data <dir> holding the UD EWT CoNLL-U files.\n`,
    );
    process.exit(2);
  }
}

const started = Date.now();
const log = (m: string): void => {
  process.stderr.write(`${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
};
const train = parseConllu(readFileSync(join(dataDir, files.train), 'utf8'));
const dev = parseConllu(readFileSync(join(dataDir, files.dev), 'utf8'));
log(`train ${train.length} sentences, dev ${dev.length}`);
const { model, bytes, learnt } = trainSyntax(train, dev, {
  taggerEpochs: Number(arg('tagger-epochs', '8')),
  parserEpochs: Number(arg('parser-epochs', '14')),
  seed: Number(arg('seed', '1')),
  folds: Number(arg('folds', '4')),
  exploreFrom: Number(arg('explore-from', '3')),
  // q units of 32767: the move classifier's rows whose weights all stay under a level are dropped, at the
  // highest level whose dev LAS is no lower than the unpruned model's (--prune-tolerance relaxes that: on
  // EWT dev 640 keeps 0.7M of 1.87M rows, 10.6 MB instead of 17 MB, for -0.07 LAS points).
  pruneLevels: arg('prune-levels', '256,384,512,640')
    .split(',')
    .filter((x) => x !== '')
    .map(Number),
  pruneTolerance: Number(arg('prune-tolerance', '0')),
  log,
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
log(
  `wrote ${out}: ${learnt.tagger} + ${learnt.moves} + ${learnt.labeler} features learnt, ${model.tagger.rows} + ${model.moves.rows} + ${model.labeler.rows} kept, ${(bytes.length / 1e6).toFixed(2)} MB, version ${model.meta.version}`,
);
