import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import type { SqlClient, SqlValue } from './client.js';
import type { Tables } from './tables.js';

// Statements written once with Kysely's typed builder and compiled once per engine (docs/CHOICES.md, issue
// 16): Kysely only turns the builder into SQL text here (DummyDriver: it never connects), and the text runs
// through our own clients, so the embedded store keeps better-sqlite3's prepared statements and never goes
// through an async driver.

type Dialect = SqlClient['dialect'];

function builder(dialect: Dialect): Kysely<Tables> {
  return new Kysely<Tables>({
    dialect:
      dialect === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
  });
}

const builders = { sqlite: builder('sqlite'), postgres: builder('postgres') };

/** Where a statement's argument goes: compiled in as a marker, replaced by the argument when it runs. */
class Slot {
  constructor(readonly name: string) {}
}

/** A value a statement takes when it runs (booleans bind as 0/1 on SQLite, which has no boolean type). */
export type Arg = SqlValue | boolean;

/**
 * One statement, compiled once for one engine. `A` names its arguments, `R` is the row Kysely says it
 * returns.
 */
export class Query<A extends Record<string, Arg>, R> {
  private constructor(
    readonly dialect: Dialect,
    readonly sql: string,
    private readonly slots: ReadonlyArray<Slot | Arg>,
  ) {}

  /**
   * Compiles `build` for `dialect`. `args` stands for the arguments: each of its properties is a marker the
   * builder takes like a value (typed as the argument), so the SQL text is fixed and prepared once.
   */
  static compile<A extends Record<string, Arg>, R>(
    dialect: Dialect,
    build: (db: Kysely<Tables>, args: A) => Compilable<R>,
  ): Query<A, R> {
    const args = new Proxy({} as A, { get: (_, name) => new Slot(String(name)) });
    const compiled = build(builders[dialect], args).compile();
    return new Query<A, R>(dialect, compiled.sql, compiled.parameters as ReadonlyArray<Slot | Arg>);
  }

  params(args: A): SqlValue[] {
    return this.slots.map((s) => {
      const v = s instanceof Slot ? args[s.name] : s;
      if (v === undefined)
        throw new Error(`statement argument ${s instanceof Slot ? s.name : '?'} is missing`);
      return typeof v === 'boolean'
        ? this.dialect === 'sqlite'
          ? Number(v)
          : (v as unknown as SqlValue)
        : v;
    });
  }

  all(sql: SqlClient, args: A): Promise<R[]> {
    return sql.all<R>(this.sql, this.params(args));
  }
  get(sql: SqlClient, args: A): Promise<R | undefined> {
    return sql.get<R>(this.sql, this.params(args));
  }
  /** Returns how many rows the statement changed. */
  run(sql: SqlClient, args: A): Promise<number> {
    return sql.run(this.sql, this.params(args));
  }
}

/**
 * Compiles statements for one engine: `const q = queries(sql.dialect); q((db, a: { id: number }) => …)`
 * (annotating the arguments lets TypeScript infer both them and the row).
 */
export function queries(dialect: Dialect) {
  return <A extends Record<string, Arg>, R>(build: (db: Kysely<Tables>, args: A) => Compilable<R>) =>
    Query.compile<A, R>(dialect, build);
}
