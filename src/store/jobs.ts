import type { SqlClient } from './sql/client.js';
import { queries } from './sql/query.js';
import { toBatchJob, toFailure } from './rows.js';
import type { BatchJob, Failure, FailureInput, JobStatus } from './types.js';

// Reading the job queue and the failure log, on either engine. Its writes are job-queue.ts, but for claiming
// (sqlite/jobs.ts, postgres/jobs.ts): SQLite's queue times are ISO text from the process clock in one
// writer's transactions, PostgreSQL's are the server's clock (timestamptz) with SKIP LOCKED claims.

export const CRASHED = 'the worker died while running this job on every attempt';

/** A job that used all its attempts without its worker living to report: recorded like any final failure. */
export function crashedFailure(job: { id: number; key: string }): FailureInput {
  return {
    key: job.key,
    where: job.key,
    code: 'job.crashed',
    kind: 'permanent',
    message: CRASHED,
    hint: 'Run it alone with `watchfloor ingest` to see what happens, then `watchfloor jobs retry`.',
    jobId: job.id,
  };
}

const JOB = [
  'id',
  'kind',
  'key',
  'payload',
  'status',
  'attempts',
  'max_attempts',
  'progress',
  'batch',
  'last_error',
  'error_code',
  'locked_by',
] as const;
/** The columns a Job is made from (rows.ts toJob), as SQL text. */
export const JOB_COLUMNS = JOB.join(', ');
const FAILURE = ['id', 'key', 'where', 'code', 'kind', 'message', 'hint', 'job_id', 'at'] as const;

function statements(dialect: SqlClient['dialect']) {
  const q = queries(dialect);
  return {
    batchProgress: q((db, a: { batch: string }) =>
      db
        .selectFrom('jobs')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .where('batch', '=', a.batch)
        .groupBy('status'),
    ),
    batchJobs: q((db, a: { batch: string }) =>
      db
        .selectFrom('jobs')
        .select([...JOB, 'result'])
        .where('batch', '=', a.batch)
        .orderBy('id'),
    ),
    batchFailures: q((db, a: { batch: string; limit: number }) =>
      db
        .selectFrom('failures as f')
        .innerJoin('jobs as j', 'j.id', 'f.job_id')
        .select(FAILURE.map((c) => `f.${c}` as const))
        .where('j.batch', '=', a.batch)
        .orderBy('f.id')
        .limit(a.limit),
    ),
    jobCounts: q((db) =>
      db
        .selectFrom('jobs')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .groupBy('status'),
    ),
    failuresByCode: q((db) =>
      db
        .selectFrom('failures')
        .select((eb) => ['code', eb.fn.countAll<number>().as('count')])
        .groupBy('code')
        .orderBy('count', 'desc')
        .orderBy('code'),
    ),
    recentFailures: q((db) =>
      db.selectFrom('failures').select(FAILURE).orderBy('at', 'desc').orderBy('id', 'desc').limit(20),
    ),
  };
}

const noJobs = (): Record<JobStatus, number> => ({ pending: 0, running: 0, done: 0, failed: 0 });

/** How a batch is going, what failed, and the queue's counts for `watchfloor status`. */
export class JobReads {
  private readonly st;

  constructor(private readonly sql: SqlClient) {
    this.st = statements(sql.dialect);
  }

  async batchProgress(batch: string): Promise<Record<JobStatus, number>> {
    const out = noJobs();
    for (const r of await this.st.batchProgress.all(this.sql, { batch })) out[r.status] = r.n;
    return out;
  }

  async batchJobs(batch: string): Promise<BatchJob[]> {
    return (await this.st.batchJobs.all(this.sql, { batch })).map(toBatchJob);
  }

  async batchFailures(batch: string, limit: number): Promise<Failure[]> {
    return (await this.st.batchFailures.all(this.sql, { batch, limit })).map(toFailure);
  }

  async jobCounts(): Promise<Record<JobStatus, number>> {
    const out = noJobs();
    for (const r of await this.st.jobCounts.all(this.sql, {})) out[r.status] = r.n;
    return out;
  }

  async failuresByCode(): Promise<Array<{ code: string; count: number }>> {
    return this.st.failuresByCode.all(this.sql, {});
  }

  async recentFailures(): Promise<Failure[]> {
    return (await this.st.recentFailures.all(this.sql, {})).map(toFailure);
  }
}
