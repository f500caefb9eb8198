import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { storeContract } from '../store/contract.js';

storeContract('sqlite', async () => SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-store-'))));
