import type { DictionaryActor } from '../../understand/actors/types.js';
import type { PlaceEdit } from '../../understand/places/overlay.js';
import type { SqlClient } from '../sql/client.js';
import { audit } from './accounts.js';
import type { AuditActor } from './types.js';

// Edits of the actor dictionary and the place gazetteer are rows appended per entry; the newest row wins,
// and a row without data reverts the entry to its shipped form. The history is the audit log.

/** Edits of one kind of entry, in `table` keyed by `key` (actor_id or place_id). */
class Edits<T extends { id: string }> {
  constructor(
    private readonly sql: SqlClient,
    private readonly table: 'actor_edits' | 'place_edits',
    private readonly key: 'actor_id' | 'place_id',
    private readonly entity: 'actor' | 'place',
  ) {}

  /** The live edits: the newest row of each entry, reverts left out. */
  async live(): Promise<T[]> {
    const rows = await this.sql.all<{ data_json: string | null }>(
      `SELECT e.data_json FROM ${this.table} e
       WHERE e.id = (SELECT max(f.id) FROM ${this.table} f WHERE f.${this.key} = e.${this.key}) ORDER BY e.${this.key}`,
    );
    return rows.filter((r) => r.data_json).map((r) => JSON.parse(r.data_json as string) as T);
  }

  async get(id: string): Promise<T | null> {
    const r = await this.sql.get<{ data_json: string | null }>(
      `SELECT data_json FROM ${this.table} WHERE ${this.key} = ? ORDER BY id DESC LIMIT 1`,
      [id],
    );
    return r?.data_json ? (JSON.parse(r.data_json) as T) : null;
  }

  /** A stamp that changes with every edit, so workers can tell when to rebuild their resources. */
  async version(): Promise<number> {
    return Number(
      (await this.sql.get<{ m: number | null }>(`SELECT max(id) AS m FROM ${this.table}`))?.m ?? 0,
    );
  }

  async save(entry: T | { id: string; revert: true }, before: T | null, who: AuditActor): Promise<void> {
    await this.sql.tx(async (t) => {
      const revert = 'revert' in entry;
      await t.run(
        `INSERT INTO ${this.table} (${this.key}, data_json, author, created_at) VALUES (?, ?, ?, ?)`,
        [entry.id, revert ? null : JSON.stringify(entry), who.name, new Date().toISOString()],
      );
      await audit(t, who, revert ? 'revert' : 'edit', this.entity, entry.id, before, revert ? null : entry);
    });
  }
}

export class ActorEdits extends Edits<DictionaryActor> {
  constructor(sql: SqlClient) {
    super(sql, 'actor_edits', 'actor_id', 'actor');
  }
}

export class PlaceEdits extends Edits<PlaceEdit> {
  constructor(sql: SqlClient) {
    super(sql, 'place_edits', 'place_id', 'place');
  }
}
