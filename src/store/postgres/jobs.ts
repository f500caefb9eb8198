import { JobWrites, recordFailureSteps } from '../job-queue.js';
import { CRASHED, crashedFailure, JOB_COLUMNS } from '../jobs.js';
import { toJob, type JobRow } from '../rows.js';
import type { SqlClient } from '../sql/client.js';
import { runAsync, sql, type Steps } from '../sql/steps.js';
import type { Job } from '../types.js';

/**
 * The durable queue and the failure log, in the same database as the articles they produce. The writes are
 * ../job-queue.ts with the server's clock (now()), so leases mean the same to every worker whatever its own
 * clock says; claiming is here.
 */
export class PgJobs extends JobWrites {
  constructor(private readonly client: SqlClient) {
    super(
      {
        clock: () => ({
          now: sql`now()`,
          in: (ms) => sql`now() + ${ms} * interval '1 millisecond'`,
        }),
        lockRow: ' FOR UPDATE',
        lockUnlessHeld: ' FOR UPDATE SKIP LOCKED',
      },
      {
        tx: <T>(steps: Steps<T>) => this.client.tx((c) => runAsync(c, steps)),
        once: <T>(steps: Steps<T>) => runAsync(this.client, steps),
      },
    );
  }

  /**
   * SKIP LOCKED: concurrent workers (in this process or on other machines) each take different jobs, and
   * none waits for another's claim to commit. A job whose lease has lapsed is taken like a pending one (its
   * worker died, or lost the database), unless it has used all its attempts: then it fails as crashed, so a
   * job that kills its worker does not loop forever. Lapsed means by the server's clock, for every worker.
   */
  async claim(worker: string, limit: number, leaseMs: number): Promise<Job[]> {
    return this.client.tx(async (c) => {
      const crashed = await c.all<{ id: number; key: string }>(
        `WITH dead AS (
           SELECT id FROM jobs WHERE status = 'running' AND locked_until < now() AND attempts >= max_attempts
           ORDER BY id FOR UPDATE SKIP LOCKED)
         UPDATE jobs j SET status = 'failed', locked_by = NULL, locked_until = NULL, last_error = ?,
           error_code = 'job.crashed', updated_at = now(), finished_at = now()
         FROM dead WHERE j.id = dead.id RETURNING j.id, j.key`,
        [CRASHED],
      );
      for (const r of crashed) await runAsync(c, recordFailureSteps(crashedFailure(r)));
      const claimed = await c.all<JobRow>(
        `WITH next AS (
           SELECT id FROM jobs
           WHERE (status = 'pending' AND run_after <= now())
              OR (status = 'running' AND locked_until < now() AND attempts < max_attempts)
           ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
         UPDATE jobs j SET status = 'running', locked_by = ?,
           locked_until = now() + ? * interval '1 millisecond', attempts = j.attempts + 1, updated_at = now()
         FROM next WHERE j.id = next.id
         RETURNING ${JOB_COLUMNS.split(', ')
           .map((col) => `j.${col}`)
           .join(', ')}`,
        [limit, worker, leaseMs],
      );
      return claimed.sort((a, b) => a.id - b.id).map(toJob);
    });
  }
}
