import { CRASHED, crashedFailure, JOB_COLUMNS } from './jobs.js';
import type { JobRow } from './rows.js';
import { all, get, run, sql, type Fragment, type Steps } from './sql/steps.js';
import type { EnqueueInput, FailureInput, Job } from './types.js';

// The job queue's writes, written once: enqueue, finish, fail or retry, recover, heartbeat, and the failure
// log. What differs per engine is only the clock (QueueWords), the row locks, and claiming (each engine's
// claim: one synchronous immediate transaction on SQLite, SKIP LOCKED on PostgreSQL; sqlite/jobs.ts,
// postgres/jobs.ts). The steps run through sql/steps.ts, synchronously on SQLite.

/** The queue's clock for one operation: `now` and `in(ms)` are the same instant for every statement of it. */
export interface QueueClock {
  now: Fragment;
  in(ms: number): Fragment;
}

export interface QueueWords {
  /**
   * SQLite: ISO text from the process clock, bound as arguments. PostgreSQL: the server's now(), so leases
   * mean the same to every worker whatever its own clock says.
   */
  clock(): QueueClock;
  /** Locks the job a failure is recorded for (PostgreSQL); SQLite has one writer at a time. */
  lockRow: string;
  /**
   * Locks the running jobs a recovery looks at, skipping those another transaction holds (a claim, a finish:
   * being dealt with), so every worker can recover often without queueing behind the others.
   */
  lockUnlessHeld: string;
}

/** The clock of the embedded store: the process's, as ISO text. */
export function isoClock(): QueueClock {
  const t = Date.now();
  return {
    now: sql`${new Date(t).toISOString()}`,
    in: (ms) => sql`${new Date(t + ms).toISOString()}`,
  };
}

const raw = (text: string): Fragment => ({ sql: text, params: [] });
const exec = (f: Fragment) => run(f.sql, f.params);
function* quietly(steps: Steps<unknown>): Steps<void> {
  yield* steps;
}

/** Runs steps in one transaction, or as they come when they are one statement. */
export interface StepRunner {
  tx<T>(steps: Steps<T>): T | Promise<T>;
  once<T>(steps: Steps<T>): T | Promise<T>;
}

/** The queue's shared writes over an engine's runner and words; the engine adds `claim`. */
export abstract class JobWrites {
  constructor(
    protected readonly words: QueueWords,
    protected readonly runner: StepRunner,
  ) {}

  abstract claim(worker: string, limit: number, leaseMs: number): Job[] | Promise<Job[]>;

  enqueue(jobs: EnqueueInput[]) {
    return this.runner.tx(this.enqueueSteps(jobs));
  }
  complete(id: number, result?: Record<string, unknown>) {
    const t = this.words.clock();
    return this.runner.once(
      quietly(
        exec(sql`UPDATE jobs SET status = 'done', result = ${result ? JSON.stringify(result) : null},
        locked_by = NULL, locked_until = NULL, last_error = NULL, error_code = NULL, updated_at = ${t.now},
        finished_at = ${t.now} WHERE id = ${id}`),
      ),
    );
  }
  fail(id: number, failure: FailureInput, retryInMs: number | null) {
    return this.runner.tx(this.failSteps(id, failure, retryInMs));
  }
  recover(isWorkerAlive: (worker: string) => boolean) {
    return this.runner.tx(this.recoverSteps(isWorkerAlive));
  }
  heartbeat(worker: string, leaseMs: number) {
    const t = this.words.clock();
    return this.runner.once(
      quietly(
        exec(
          sql`UPDATE jobs SET locked_until = ${t.in(leaseMs)} WHERE locked_by = ${worker} AND status = 'running'`,
        ),
      ),
    );
  }
  retryFailed() {
    const t = this.words.clock();
    return this.runner.once(
      exec(sql`UPDATE jobs SET status = 'pending', attempts = 0, run_after = ${t.now}, updated_at = ${t.now}
        WHERE status = 'failed'`),
    );
  }
  recordFailure(failure: FailureInput) {
    return this.runner.once(recordFailureSteps(failure));
  }

