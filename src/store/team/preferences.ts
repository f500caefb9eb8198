import type { SqlClient } from '../sql/client.js';

// An account's preferences (where the map opens, for now): small values the web app keeps per person rather
// than per browser. One row per name, the value as JSON; the route validates names and values, this stores.

export class Preferences {
  constructor(private readonly sql: SqlClient) {}

  /** Every preference the user has set, by name. */
  async get(userId: number): Promise<Record<string, unknown>> {
    const rows = await this.sql.all<{ name: string; value_json: string }>(
      'SELECT name, value_json FROM user_preferences WHERE user_id = ? ORDER BY name',
      [userId],
    );
    return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.value_json) as unknown]));
  }

  /** Sets the given preferences (a null value forgets one) and answers them all. */
  async set(userId: number, values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const at = new Date().toISOString();
    await this.sql.tx(async (t) => {
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) continue;
        await t.run('DELETE FROM user_preferences WHERE user_id = ? AND name = ?', [userId, name]);
        if (value !== null)
          await t.run(
            'INSERT INTO user_preferences (user_id, name, value_json, updated_at) VALUES (?, ?, ?, ?)',
            [userId, name, JSON.stringify(value), at],
          );
      }
    });
    return this.get(userId);
  }
}
