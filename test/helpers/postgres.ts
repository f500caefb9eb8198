import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_SERVER = process.env.WATCHFLOOR_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

/** A fresh database on the test server; fails (never skips) when the server is down, since CI starts it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `watchfloor_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres`, connectionTimeoutMillis: 5000 });
    try {
      await c.connect();
    } catch (err) {
      throw new Error(
        `PostgreSQL is not reachable at ${PG_SERVER} (${(err as Error).message}): start it (pg_ctlcluster 15 main start) or point WATCHFLOOR_TEST_PG at one.`,
      );
    }
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  return { url: `${PG_SERVER}/${name}`, drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
