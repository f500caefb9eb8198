import type pg from 'pg';
import type { Analysis } from '../../understand/types.js';
import type { ArticleInput } from '../types.js';
import { PgAnalyses } from './analyses.js';
import { PgArticles } from './articles.js';
import { createPool, transaction } from './connection.js';
import { PgExplore } from './explore.js';
import { PgJobs } from './jobs.js';
import { postgresClient } from '../sql/postgres-client.js';
import { SqlStore } from '../sql-store.js';
import { runAsync } from '../sql/steps.js';
import { migrate } from './migrations.js';
import { PgSearch } from './search.js';

/**
 * The Store on PostgreSQL (DATABASE_URL): for teams, several workers and large corpora. What it shares with
 * SQLite is ../sql-store.ts; here are its batched ingest and analysis transactions, and the parts it hands
 * over (tsvector search, its job queue's clock and SKIP LOCKED claiming, explore's engine side).
 */
export class PostgresStore extends SqlStore {
  readonly kind = 'postgres' as const;
  /** The ingest path: articles and analyses written in one transaction, rows batched per table. */
  private readonly ingest = new PgArticles();
  private readonly analysisWrites = new PgAnalyses();
  private closed = false;

  constructor(readonly pool: pg.Pool) {
    super({
      sql: postgresClient(pool),
      read: (steps) => runAsync(postgresClient(pool), steps),
      explore: new PgExplore(pool),
      search: new PgSearch(pool),
      jobs: new PgJobs(postgresClient(pool)),
    });
  }

  /** Connects, checks the server answers, and brings the schema up to date. */
  static async connect(url: string, options: { maxConnections?: number } = {}): Promise<PostgresStore> {
    const pool = createPool(url, options.maxConnections);
    try {
      await migrate(pool);
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
    return new PostgresStore(pool);
  }

  async saveArticle(input: ArticleInput, job?: { id: number; progress: number }) {
    return transaction(this.pool, async (c) => {
      const result = await this.ingest.save(c, input, job);
      // A revised text needs its own analysis; a duplicate or an unchanged page keeps the stored one.
      if (input.analysis && (result.outcome === 'created' || result.outcome === 'updated'))
        await this.analysisWrites.save(c, result.articleId, input.analysis);
      else if (result.outcome === 'updated') await this.analysisWrites.refreshDates(c, result.articleId);
      return result;
    });
  }
  async saveAnalysis(articleId: number, analysis: Analysis, job?: { id: number; progress: number }) {
    return transaction(this.pool, (c) => this.analysisWrites.save(c, articleId, analysis, job));
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
