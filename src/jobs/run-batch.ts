import { randomUUID } from 'node:crypto';
import type { Failure, FailureInput, JobStatus, Store } from '../store/types.js';
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
  elapsedMs: number;
}

export interface BatchOptions {
  store: Store;
  handlers: JobHandlers;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (jobs: Record<JobStatus, number>, event: JobEvent) => void;
  onProblem?: (problem: InputProblem) => void;
}

function addOutcomes(into: Record<string, number>, event: JobEvent): void {
  if (!event.ok) {
    if (!event.willRetry) into.failed = (into.failed ?? 0) + 1;
    return;
  }
  const r = event.result ?? {};
  if (typeof r.outcome === 'string') into[r.outcome] = (into[r.outcome] ?? 0) + 1;
  for (const k of ['created', 'duplicate', 'updated', 'unchanged', 'failed']) {
    const v = r[k];
    if (typeof v === 'number') into[k] = (into[k] ?? 0) + v;
  }
}

/** Ingests files, folders and URLs as one durable batch and waits until nothing of it is runnable now. */
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
  const articles: Record<string, number> = {};
  const retrying = new Map<number, FailureInput>();
  await runWorker({
    store,
    handlers: options.handlers,
    concurrency: options.concurrency,
    exitWhenIdle: true,
    signal: options.signal,
    onEvent: (event) => {
      addOutcomes(articles, event);
      if (event.willRetry && event.failure) retrying.set(event.job.id, event.failure);
      else retrying.delete(event.job.id);
      if (options.onProgress) {
        void store.batchProgress(batch).then((jobs) => options.onProgress?.(jobs, event));
      }
    },
  });
  return {
    batch,
    jobs: await store.batchProgress(batch),
    articles,
    problems: enq.problems,
    failures: await store.batchFailures(batch),
    retrying: [...retrying.values()],
    elapsedMs: Date.now() - started,
  };
}
