import type Database from 'better-sqlite3';
import type { SqlClient, SqlValue } from './client.js';

/**
 * better-sqlite3 is synchronous, but callers of a transaction await between statements; a lock keeps any
 * other caller's statements out of an open transaction until it commits.
 */
export class SqliteClient implements SqlClient {
  readonly dialect = 'sqlite' as const;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database) {}

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private direct(): SqlClient {
    const db = this.db;
    const self: SqlClient = {
      dialect: 'sqlite',
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => db.prepare(sql).all(...params) as T[],
      get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
        db.prepare(sql).get(...params) as T | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []) => db.prepare(sql).run(...params).changes,
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
