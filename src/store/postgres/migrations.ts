import type pg from 'pg';
import { POSTGRES } from '../migrations/dialect.js';
import { MIGRATIONS } from '../migrations/history.js';
import { transaction } from './connection.js';

/** Any constant works; it only has to differ from other advisory locks taken on the same database. */
const MIGRATION_LOCK = 0x5746_6d69; // "WFmi"

/**
 * Applies pending migrations of the core schema (src/store/migrations/) in one transaction under an
 * advisory lock: a second process starting at the same moment waits, then finds everything applied.
 */
export async function migrate(pool: pg.Pool): Promise<number> {
  return transaction(pool, async (c) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set(
      (await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    let count = 0;
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      // A migration with nothing to do on this engine is still recorded, so the history stays one list.
      const sql = m.sql(POSTGRES);
      if (sql.trim()) await c.query(sql);
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      count++;
    }
    return count;
  });
}
