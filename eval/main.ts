import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { runDedupEval } from './dedup.js';
import { runEntityEval } from './entities.js';
import { runEventsEval } from './events.js';
import { runExtractionEval } from './extraction.js';
import { runLanguagesEval } from './languages.js';
import { runLanguageSearchEval } from './languages-search.js';
import { runPlacesEval } from './places.js';
import { runSyntaxEval } from './syntax.js';
import { runUnderstand2Eval } from './understand2.js';
import {
  formatTable,
  mergeResults,
  readResults,
  writeResults,
  type Suite,
  type SuiteOutput,
} from './harness.js';

// `npm run eval [-- suite…]`: accuracy figures on fixed gold data, printed as one table and written to
// eval/results.json (stage → dataset → metric → number). Later issues add their stages to `suites`.

const suites: Record<string, Suite | (() => Promise<SuiteOutput[]>)> = {
  entities: runEntityEval,
  understand: runUnderstand2Eval,
  places: runPlacesEval,
  events: runEventsEval,
  syntax: runSyntaxEval,
  extraction: runExtractionEval,
  languages: runLanguagesEval,
  'languages-search': runLanguageSearchEval,
  dedup: async () => ({ stage: 'dedup', datasets: { 'synthetic-rewrites': await runDedupEval() } }),
};
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const selected = args.length > 0 ? args : Object.keys(suites);
const outDir = join(packageRoot(), 'eval');
mkdirSync(outDir, { recursive: true });
const path = join(outDir, 'results.json');
let results = readResults(path);
const outputs: SuiteOutput[] = [];
for (const name of selected) {
  const run = suites[name];
  if (!run) {
    process.stderr.write(`Unknown eval suite "${name}". Suites: ${Object.keys(suites).join(', ')}\n`);
    process.exit(2);
  }
  process.stderr.write(`eval: ${name}…\n`);
  const produced = await run();
  for (const output of Array.isArray(produced) ? produced : [produced]) {
    outputs.push(output);
    results = mergeResults(results, output);
  }
}
writeResults(path, results);
process.stdout.write(`${formatTable(outputs)}\n\nwrote ${path}\n`);
