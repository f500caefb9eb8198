import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { parseConllu, type TreebankSentence } from '../src/understand/syntax/conllu.js';
import { loadSyntaxModel, SyntaxAnalyzer, SYNTAX_MODEL_FILE } from '../src/understand/syntax/index.js';
import { attachmentScores } from '../src/understand/syntax/score.js';
import { sharedData } from './entities.js';
import type { SuiteOutput } from './harness.js';

/**
 * Scores the shipped tagger and parser on UD English EWT with gold tokenisation: the parser reads the
 * tagger's predicted UPOS, as in the pipeline. UAS and LAS count every word, punctuation included; `las`
 * ignores relation subtypes as the CoNLL 2018 shared task did, `lasFull` requires them. Speed is words per
 * CPU second of tagging and parsing together, one thread: CPU time, because the machine is shared.
 */
function score(analyzer: SyntaxAnalyzer, sentences: readonly TreebankSentence[]): Record<string, number> {
  const { deprels } = analyzer.model.meta;
  const ids = new Map(deprels.map((l, i) => [l, i]));
  const pairs = [];
  let right = 0;
  let words = 0;
  const cpu = process.cpuUsage();
  const parsed = sentences.map((s) => analyzer.parseSentence(s.words));
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  for (const [i, s] of sentences.entries()) {
    const p = parsed[i];
    if (!p) continue;
    p.upos.forEach((t, k) => {
      words++;
      if (t === s.upos[k]) right++;
    });
    pairs.push({
      gold: s,
      predicted: {
        heads: Int32Array.from(p.heads),
        labels: Int32Array.from(p.deprels, (l) => ids.get(l) ?? -1),
      },
    });
  }
  const att = attachmentScores(pairs, deprels);
  return {
    upos: right / words,
    uas: att.uas,
    las: att.las,
    lasFull: att.lasFull,
    tokensPerSecond: words / seconds,
    sentences: sentences.length,
  };
}

export async function runSyntaxEval(): Promise<SuiteOutput> {
  const dir = join(sharedData(), 'ud-ewt');
  const file = (split: string): string => join(dir, `en_ewt-ud-${split}.conllu`);
  if (!existsSync(file('test'))) {
    throw new Error(`UD EWT not found in ${dir}; set WATCHFLOOR_SHARED_DATA to the shared data folder`);
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  const model = loadSyntaxModel(join(packageRoot(), SYNTAX_MODEL_FILE));
  const loadMs = performance.now() - started;
  // CPU time too: on a shared machine the wall time measures the other processes as much as the load.
  const used = process.cpuUsage(cpu);
  const loadCpuMs = (used.user + used.system) / 1000;
  const analyzer = new SyntaxAnalyzer(model);
  const dev = parseConllu(readFileSync(file('dev'), 'utf8'));
  const test = parseConllu(readFileSync(file('test'), 'utf8'));
  // Warm-up so the speed figure measures steady state, not JIT compilation.
  for (const s of dev.slice(0, 300)) analyzer.parseSentence(s.words);
  return {
    stage: 'syntax',
    datasets: {
      'ud-ewt-test': { ...score(analyzer, test), loadMs, loadCpuMs },
      'ud-ewt-dev': score(analyzer, dev),
    },
  };
}