  private *enqueueSteps(jobs: EnqueueInput[]): Steps<number> {
    const t = this.words.clock();
    let changed = 0;
    for (const j of jobs) {
      const insert = sql`INSERT INTO jobs (kind, key, payload, batch, max_attempts, run_after, created_at, updated_at)
        VALUES (${j.kind}, ${j.key}, ${JSON.stringify(j.payload)}, ${j.batch ?? null}, ${j.maxAttempts ?? 4},
          ${t.now}, ${t.now}, ${t.now})`;
      const conflict =
        j.onConflict === 'rerun'
          ? // A finished job asked for again runs again (fresh attempts); one still queued just joins the batch.
            `ON CONFLICT (key) DO UPDATE SET
               payload = excluded.payload, batch = excluded.batch, updated_at = excluded.updated_at,
               status = CASE WHEN jobs.status IN ('done','failed') THEN 'pending' ELSE jobs.status END,
               attempts = CASE WHEN jobs.status IN ('done','failed') THEN 0 ELSE jobs.attempts END,
               progress = CASE WHEN jobs.status IN ('done','failed') THEN 0 ELSE jobs.progress END,
               run_after = CASE WHEN jobs.status IN ('done','failed') THEN excluded.run_after ELSE jobs.run_after END,
               last_error = CASE WHEN jobs.status IN ('done','failed') THEN NULL ELSE jobs.last_error END,
               error_code = CASE WHEN jobs.status IN ('done','failed') THEN NULL ELSE jobs.error_code END`
          : `ON CONFLICT (key) DO UPDATE SET batch = excluded.batch
             WHERE jobs.status IN ('pending','running') AND excluded.batch IS NOT NULL`;
      changed += yield* run(`${insert.sql} ${conflict}`, insert.params);
    }
    return changed;
  }

  private *failSteps(id: number, failure: FailureInput, retryInMs: number | null): Steps<void> {
    const t = this.words.clock();
    const row = yield* get<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?${this.words.lockRow}`, [id]);
    if (!row) return;
    const message = `${failure.message}`;
    const final = failure.kind === 'permanent' || retryInMs === null || row.attempts >= row.max_attempts;
    if (final) {
      yield* failedSteps(t, id, message, failure.code);
      yield* recordFailureSteps({ ...failure, jobId: id });
    } else {
      yield* exec(sql`UPDATE jobs SET status = 'pending', run_after = ${t.in(retryInMs)}, locked_by = NULL,
        locked_until = NULL, last_error = ${message}, error_code = ${failure.code}, updated_at = ${t.now}
        WHERE id = ${id}`);
    }
  }

  private *recoverSteps(isWorkerAlive: (worker: string) => boolean): Steps<number> {
    const t = this.words.clock();
    // Locked on PostgreSQL so a worker finishing one of these jobs meanwhile waits, then sees it requeued,
    // rather than the requeue overwriting its "done".
    const running = yield* all<JobRow & { expired: number }>(
      ...args(sql`SELECT ${raw(JOB_COLUMNS)},
        CASE WHEN locked_until IS NULL OR locked_until < ${t.now} THEN 1 ELSE 0 END AS expired
        FROM jobs WHERE status = 'running' ORDER BY id${raw(this.words.lockUnlessHeld)}`),
    );
    let n = 0;
    for (const r of running) {
      if (!r.expired && r.locked_by && isWorkerAlive(r.locked_by)) continue;
      // A job that keeps killing its worker must not loop forever.
      if (r.attempts >= r.max_attempts) yield* giveUpSteps(t, r);
      else
        yield* exec(sql`UPDATE jobs SET status = 'pending', locked_by = NULL, locked_until = NULL,
          updated_at = ${t.now} WHERE id = ${r.id}`);
      n++;
    }
    return n;
  }
}

const args = (f: Fragment) => [f.sql, f.params] as const;

function failedSteps(t: QueueClock, id: number, message: string, code: string): Steps<number> {
  return exec(sql`UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL,
    last_error = ${message}, error_code = ${code}, updated_at = ${t.now}, finished_at = ${t.now} WHERE id = ${id}`);
}

/** A lapsed job out of attempts fails as crashed, recorded like any final failure. */
export function* giveUpSteps(t: QueueClock, job: { id: number; key: string }): Steps<void> {
  yield* failedSteps(t, job.id, CRASHED, 'job.crashed');
  yield* recordFailureSteps(crashedFailure(job));
}

export function* recordFailureSteps(f: FailureInput): Steps<void> {
  yield* run(
    `INSERT INTO failures (key, "where", code, kind, message, hint, job_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET "where" = excluded."where", code = excluded.code, kind = excluded.kind,
       message = excluded.message, hint = excluded.hint, job_id = excluded.job_id, at = excluded.at`,
    [f.key, f.where, f.code, f.kind, f.message, f.hint, f.jobId, new Date().toISOString()],
  );
}
