import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isCollectError } from '../collect/errors.js';
import type { FailureInput, Job, Store } from '../store/types.js';

export type JobResult = Record<string, unknown>;
export type JobHandler = (job: Job) => Promise<JobResult | void>;
export type JobHandlers = Record<Job['kind'], JobHandler>;

export interface JobEvent {
  job: Job;
  ok: boolean;
  result?: JobResult;
  failure?: FailureInput;
  /** True when the job will run again later (transient failure with attempts left). */
  willRetry?: boolean;
}

export interface WorkerOptions {
  store: Store;
  handlers: JobHandlers;
  concurrency: number;
  /** Stop when nothing is runnable now (CLI commands), instead of waiting for new work (servers). */
  exitWhenIdle: boolean;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  leaseMs?: number;
  pollMs?: number;
  /** Backoff for transient failures, by attempt number (1-based). */
  retryDelayMs?: (attempt: number) => number;
}

const HOST = hostname();

/** Worker ids carry host and pid so a restarted process can tell that the old one is gone. */
export function newWorkerId(): string {
  return `${HOST}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

const liveInProcess = new Set<string>();

export function isWorkerAlive(worker: string): boolean {
  const [host, pidText] = worker.split(':');
  if (host !== HOST) return true; // another machine: only its lease expiry can tell
  const pid = Number(pidText);
  if (pid === process.pid) return liveInProcess.has(worker);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function defaultRetryDelay(attempt: number): number {
  return Math.min(30_000 * 2 ** (attempt - 1), 60 * 60_000);
}

export function toFailure(job: Job, err: unknown): FailureInput {
  if (isCollectError(err)) {
    return {
      key: job.key,
      where: err.where,
      code: err.code,
      kind: err.kind,
      message: err.message,
      hint: err.hint,
      jobId: job.id,
    };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  // An unexpected error is retried (it may be a locked database or a full disk) until attempts run out.
  return {
    key: job.key,
    where: String(job.payload.url ?? job.payload.path ?? job.key),
    code: 'job.error',
    kind: 'transient',
    message: e.message,
    hint: 'An unexpected error; see the message. It is retried a few times, then listed here.',
    jobId: job.id,
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Claims and runs jobs until idle (or aborted). Returns how many jobs it finished. */
export async function runWorker(options: WorkerOptions): Promise<number> {
  const { store, handlers, concurrency, signal } = options;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const worker = newWorkerId();
  liveInProcess.add(worker);
  const inflight = new Map<number, Promise<void>>();
  let finished = 0;
  let lastBeat = Date.now();

  const run = async (job: Job) => {
    try {
      const handler = handlers[job.kind];
      const result = (await handler(job)) ?? undefined;
      await store.completeJob(job.id, result);
      options.onEvent?.({ job, ok: true, result });
    } catch (err) {
      const failure = toFailure(job, err);
      const willRetry = failure.kind === 'transient' && job.attempts < job.maxAttempts;
      await store.failJob(job.id, failure, willRetry ? retryDelay(job.attempts) : null);
      options.onEvent?.({ job, ok: false, failure, willRetry });
    } finally {
      finished++;
    }
  };

  try {
    await store.recoverJobs(isWorkerAlive);
    while (!signal?.aborted) {
      if (Date.now() - lastBeat > leaseMs / 4) {
        await store.heartbeat(worker, leaseMs);
        lastBeat = Date.now();
      }
      const free = concurrency - inflight.size;
      const claimed = free > 0 ? await store.claimJobs(worker, free, leaseMs) : [];
      for (const job of claimed) {
        const p = run(job).finally(() => inflight.delete(job.id));
        inflight.set(job.id, p);
      }
      if (inflight.size === 0) {
        if (options.exitWhenIdle) break;
        await sleep(pollMs, signal);
        continue;
      }
      if (claimed.length === 0 || inflight.size >= concurrency) {
        await Promise.race([...inflight.values(), sleep(pollMs, signal)]);
      }
    }
    await Promise.all(inflight.values());
  } finally {
    liveInProcess.delete(worker);
  }
  return finished;
}
