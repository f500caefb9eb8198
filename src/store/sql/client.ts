// A small SQL surface both stores share, so team features (accounts, audit, watchlists…) are written once
// and behave the same on the embedded store and on PostgreSQL. Statements use `?` placeholders; the
// PostgreSQL client numbers them. Only SQL both engines accept belongs here: TEXT timestamps (ISO 8601),
// INTEGER flags, `RETURNING`, `ON CONFLICT`.

/** Bytes are BLOB on SQLite and bytea on PostgreSQL (the MinHash signature). */
export type SqlValue = string | number | null | Uint8Array;

export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Returns how many rows the statement changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `fn` in one transaction: every statement through the client it is given commits or none does. */
  tx<T>(fn: (sql: SqlClient) => Promise<T>): Promise<T>;
}

/** `?` → `$1, $2…`, leaving question marks inside string literals alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let inString = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") inString = !inString;
    out += ch === '?' && !inString ? `$${++n}` : ch;
  }
  return out;
}
