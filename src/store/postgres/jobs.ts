import type pg from 'pg';
import type { EnqueueInput, FailureInput, Job } from '../types.js';
import { noNul, one, rows, transaction, type Db } from './connection.js';
import { toJob, type JobRow } from '../rows.js';
import { CRASHED, crashedFailure } from '../jobs.js';

const JOB_COLUMNS =
  'id, kind, key, payload, status, attempts, max_attempts, progress, batch, last_error, error_code, locked_by';

const INSERT = `INSERT INTO jobs (kind, key, payload, batch, max_attempts) VALUES ($1, $2, $3, $4, $5)`;

/**
 * The durable queue and the failure log, in the same database as the articles they produce. Times are the
 * server's (now()), so leases mean the same to every worker whatever its own clock says.
 */
export class PgJobs {
  constructor(private readonly pool: pg.Pool) {}

  async enqueue(jobs: EnqueueInput[]): Promise<number> {
    return transaction(this.pool, async (c) => {
      let changed = 0;
      for (const j of jobs) {
        const sql =
          j.onConflict === 'rerun'
            ? // A finished job asked for again runs again (fresh attempts); one still queued just joins the batch.
              `${INSERT} ON CONFLICT (key) DO UPDATE SET
                 payload = excluded.payload, batch = excluded.batch, updated_at = now(),
                 status = CASE WHEN jobs.status IN ('done','failed') THEN 'pending' ELSE jobs.status END,
                 attempts = CASE WHEN jobs.status IN ('done','failed') THEN 0 ELSE jobs.attempts END,
                 progress = CASE WHEN jobs.status IN ('done','failed') THEN 0 ELSE jobs.progress END,
                 run_after = CASE WHEN jobs.status IN ('done','failed') THEN now() ELSE jobs.run_after END,
                 last_error = CASE WHEN jobs.status IN ('done','failed') THEN NULL ELSE jobs.last_error END,
                 error_code = CASE WHEN jobs.status IN ('done','failed') THEN NULL ELSE jobs.error_code END`
            : `${INSERT} ON CONFLICT (key) DO UPDATE SET batch = excluded.batch
               WHERE jobs.status IN ('pending','running') AND excluded.batch IS NOT NULL`;
        const r = await c.query(sql, [
          j.kind,
          j.key,
          noNul(JSON.stringify(j.payload)),
          j.batch ?? null,
          j.maxAttempts ?? 4,
        ]);
        changed += r.rowCount ?? 0;
      }
      return changed;
    });
  }

  /**
   * SKIP LOCKED: concurrent workers (in this process or on other machines) each take different jobs, and
   * none waits for another's claim to commit. A job whose lease has lapsed is taken like a pending one (its
   * worker died, or lost the database), unless it has used all its attempts: then it fails as crashed, so a
   * job that kills its worker does not loop forever. Lapsed means by the server's clock, for every worker.
   */
  async claim(worker: string, limit: number, leaseMs: number): Promise<Job[]> {
    return transaction(this.pool, async (c) => {
      const crashed = await rows<{ id: number; key: string }>(
        c,
        `WITH dead AS (
           SELECT id FROM jobs WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts
           ORDER BY id FOR UPDATE SKIP LOCKED)
         UPDATE jobs j SET status = 'failed', locked_by = NULL, locked_until = NULL, last_error = $1,
           error_code = 'job.crashed', updated_at = now(), finished_at = now()
         FROM dead WHERE j.id = dead.id RETURNING j.id, j.key`,
        [CRASHED],
      );
      for (const r of crashed) await this.recordFailure(crashedFailure(r), c);
      const claimed = await rows<JobRow>(
        c,
        `WITH next AS (
           SELECT id FROM jobs
           WHERE (status = 'pending' AND run_after <= now())
              OR (status = 'running' AND locked_until < now() AND attempts < max_attempts)
           ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE jobs j SET status = 'running', locked_by = $1,
           locked_until = now() + $3 * interval '1 millisecond', attempts = j.attempts + 1, updated_at = now()
         FROM next WHERE j.id = next.id
         RETURNING ${JOB_COLUMNS.split(', ')
           .map((col) => `j.${col}`)
           .join(', ')}`,
        [worker, limit, leaseMs],
      );
      return claimed.sort((a, b) => a.id - b.id).map(toJob);
    });
  }

