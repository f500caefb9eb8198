import type { Generated } from 'kysely';

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

export interface Tables {
  feeds: FeedsTable;
  stories: StoriesTable;
  articles: ArticlesTable;
  article_sources: ArticleSourcesTable;
  analyses: AnalysesTable;
}
