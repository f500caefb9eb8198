import type { Config } from '../config/config.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** Opens the configured store: the embedded SQLite file in the data folder. */
export function openStore(config: Pick<Config, 'dataDir'>): Store {
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
