import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ArticleInput } from '../types.js';
import type { Analysis } from '../../understand/types.js';
import { SqliteAnalyses } from './analyses.js';
import { SqliteArticles } from './articles.js';
import { SqliteJobs } from './jobs.js';
import { migrate } from './migrations.js';
import { SqliteSearch } from './search.js';
import { SqliteExplore } from './explore.js';
import { SqliteClient } from '../sql/sqlite-client.js';
import { SqlStore } from '../sql-store.js';
import { StatementCache } from '../sql/statement-cache.js';
import { runSync } from '../sql/steps.js';

export const SQLITE_FILE = 'watchfloor.sqlite';

export function openSqliteDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE));
  // WAL lets `serve` read while an ingest writes; synchronous=NORMAL in WAL mode survives a killed process
  // (only an OS crash or power loss can drop the last transactions).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  // Search filters and facets probe index pages all over the file; the default 2 MB page cache sent most
  // probes back to the OS (a filtered search on 100k articles: 42 → 23 ms with 256 MB). An upper bound,
  // only filled by what is read.
  db.pragma('cache_size = -262144');
  migrate(db);
  return db;
}

/**
 * The embedded store: one SQLite file. What it shares with PostgreSQL is ../sql-store.ts; here are its
 * synchronous ingest and analysis transactions, and the parts it hands over (FTS5 search, its job queue's
 * clock and claiming, explore's engine side).
 */
export class SqliteStore extends SqlStore {
  readonly kind = 'sqlite' as const;
  /** The ingest path: articles and analyses written in one synchronous transaction. */
  private readonly ingest: SqliteArticles;
  private readonly analysisWrites: SqliteAnalyses;
  private readonly saveAnalysisTx;
  private readonly saveTx;

  constructor(readonly db: Database.Database) {
    const reads = new StatementCache(db, 32);
    super({
      sql: new SqliteClient(db),
      read: async (steps) => runSync(reads, steps),
      explore: new SqliteExplore(db),
      search: new SqliteSearch(db),
      jobs: new SqliteJobs(db),
    });
    this.ingest = new SqliteArticles(db);
    this.analysisWrites = new SqliteAnalyses(db);
    // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading a read lock.
    this.saveTx = db.transaction((input: ArticleInput, job?: { id: number; progress: number }) => {
      const result = this.ingest.save(input, job);
      // A revised text needs its own analysis; a duplicate or an unchanged page keeps the stored one.
      if (input.analysis && (result.outcome === 'created' || result.outcome === 'updated'))
        this.analysisWrites.save(result.articleId, input.analysis);
      else if (result.outcome === 'updated') this.analysisWrites.refreshDates(result.articleId);
      return result;
    }).immediate;
    this.saveAnalysisTx = db.transaction(
      (articleId: number, analysis: Analysis, job?: { id: number; progress: number }) =>
        this.analysisWrites.save(articleId, analysis, job),
    ).immediate;
  }

  static open(dataDir: string): SqliteStore {
    return new SqliteStore(openSqliteDatabase(dataDir));
  }

  async saveArticle(input: ArticleInput, job?: { id: number; progress: number }) {
    return this.saveTx(input, job);
  }
  async saveAnalysis(articleId: number, analysis: Analysis, job?: { id: number; progress: number }) {
    return this.saveAnalysisTx(articleId, analysis, job);
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}
