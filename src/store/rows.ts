import type { BatchJob, Failure, Feed, Job, JobKind, JobStatus } from './types.js';

// Rows of the tables both engines share, as their drivers return them, and their mapping to the store's
// types: one definition, so the engines cannot drift apart.

export interface FeedRow {
  id: number;
  url: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_status: string | null;
  last_error: string | null;
  last_new_items: number;
  failures: number;
  created_at: string;
}

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

export interface JobRow {
  id: number;
  kind: JobKind;
  key: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  progress: number;
  batch: string | null;
  last_error: string | null;
  error_code: string | null;
  locked_by: string | null;
}

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

export interface FailureRow {
  id: number;
  key: string;
  where: string;
  code: string;
  kind: 'permanent' | 'transient';
  message: string;
  hint: string | null;
  job_id: number | null;
  at: string;
}

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
