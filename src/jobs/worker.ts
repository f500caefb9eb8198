import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isCollectError } from '../collect/errors.js';
import type { FailureInput, Job, Store } from '../store/types.js';
import { PoolClosedError } from './thread-pool.js';

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
  /**
   * Asked when idle with `exitWhenIdle`: true keeps polling (and reclaiming lapsed leases) instead of
   * stopping, as an ingest does while other workers hold jobs of its batch.
   */
  keepWaiting?: () => Promise<boolean>;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  /** How long a claim holds a job before another worker may take it (renewed while the job runs). */
  leaseMs?: number;
  pollMs?: number;
  /**
   * How often to look for jobs held by a process of this host that is gone (default 30 s): those go back to
   * the queue at once instead of a lease later. Jobs of other hosts wait for their lease to lapse.
   */
  recoverEveryMs?: number;
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

/**
 * How the worker loop waits for "something changed": a job finished, the poll interval passed, or the signal
 * aborted. It holds one abort listener for the worker's life and one timer per wait, cleared when the wait
 * ends. (A sleep raced against running jobs left its listener and timer behind each time a job won the race:
 * more than ten on a shared signal made Node print MaxListenersExceededWarning.)
 */
class Wakeup {
  private waiter: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** A poke with nobody waiting is kept, so the next wait returns at once instead of missing it. */
  private poked = false;

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.poke, { once: true });
  }

  readonly poke = (): void => {
    clearTimeout(this.timer);
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter();
    else this.poked = true;
  };

  wait(ms: number): Promise<void> {
    if (this.poked || this.signal?.aborted) {
      this.poked = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiter = resolve;
      this.timer = setTimeout(this.poke, ms);
    });
  }

  close(): void {
    this.signal?.removeEventListener('abort', this.poke);
    clearTimeout(this.timer);
  }
}

/**
 * Claims and runs jobs until idle (or aborted). Returns how many jobs it finished.
 *
 * Every claim may also take a job whose lease has lapsed (its worker died, on any machine), so a live worker
 * picks up a dead one's work within a lease plus one poll, without a restart. While jobs run, a timer renews
 * their lease every third of it, so a long job is never taken from a live worker.
 */
export async function runWorker(options: WorkerOptions): Promise<number> {
  const { store, handlers, concurrency, signal } = options;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const recoverEveryMs = options.recoverEveryMs ?? 30_000;
  const worker = newWorkerId();
  liveInProcess.add(worker);
  const inflight = new Map<number, Promise<void>>();
  const wakeup = new Wakeup(signal);
  let finished = 0;

  const run = async (job: Job) => {
    try {
      const handler = handlers[job.kind];
      const result = (await handler(job)) ?? undefined;
      await store.completeJob(job.id, result);
      options.onEvent?.({ job, ok: true, result });
    } catch (err) {
      // Stopped mid-job (its threads were ended on SIGTERM): not the input's fault, and not an attempt. The
      // job keeps its claim, which dies with this process: recovery hands it to the next worker.
      if (signal?.aborted && err instanceof PoolClosedError) return;
      const failure = toFailure(job, err);
      const willRetry = failure.kind === 'transient' && job.attempts < job.maxAttempts;
      await store.failJob(job.id, failure, willRetry ? retryDelay(job.attempts) : null);
      options.onEvent?.({ job, ok: false, failure, willRetry });
    } finally {
      finished++;
    }
  };

  // The renewal runs on its own timer, not in the loop: the loop may wait a whole poll, or a long claim.
  let beating: Promise<void> | null = null;
  const beat = setInterval(
    () => {
      if (beating || inflight.size === 0) return;
      beating = store
        .heartbeat(worker, leaseMs)
        .catch(() => undefined) // a missed renewal is retried next tick, well before the lease lapses
        .finally(() => {
          beating = null;
        });
    },
    Math.max(Math.floor(leaseMs / 3), 1),
  );

  try {
    let recovered = 0;
    while (!signal?.aborted) {
      // A dead process on this host is known at once, without waiting for its leases.
      if (Date.now() - recovered >= recoverEveryMs) {
        await store.recoverJobs(isWorkerAlive);
        recovered = Date.now();
      }
      const free = concurrency - inflight.size;
      const claimed = free > 0 ? await store.claimJobs(worker, free, leaseMs) : [];
      for (const job of claimed) {
        const p = run(job).finally(() => {
          inflight.delete(job.id);
          wakeup.poke();
        });
        inflight.set(job.id, p);
      }
      if (inflight.size === 0 && options.exitWhenIdle && !(await options.keepWaiting?.())) break;
      if (claimed.length === 0 || inflight.size >= concurrency) await wakeup.wait(pollMs);
    }
    await Promise.all(inflight.values());
  } finally {
    clearInterval(beat);
    wakeup.close();
    await beating;
    liveInProcess.delete(worker);
  }
  return finished;
}
