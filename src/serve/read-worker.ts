import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { POOLED_READS, type PooledRead } from './read-pool.js';

// A reader thread: its own connection to the embedded store (WAL lets readers run beside the writer), so
// searches and page queries run in parallel with each other and off the thread that answers HTTP.

const store = SqliteStore.open((workerData as { dataDir: string }).dataDir);
const allowed = new Set<string>(POOLED_READS);

parentPort?.on('message', (msg: { id: number; method: PooledRead; args: unknown[] }) => {
  void (async () => {
    try {
      if (!allowed.has(msg.method)) throw new Error(`not a pooled read: ${msg.method}`);
      const fn = store[msg.method] as (...a: unknown[]) => Promise<unknown>;
      parentPort?.postMessage({ id: msg.id, result: await fn.apply(store, msg.args) });
    } catch (err) {
      const e = err as Error & { position?: number };
      parentPort?.postMessage({
        id: msg.id,
        error: { name: e.name, message: e.message, position: e.position ?? null, stack: e.stack },
      });
    }
  })();
});