  async complete(id: number, result?: Record<string, unknown>): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET status = 'done', result = $1, locked_by = NULL, locked_until = NULL,
         last_error = NULL, error_code = NULL, updated_at = now(), finished_at = now() WHERE id = $2`,
      [result ? noNul(JSON.stringify(result)) : null, id],
    );
  }

  async fail(id: number, failure: FailureInput, retryInMs: number | null): Promise<void> {
    await transaction(this.pool, async (c) => {
      const row = await one<JobRow>(c, `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return;
      const message = noNul(`${failure.message}`);
      const final = failure.kind === 'permanent' || retryInMs === null || row.attempts >= row.max_attempts;
      if (final) {
        await c.query(
          `UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, last_error = $1,
             error_code = $2, updated_at = now(), finished_at = now() WHERE id = $3`,
          [message, failure.code, id],
        );
        await this.recordFailure({ ...failure, jobId: id }, c);
      } else {
        await c.query(
          `UPDATE jobs SET status = 'pending', run_after = now() + $1 * interval '1 millisecond',
             locked_by = NULL, locked_until = NULL, last_error = $2, error_code = $3, updated_at = now()
           WHERE id = $4`,
          [retryInMs, message, failure.code, id],
        );
      }
    });
  }

  async recover(isWorkerAlive: (worker: string) => boolean): Promise<number> {
    return transaction(this.pool, async (c) => {
      // Locked so a worker finishing one of these jobs meanwhile waits, then sees it requeued, rather than the
      // requeue overwriting its "done". Rows another transaction holds (a claim, a finish) are being dealt with:
      // skipped, so every worker can run this often without queueing behind the others.
      const running = await rows<JobRow & { expired: boolean }>(
        c,
        `SELECT ${JOB_COLUMNS}, (locked_until IS NULL OR locked_until < now()) AS expired
         FROM jobs WHERE status = 'running' ORDER BY id FOR UPDATE SKIP LOCKED`,
      );
      let n = 0;
      for (const r of running) {
        if (!r.expired && r.locked_by && isWorkerAlive(r.locked_by)) continue;
        if (r.attempts >= r.max_attempts) {
          // A job that keeps killing its worker must not loop forever.
          await c.query(
            `UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, last_error = $1,
               error_code = 'job.crashed', updated_at = now(), finished_at = now() WHERE id = $2`,
            [CRASHED, r.id],
          );
          await this.recordFailure(crashedFailure(r), c);
        } else {
          await c.query(
            `UPDATE jobs SET status = 'pending', locked_by = NULL, locked_until = NULL, updated_at = now()
             WHERE id = $1`,
            [r.id],
          );
        }
        n++;
      }
      return n;
    });
  }

  async heartbeat(worker: string, leaseMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET locked_until = now() + $1 * interval '1 millisecond'
       WHERE locked_by = $2 AND status = 'running'`,
      [leaseMs, worker],
    );
  }

  async retryFailed(): Promise<number> {
    const r = await this.pool.query(
      `UPDATE jobs SET status = 'pending', attempts = 0, run_after = now(), updated_at = now() WHERE status = 'failed'`,
    );
    return r.rowCount ?? 0;
  }

  async recordFailure(f: FailureInput, db: Db = this.pool): Promise<void> {
    await db.query(
      `INSERT INTO failures (key, "where", code, kind, message, hint, job_id, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (key) DO UPDATE SET "where" = excluded."where", code = excluded.code, kind = excluded.kind,
         message = excluded.message, hint = excluded.hint, job_id = excluded.job_id, at = excluded.at`,
      [
        noNul(f.key),
        noNul(f.where),
        f.code,
        f.kind,
        noNul(f.message),
        f.hint === null ? null : noNul(f.hint),
        f.jobId,
        new Date().toISOString(),
      ],
    );
  }
}
