import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { QueryError, QueryTimeout, SEARCH_DEADLINE_MS } from '../store/query/parse.js';
import type { Store } from '../store/types.js';

// better-sqlite3 runs each query on the calling thread: with several clients, requests queue behind one
// another. The reads the API serves go to a pool of reader threads instead; writes and everything else stay
// on the store. Only the embedded store needs it: PostgreSQL queries already run concurrently.

export const POOLED_READS = [
  'search',
  'getArticle',
  'listArticles',
  'getStory',
  'getAnalysis',
  'listEvents',
  'getEvent',
  'listQuotes',
  'listClaims',
  'eventTimeline',
  'actorGraph',
  'getActor',
  'getPlace',
] as const satisfies ReadonlyArray<keyof Store>;
export type PooledRead = (typeof POOLED_READS)[number];

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** One reader per core, at least two: the HTTP thread mostly waits on them. */
export const readerThreads = () => Math.max(2, availableParallelism());

export interface ReadPool {
  store: Store;
  close(): Promise<void>;
}

/** The store with its API reads spread over `size` reader threads (the compiled worker must exist). */
export function pooledReads(store: Store, dataDir: string, size: number): ReadPool {
  const script = new URL('./read-worker.js', import.meta.url);
  // Run from TypeScript sources (tests), there is no compiled worker: reads stay on the store.
  if (store.kind !== 'sqlite' || size < 1 || !existsSync(script))
    return { store, close: async () => undefined };
  let next = 0;
  const pending = new Map<number, Pending>();
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(script, { workerData: { dataDir } });
    const mine = new Set<number>();
    w.on(
      'message',
      (m: {
        id: number;
        result?: unknown;
        error?: { name: string; message: string; position: number | null; stack?: string };
      }) => {
        const p = pending.get(m.id);
        pending.delete(m.id);
        mine.delete(m.id);
        if (!p) return;
        if (!m.error) return p.resolve(m.result);
        if (m.error.name === 'QueryTimeout') return p.reject(new QueryTimeout(SEARCH_DEADLINE_MS));
        if (m.error.name === 'QueryError')
          return p.reject(new QueryError(m.error.message, m.error.position ?? 0));
        const e = new Error(m.error.message);
        e.name = m.error.name;
        if (m.error.stack) e.stack = m.error.stack;
        p.reject(e);
      },
    );
    // A reader that dies fails its own requests, not the server.
    w.on('error', (err) => {
      for (const id of mine) pending.get(id)?.reject(err);
    });
    w.unref();
    return { w, mine };
  });
  const call = (method: PooledRead, args: unknown[]) =>
    new Promise((resolve, reject) => {
      // The least busy reader: one slow facet count should not hold up the page requests behind it.
      const target = workers.reduce((a, b) => (b.mine.size < a.mine.size ? b : a));
      const id = ++next;
      pending.set(id, { resolve, reject });
      target.mine.add(id);
      target.w.postMessage({ id, method, args });
    });
  const reads = new Set<string>(POOLED_READS);
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && reads.has(prop))
        return (...args: unknown[]) => call(prop as PooledRead, args);
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    store: proxy,
    close: async () => {
      await Promise.all(workers.map(({ w }) => w.terminate()));
    },
  };
}
