import type Database from 'better-sqlite3';
import type { Job } from '../types.js';
import { toJob, type JobRow } from '../rows.js';
import { giveUpSteps, isoClock, JobWrites } from '../job-queue.js';
import { StatementCache } from '../sql/statement-cache.js';
import { runSync, type Steps } from '../sql/steps.js';
import { JOB_COLUMNS } from '../jobs.js';

/**
 * The durable queue and the failure log, in the same database as the articles it produces. The writes are
 * ../job-queue.ts, run synchronously (deferred transactions); claiming is one immediate transaction here.
 */
export class SqliteJobs extends JobWrites {
  private readonly statements: StatementCache;
  private readonly claimStmt;
  private readonly lapsedOutOfAttempts;

  constructor(private readonly db: Database.Database) {
    const statements = new StatementCache(db, 32);
    super(
      // One writer at a time: no row locks.
      { clock: isoClock, lockRow: '', lockUnlessHeld: '' },
      {
        tx: <T>(steps: Steps<T>) => db.transaction(() => runSync(statements, steps))(),
        once: <T>(steps: Steps<T>) => runSync(statements, steps),
      },
    );
    // ISO times compare as text. One writer at a time: the claim is atomic without row locks.
    this.claimStmt = db.prepare(
      `UPDATE jobs SET status = 'running', locked_by = @worker, locked_until = @until,
         attempts = attempts + 1, updated_at = @now
       WHERE id IN (
         SELECT id FROM jobs
         WHERE (status = 'pending' AND run_after <= @now)
            OR (status = 'running' AND locked_until < @now AND attempts < max_attempts)
         ORDER BY id LIMIT @limit)
       RETURNING ${JOB_COLUMNS}`,
    );
    this.lapsedOutOfAttempts = db.prepare(
      `SELECT id, key FROM jobs WHERE status = 'running' AND locked_until < ? AND attempts >= max_attempts`,
    );
    this.statements = statements;
  }

  /**
   * Takes pending jobs that are due and running ones whose lease has lapsed (their worker died); a lapsed job
   * out of attempts fails as crashed instead, so a job that kills its worker does not loop forever.
   */
  claim(worker: string, limit: number, leaseMs: number): Job[] {
    const t = isoClock();
    const [now, until] = [t.now.params[0] as string, t.in(leaseMs).params[0] as string];
    return this.db
      .transaction(() => {
        for (const r of this.lapsedOutOfAttempts.all(now) as Array<{ id: number; key: string }>)
          runSync(this.statements, giveUpSteps(t, r));
        const rows = this.claimStmt.all({ worker, limit, now, until }) as JobRow[];
        return rows.sort((a, b) => a.id - b.id).map(toJob);
      })
      .immediate();
  }
}
