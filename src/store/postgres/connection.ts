import pg from 'pg';

/** A pool or one checked-out client: both run queries, so aggregates work inside and outside a transaction. */
export type Db = pg.Pool | pg.PoolClient;

// Counts and identity columns are int8, which pg returns as strings to spare JavaScript precision loss.
// Ids and counts here stay far below 2^53, and the Store contract promises numbers.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, types });
  // An idle client losing its server (restart, failover) must not crash the process: the next query
  // reconnects or fails with its own error.
  pool.on('error', () => {});
  return pool;
}

export async function rows<T extends pg.QueryResultRow>(db: Db, sql: string, params: unknown[] = []) {
  return (await db.query<T>(sql, params)).rows;
}

export async function one<T extends pg.QueryResultRow>(
  db: Db,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  return (await db.query<T>(sql, params)).rows[0];
}

/** Runs `body` in one transaction on one client; rolls back on any error. */
export async function transaction<T>(pool: pg.Pool, body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * PostgreSQL text cannot hold NUL. U+FFFD is one UTF-16 unit like NUL, so every offset into the text that
 * the analysis recorded still points at the same character.
 */
export function noNul(s: string): string;
export function noNul(s: string | null): string | null;
export function noNul(s: string | null): string | null {
  return s === null || !s.includes('\u0000') ? s : s.split('\u0000').join('\ufffd');
}

/** Numbered placeholders, so pieces of SQL can be built in any order and joined. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
