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
  'volume',
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
  'codeRollup',
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

export interface ReadPoolOptions {
  /** The reader's script; the compiled read-worker.js by default (tests give their own). */
  script?: URL;
}

/** Readers replaced within this window count towards a crash loop. */
const RESPAWN_WINDOW_MS = 60_000;
/** A slot whose reader died this many times in the window stays empty: its requests go to the others. */
const MAX_RESPAWNS = 5;

/** The store with its API reads spread over `size` reader threads (the compiled worker must exist). */
export function pooledReads(
  store: Store,
  dataDir: string,
  size: number,
  options: ReadPoolOptions = {},
): ReadPool {
  const script = options.script ?? new URL('./read-worker.js', import.meta.url);
  // Run from TypeScript sources (tests), there is no compiled worker: reads stay on the store.
  if (store.kind !== 'sqlite' || size < 1 || !existsSync(script))
    return { store, close: async () => undefined };
  let next = 0;
  let closing = false;
  const pending = new Map<number, Pending>();
  interface Reader {
    w: Worker | null;
    mine: Set<number>;
    deaths: number[];
  }
  const spawn = (slot: Reader): void => {
    const w = new Worker(script, { workerData: { dataDir } });
    slot.w = w;
    w.on(
      'message',
      (m: {
        id: number;
        result?: unknown;
        error?: { name: string; message: string; position: number | null; stack?: string };
      }) => {
        const p = pending.get(m.id);
        pending.delete(m.id);
        slot.mine.delete(m.id);
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
    // A reader that dies fails its own requests, not the server, and is replaced: without a replacement
    // every later request sent to it would wait forever.
    let why: Error | null = null;
    w.on('error', (err) => (why = err));
    w.on('exit', (code) => {
      if (slot.w === w) slot.w = null;
      const err = new Error(
        `a reader thread stopped (${why ? why.message : `exit code ${code}`}) during this request; retry it`,
      );
      err.name = 'ReaderExited';
      for (const id of slot.mine) {
        pending.get(id)?.reject(err);
        pending.delete(id);
      }
      slot.mine.clear();
      if (closing) return;
      const now = Date.now();
      slot.deaths = [...slot.deaths.filter((t) => now - t < RESPAWN_WINDOW_MS), now];
      if (slot.deaths.length <= MAX_RESPAWNS) spawn(slot);
    });
    w.unref();
  };
  const readers: Reader[] = Array.from({ length: size }, () => ({ w: null, mine: new Set(), deaths: [] }));
  for (const r of readers) spawn(r);
  const call = (method: PooledRead, args: unknown[]): Promise<unknown> => {
    const live = readers.filter((r) => r.w !== null);
    // Every reader crash-looping: answer on this thread, slower but answering.
    if (!live.length) return (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
    return new Promise((resolve, reject) => {
      // The least busy reader: one slow facet count should not hold up the page requests behind it.
      const target = live.reduce((a, b) => (b.mine.size < a.mine.size ? b : a));
      const id = ++next;
      pending.set(id, { resolve, reject });
      target.mine.add(id);
      target.w?.postMessage({ id, method, args });
    });
  };
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
      closing = true;
      await Promise.all(readers.map(({ w }) => w?.terminate()));
    },
  };
}
