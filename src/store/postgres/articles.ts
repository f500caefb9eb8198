import type pg from 'pg';
import { POSTGRES_JSON_VALUES, saveArticleSteps } from '../ingest.js';
import { postgresClientOn } from '../sql/postgres-client.js';
import { runAsync } from '../sql/steps.js';
import type { ArticleInput, SaveResult } from '../types.js';

/**
 * Articles, their sources and stories: the aggregate that one ingest transaction writes (../ingest.ts;
 * reading them is ../articles.ts).
 */
export class PgArticles {
  /**
   * Call inside a transaction. Saves of the same canonical URL or the same content are serialised by
   * advisory locks, so two workers ingesting copies of one wire story at once still make one article
   * (SQLite gets this from its single writer). Locks are taken in key order so two saves never deadlock.
   */
  async save(
    c: pg.PoolClient,
    input: ArticleInput,
    job?: { id: number; progress: number },
  ): Promise<SaveResult> {
    const keys = [...new Set([`url:${input.canonicalUrl}`, `hash:${input.contentHash}`])].sort();
    for (const k of keys) await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [k]);
    const now = new Date().toISOString();
    const result = await runAsync(postgresClientOn(c), saveArticleSteps(POSTGRES_JSON_VALUES, input, now));
    if (job)
      await c.query('UPDATE jobs SET progress = $1, updated_at = now() WHERE id = $2', [
        job.progress,
        job.id,
      ]);
    return result;
  }
}
