import { basename } from 'node:path';
import type { Command } from 'commander';
import { runIngestBatch, type BatchReport } from '../jobs/run-batch.js';
import { guard, withCommon, withFetch } from './common.js';
import { createProgress, printable, progressMode } from './progress.js';
import { configFrom, EXIT, openRuntime, printJson, type CommonOptions, type Runtime } from './runtime.js';

interface IngestOptions extends CommonOptions {
  concurrency?: string;
}

export function printBatchReport(report: BatchReport, label = 'Ingested'): void {
  const a = report.articles;
  const parts = [
    `${a.created ?? 0} new`,
    `${a.duplicate ?? 0} duplicate (source added)`,
    `${a.updated ?? 0} updated`,
    `${a.unchanged ?? 0} unchanged`,
    `${a.failed ?? 0} failed`,
  ];
  process.stdout.write(`${label}: ${parts.join(', ')} in ${(report.elapsedMs / 1000).toFixed(1)} s\n`);
  if (report.retrying.length > 0) {
    process.stdout.write(
      `${report.retrying.length} item(s) hit a transient error and wait for a retry (\`watchfloor jobs run\`):\n`,
    );
    for (const f of report.retrying.slice(0, 20))
      process.stdout.write(`  ↻ ${printable(f.where)}: [${f.code}] ${printable(f.message)}\n`);
  }
  for (const f of report.failures.slice(0, 20)) {
    process.stdout.write(
      `  ✗ ${printable(f.where)}: [${f.code}] ${printable(f.message)}\n    → ${printable(f.hint ?? '')}\n`,
    );
  }
  if (report.failures.length > 20)
    process.stdout.write(`  … and ${report.failures.length - 20} more: see \`watchfloor status\`\n`);
}

export async function ingestWithProgress(rt: Runtime, inputs: string[], json: boolean, label: string) {
  const progress = createProgress(label, progressMode(json));
  let last = { done: 0, failed: 0, total: 0 };
  // While one large file is the only work, its records are the progress; otherwise files and URLs are.
  rt.onRecords.listener = (path, done, total) =>
    last.total <= 1
      ? progress.update({ done, failed: 0, total }, `${basename(path)} records`)
      : progress.update(last, `${basename(path)}: ${done}/${total} records`);
  const report = await runIngestBatch(inputs, {
    store: rt.store,
    handlers: rt.handlers,
    concurrency: rt.config.workerConcurrency,
    onProblem: (p) => progress.line(`✗ ${p.input}: ${p.message}`),
    onProgress: (jobs) => {
      last = {
        done: jobs.done,
        failed: jobs.failed,
        total: jobs.done + jobs.failed + jobs.pending + jobs.running,
      };
      progress.update(last);
    },
  });
  rt.onRecords.listener = null;
  progress.finish();
  return report;
}

export function registerIngest(program: Command): void {
  withFetch(
    withCommon(
      program
        .command('ingest')
        .description('ingest files, folders (HTML, text, JSON, JSON lines) and URLs (pages, feeds, sitemaps)')
        .argument('<inputs...>', 'files, folders or http(s) URLs')
        .option('--concurrency <n>', 'jobs run at once (default 8)'),
    ),
  ).action((inputs: string[], opts: IngestOptions) =>
    guard(async () => {
      const config = configFrom(opts, opts.concurrency ? { workerConcurrency: opts.concurrency } : {});
      const rt = await openRuntime(config);
      try {
        const report = await ingestWithProgress(rt, inputs, !!opts.json, 'ingest');
        if (opts.json) printJson(report);
        else printBatchReport(report);
        // Only this batch decides: its jobs run by any worker, never another batch's failures.
        return report.failed > 0 ? EXIT.partial : EXIT.ok;
      } finally {
        await rt.close();
      }
    }),
  );
}
