import type Database from 'better-sqlite3';

/**
 * Prepared statements by SQL text, least recently used first out. Search SQL varies with the shape of the
 * query, so a cache that kept every text grew without bound (2,000 distinct queries a round took a server
 * from 309 to 2,231 MB over three rounds); the few fixed statements stay in, being used on every search.
 */
export class StatementCache {
  private readonly map = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    /** How many statements to keep. */
    readonly capacity = 64,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(sql: string): Database.Statement {
    let st = this.map.get(sql);
    if (st) {
      // A Map iterates in insertion order: re-inserting makes this the most recently used.
      this.map.delete(sql);
    } else {
      st = this.db.prepare(sql);
      if (this.map.size >= this.capacity) this.map.delete(this.map.keys().next().value as string);
    }
    this.map.set(sql, st);
    return st;
  }
}
