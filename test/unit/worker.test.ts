import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import {
  isWorkerAlive,
  newWorkerId,
  runWorker,
  type JobEvent,
  type JobHandlers,
} from '../../src/jobs/worker.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const open = () => SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-worker-')));

function handlers(impl: JobHandlers['ingest.url']): JobHandlers {
  const never = async () => {
    throw new Error('not used in this test');
  };
  return { 'ingest.url': impl, 'ingest.file': never, 'feed.poll': never, 'analyze.range': never };
}

describe('runWorker', () => {
  it('runs every job once, never more than `concurrency` at a time', async () => {
    const store = open();
    await store.enqueue(
      Array.from({ length: 25 }, (_, i) => ({ kind: 'ingest.url' as const, key: `k${i}`, payload: { i } })),
    );
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const n = await runWorker({
      store,
      concurrency: 4,
      exitWhenIdle: true,
      handlers: handlers(async (job) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        seen.push(Number(job.payload.i));
        inFlight--;
        return { ok: true };
      }),
    });
    expect(n).toBe(25);
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect((await store.status()).jobs.done).toBe(25);
    await store.close();
  });

  it('retries a transient failure after its backoff and fails a permanent one at once', async () => {
    const store = open();
    await store.enqueue([
      { kind: 'ingest.url', key: 'flaky', payload: {} },
      { kind: 'ingest.url', key: 'gone', payload: {} },
    ]);
    const calls: Record<string, number> = {};
    const events: JobEvent[] = [];
    const run = () =>
      runWorker({
        store,
        concurrency: 2,
        exitWhenIdle: true,
        retryDelayMs: () => 0,
        onEvent: (e) => events.push(e),
        handlers: handlers(async (job) => {
          calls[job.key] = (calls[job.key] ?? 0) + 1;
          if (job.key === 'gone')
            throw new CollectError('fetch.http_4xx', 'https://x.example/gone', 'HTTP 404');
          if (calls[job.key]! < 3)
            throw new CollectError('fetch.http_5xx', 'https://x.example/flaky', 'HTTP 503');
        }),
      });
    await run();
    expect(calls).toEqual({ flaky: 3, gone: 1 });
    expect(events.filter((e) => e.willRetry).length).toBe(2);
    const s = await store.status();
    expect(s.jobs).toEqual({ pending: 0, running: 0, done: 1, failed: 1 });
    expect(s.recentFailures[0]).toMatchObject({ code: 'fetch.http_4xx', where: 'https://x.example/gone' });
    await store.close();
  });

  it('treats an unexpected error as transient until attempts run out', async () => {
    const store = open();
    await store.enqueue([
      { kind: 'ingest.url', key: 'bug', payload: { url: 'https://x.example/bug' }, maxAttempts: 2 },
    ]);
    let calls = 0;
    await runWorker({
      store,
      concurrency: 1,
      exitWhenIdle: true,
      retryDelayMs: () => 0,
      handlers: handlers(async () => {
        calls++;
        throw new TypeError('cannot read properties of undefined');
      }),
    });
    expect(calls).toBe(2);
    expect((await store.status()).failuresByCode).toEqual([{ code: 'job.error', count: 1 }]);
    await store.close();
  });

  it('stops when aborted, letting running jobs finish', async () => {
    const store = open();
    await store.enqueue(
      Array.from({ length: 10 }, (_, i) => ({ kind: 'ingest.url' as const, key: `s${i}`, payload: {} })),
    );
    const ac = new AbortController();
    let done = 0;
    await runWorker({
      store,
      concurrency: 1,
      exitWhenIdle: false,
      signal: ac.signal,
      handlers: handlers(async () => {
        done++;
        if (done === 3) ac.abort();
      }),
    });
    expect(done).toBe(3);
    expect((await store.status()).jobs).toMatchObject({ done: 3, pending: 7, running: 0 });
    await store.close();
  });
});

describe('isWorkerAlive', () => {
  it('knows a dead process on this host is gone', () => {
    const me = newWorkerId();
    const [host] = me.split(':');
    expect(isWorkerAlive(`${host}:999999999:abc`)).toBe(false);
    expect(isWorkerAlive(`${host}:${process.pid}:not-running`)).toBe(false);
    expect(isWorkerAlive('another-host:1:abc')).toBe(true);
  });
});
