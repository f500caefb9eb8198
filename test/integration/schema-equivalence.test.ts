import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate as migratePostgres } from '../../src/store/postgres/migrations.js';
import { migrate as migrateSqlite } from '../../src/store/sqlite/migrations.js';
import { migrate as oldMigratePostgres } from '../fixtures/migrations-before-unification/postgres.js';
import { migrate as oldMigrateSqlite } from '../fixtures/migrations-before-unification/sqlite.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { introspectPostgres, introspectSqlite, postgresDefinitions, type Schema } from '../helpers/schema.js';

// One migration history (src/store/migrations/) builds both engines' core schemas. This checks that
// (1) on each engine it builds what the two lists it replaced built (kept in test/fixtures), and recognises
// a store they migrated as up to date; (2) the two engines' schemas are the same tables, columns, keys and
// indexes, but for the differences listed here on purpose.

/** FTS5's virtual table and its shadow tables: SQLite's full-text index (PostgreSQL: articles.tsv). */
const isFullTextTable = (name: string) => name === 'articles_fts' || name.startsWith('articles_fts_');

// The intentional differences. Anything else that differs fails the test.
const ALLOWED = {
  /** Summary tables for facets and actor pages (migration 7): the PostgreSQL store computes them from the
   *  mention rows until one store implementation writes them on both engines. */
  sqliteOnlyTables: ['article_facets', 'actor_counts', 'actor_event_counts', 'actor_partners'],
  /** PostgreSQL's full-text column (SQLite: the articles_fts virtual table, kept by triggers). */
  postgresOnlyColumns: ['articles.tsv'],
  /** The GIN index over tsv; indexes only PostgreSQL's job claiming (SKIP LOCKED per worker) and failure
   *  listing use. */
  postgresOnlyIndexes: ['articles.articles_tsv', 'jobs.jobs_locked_by', 'failures.failures_job'],
  /** Place pages: SQLite's (migration 7) also covers the event type. */
  differentIndexes: ['events.events_place'],
  /** timestamptz on the server's clock on PostgreSQL (leases agree across machines), ISO text on SQLite;
   *  PostgreSQL fills them with now() by default. */
  timestamps: [
    'jobs.run_after',
    'jobs.locked_until',
    'jobs.created_at',
    'jobs.updated_at',
    'jobs.finished_at',
    'schema_migrations.applied_at',
  ],
};

/** What differs between the two engines' schemas beyond ALLOWED, one line per difference. */
function engineDifferences(sqlite: Schema, postgres: Schema): string[] {
  const out: string[] = [];
  const tables = new Set([...Object.keys(sqlite), ...Object.keys(postgres)]);
  for (const name of [...tables].sort()) {
    const s = sqlite[name];
    const p = postgres[name];
    if (!s || !p) {
      if (!(s && ALLOWED.sqliteOnlyTables.includes(name)))
        out.push(`${name}: only on ${s ? 'SQLite' : 'PostgreSQL'}`);
      continue;
    }
    for (const col of new Set([...Object.keys(s.columns), ...Object.keys(p.columns)])) {
      const where = `${name}.${col}`;
      const sc = s.columns[col];
      const pc = p.columns[col];
      if (!sc || !pc) {
        if (!(pc && ALLOWED.postgresOnlyColumns.includes(where)))
          out.push(`${where}: only on ${sc ? 'SQLite' : 'PostgreSQL'}`);
        continue;
      }
      const timestamp = ALLOWED.timestamps.includes(where);
      const [scls, pcls] = [
        sc.cls,
        timestamp && pc.cls === 'timestamp' && sc.cls === 'text' ? 'text' : pc.cls,
      ];
      if (scls !== pcls) out.push(`${where}: ${scls} on SQLite, ${pcls} on PostgreSQL`);
      if (sc.notNull !== pc.notNull)
        out.push(`${where}: NOT NULL only on ${sc.notNull ? 'SQLite' : 'PostgreSQL'}`);
      if (!timestamp && sc.default !== pc.default)
        out.push(`${where}: default ${sc.default} on SQLite, ${pc.default} on PostgreSQL`);
    }
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        out.push(`${name} ${what}: ${JSON.stringify(a)} on SQLite, ${JSON.stringify(b)} on PostgreSQL`);
    };
    same('primary key', s.primaryKey, p.primaryKey);
    same('unique', s.unique, p.unique);
    same('foreign keys', s.foreignKeys, p.foreignKeys);
    for (const ix of new Set([...Object.keys(s.indexes), ...Object.keys(p.indexes)])) {
      const where = `${name}.${ix}`;
      if (ALLOWED.differentIndexes.includes(where)) continue;
      if (!s.indexes[ix] && ALLOWED.postgresOnlyIndexes.includes(where)) continue;
      if (s.indexes[ix] !== p.indexes[ix])
        out.push(`${where}: ${s.indexes[ix] ?? 'none'} on SQLite, ${p.indexes[ix] ?? 'none'} on PostgreSQL`);
    }
  }
  return out;
}

