import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { analysisJsonSchema } from '../src/understand/schema.js';

// `npm run build:schema`: regenerates docs/analysis.schema.json from the zod schema the tests use.
const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const out = join(repo, 'docs', 'analysis.schema.json');
// Formatted the way the repository's Prettier check expects, so regenerating never fails CI.
writeFileSync(
  out,
  await format(JSON.stringify(analysisJsonSchema()), { ...(await resolveConfig(out)), parser: 'json' }),
);
process.stderr.write(`wrote ${out}\n`);
