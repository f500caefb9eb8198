import type Database from 'better-sqlite3';
import type { SqlClient, SqlValue } from './client.js';
import { StatementCache } from './statement-cache.js';

/**
 * One lock per database file in this process. better-sqlite3 is synchronous, but callers of a transaction
 * await between statements; without the lock another caller's statements could run inside the open
 * transaction, or a second connection's BEGIN would wait synchronously for a commit that can only happen
 * once it returns. Other processes are real concurrency: SQLite's busy timeout serialises them.
 */
const locks = new Map<string, Promise<unknown>>();

export class SqliteClient implements SqlClient {
  readonly dialect = 'sqlite' as const;

  /** The store's fixed statements are prepared once and reused, as better-sqlite3 is fastest that way. */
  private readonly statements: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.statements = new StatementCache(db, 256);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const key = this.db.name;
    const run = (locks.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = run.catch(() => undefined);
    locks.set(key, settled);
    // Forget a file's lock once it is idle, so closed databases do not accumulate.
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key);
    });
    return run;
  }

  private direct(): SqlClient {
    const st = this.statements;
    const self: SqlClient = {
      dialect: 'sqlite',
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => st.get(sql).all(...params) as T[],
      get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
        st.get(sql).get(...params) as T | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []) => st.get(sql).run(...params).changes,
      tx: (fn) => fn(self),
    };
    return self;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.exclusive(() => this.direct().all<T>(sql, params));
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.exclusive(() => this.direct().get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.exclusive(() => this.direct().run(sql, params));
  }
  tx<T>(fn: (sql: SqlClient) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      // IMMEDIATE: take the write lock first, so two processes never deadlock upgrading a read lock.
      this.db.prepare('BEGIN IMMEDIATE').run();
      try {
        const result = await fn(this.direct());
        this.db.prepare('COMMIT').run();
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
        throw err;
      }
    });
  }
}
