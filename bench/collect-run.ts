import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFetcher } from '../src/collect/fetcher.js';
import { loadConfig } from '../src/config/config.js';
import { createHandlers } from '../src/jobs/handlers.js';
import { runIngestBatch } from '../src/jobs/run-batch.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

// One benchmark scenario in a fresh process (so peak RSS is its own): ingest the given inputs into a new
// store and print a JSON line of figures.
const [mode, ...inputs] = process.argv.slice(2);
const data = mkdtempSync(join(tmpdir(), 'wf-bench-data-'));
const config = loadConfig({
  dataDir: data,
  workerConcurrency: 16,
  fetch: { allowLoopback: true, perHostDelayMs: 0, perHostConcurrency: 16, retries: 1 },
});
const store = SqliteStore.open(config.dataDir);
const fetcher = createFetcher(config.fetch);
const handlers = createHandlers({ store, fetcher });

let peakRss = process.memoryUsage().rss;
const checkpoints: Array<{ articles: number; rssMb: number }> = [];
let finished = 0;
const total = mode === 'files' ? null : inputs.length;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const report = await runIngestBatch(inputs, {
  store,
  handlers,
  concurrency: config.workerConcurrency,
  onProgress: () => {
    finished++;
    if (finished % 250 === 0)
      checkpoints.push({ articles: finished, rssMb: process.memoryUsage().rss / 2 ** 20 });
  },
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
const status = await store.status();
fetcher.close();
await store.close();
rmSync(data, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    mode,
    inputs: total ?? inputs.length,
    articles: status.articles,
    failed: report.articles.failed ?? 0,
    seconds,
    articlesPerSecond: status.articles / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    articlesPerCpuSecond: status.articles / ((cpu.user + cpu.system) / 1e6),
    peakRssMb: peakRss / 2 ** 20,
    checkpoints,
  })}\n`,
);
