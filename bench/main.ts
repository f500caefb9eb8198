import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { benchCollect, benchCollectReal } from './collect.js';
import { benchSearch } from './search.js';
import { benchServe } from './serve.js';
import { benchSoak } from './soak.js';
import { benchStorage } from './storage.js';
import { benchUnderstand } from './understand.js';
import { benchWorkers } from './workers.js';

// `npm run bench [-- collect|search|serve|soak|storage|understand|workers] [--pages N] [--reps R] [--articles N]`
// (`collect -- --real`: the extraction benchmark's real pages instead of synthetic ones): prints figures and writes
// them to bench/results/<suite>.json. Speed is reported here, never asserted in tests.

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const text = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const suites = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const selected = suites.length > 0 ? suites : ['collect', 'search', 'storage', 'understand'];
const known: Record<string, () => Promise<unknown>> = {
  collect: () =>
    args.includes('--real')
      ? benchCollectReal({ reps: flag('reps', 3) })
      : benchCollect({ pages: flag('pages', 2000), reps: flag('reps', 3) }),
  understand: () => benchUnderstand({ reps: flag('reps', 3) }),
  search: () => benchSearch({ articles: flag('articles', 100_000), queries: flag('queries', 400) }),
  serve: () =>
    benchServe({
      articles: flag('articles', 100_000),
      requests: flag('requests', 800),
      ...(text('store') ? { storeDir: text('store') } : {}),
      ...(text('database') ? { databaseUrl: text('database') } : {}),
    }),
  soak: () =>
    benchSoak({
      articles: flag('articles', 2000),
      requests: flag('requests', 20_000),
      serverHeapMb: flag('server-heap-mb', 0),
    }),
  workers: () =>
    benchWorkers({
      server: process.env.WATCHFLOOR_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432',
      files: flag('files', 36),
      reps: flag('reps', 3),
    }),
  storage: () =>
    benchStorage({
      articles: flag('storage-articles', 3000),
      // Benchmarks are scripts, not the product: they may read the environment directly.
      databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    }),
};

const outDir = join(packageRoot(), 'bench', 'results');
mkdirSync(outDir, { recursive: true });
for (const name of selected) {
  const run = known[name];
  if (!run) {
    process.stderr.write(`Unknown bench suite "${name}". Suites: ${Object.keys(known).join(', ')}\n`);
    process.exit(2);
  }
  const figures = {
    suite: name,
    at: new Date().toISOString(),
    node: process.version,
    ...((await run()) as object),
  };
  const file = name === 'collect' && args.includes('--real') ? 'collect-real' : name;
  writeFileSync(join(outDir, `${file}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
