import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { createTestDatabase } from './postgres.js';

/** A fresh store on one engine: how tests open it, how the CLI reaches it, and how it is thrown away. */
export interface Engine {
  open: () => Promise<Store>;
  cli: { args: string[]; env: Record<string, string> };
  drop: () => Promise<void>;
}

/** Both engines, for suites that must behave the same on each (PostgreSQL: a database made for the test). */
export const ENGINES: ReadonlyArray<readonly [kind: 'sqlite' | 'postgres', make: () => Promise<Engine>]> = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wf-engine-'));
      return {
        open: async () => SqliteStore.open(dir),
        cli: { args: ['--data', dir], env: {} },
        drop: async () => undefined,
      };
    },
  ],
  [
    'postgres',
    async () => {
      const db = await createTestDatabase();
      return {
        open: () => PostgresStore.connect(db.url),
        cli: {
          args: ['--data', mkdtempSync(join(tmpdir(), 'wf-engine-pg-'))],
          env: { DATABASE_URL: db.url },
        },
        drop: db.drop,
      };
    },
  ],
];
