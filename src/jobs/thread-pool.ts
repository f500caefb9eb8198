import { existsSync } from 'node:fs';
import { parentPort, Worker } from 'node:worker_threads';

// Worker threads with a deadline per task, for work on untrusted input (parsing pages and feeds, analysing
// articles): a task that runs past its budget costs one terminated thread, never the main thread, which
// answers HTTP and signals in `serve`. Threads load their resources once, when they start; the deadline is
// counted from when a thread is ready and has the task, so neither start-up nor queueing is the item's fault.
// (piscina and tinypool abort a running task through an AbortSignal, but a signal armed at submission also
// counts the queue and the thread's start-up, which for the analyzer is seconds of model loading.)

/** A task sent to a thread. */
export interface TaskMessage<Req> {
  id: number;
  req: Req;
}

/** A thread's answer: the value, or an error in a form that crosses threads (see ThreadPoolOptions.revive). */
export type ReplyMessage<Res, Err> =
  { id: number; ok: true; value: Res } | { id: number; ok: false; error: Err };

/** Sent once by a thread after it has loaded what it needs. */
export interface ReadyMessage {
  ready: true;
}

export interface ThreadPoolOptions<Req, Err> {
  /** The compiled worker module; run from TypeScript sources (tests), the .ts beside it through tsx. */
  script: URL;
  /** Threads at once. */
  size: number;
  /** Budget of one task once a ready thread has taken it; past it the thread is terminated. */
  timeoutMs: number;
  /** Heap cap of a thread: a task that needs more fails alone instead of taking the process down. */
  maxHeapMb: number;
  /** An idle thread is ended after this long; the next task starts a new one (and reloads). */
  idleMs?: number;
  /** How long a thread may take to become ready before its task fails. */
  startupMs?: number;
  /** Given to each thread as it starts (read at each start, so restart() can change it). */
  workerData?: () => unknown;
  /** The error a task gets past its deadline. */
  timedOut(req: Req, ms: number): Error;
  /** The error a task gets when its thread ran out of heap. */
  outOfMemory(req: Req): Error;
  /** The error a thread's error reply stands for. */
  revive(error: Err): Error;
}

export interface ThreadPool<Req, Res> {
  /** Runs one task on a thread: queued while every thread is busy. */
  run(req: Req): Promise<Res>;
  /** Threads start anew (with fresh workerData) from the next task on; a running task finishes first. */
  restart(): void;
  /** Ends the threads; tasks still queued or running reject. */
  close(): Promise<void>;
}

interface Task<Req, Res> {
  msg: TaskMessage<Req>;
  resolve: (v: Res) => void;
  reject: (e: Error) => void;
}

interface Slot<Req, Res> {
  worker: Worker | null;
  task: Task<Req, Res> | null;
  timer: NodeJS.Timeout | null;
  /** The thread has loaded its resources. */
  ready: boolean;
  /** Started before the last restart(): replaced once its task ends. */
  stale: boolean;
}

export class PoolClosedError extends Error {
  override name = 'PoolClosedError';
  constructor() {
    super('the worker thread pool is closed (the process is stopping)');
  }
}

function startWorker(script: URL, workerData: unknown, maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (existsSync(script)) return new Worker(script, { workerData, resourceLimits });
  // Node 20 does not apply `--import` to a worker's entry: tsx is registered by the thread itself.
  const ts = script.href.replace(/\.js$/, '.ts');
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

export function createThreadPool<Req, Res, Err>(options: ThreadPoolOptions<Req, Err>): ThreadPool<Req, Res> {
  const size = Math.max(1, options.size);
  const { timeoutMs } = options;
  const idleMs = options.idleMs ?? 30_000;
  const startupMs = options.startupMs ?? 60_000;
  const slots: Array<Slot<Req, Res>> = Array.from({ length: size }, () => ({
    worker: null,
    task: null,
    timer: null,
    ready: false,
    stale: false,
  }));
  const queue: Array<Task<Req, Res>> = [];
  let nextId = 1;
  let closed = false;

  const end = (slot: Slot<Req, Res>) => {
    const w = slot.worker;
    slot.worker = null;
    slot.ready = false;
    slot.stale = false;
    if (w) void w.terminate();
  };

  const spawn = (slot: Slot<Req, Res>): Worker => {
    const w = startWorker(options.script, options.workerData?.(), options.maxHeapMb);
    w.on('message', (m: ReplyMessage<Res, Err> | ReadyMessage) => {
      if (slot.worker !== w) return;
      const task = slot.task;
      if ('ready' in m) {
        slot.ready = true;
        if (task) startDeadline(slot, task);
        return;
      }
      if (!task || task.msg.id !== m.id) return;
      settle(slot);
      if (m.ok) task.resolve(m.value);
      else task.reject(options.revive(m.error));
    });
    const died = (err: Error | null) => {
      if (slot.worker !== w) return;
      slot.worker = null;
      slot.ready = false;
      const task = slot.task;
      if (!task) return;
      settle(slot);
      const oom = (err as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      task.reject(
        oom
          ? options.outOfMemory(task.msg.req)
          : new Error(`a worker thread stopped: ${err?.message ?? 'exited'}`),
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
  const settle = (slot: Slot<Req, Res>) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    if (slot.stale) end(slot);
    dispatch();
  };

  const startDeadline = (slot: Slot<Req, Res>, task: Task<Req, Res>) => {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      // The thread may be deep inside a parser: only terminating it stops the work.
      end(slot);
      settle(slot);
      task.reject(options.timedOut(task.msg.req, timeoutMs));
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
            if (slot.worker === w && !slot.task) end(slot);
          }, idleMs);
          slot.timer.unref();
        }
        continue;
      }
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.worker ??= spawn(slot);
      const w = slot.worker;
      slot.task = task;
      if (slot.ready) startDeadline(slot, task);
      else {
        // Held until the thread has loaded its modules; a thread that never gets there fails the task.
        slot.timer = setTimeout(() => {
          end(slot);
          settle(slot);
          task.reject(new Error(`a worker thread did not start within ${startupMs} ms`));
        }, startupMs);
      }
      w.postMessage(task.msg);
    }
  };

  return {
    run(req) {
      if (closed) return Promise.reject(new PoolClosedError());
      return new Promise<Res>((resolve, reject) => {
        queue.push({ msg: { id: nextId++, req }, resolve, reject });
        dispatch();
      });
    },
    restart() {
      for (const slot of slots) {
        if (slot.task) slot.stale = true;
        else {
          if (slot.timer) clearTimeout(slot.timer);
          slot.timer = null;
          end(slot);
        }
      }
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new PoolClosedError());
      await Promise.all(
        slots.map(async (slot) => {
          const w = slot.worker;
          slot.worker = null;
          if (slot.timer) clearTimeout(slot.timer);
          slot.timer = null;
          slot.task?.reject(new PoolClosedError());
          slot.task = null;
          await w?.terminate();
        }),
      );
    },
  };
}

/**
 * The thread side: answers each task with `handle`, errors through `encode` (only plain data crosses), and
 * says it is ready once the module (and whatever it loaded at top level) is in place.
 */
export function serveTasks<Req, Res, Err>(
  handle: (req: Req) => Res,
  encode: (err: unknown, req: Req) => Err,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs on a worker thread');
  port.on('message', (m: TaskMessage<Req>) => {
    let reply: ReplyMessage<Res, Err>;
    try {
      reply = { id: m.id, ok: true, value: handle(m.req) };
    } catch (err) {
      reply = { id: m.id, ok: false, error: encode(err, m.req) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies ReadyMessage);
}
