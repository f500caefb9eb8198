import type Database from 'better-sqlite3';
import type { SqlClient, SqlValue } from './client.js';
import type { StatementCache } from './statement-cache.js';

// Logic written once over both engines that must still run synchronously on SQLite: a generator yields its
// statements (`const row = yield* get<Row>(sql, params)`), and a runner answers each one, either at once
// with better-sqlite3's prepared statements, inside a synchronous transaction no other caller can interleave
// with, or by awaiting the PostgreSQL client. The statements use `?` placeholders (sql/client.ts).

export interface Step {
  op: 'all' | 'get' | 'run';
  sql: string;
  params: readonly SqlValue[];
}

export type Steps<T> = Generator<Step, T, unknown>;

export function* all<R>(sql: string, params: readonly SqlValue[] = []): Steps<R[]> {
  return (yield { op: 'all', sql, params }) as R[];
}
export function* get<R>(sql: string, params: readonly SqlValue[] = []): Steps<R | undefined> {
  return (yield { op: 'get', sql, params }) as R | undefined;
}
/** Returns how many rows the statement changed. */
export function* run(sql: string, params: readonly SqlValue[] = []): Steps<number> {
  return (yield { op: 'run', sql, params }) as number;
}

/** A piece of SQL with the arguments of its placeholders, to splice into a statement. */
export interface Fragment {
  sql: string;
  params: readonly SqlValue[];
}

/** `sql\`… ${value} … ${fragment} …\``: values become `?` placeholders, fragments are spliced in with theirs. */
export function sql(strings: TemplateStringsArray, ...values: ReadonlyArray<SqlValue | Fragment>): Fragment {
  let text = strings[0]!;
  const params: SqlValue[] = [];
  values.forEach((v, i) => {
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
      text += v.sql;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1]!;
  });
  return { sql: text, params };
}

/** Runs steps synchronously (call inside a better-sqlite3 transaction when they write more than once). */
export function runSync<T>(statements: StatementCache, steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const { op, sql: text, params } = next.value;
    const st: Database.Statement = statements.get(text);
    const answer =
      op === 'all' ? st.all(...params) : op === 'get' ? st.get(...params) : st.run(...params).changes;
    next = steps.next(answer);
  }
  return next.value;
}

/** Runs steps on a SQL client (inside `client.tx` when they write more than once). */
export async function runAsync<T>(client: SqlClient, steps: Steps<T>): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const { op, sql: text, params } = next.value;
    const answer =
      op === 'all'
        ? await client.all(text, params)
        : op === 'get'
          ? await client.get(text, params)
          : await client.run(text, params);
    next = steps.next(answer);
  }
  return next.value;
}
