import type Database from 'better-sqlite3';
import type pg from 'pg';

// The core schema as both engines' catalogs describe it, in one shape, so a test can compare a store's
// schema across engines (by type class) or across runners (exactly).

export interface Column {
  /** The declared type as the engine reports it, collation included (exact comparisons). */
  type: string;
  /** What the value is, whatever the engine calls it (comparisons across engines). */
  cls: string;
  notNull: boolean;
  /** The default, with PostgreSQL's casts removed. */
  default: string | null;
}

export interface Table {
  columns: Record<string, Column>;
  primaryKey: string[];
  /** Column lists of UNIQUE constraints, e.g. "watchlist_id,article_id". */
  unique: string[];
  /** "cols -> table(cols) on delete action". */
  foreignKeys: string[];
  /** Index name → "cols" with " unique" and " partial" when they apply (constraints' indexes are apart). */
  indexes: Record<string, string>;
}

export type Schema = Record<string, Table>;

const sorted = (xs: string[]) => [...xs].sort();

export function sqliteTypeClass(type: string): string {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('TEXT')) return 'text';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'real';
  if (t === 'BLOB') return 'blob';
  return `?${t}`;
}

export function postgresTypeClass(type: string): string {
  switch (type) {
    case 'integer':
    case 'bigint':
    case 'smallint':
      return 'integer';
    // SQLite has no boolean type: a flag is INTEGER 0/1 there.
    case 'boolean':
      return 'integer';
    case 'text':
    case 'character varying':
      return 'text';
    case 'double precision':
    case 'real':
      return 'real';
    case 'bytea':
      return 'blob';
    case 'timestamp with time zone':
      return 'timestamp';
    default:
      return `?${type}`;
  }
}

/** Tables (not virtual ones or their shadow tables, which `skip` names) of a SQLite database. */
export function introspectSqlite(
  db: Database.Database,
  skip: (table: string) => boolean = () => false,
): Schema {
  const tables = (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as Array<{ name: string }>
  )
    .map((r) => r.name)
    .filter((n) => !skip(n));
  const schema: Schema = {};
  for (const name of tables) {
    const info = db.pragma(`table_info("${name}")`) as Array<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }>;
    const primaryKey = info
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
    const columns: Record<string, Column> = {};
    for (const c of info) {
      // A primary key column is NOT NULL on PostgreSQL whatever it declares; on SQLite only INTEGER
      // PRIMARY KEY is, but the store never writes NULL keys, so they are the same here.
      columns[c.name] = {
        type: c.type,
        cls: sqliteTypeClass(c.type),
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
      };
    }
    const unique: string[] = [];
    const indexes: Record<string, string> = {};
    const list = db.pragma(`index_list("${name}")`) as Array<{
      name: string;
      unique: number;
      origin: string;
      partial: number;
    }>;
    for (const ix of list) {
      const cols = (db.pragma(`index_info("${ix.name}")`) as Array<{ seqno: number; name: string }>)
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name)
        .join(',');
      if (ix.origin === 'u') unique.push(cols);
      else if (ix.origin === 'c')
        indexes[ix.name] = cols + (ix.unique ? ' unique' : '') + (ix.partial ? ' partial' : '');
    }
    const fks = new Map<number, { table: string; from: string[]; to: string[]; onDelete: string }>();
    for (const f of db.pragma(`foreign_key_list("${name}")`) as Array<{
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string;
      on_delete: string;
    }>) {
      const fk = fks.get(f.id) ?? { table: f.table, from: [], to: [], onDelete: f.on_delete };
      fk.from[f.seq] = f.from;
      fk.to[f.seq] = f.to;
      fks.set(f.id, fk);
    }
    schema[name] = {
      columns,
      primaryKey,
      unique: sorted(unique),
      foreignKeys: sorted(
        [...fks.values()].map(
          (f) => `${f.from.join(',')} -> ${f.table}(${f.to.join(',')}) on delete ${f.onDelete.toLowerCase()}`,
        ),
      ),
      indexes,
    };
  }
  return schema;
}

const FK_ACTIONS: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/** Tables of the public schema of a PostgreSQL database. */
export async function introspectPostgres(q: pg.Pool | pg.Client): Promise<Schema> {
  const schema: Schema = {};
  const columns = await q.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    collation_name: string | null;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
    generation_expression: string | null;
  }>(`SELECT c.table_name, c.column_name, c.data_type, c.collation_name, c.is_nullable, c.column_default,
        c.is_identity, c.generation_expression
      FROM information_schema.columns c JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`);
  for (const c of columns.rows) {
    const table = (schema[c.table_name] ??= {
      columns: {},
      primaryKey: [],
      unique: [],
      foreignKeys: [],
      indexes: {},
    });
    const type =
      c.data_type +
      (c.collation_name ? ` collate ${c.collation_name}` : '') +
      (c.is_identity === 'YES' ? ' identity' : '') +
      (c.generation_expression ? ` generated ${c.generation_expression}` : '');
    table.columns[c.column_name] = {
      type,
      cls: postgresTypeClass(c.data_type),
      notNull: c.is_nullable === 'NO',
      default: c.column_default?.replace(/::[a-z ]+$/, '') ?? null,
    };
  }
  const constraints = await q.query<{
    table: string;
    contype: string;
    cols: string[];
    ftable: string | null;
    fcols: string[] | null;
    confdeltype: string;
  }>(`SELECT t.relname AS table, c.contype,
        array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols,
        f.relname AS ftable,
        array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS fcols,
        c.confdeltype
      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class f ON f.oid = c.confrelid
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f')`);
  for (const c of constraints.rows) {
    const table = schema[c.table];
    if (!table) continue;
    if (c.contype === 'p') table.primaryKey = c.cols;
    else if (c.contype === 'u') table.unique.push(c.cols.join(','));
    else
      table.foreignKeys.push(
        `${c.cols.join(',')} -> ${c.ftable}(${(c.fcols ?? []).join(',')}) on delete ${FK_ACTIONS[c.confdeltype]}`,
      );
  }
  const indexes = await q.query<{
    name: string;
    table: string;
    cols: string[];
    unique: boolean;
    partial: boolean;
  }>(
    `SELECT i.relname AS name, t.relname AS table, ix.indisunique AS unique, ix.indpred IS NOT NULL AS partial,
        array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o)
          JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols
      FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c
        WHERE c.conindid = ix.indexrelid AND c.conrelid = ix.indrelid AND c.contype IN ('p', 'u'))`,
  );
  for (const ix of indexes.rows) {
    const table = schema[ix.table];
    if (table)
      table.indexes[ix.name] =
        ix.cols.join(',') + (ix.unique ? ' unique' : '') + (ix.partial ? ' partial' : '');
  }
  for (const t of Object.values(schema)) {
    t.unique.sort();
    t.foreignKeys.sort();
  }
  return schema;
}

/** Everything a PostgreSQL schema holds beyond tables, as DDL text: index and constraint definitions. */
export async function postgresDefinitions(q: pg.Pool | pg.Client): Promise<string[]> {
  const r = await q.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public'
     UNION ALL
     SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace
     UNION ALL
     SELECT 'text search configuration ' || cfgname FROM pg_ts_config
       WHERE cfgnamespace = 'public'::regnamespace
     ORDER BY 1`,
  );
  return r.rows.map((x) => x.def);
}
