import type { Generated } from 'kysely';
import type { JobKind, JobStatus } from '../types.js';

// The core tables as the shared statements see them (src/store/migrations/history.ts makes them), for
// Kysely's typed builder. Types are what both drivers return: PostgreSQL's int8 come back as numbers
// (postgres/connection.ts). Only the tables and columns shared statements use are listed; add as you go.

export interface FeedsTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_status: string | null;
  last_error: string | null;
  last_new_items: Generated<number>;
  failures: Generated<number>;
  created_at: string;
}

export interface StoriesTable {
  id: Generated<number>;
  title: string | null;
  created_at: string;
}

export interface ArticlesTable {
  id: Generated<number>;
  url: string;
  canonical_url: string;
  content_hash: string;
  story_id: number;
  site: string | null;
  title: string | null;
  byline: string | null;
  published_at: string | null;
  published_at_source: string | null;
  language: string | null;
  text: string;
  excerpt: string | null;
  ingested_at: string;
  updated_at: string;
}

export interface ArticleSourcesTable {
  id: Generated<number>;
  article_id: number;
  url: string;
  canonical_url: string;
  site: string | null;
  via: string;
  seen_at: string;
}

export interface AnalysesTable {
  article_id: number;
  schema_version: number;
  versions_key: string;
  text_sha256: string;
  analysis: string;
  analyzed_at: string;
}

/** Times are ISO text on SQLite and timestamptz on PostgreSQL; shared statements only compare and return them. */
export interface JobsTable {
  id: Generated<number>;
  kind: JobKind;
  key: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  progress: number;
  batch: string | null;
  run_after: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  error_code: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface FailuresTable {
  id: Generated<number>;
  key: string;
  where: string;
  code: string;
  kind: 'permanent' | 'transient';
  message: string;
  hint: string | null;
  job_id: number | null;
  at: string;
}

export interface Tables {
  jobs: JobsTable;
  failures: FailuresTable;
  feeds: FeedsTable;
  stories: StoriesTable;
  articles: ArticlesTable;
  article_sources: ArticleSourcesTable;
  analyses: AnalysesTable;
}
