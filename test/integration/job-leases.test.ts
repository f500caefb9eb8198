import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { runIngestBatch } from '../../src/jobs/run-batch.js';
import { runWorker, type JobHandlers } from '../../src/jobs/worker.js';
import type { EnqueueInput, Store } from '../../src/store/types.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// Leases on both engines: a dead worker's jobs are taken over by a live one without a restart, a live
// worker's long job is not, and an ingest reports every job of its batch, whoever ran it, and nothing else.

/** Another machine's worker id: only its lease can tell that it is gone (no process check applies). */
const DEAD = 'elsewhere.example:4242:dead00';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function handlers(file: JobHandlers['ingest.file']): JobHandlers {
  const never = async () => {
    throw new Error('not used in this test');
  };
  return { 'ingest.file': file, 'ingest.url': never, 'feed.poll': never, 'analyze.range': never };
}

const jobs = (prefix: string, n: number, extra: Partial<EnqueueInput> = {}): EnqueueInput[] =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'ingest.file' as const,
    key: `${prefix}${i}`,
    payload: { path: `/in/${prefix}${i}` },
    ...extra,
  }));

/** Polls `check` until true or `ms` pass; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await sleep(20);
  }
  return Date.now() - start;
}

/** Files in a fresh folder: `ok-*` are stored, `bad-*` fail with a permanent error, whoever runs them. */
function folder(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-leases-'));
  for (const n of names) writeFileSync(join(dir, n), 'x');
  return dir;
}

const ingestFile = (delayMs = 0) =>
  handlers(async (job) => {
    await sleep(delayMs);
    const path = String(job.payload.path);
    if (path.includes('bad-')) throw new CollectError('file.unsupported', path, 'this file cannot be read');
    return { records: 1, created: 1 };
  });

