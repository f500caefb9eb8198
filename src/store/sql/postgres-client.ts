import type pg from 'pg';
import { noNul } from '../postgres/connection.js';
import { numberPlaceholders, type SqlClient, type SqlValue } from './client.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * PostgreSQL text cannot hold NUL, which scraped pages and feeds may carry: it is stored as U+FFFD, as the
 * store's own statements always did (noNul), instead of failing the statement.
 */
const bindable = (params: readonly SqlValue[]) => params.map((v) => (typeof v === 'string' ? noNul(v) : v));

function over(q: Queryable, tx: SqlClient['tx']): SqlClient {
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(numberPlaceholders(sql), bindable(params))).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(numberPlaceholders(sql), bindable(params))).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(numberPlaceholders(sql), bindable(params))).rowCount ?? 0,
    tx,
  };
}

/** The client of a transaction already open on `conn`: a tx() inside it joins it. */
export function postgresClientOn(conn: pg.PoolClient): SqlClient {
  const client: SqlClient = over(conn, (f) => f(client));
  return client;
}

export function postgresClient(pool: pg.Pool): SqlClient {
  const tx = async <T>(fn: (sql: SqlClient) => Promise<T>): Promise<T> => {
    const conn = await pool.connect();
    try {
      await conn.query('BEGIN');
      // Nested tx() calls join the open transaction.
      const result = await fn(postgresClientOn(conn));
      await conn.query('COMMIT');
      return result;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      conn.release();
    }
  };
  return over(pool, tx);
}
