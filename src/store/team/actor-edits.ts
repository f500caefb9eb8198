import type { DictionaryActor } from '../../understand/actors/types.js';
import type { SqlClient } from '../sql/client.js';
import { audit } from './accounts.js';
import type { AuditActor } from './types.js';

// Edits of the actor dictionary are rows appended per actor; the newest row wins, and a row without data
// reverts the actor to its shipped entry. The history is the audit log.

export class ActorEdits {
  constructor(private readonly sql: SqlClient) {}

  /** The live edits: the newest row of each actor, reverts left out. */
  async live(): Promise<DictionaryActor[]> {
    const rows = await this.sql.all<{ data_json: string | null }>(
      `SELECT e.data_json FROM actor_edits e
       WHERE e.id = (SELECT max(f.id) FROM actor_edits f WHERE f.actor_id = e.actor_id) ORDER BY e.actor_id`,
    );
    return rows.filter((r) => r.data_json).map((r) => JSON.parse(r.data_json as string) as DictionaryActor);
  }

  async get(actorId: string): Promise<DictionaryActor | null> {
    const r = await this.sql.get<{ data_json: string | null }>(
      'SELECT data_json FROM actor_edits WHERE actor_id = ? ORDER BY id DESC LIMIT 1',
      [actorId],
    );
    return r?.data_json ? (JSON.parse(r.data_json) as DictionaryActor) : null;
  }

  /** A stamp that changes with every edit, so workers can tell when to rebuild their dictionary. */
  async version(): Promise<number> {
    return Number((await this.sql.get<{ m: number | null }>('SELECT max(id) AS m FROM actor_edits'))?.m ?? 0);
  }

  async save(
    actor: DictionaryActor | { id: string; revert: true },
    before: DictionaryActor | null,
    who: AuditActor,
  ): Promise<void> {
    await this.sql.tx(async (t) => {
      const data = 'revert' in actor ? null : JSON.stringify(actor);
      await t.run('INSERT INTO actor_edits (actor_id, data_json, author, created_at) VALUES (?, ?, ?, ?)', [
        actor.id,
        data,
        who.name,
        new Date().toISOString(),
      ]);
      await audit(
        t,
        who,
        'revert' in actor ? 'revert' : 'edit',
        'actor',
        actor.id,
        before,
        'revert' in actor ? null : actor,
      );
    });
  }
}
