import type Database from 'better-sqlite3';
import type { EnqueueInput, FailureInput, Job } from '../types.js';
import { toJob, type JobRow } from '../rows.js';
import { CRASHED, crashedFailure } from '../jobs.js';

/** The durable queue and the failure log. Lives in the same database as the articles it produces. */
export class SqliteJobs {
  private readonly st;

  constructor(private readonly db: Database.Database) {
    this.st = {
      insertKeep: db.prepare(
        `INSERT INTO jobs (kind, key, payload, batch, max_attempts, run_after, created_at, updated_at)
         VALUES (@kind, @key, @payload, @batch, @maxAttempts, @now, @now, @now)
         ON CONFLICT (key) DO UPDATE SET batch = excluded.batch
         WHERE jobs.status IN ('pending','running') AND excluded.batch IS NOT NULL`,
      ),
      // A finished job asked for again runs again (fresh attempts); one still queued just joins the batch.
      insertRerun: db.prepare(
        `INSERT INTO jobs (kind, key, payload, batch, max_attempts, run_after, created_at, updated_at)
         VALUES (@kind, @key, @payload, @batch, @maxAttempts, @now, @now, @now)
         ON CONFLICT (key) DO UPDATE SET
           payload = excluded.payload, batch = excluded.batch, updated_at = excluded.updated_at,
           status = CASE WHEN jobs.status IN ('done','failed') THEN 'pending' ELSE jobs.status END,
           attempts = CASE WHEN jobs.status IN ('done','failed') THEN 0 ELSE jobs.attempts END,
           progress = CASE WHEN jobs.status IN ('done','failed') THEN 0 ELSE jobs.progress END,
           run_after = CASE WHEN jobs.status IN ('done','failed') THEN excluded.run_after ELSE jobs.run_after END,
           last_error = CASE WHEN jobs.status IN ('done','failed') THEN NULL ELSE jobs.last_error END,
           error_code = CASE WHEN jobs.status IN ('done','failed') THEN NULL ELSE jobs.error_code END`,
      ),
      // ISO times compare as text. One writer at a time: the claim is atomic without row locks.
      claim: db.prepare(
        `UPDATE jobs SET status = 'running', locked_by = @worker, locked_until = @until,
           attempts = attempts + 1, updated_at = @now
         WHERE id IN (
           SELECT id FROM jobs
           WHERE (status = 'pending' AND run_after <= @now)
              OR (status = 'running' AND locked_until < @now AND attempts < max_attempts)
           ORDER BY id LIMIT @limit)
         RETURNING *`,
      ),
      lapsedOutOfAttempts: db.prepare(
        `SELECT * FROM jobs WHERE status = 'running' AND locked_until < ? AND attempts >= max_attempts`,
      ),
      complete: db.prepare(
        `UPDATE jobs SET status = 'done', result = ?, locked_by = NULL, locked_until = NULL,
           last_error = NULL, error_code = NULL, updated_at = ?, finished_at = ? WHERE id = ?`,
      ),
      get: db.prepare('SELECT * FROM jobs WHERE id = ?'),
      retryLater: db.prepare(
        `UPDATE jobs SET status = 'pending', run_after = ?, locked_by = NULL, locked_until = NULL,
           last_error = ?, error_code = ?, updated_at = ? WHERE id = ?`,
      ),
      fail: db.prepare(
        `UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, last_error = ?, error_code = ?,
           updated_at = ?, finished_at = ? WHERE id = ?`,
      ),
      running: db.prepare(`SELECT * FROM jobs WHERE status = 'running'`),
      requeue: db.prepare(
        `UPDATE jobs SET status = 'pending', locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id = ?`,
      ),
      heartbeat: db.prepare(`UPDATE jobs SET locked_until = ? WHERE locked_by = ? AND status = 'running'`),
      retryFailed: db.prepare(
        `UPDATE jobs SET status = 'pending', attempts = 0, run_after = ?, updated_at = ? WHERE status = 'failed'`,
      ),
      recordFailure: db.prepare(
        `INSERT INTO failures (key, "where", code, kind, message, hint, job_id, at)
         VALUES (@key, @where, @code, @kind, @message, @hint, @jobId, @at)
         ON CONFLICT (key) DO UPDATE SET "where" = excluded."where", code = excluded.code, kind = excluded.kind,
           message = excluded.message, hint = excluded.hint, job_id = excluded.job_id, at = excluded.at`,
      ),
    };
  }

