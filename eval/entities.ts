import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import {
  conllDocuments,
  parseConll,
  spansFromIob,
  type ConllSentence,
} from '../src/understand/entities/conll.js';
import { EntityTagger } from '../src/understand/entities/tagger.js';
import { loadResources } from '../src/understand/resources.js';
import type { SuiteOutput } from './harness.js';
import { scoreSpans, type PRF, type Typed } from './metrics.js';

/**
 * Scores a tagger on CoNLL-format gold: entity-level exact match, overall and per type. Documents are
 * tagged whole because the tagger's document features read across sentences.
 */
export function scoreConll(
  sentences: readonly ConllSentence[],
  tag: (doc: string[][]) => Typed[][],
): { overall: PRF; byType: Record<string, PRF>; tokens: number; seconds: number } {
  const pairs: Array<{ gold: Typed[]; predicted: Typed[] }> = [];
  let tokens = 0;
  let seconds = 0;
  for (const doc of conllDocuments(sentences)) {
    const words = doc.map((s) => s.words);
    tokens += words.reduce((n, w) => n + w.length, 0);
    const started = performance.now();
    const predicted = tag(words);
    seconds += (performance.now() - started) / 1000;
    doc.forEach((s, i) => pairs.push({ gold: spansFromIob(s.tags), predicted: predicted[i] ?? [] }));
  }
  return { ...scoreSpans(pairs), tokens, seconds };
}

function figures(score: ReturnType<typeof scoreConll>): Record<string, number> {
  const out: Record<string, number> = {
    precision: score.overall.precision,
    recall: score.overall.recall,
    f1: score.overall.f1,
  };
  for (const [type, prf] of Object.entries(score.byType)) out[`f1${type}`] = prf.f1;
  out.tokensPerSecond = score.tokens / score.seconds;
  return out;
}

export function sharedData(): string {
  return process.env.WATCHFLOOR_SHARED_DATA ?? join(packageRoot(), '..', 'shared', 'data');
}

export async function runEntityEval(): Promise<SuiteOutput> {
  const dir = join(sharedData(), 'conll2003');
  if (!existsSync(join(dir, 'test.txt'))) {
    throw new Error(`CoNLL-2003 not found in ${dir}; set WATCHFLOOR_SHARED_DATA to the shared data folder`);
  }
  const resources = loadResources(packageRoot());
  const tagger = new EntityTagger(
    resources.entityModel.stages,
    resources.entity,
    resources.entityModel.meta.temperature,
  );
  // Warm-up so the speed figure measures steady state, not JIT compilation.
  const dev = parseConll(readFileSync(join(dir, 'valid.txt'), 'utf8'));
  scoreConll(dev.slice(0, 300), (doc) => tagger.tagDocument(doc));
  const test = parseConll(readFileSync(join(dir, 'test.txt'), 'utf8'));
  const testScore = figures(scoreConll(test, (doc) => tagger.tagDocument(doc)));
  const devScore = figures(scoreConll(dev, (doc) => tagger.tagDocument(doc)));
  return {
    stage: 'entities',
    datasets: {
      'conll2003-test': { ...testScore, loadMs: resources.loadMs },
      'conll2003-dev': devScore,
    },
    anchors: {
      'compromise 14 (measured, ../shared/data/README.md)': { f1: 0.314 },
      'CRF with gazetteers (published)': { f1: 0.89 },
      'Ratinov & Roth 2009, perceptron + non-local + gazetteers + clusters': { f1: 0.908 },
      'BERT-base (published)': { f1: 0.92 },
    },
  };
}