for (const [kind, make] of ENGINES) {
  describe(`job leases (${kind})`, () => {
    let engine: Engine;
    let store: Store;
    beforeAll(async () => {
      engine = await make();
      store = await engine.open();
    });
    afterAll(async () => {
      await store.close();
      await engine.drop();
    });

    it("a live worker takes over a dead worker's jobs once their lease lapses, without restarting", async () => {
      await store.enqueue([...jobs('gate', 1, { batch: 'b-dead' }), ...jobs('dead', 8, { batch: 'b-dead' })]);
      const live = new AbortController();
      let ran = 0;
      let lapsed = 0;
      const work = ingestFile();
      // The live worker is already running when the other one claims the rest and dies (it does so from the
      // live worker's first job, so the timing is fixed): no start-up recovery can help.
      const worker = runWorker({
        store,
        concurrency: 1,
        exitWhenIdle: false,
        signal: live.signal,
        pollMs: 25,
        handlers: handlers(async (job) => {
          if (job.key === 'gate0') {
            expect((await store.claimJobs(DEAD, 8, 300)).length).toBe(8);
            lapsed = Date.now() + 300;
          }
          return work['ingest.file'](job);
        }),
        onEvent: () => ran++,
      });
      const took = await within(2000, async () => (await store.batchProgress('b-dead')).done === 9);
      live.abort();
      await worker;
      expect(ran).toBe(9);
      expect(Date.now()).toBeGreaterThanOrEqual(lapsed);
      expect(took).toBeLessThan(300 + 1000);
      const again = (await store.batchJobs('b-dead')).filter((j) => j.attempts === 2);
      expect(again.length).toBe(8);
    });

    it('a live worker takes back the jobs of a process of this host killed with SIGKILL, before the lease', async () => {
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
      const gone = new Promise((r) => child.once('exit', r));
      await store.enqueue(jobs('killed', 5, { batch: 'b-killed' }));
      expect((await store.claimJobs(`${hostname()}:${child.pid}:abc123`, 5, 60_000)).length).toBe(5);
      const live = new AbortController();
      const worker = runWorker({
        store,
        concurrency: 2,
        exitWhenIdle: false,
        signal: live.signal,
        pollMs: 25,
        recoverEveryMs: 100,
        handlers: ingestFile(),
      });
      await sleep(150); // the worker has looked once and found the process alive
      expect((await store.batchProgress('b-killed')).running).toBe(5);
      child.kill('SIGKILL');
      await gone;
      const took = await within(2000, async () => (await store.batchProgress('b-killed')).done === 5);
      live.abort();
      await worker;
      expect(took).toBeLessThan(1000); // the lease had 60 s to run
    });

    it("renews a live worker's lease while its long job runs, so nobody else runs it", async () => {
      await store.enqueue(jobs('long', 1, { batch: 'b-long' }));
      let runs = 0;
      const other = new AbortController();
      const long = runWorker({
        store,
        concurrency: 1,
        exitWhenIdle: true,
        leaseMs: 200,
        pollMs: 25,
        handlers: handlers(async () => {
          runs++;
          await sleep(900); // four and a half leases
          return { records: 1, created: 1 };
        }),
      });
      const thief = runWorker({
        store,
        concurrency: 1,
        exitWhenIdle: false,
        signal: other.signal,
        leaseMs: 200,
        pollMs: 25,
        handlers: ingestFile(),
        onEvent: () => runs++,
      });
      await long;
      other.abort();
      await thief;
      expect(runs).toBe(1);
      expect((await store.batchJobs('b-long'))[0]).toMatchObject({ status: 'done', attempts: 1 });
    });

    it('fails a job that kills its worker on every attempt as crashed, instead of looping', async () => {
      await store.enqueue(jobs('crash', 1, { batch: 'b-crash', maxAttempts: 2 }));
      expect((await store.claimJobs(`${DEAD}1`, 1, 50)).length).toBe(1);
      await sleep(80);
      const [again] = await store.claimJobs(`${DEAD}2`, 1, 50); // the lapsed lease is taken over
      expect(again?.attempts).toBe(2);
      await sleep(80);
      expect(await store.claimJobs('live', 10, 60_000)).toEqual([]);
      const [job] = await store.batchJobs('b-crash');
      expect(job).toMatchObject({ status: 'failed', errorCode: 'job.crashed' });
      expect((await store.batchFailures('b-crash')).map((f) => f.code)).toEqual(['job.crashed']);
    });

    it('reports every job of an ingest batch, the ones other workers ran included, and exits on them', async () => {
      // Another worker, polling, takes part of the batch and has a failure of its own.
      const other = new AbortController();
      let otherRan = 0;
      const helper = runWorker({
        store,
        concurrency: 8,
        exitWhenIdle: false,
        signal: other.signal,
        pollMs: 5,
        handlers: ingestFile(30),
        onEvent: () => otherRan++,
      });
      const names = [...Array.from({ length: 9 }, (_, i) => `ok-${i}.txt`), 'bad-1.txt'];
      const report = await runIngestBatch([folder(names)], {
        store,
        concurrency: 1,
        pollMs: 10,
        handlers: ingestFile(30),
      });
      other.abort();
      await helper;
      expect(otherRan).toBeGreaterThan(0);
      expect(report.jobs).toEqual({ pending: 0, running: 0, done: 9, failed: 1 });
      expect(report.articles).toMatchObject({ created: 9, failed: 1 });
      expect(report.failures.map((f) => f.where)).toEqual([expect.stringMatching(/bad-1\.txt$/)]);
      expect(report.failed).toBe(1);
    });

    it('waits for jobs of its batch held by a dead worker, takes them over, and counts them', async () => {
      const dir = folder(['ok-a.txt', 'ok-b.txt', 'ok-c.txt', 'ok-d.txt']);
      let stolen = 0;
      const report = await runIngestBatch([dir], {
        store,
        concurrency: 1,
        pollMs: 10,
        handlers: handlers(async () => {
          // On its first job, a worker elsewhere claims the rest of the batch and dies.
          if (stolen === 0) stolen = (await store.claimJobs(DEAD, 10, 200)).length;
          return { records: 1, created: 1 };
        }),
      });
      expect(stolen).toBe(3);
      expect(report.jobs).toEqual({ pending: 0, running: 0, done: 4, failed: 0 });
      expect(report.articles).toMatchObject({ created: 4 });
      expect(report.failed).toBe(0);
    });

    it("leaves out failures of other batches' jobs, and a job's own failure it has since recovered from", async () => {
      await store.enqueue(jobs('elsewhere', 1, { batch: 'b-other' }));
      const [mine] = await store.claimJobs('someone', 1, 60_000);
      await store.failJob(
        mine!.id,
        {
          key: mine!.key,
          where: '/in/elsewhere0',
          code: 'file.unsupported',
          kind: 'permanent',
          message: 'not this batch',
          hint: null,
          jobId: mine!.id,
        },
        null,
      );
      const report = await runIngestBatch([folder(['ok-x.txt', 'ok-y.txt'])], {
        store,
        concurrency: 2,
        pollMs: 10,
        handlers: ingestFile(),
      });
      expect(report.failures).toEqual([]);
      expect(report.failed).toBe(0);
      expect(report.jobs).toEqual({ pending: 0, running: 0, done: 2, failed: 0 });
    });

    it('prints no MaxListenersExceededWarning over 50 jobs on one long-lived signal', async () => {
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        await store.enqueue(jobs('many', 50, { batch: 'b-many' }));
        const stop = new AbortController();
        let done = 0;
        await runWorker({
          store,
          concurrency: 4,
          exitWhenIdle: false,
          signal: stop.signal,
          handlers: ingestFile(2),
          onEvent: () => {
            if (++done === 50) stop.abort();
          },
        });
        await sleep(20); // warnings are emitted on a later tick
        expect(done).toBe(50);
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    });
  });
}
