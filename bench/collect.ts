import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPage, loadDemo } from './corpus.js';
import { median, round } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));

interface RunFigures {
  mode: string;
  articles: number;
  failed: number;
  seconds: number;
  articlesPerSecond: number;
  cpuSeconds: number;
  articlesPerCpuSecond: number;
  peakRssMb: number;
  checkpoints: Array<{ articles: number; rssMb: number }>;
}

function runScenario(args: string[]): RunFigures {
  const out = execFileSync(process.execPath, [join(here, 'collect-run.js'), ...args], {
    maxBuffer: 16 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  }).toString();
  return JSON.parse(out.trim().split('\n').pop()!) as RunFigures;
}

function summarise(runs: RunFigures[]) {
  return {
    runs: runs.length,
    articles: runs[0]!.articles,
    failed: runs[0]!.failed,
    articlesPerSecondMedian: round(median(runs.map((r) => r.articlesPerSecond)), 1),
    articlesPerCpuSecondMedian: round(median(runs.map((r) => r.articlesPerCpuSecond)), 1),
    peakRssMbMedian: round(median(runs.map((r) => r.peakRssMb)), 1),
    rssCheckpointsMb: runs[0]!.checkpoints.map((c) => ({ articles: c.articles, rssMb: round(c.rssMb, 1) })),
  };
}

/** `npm run bench -- collect [--pages N] [--reps R]` */
export async function benchCollect(opts: { pages: number; reps: number }) {
  const demo = loadDemo();
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-pages-'));
  const pages = join(dir, 'pages');
  mkdirSync(pages);
  for (let i = 0; i < opts.pages; i++)
    writeFileSync(join(pages, `${String(i).padStart(5, '0')}.html`), benchPage(demo, i));

  const server = spawn(process.execPath, [join(here, 'page-server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) =>
    server.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  const urls = Array.from(
    { length: opts.pages },
    (_, i) => `http://127.0.0.1:${port}/news/${opts.pages + i}`,
  );
  try {
    const fileRuns: RunFigures[] = [];
    const urlRuns: RunFigures[] = [];
    for (let r = 0; r < opts.reps; r++) {
      process.stderr.write(`collect bench: run ${r + 1}/${opts.reps} files…\n`);
      fileRuns.push(runScenario(['files', pages]));
      process.stderr.write(`collect bench: run ${r + 1}/${opts.reps} loopback URLs…\n`);
      urlRuns.push(runScenario(['urls', ...urls]));
    }
    return {
      pages: opts.pages,
      note: 'HTML → stored article (extract, dedup, SQLite + FTS5 write, one transaction each); medians of runs',
      files: summarise(fileRuns),
      loopback: summarise(urlRuns),
    };
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
