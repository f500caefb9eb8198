import { randomUUID } from 'node:crypto';
import type { BatchJob, Failure, FailureInput, JobStatus, Store } from '../store/types.js';
import { enqueueInputs, type InputProblem } from './enqueue-inputs.js';
import { runWorker, type JobEvent, type JobHandlers } from './worker.js';

export interface BatchReport {
  batch: string;
  jobs: Record<JobStatus, number>;
  /** Article outcomes: created, duplicate (a new source of a stored article), updated, unchanged, failed. */
  articles: Record<string, number>;
  problems: InputProblem[];
  failures: Failure[];
  /** Transient failures whose jobs wait for a later retry (`watchfloor jobs run`). */
  retrying: FailureInput[];
  /**
   * Items of this batch that did not make it: inputs refused, jobs and records failed, jobs waiting for a
   * retry. Zero means everything was stored or known already.
   */
  failed: number;
  elapsedMs: number;
}

export interface BatchOptions {
  store: Store;
  handlers: JobHandlers;
  concurrency: number;
  signal?: AbortSignal;
  /** After every job this process runs, and on every poll while other workers hold jobs of the batch. */
  onProgress?: (jobs: Record<JobStatus, number>, event?: JobEvent) => void;
  onProblem?: (problem: InputProblem) => void;
  leaseMs?: number;
  pollMs?: number;
}

const OUTCOMES = ['created', 'duplicate', 'updated', 'unchanged', 'failed'];

/** Article outcomes of the batch's jobs, from what each stored as its result, whichever worker ran it. */
function countOutcomes(jobs: BatchJob[]): Record<string, number> {
  const into: Record<string, number> = {};
  const add = (k: string, n: number) => (into[k] = (into[k] ?? 0) + n);
  for (const job of jobs) {
    if (job.status === 'failed') add('failed', 1);
    if (job.status !== 'done' || !job.result) continue;
    const r = job.result;
    if (typeof r.outcome === 'string') add(r.outcome, 1);
    for (const k of OUTCOMES) if (typeof r[k] === 'number') add(k, r[k]);
  }
  return into;
}

const whereOf = (job: BatchJob) => String(job.payload.url ?? job.payload.path ?? job.key);

/**
 * Ingests files, folders and URLs as one durable batch and waits until nothing of it is runnable now: this
 * process runs jobs, and waits for the ones other workers hold (taking them over if their lease lapses). The
 * report is read back from the store, so it counts every job of the batch, whoever ran it, and no other.
 */
export async function runIngestBatch(inputs: string[], options: BatchOptions): Promise<BatchReport> {
  const started = Date.now();
  const { store } = options;
  const batch = randomUUID();
  const enq = await enqueueInputs(store, inputs, batch);
  for (const p of enq.problems) {
    options.onProblem?.(p);
    await store.recordFailure({
      key: `input:${p.input}`,
      where: p.input,
      code: 'input.invalid',
      kind: 'permanent',
      message: p.message,
      hint: 'Give an existing file or folder, or an http(s) URL.',
      jobId: null,
    });
  }
  await runWorker({
    store,
    handlers: options.handlers,
    concurrency: options.concurrency,
    exitWhenIdle: true,
    signal: options.signal,
    leaseMs: options.leaseMs,
    pollMs: options.pollMs,
    // Jobs of the batch still running belong to other workers (or to a dead one, whose lease will lapse).
    keepWaiting: async () => {
      const jobs = await store.batchProgress(batch);
      options.onProgress?.(jobs);
      return jobs.running > 0;
    },
    onEvent: (event) => {
      if (options.onProgress) {
        void store.batchProgress(batch).then((jobs) => options.onProgress?.(jobs, event));
      }
    },
  });
  const jobs = await store.batchJobs(batch);
  const byId = new Map(jobs.map((j) => [j.id, j]));
  // A job's own failure from an earlier run of it is stale once that job has since succeeded.
  const failures = (await store.batchFailures(batch)).filter((f) => {
    const job = f.jobId === null ? undefined : byId.get(f.jobId);
    return !(job && f.key === job.key && job.status !== 'failed');
  });
  const retrying: FailureInput[] = jobs
    .filter((j) => j.status === 'pending' && j.lastError !== null)
    .map((j) => ({
      key: j.key,
      where: whereOf(j),
      code: j.errorCode ?? 'job.error',
      kind: 'transient',
      message: j.lastError ?? '',
      hint: null,
      jobId: j.id,
    }));
  const articles = countOutcomes(jobs);
  const progress: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
  for (const j of jobs) progress[j.status]++;
  return {
    batch,
    jobs: progress,
    articles,
    problems: enq.problems,
    failures,
    retrying,
    failed: (articles.failed ?? 0) + enq.problems.length + retrying.length,
    elapsedMs: Date.now() - started,
  };
}