  enqueue(jobs: EnqueueInput[]): number {
    const now = new Date().toISOString();
    let changed = 0;
    this.db.transaction(() => {
      for (const j of jobs) {
        const stmt = j.onConflict === 'rerun' ? this.st.insertRerun : this.st.insertKeep;
        changed += stmt.run({
          kind: j.kind,
          key: j.key,
          payload: JSON.stringify(j.payload),
          batch: j.batch ?? null,
          maxAttempts: j.maxAttempts ?? 4,
          now,
        }).changes;
      }
    })();
    return changed;
  }

  /**
   * Takes pending jobs that are due and running ones whose lease has lapsed (their worker died); a lapsed job
   * out of attempts fails as crashed instead, so a job that kills its worker does not loop forever.
   */
  claim(worker: string, limit: number, leaseMs: number): Job[] {
    const now = new Date();
    const at = now.toISOString();
    return this.db
      .transaction(() => {
        for (const r of this.st.lapsedOutOfAttempts.all(at) as JobRow[]) this.giveUp(r, at);
        const rows = this.st.claim.all({
          worker,
          limit,
          now: at,
          until: new Date(now.getTime() + leaseMs).toISOString(),
        }) as JobRow[];
        return rows.sort((a, b) => a.id - b.id).map(toJob);
      })
      .immediate();
  }

  private giveUp(job: JobRow, at: string): void {
    this.st.fail.run(CRASHED, 'job.crashed', at, at, job.id);
    this.recordFailure(crashedFailure(job), at);
  }

  complete(id: number, result?: Record<string, unknown>): void {
    const now = new Date().toISOString();
    this.st.complete.run(result ? JSON.stringify(result) : null, now, now, id);
  }

  fail(id: number, failure: FailureInput, retryInMs: number | null): void {
    const now = new Date();
    this.db.transaction(() => {
      const row = this.st.get.get(id) as JobRow | undefined;
      if (!row) return;
      const message = `${failure.message}`;
      const final = failure.kind === 'permanent' || retryInMs === null || row.attempts >= row.max_attempts;
      if (final) {
        this.st.fail.run(message, failure.code, now.toISOString(), now.toISOString(), id);
        this.recordFailure({ ...failure, jobId: id }, now.toISOString());
      } else {
        const at = new Date(now.getTime() + retryInMs).toISOString();
        this.st.retryLater.run(at, message, failure.code, now.toISOString(), id);
      }
    })();
  }

  recover(isWorkerAlive: (worker: string) => boolean): number {
    const now = new Date().toISOString();
    let n = 0;
    this.db.transaction(() => {
      for (const r of this.st.running.all() as Array<JobRow & { locked_until: string | null }>) {
        const expired = !r.locked_until || r.locked_until < now;
        if (!expired && r.locked_by && isWorkerAlive(r.locked_by)) continue;
        // A job that keeps killing its worker must not loop forever.
        if (r.attempts >= r.max_attempts) this.giveUp(r, now);
        else this.st.requeue.run(now, r.id);
        n++;
      }
    })();
    return n;
  }

  heartbeat(worker: string, leaseMs: number): void {
    this.st.heartbeat.run(new Date(Date.now() + leaseMs).toISOString(), worker);
  }

  retryFailed(): number {
    const now = new Date().toISOString();
    return this.st.retryFailed.run(now, now).changes;
  }

  recordFailure(f: FailureInput, at = new Date().toISOString()): void {
    this.st.recordFailure.run({ ...f, at });
  }
}
