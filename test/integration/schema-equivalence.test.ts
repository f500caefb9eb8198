import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate as migratePostgres } from '../../src/store/postgres/migrations.js';
import { MIGRATIONS } from '../../src/store/migrations/history.js';
import { migrate as migrateSqlite } from '../../src/store/sqlite/migrations.js';
import { migrate as oldMigratePostgres } from '../fixtures/migrations-before-unification/postgres.js';
import { migrate as oldMigrateSqlite } from '../fixtures/migrations-before-unification/sqlite.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { introspectPostgres, introspectSqlite, postgresDefinitions, type Schema } from '../helpers/schema.js';

// One migration history (src/store/migrations/) builds both engines' core schemas. This checks that
// (1) on each engine it builds what the two lists it replaced built (kept in test/fixtures), and recognises
// a store they migrated as up to date; (2) the two engines' schemas are the same tables, columns, keys and
// indexes, but for the differences listed here on purpose.

/** FTS5's virtual tables (stemmed articles_fts, exact articles_fts_exact) and their shadow tables: SQLite's
 *  full-text indexes (PostgreSQL: articles.tsv and articles.tsv_exact). */
const isFullTextTable = (name: string) => name === 'articles_fts' || name.startsWith('articles_fts_');

// The intentional differences. Anything else that differs fails the test.
const ALLOWED = {
  /** None since migration 8 gave PostgreSQL the summary tables. */
  sqliteOnlyTables: [] as string[],
  /** PostgreSQL's full-text columns, stemmed and exact (SQLite: the FTS5 virtual tables, kept by triggers). */
  postgresOnlyColumns: ['articles.tsv', 'articles.tsv_exact'],
  /** The GIN indexes over them; indexes only PostgreSQL's job claiming (SKIP LOCKED per worker) and failure
   *  listing use. */
  postgresOnlyIndexes: [
    'articles.articles_tsv',
    'articles.articles_tsv_exact',
    'jobs.jobs_locked_by',
    'failures.failures_job',
  ],
  /** None (indexes are compared by their columns: PostgreSQL's article_facets_value orders published_at
   *  DESC NULLS LAST, which SQLite's descending order does by itself; migration 8). */
  differentIndexes: [] as string[],
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

  // Each engine's old list built versions 1-6 (PostgreSQL) or 1-7 (SQLite) exactly as the history does (checked
  // when it was written, df3bbec); from there, a store the old list migrated is brought up to what a fresh
  // store gets.
  it('brings a SQLite store the old list migrated up to what a fresh one gets', () => {
    const old = new Database(':memory:');
    oldMigrateSqlite(old);
    expect(migrateSqlite(old)).toBe(MIGRATIONS.length - 7);
    expect(migrateSqlite(old)).toBe(0);
    expect(sqliteDefinitions(old)).toEqual(sqliteDefinitions(sqliteNew));
    expect(introspectSqlite(old)).toEqual(introspectSqlite(sqliteNew));
    expect(versions(old)).toEqual(versions(sqliteNew));
    old.close();
  });

  it('brings a PostgreSQL store the old list migrated up to what a fresh one gets', async () => {
    const old = await freshPool();
    await oldMigratePostgres(old);
    expect(Object.keys(await introspectPostgres(old))).not.toContain('actor_counts');
    // The old list stopped at 6; 7 (SQLite's summary tables) is only recorded, 8 brings them here.
    expect(await migratePostgres(old)).toBe(MIGRATIONS.length - 6);
    expect(await migratePostgres(old)).toBe(0);
    expect(await introspectPostgres(old)).toEqual(await introspectPostgres(postgresNew));
    expect(await postgresDefinitions(old)).toEqual(await postgresDefinitions(postgresNew));
    const recorded = await old.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY 1');
    expect(recorded.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
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
