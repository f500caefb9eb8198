import type { Config } from '../config/config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** A connection URL fit for messages and logs: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Where the store is, for people: the PostgreSQL URL (without its password) or the data folder. */
export function storeLocation(config: Pick<Config, 'dataDir' | 'databaseUrl'>): string {
  return config.databaseUrl ? redactUrl(config.databaseUrl) : config.dataDir;
}

/**
 * Opens the configured store: PostgreSQL when a database URL is configured (DATABASE_URL), else the
 * embedded SQLite file in the data folder. Either way the schema is brought up to date first.
 */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    try {
      // Loaded only when asked for, so the embedded store never loads the PostgreSQL client.
      const { PostgresStore } = await import('./postgres/postgres-store.js');
      return await PostgresStore.connect(url);
    } catch (err) {
      throw new StoreError(
        `Cannot open the PostgreSQL store at ${redactUrl(url)}: ${(err as Error).message}. ` +
          'Check that the server is running, that DATABASE_URL names an existing database, and that its ' +
          'user may create tables there.',
        { cause: err },
      );
    }
  }
  try {
    return SqliteStore.open(config.dataDir);
  } catch (err) {
    throw new StoreError(
      `Cannot open the store in ${config.dataDir}: ${(err as Error).message}. ` +
        'Check that the folder is writable and not used by an incompatible Watchfloor version.',
      { cause: err },
    );
  }
}
