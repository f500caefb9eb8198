import type Database from 'better-sqlite3';
import { saveArticleSteps, SQLITE_JSON_VALUES } from '../ingest.js';
import { StatementCache } from '../sql/statement-cache.js';
import { runSync } from '../sql/steps.js';
import type { ArticleInput, SaveResult } from '../types.js';

/**
 * Articles, their sources and stories: the aggregate that one ingest transaction writes (../ingest.ts),
 * synchronously in better-sqlite3's transaction (reading them is ../articles.ts).
 */
export class SqliteArticles {
  private readonly statements: StatementCache;
  private readonly jobProgress;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db, 32);
    this.jobProgress = db.prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?');
  }

  /** Call inside a transaction. */
  save(input: ArticleInput, job?: { id: number; progress: number }): SaveResult {
    const now = new Date().toISOString();
    const result = runSync(this.statements, saveArticleSteps(SQLITE_JSON_VALUES, input, now));
    if (job) this.jobProgress.run(job.progress, now, job.id);
    return result;
  }
}
