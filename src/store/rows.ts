import type { Selectable } from 'kysely';
import type { FailuresTable, FeedsTable, JobsTable } from './sql/tables.js';
import type { BatchJob, Failure, Feed, Job } from './types.js';

// Rows of the tables both engines share, as their drivers return them (typed by sql/tables.ts), and their
// mapping to the store's types: one definition, so the engines cannot drift apart.

export type FeedRow = Selectable<FeedsTable>;

export function toFeed(r: FeedRow): Feed {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    etag: r.etag,
    lastModified: r.last_modified,
    lastPolledAt: r.last_polled_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastNewItems: r.last_new_items,
    failures: r.failures,
    createdAt: r.created_at,
  };
}

/** The job columns the queue reads back (not its times, which are text on SQLite and Dates on PostgreSQL). */
export type JobRow = Pick<
  Selectable<JobsTable>,
  | 'id'
  | 'kind'
  | 'key'
  | 'payload'
  | 'status'
  | 'attempts'
  | 'max_attempts'
  | 'progress'
  | 'batch'
  | 'last_error'
  | 'error_code'
  | 'locked_by'
>;

export function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    progress: r.progress,
    batch: r.batch,
    lastError: r.last_error,
    errorCode: r.error_code,
  };
}

export function toBatchJob(r: JobRow & { result: string | null }): BatchJob {
  return { ...toJob(r), result: r.result ? (JSON.parse(r.result) as Record<string, unknown>) : null };
}

export type FailureRow = Selectable<FailuresTable>;

export function toFailure(r: FailureRow): Failure {
  return {
    id: r.id,
    key: r.key,
    where: r.where,
    code: r.code,
    kind: r.kind,
    message: r.message,
    hint: r.hint,
    jobId: r.job_id,
    at: r.at,
  };
}
