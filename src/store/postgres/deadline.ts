import type pg from 'pg';
import { QueryTimeout } from '../query/parse.js';

/** PostgreSQL's SQLSTATE for a statement cancelled, here by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * A search's or an explore filter's statements, each bounded by what is left of its deadline: `SET LOCAL` confines the
 * timeout to the statement's own read-only transaction, so the pool's other users (ingest, jobs) keep theirs.
 */
export function deadlineReader(pool: pg.Pool, ms: number) {
  const until = performance.now() + ms;
  return async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const left = Math.floor(until - performance.now());
    if (left <= 0) throw new QueryTimeout(ms);
    const client = await pool.connect();
    try {
      await client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${left}`);
      const result = await client.query<T>(sql, params);
      await client.query('COMMIT');
      return result.rows;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      if ((err as { code?: string }).code === QUERY_CANCELED) throw new QueryTimeout(ms);
      throw err;
    } finally {
      client.release();
    }
  };
}
