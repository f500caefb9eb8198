import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DEFAULT_COLLECT_LIMITS } from './budget.js';
import { CollectError, type CollectErrorCode } from './errors.js';
import type { ExtractedArticle } from './types.js';

// HTML extraction runs on worker threads with a deadline: a page that keeps Readability busy for minutes
// costs one recycled thread, never the main thread (which answers HTTP and signals in `serve`).

export interface ExtractRequest {
  id: number;
  html: string;
  url: string;
}

export type ExtractResponse =
  | { id: number; article: ExtractedArticle; error?: undefined }
  | {
      id: number;
      article?: undefined;
      error: { code: CollectErrorCode | null; where: string; detail: string };
    };

export interface ExtractPoolOptions {
  /** Threads at once (default 2: the cost is CPU, more threads than cores only queue). */
  size?: number;
  /** Budget of one extraction once a thread has taken it; past it the thread is terminated. */
  timeoutMs?: number;
  /** Heap cap of a thread: a page that needs more fails alone instead of taking the process down. */
  maxHeapMb?: number;
  /** An idle thread is ended after this long; the next page starts a new one. */
  idleMs?: number;
}

export interface ExtractPool {
  /** extractArticle on a worker thread; rejects with content.too_complex past the time or memory budget. */
  extract(html: string, url: string): Promise<ExtractedArticle>;
  /** Ends the threads; extractions still queued or running reject. */
  close(): Promise<void>;
}

interface Task {
  req: ExtractRequest;
  resolve: (a: ExtractedArticle) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker | null;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** The thread has loaded the extractor (start-up can take a second on a busy machine). */
  ready: boolean;
}

const STARTUP_MS = 60_000;

/** The compiled worker next to this module, or (run from TypeScript sources) the .ts one through tsx. */
function startWorker(resourceLimits: { maxOldGenerationSizeMb: number }): Worker {
  const js = new URL('./extract-worker.js', import.meta.url);
  if (existsSync(js)) return new Worker(js, { resourceLimits });
  // Node 20 does not apply `--import` to a worker's entry: tsx is registered by the worker itself.
  const ts = new URL('./extract-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

function rebuild(error: NonNullable<ExtractResponse['error']>): Error {
  return error.code ? new CollectError(error.code, error.where, error.detail) : new Error(error.detail);
}

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const size = Math.max(1, options.size ?? 2);
  const timeoutMs = options.timeoutMs ?? DEFAULT_COLLECT_LIMITS.extractTimeoutMs;
  const idleMs = options.idleMs ?? 30_000;
  const slots: Slot[] = Array.from({ length: size }, () => ({
    worker: null,
    task: null,
    timer: null,
    ready: false,
  }));
  const queue: Task[] = [];
  let nextId = 1;
  let closed = false;

  const spawn = (slot: Slot): Worker => {
    const w = startWorker({ maxOldGenerationSizeMb: options.maxHeapMb ?? 512 });
    w.on('message', (res: ExtractResponse | { ready: true }) => {
      const task = slot.task;
      if ('ready' in res) {
        slot.ready = true;
        if (task && slot.timer) {
          clearTimeout(slot.timer);
          startDeadline(slot, w, task);
        }
        return;
      }
      if (!task || task.req.id !== res.id) return;
      settle(slot);
      if (res.error) task.reject(rebuild(res.error));
      else task.resolve(res.article);
    });
    const died = (err: Error | null) => {
      if (slot.worker !== w) return;
      slot.worker = null;
      const task = slot.task;
      if (!task) return;
      settle(slot);
      const oom = (err as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      task.reject(
        oom
          ? new CollectError('content.too_complex', task.req.url, 'extraction ran out of memory')
          : new Error(`the extraction thread stopped: ${err?.message ?? 'exited'}`),
      );
    };
    w.on('error', died);
    w.on('exit', () => died(null));
    // An idle or runaway thread never keeps the process alive: the deadline timer does while a task runs.
    // (After the listeners: adding a 'message' listener refs the thread again.)
    w.unref();
    return w;
  };

  /** Frees the slot after its task ended and hands it the next one. */
  const settle = (slot: Slot) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    dispatch();
  };

  /** The deadline of the slot's task, counted from when its thread is ready: start-up is not the page's fault. */
  const startDeadline = (slot: Slot, w: Worker, task: Task) => {
    slot.timer = setTimeout(() => {
      // The thread may be deep inside Readability: only terminating it stops the work.
      slot.worker = null;
      void w.terminate();
      settle(slot);
      task.reject(
        new CollectError('content.too_complex', task.req.url, `extraction took longer than ${timeoutMs} ms`),
      );
    }, timeoutMs);
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (slot.task) continue;
      const task = queue.shift();
      if (!task) {
        if (slot.worker && !slot.timer) {
          const w = slot.worker;
          slot.timer = setTimeout(() => {
            slot.timer = null;
            if (slot.worker === w && !slot.task) {
              slot.worker = null;
              void w.terminate();
            }
          }, idleMs);
          slot.timer.unref();
        }
        continue;
      }
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      if (!slot.worker) {
        slot.worker = spawn(slot);
        slot.ready = false;
      }
      const w = slot.worker;
      slot.task = task;
      if (slot.ready) startDeadline(slot, w, task);
      else {
        // Held until the thread has loaded its modules; a thread that never gets there fails the task.
        slot.timer = setTimeout(() => {
          slot.worker = null;
          void w.terminate();
          settle(slot);
          task.reject(new Error(`the extraction thread did not start within ${STARTUP_MS} ms`));
        }, STARTUP_MS);
      }
      w.postMessage(task.req);
    }
  };

  return {
    extract(html, url) {
      if (closed) return Promise.reject(new Error('the extraction pool is closed'));
      return new Promise<ExtractedArticle>((resolve, reject) => {
        queue.push({ req: { id: nextId++, html, url }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('the extraction pool is closed'));
      await Promise.all(
        slots.map(async (slot) => {
          const w = slot.worker;
          slot.worker = null;
          if (slot.timer) clearTimeout(slot.timer);
          slot.timer = null;
          slot.task?.reject(new Error('the extraction pool is closed'));
          slot.task = null;
          await w?.terminate();
        }),
      );
    },
  };
}
