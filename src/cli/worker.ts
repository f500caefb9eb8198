import type { Command } from 'commander';
import { runWorker } from '../jobs/worker.js';
import { storeLocation } from '../store/db.js';
import { guard, withCommon, withFetch } from './common.js';
import { configFrom, EXIT, openRuntime, printJson, type CommonOptions } from './runtime.js';

// A stateless worker: takes ingest and analysis jobs from the store's queue until stopped. Run several, on
// one machine or many, against the same PostgreSQL (DATABASE_URL): claims are exclusive (SKIP LOCKED), and
// the job of a worker that dies is handed to another when its lease lapses.

export function registerWorker(program: Command): void {
  withFetch(
    withCommon(
      program
        .command('worker')
        .description('run queued jobs until stopped (start several against one PostgreSQL to scale out)')
        .option('--exit-when-idle', 'stop once the queue is empty (batch runs, benchmarks)')
        .option('--concurrency <n>', 'jobs at once in this process (default: the config’s)'),
    ),
  ).action((opts: CommonOptions & { exitWhenIdle?: boolean; concurrency?: string }) =>
    guard(async () => {
      const rt = await openRuntime(configFrom(opts));
      const stop = new AbortController();
      // The threads go at once: a page or an article in hand does not hold the process up to its deadline.
      const onSignal = () => {
        stop.abort();
        void rt.stopWork();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const sweeps = setInterval(() => {
        rt.sweeper.poke();
        void rt.refreshDictionary().catch(() => undefined);
      }, 60_000);
      let done = 0;
      let failed = 0;
      try {
        if (!opts.json && !opts.exitWhenIdle) {
          process.stderr.write(
            `watchfloor worker: taking jobs from ${storeLocation(rt.config)}; Ctrl-C to stop.\n`,
          );
        }
        rt.sweeper.poke();
        await runWorker({
          store: rt.store,
          handlers: rt.handlers,
          concurrency: Number(opts.concurrency) || rt.config.workerConcurrency,
          exitWhenIdle: !!opts.exitWhenIdle,
          signal: stop.signal,
          pollMs: 1000,
          onEvent: (e) => {
            if (e.ok) done++;
            else if (!e.willRetry) failed++;
          },
        });
        if (opts.json) printJson({ done, failed });
        else process.stderr.write(`watchfloor worker: ${done} job(s) done, ${failed} failed.\n`);
        return failed > 0 ? EXIT.partial : EXIT.ok;
      } finally {
        clearInterval(sweeps);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await rt.close();
      }
    }),
  );
}
