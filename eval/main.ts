import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { runDedupEval } from './dedup.js';

// `npm run eval [-- suite…]`: accuracy figures on fixed data, written to eval/results/<suite>.json.
// Later issues add the Understand suites (CoNLL-2003 entities, geoparsing, event coding) here.

const known: Record<string, () => Promise<Record<string, unknown>>> = {
  dedup: runDedupEval,
};
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const selected = args.length > 0 ? args : Object.keys(known);
const outDir = join(packageRoot(), 'eval', 'results');
mkdirSync(outDir, { recursive: true });
for (const name of selected) {
  const run = known[name];
  if (!run) {
    process.stderr.write(`Unknown eval suite "${name}". Suites: ${Object.keys(known).join(', ')}\n`);
    process.exit(2);
  }
  const figures = { suite: name, at: new Date().toISOString(), ...(await run()) };
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
