import type { Command } from 'commander';
import { guard, withCommon, withFetch } from './common.js';
import { configFrom, drainQueue, EXIT, openRuntime, printJson, type CommonOptions } from './runtime.js';

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('the durable job queue: resume or retry work');
  const run = (retryFailed: boolean) => (opts: CommonOptions) =>
    guard(async () => {
      const rt = await openRuntime(configFrom(opts));
      try {
        const retried = retryFailed ? await rt.store.retryFailedJobs() : 0;
        const { done, failed } = await drainQueue(rt, !!opts.json, 'jobs');
        const status = await rt.store.status();
        if (opts.json) printJson({ retried, done, failed, jobs: status.jobs });
        else
          process.stdout.write(
            `${retried ? `${retried} failed job(s) re-queued; ` : ''}${done} done, ${failed} failed; queue: ${status.jobs.pending} pending\n`,
          );
        return failed > 0 ? EXIT.partial : EXIT.ok;
      } finally {
        await rt.close();
      }
    });
  withFetch(
    withCommon(jobs.command('run').description('run queued jobs (resumes work after a crash)')),
  ).action(run(false));
  withFetch(withCommon(jobs.command('retry').description('re-queue failed jobs and run them'))).action(
    run(true),
  );
}
