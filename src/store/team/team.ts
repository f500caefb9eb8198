import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { SqlClient } from '../sql/client.js';
import { SqliteClient } from '../sql/sqlite-client.js';
import { postgresClient } from '../sql/postgres-client.js';
import type { Store } from '../types.js';
import { Accounts } from './accounts.js';
import { migrateTeam } from './migrations.js';
import { Deliveries, Watchlists } from './watchlists.js';
import { Briefs } from './briefs.js';
import { Corrections } from './corrections.js';
import { ActorEdits, PlaceEdits } from './actor-edits.js';
import { Preferences } from './preferences.js';

/** The team side of a store: accounts and audit now; watchlists, corrections and briefs build on it. */
export interface Team {
  readonly sql: SqlClient;
  readonly accounts: Accounts;
  readonly watchlists: Watchlists;
  readonly deliveries: Deliveries;
  readonly briefs: Briefs;
  readonly corrections: Corrections;
  readonly actorEdits: ActorEdits;
  readonly placeEdits: PlaceEdits;
  readonly preferences: Preferences;
}

/** The shared SQL client over the store's own connection (SQLite) or pool (PostgreSQL). */
export function sqlClientOf(store: Store): SqlClient {
  if (store.kind === 'sqlite') return new SqliteClient((store as unknown as { db: Database.Database }).db);
  return postgresClient((store as unknown as { pool: pg.Pool }).pool);
}

const opened = new WeakMap<Store, Promise<Team>>();

/** Migrates the team tables once per store object and returns its team side. */
export function openTeam(store: Store): Promise<Team> {
  let team = opened.get(store);
  if (!team) {
    team = (async () => {
      const sql = sqlClientOf(store);
      await migrateTeam(sql);
      return {
        sql,
        accounts: new Accounts(sql),
        watchlists: new Watchlists(sql),
        deliveries: new Deliveries(sql),
        briefs: new Briefs(sql),
        corrections: new Corrections(sql),
        actorEdits: new ActorEdits(sql),
        placeEdits: new PlaceEdits(sql),
        preferences: new Preferences(sql),
      };
    })();
    opened.set(store, team);
  }
  return team;
}
