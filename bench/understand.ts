import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { readLocalFile } from '../src/collect/files.js';
import { documentContexts } from '../src/understand/entities/context.js';
import { EntityTagger } from '../src/understand/entities/tagger.js';
import { createAnalyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import { splitSentences } from '../src/understand/sentences.js';
import { tokenize } from '../src/understand/tokens.js';
import { median, quantile, round } from './stats.js';

// Speed of the understand pipeline on fixed data (the shipped demo corpus and the seed article), one
// process on one core: model load, tagging tokens/s, whole-article analysis time.

/**
 * Loading measured in fresh processes, since a warm process would hide file reading: the entity model alone,
 * and every resource (model, gazetteers, dictionaries).
 */
function coldLoadMs(reps: number): Array<{ model: number; all: number }> {
  const script = `import { loadResources } from ${JSON.stringify(join(packageRoot(), 'dist', 'src', 'understand', 'resources.js'))};
const r = loadResources(${JSON.stringify(packageRoot())}); process.stdout.write(JSON.stringify({ model: r.modelLoadMs, all: r.loadMs }));`;
  return Array.from(
    { length: reps },
    () =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
      ) as {
        model: number;
        all: number;
      },
  );
}

export async function benchUnderstand(opts: { reps: number }): Promise<Record<string, unknown>> {
  const root = packageRoot();
  const loads = coldLoadMs(opts.reps);
  const resources = loadResources(root);
  const analyzer = createAnalyzer(resources);
  const tagger = new EntityTagger(
    resources.entityModel.stages,
    resources.entity,
    resources.entityModel.meta.temperature,
  );
  const texts = readFileSync(join(root, 'data', 'demo', 'articles.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  // Tokenised once up front so the tagging figure is the tagger alone.
  const docs = texts.map((text) => {
    const sentences = splitSentences(text);
    return tokenize(text, sentences).map((s) => s.map((t) => t.text));
  });
  const tokens = docs.reduce((n, d) => n + d.reduce((m, s) => m + s.length, 0), 0);
  for (const d of docs.slice(0, 50)) tagger.tagDocument(d);
  const tagRates: number[] = [];
  for (let r = 0; r < opts.reps; r++) {
    const t = performance.now();
    for (const d of docs) tagger.tagDocument(d);
    tagRates.push(tokens / ((performance.now() - t) / 1000));
  }
  const ctxStart = performance.now();
  for (const d of docs) documentContexts(d, resources.entity);
  const contextShare = (performance.now() - ctxStart) / (tokens / median(tagRates)) / 1000;

  const perArticle: number[] = [];
  const t0 = performance.now();
  for (const text of texts) {
    const t = performance.now();
    analyzer.analyze({ text });
    perArticle.push(performance.now() - t);
  }
  const articlesPerSecond = texts.length / ((performance.now() - t0) / 1000);

  const [seed] = await readLocalFile(
    join(root, 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  );
  if (!seed?.ok) throw new Error('the seed fixture did not load');
  for (let i = 0; i < 30; i++) analyzer.analyze(seed.article);
  const seedMs: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    analyzer.analyze(seed.article);
    seedMs.push(performance.now() - t);
  }
  const figures = {
    corpus: `data/demo/articles.jsonl: ${texts.length} articles, ${tokens} tokens`,
    modelLoadMsMedian: round(median(loads.map((l) => l.model))),
    modelLoadMs: loads.map((l) => round(l.model)),
    allResourcesLoadMsMedian: round(median(loads.map((l) => l.all))),
    tagTokensPerSecondMedian: Math.round(median(tagRates)),
    tagTokensPerSecond: tagRates.map(Math.round),
    contextFeatureShareOfTagging: round(contextShare, 3),
    analyzeArticlesPerSecond: round(articlesPerSecond),
    analyzeMsP50: round(quantile(perArticle, 0.5)),
    analyzeMsP95: round(quantile(perArticle, 0.95)),
    seedAnalyzeMsMedian: round(median(seedMs)),
    seedAnalyzeMsP95: round(quantile(seedMs, 0.95)),
  };
  return figures;
}
