import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { extractArticle } from '../src/collect/article.js';
import { extractionDataDir, loadExtractionPages } from '../eval/extraction.js';
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

/**
 * `npm run bench -- collect -- --real [--reps R]`: the extraction benchmark's real pages (884 pages of
 * ../shared/data/extraction, 143 KB on average), two ways. In process: extractArticle alone, the whole
 * set `reps` times in a row, pages per CPU second and RSS every 200 pages (flat RSS = nothing kept per
 * page; run node with --expose-gc to read the heap after a collection). Then the product's path: the pages' original bytes as files, ingested by `collect-run` (charset
 * decoding, extraction on the worker threads, dedup, SQLite + FTS5), articles per CPU second of the
 * whole process (its threads included).
 */
export async function benchCollectReal(opts: { reps: number }) {
  const dataDir = extractionDataDir();
  if (!existsSync(join(dataDir, 'evaldata.json')))
    throw new Error(`The extraction benchmark is not at ${dataDir} (../shared/data/extraction).`);
  const pages = loadExtractionPages(dataDir);
  const kb = pages.reduce((n, p) => n + p.html.length, 0) / 1024 / pages.length;

  for (const p of pages.slice(0, 30)) tryExtract(p.html, p.url);
  const inProcess: Array<{ pagesPerCpuSecond: number; failed: number }> = [];
  const rss: Array<{ pages: number; rssMb: number; heapUsedMb: number }> = [];
  let done = 0;
  for (let r = 0; r < opts.reps; r++) {
    process.stderr.write(`collect bench (real pages): in-process pass ${r + 1}/${opts.reps}…\n`);
    let failed = 0;
    let gcMicros = 0;
    const c0 = process.cpuUsage();
    for (const p of pages) {
      if (!tryExtract(p.html, p.url)) failed++;
      if (++done % 200 === 0) {
        // With --expose-gc the heap is measured after a collection: what extraction keeps, not garbage.
        const g0 = process.cpuUsage();
        (globalThis as { gc?: () => void }).gc?.();
        const g = process.cpuUsage(g0);
        gcMicros += g.user + g.system;
        const m = process.memoryUsage();
        rss.push({
          pages: done,
          rssMb: round(m.rss / 2 ** 20, 1),
          heapUsedMb: round(m.heapUsed / 2 ** 20, 1),
        });
      }
    }
    const c = process.cpuUsage(c0);
    inProcess.push({ pagesPerCpuSecond: pages.length / ((c.user + c.system - gcMicros) / 1e6), failed });
  }

  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-real-'));
  try {
    const files = join(dir, 'pages');
    mkdirSync(files);
    const gold = JSON.parse(readFileSync(join(dataDir, 'evaldata.json'), 'utf8')) as Record<
      string,
      { file: string }
    >;
    const names = new Set(Object.values(gold).map((g) => g.file));
    let i = 0;
    for (const name of names) {
      const path = join(dataDir, 'html', `${name}.gz`);
      if (!existsSync(path)) continue;
      writeFileSync(join(files, `${String(i++).padStart(4, '0')}.html`), gunzipSync(readFileSync(path)));
    }
    const runs: RunFigures[] = [];
    for (let r = 0; r < opts.reps; r++) {
      process.stderr.write(`collect bench (real pages): ingest run ${r + 1}/${opts.reps}…\n`);
      runs.push(runScenario(['files', files]));
    }
    return {
      pages: pages.length,
      meanPageKb: round(kb, 1),
      note: 'real pages of the extraction benchmark; medians of runs',
      extractInProcess: {
        passes: opts.reps,
        failed: inProcess[0]!.failed,
        pagesPerCpuSecondMedian: round(median(inProcess.map((x) => x.pagesPerCpuSecond)), 1),
        rssCheckpointsMb: rss,
      },
      ingestFiles: summarise(runs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tryExtract(html: string, url: string): boolean {
  try {
    extractArticle(html, url);
    return true;
  } catch {
    return false;
  }
}