/** SQLite's schema as DDL text, white space folded: the strictest comparison between two runners. */
function sqliteDefinitions(db: Database.Database): string[] {
  return (
    db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all() as Array<{
      type: string;
      name: string;
      tbl_name: string;
      sql: string | null;
    }>
  ).map((r) => `${r.type} ${r.name} ${r.tbl_name} ${(r.sql ?? '').replace(/\s+/g, ' ').trim()}`);
}

const versions = (db: Database.Database) =>
  (db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as unknown[]).map((r) =>
    JSON.stringify(r),
  );

describe('one migration history, two engines', () => {
  const dbs: Array<{ url: string; drop: () => Promise<void> }> = [];
  const pools: pg.Pool[] = [];
  async function freshPool(): Promise<pg.Pool> {
    const db = await createTestDatabase();
    dbs.push(db);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pools.push(pool);
    return pool;
  }
  let sqliteNew: Database.Database;
  let postgresNew: pg.Pool;

  beforeAll(async () => {
    sqliteNew = new Database(':memory:');
    migrateSqlite(sqliteNew);
    postgresNew = await freshPool();
    await migratePostgres(postgresNew);
  });
  afterAll(async () => {
    sqliteNew.close();
    for (const p of pools) await p.end();
    for (const d of dbs) await d.drop();
  });

  it('builds on SQLite the schema the old SQLite list built, and finds a store it migrated up to date', () => {
    const old = new Database(':memory:');
    oldMigrateSqlite(old);
    expect(sqliteDefinitions(sqliteNew)).toEqual(sqliteDefinitions(old));
    expect(introspectSqlite(sqliteNew)).toEqual(introspectSqlite(old));
    expect(versions(sqliteNew)).toEqual(versions(old));
    expect(migrateSqlite(old)).toBe(0);
    old.close();
  });

  it('builds on PostgreSQL the schema the old PostgreSQL list built, and finds a store it migrated up to date', async () => {
    const old = await freshPool();
    await oldMigratePostgres(old);
    const before = { tables: await introspectPostgres(old), defs: await postgresDefinitions(old) };
    expect(await introspectPostgres(postgresNew)).toEqual(before.tables);
    expect(await postgresDefinitions(postgresNew)).toEqual(before.defs);
    // The old list stopped at 6; 7 (SQLite's summary tables) has nothing to do here and is only recorded.
    expect(await migratePostgres(old)).toBe(1);
    expect(await migratePostgres(old)).toBe(0);
    expect(await introspectPostgres(old)).toEqual(before.tables);
    expect(await postgresDefinitions(old)).toEqual(before.defs);
    const recorded = await old.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
    expect(recorded.rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives both engines the same tables, columns, keys and indexes but for the listed differences', async () => {
    const sqlite = introspectSqlite(sqliteNew, isFullTextTable);
    const postgres = await introspectPostgres(postgresNew);
    expect(Object.keys(sqlite).length).toBeGreaterThan(15);
    expect(engineDifferences(sqlite, postgres)).toEqual([]);
  });

  it('notices a migration that diverges', async () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    db.exec('ALTER TABLE feeds ADD COLUMN muted INTEGER; CREATE INDEX feeds_title ON feeds(title)');
    const differences = engineDifferences(
      introspectSqlite(db, isFullTextTable),
      await introspectPostgres(postgresNew),
    );
    expect(differences).toEqual([
      'feeds.muted: only on SQLite',
      'feeds.feeds_title: title on SQLite, none on PostgreSQL',
    ]);
    db.close();
  });
});
