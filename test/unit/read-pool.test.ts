import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pooledReads, type ReadPool } from '../../src/serve/read-pool.js';
import type { Store } from '../../src/store/types.js';

// Reader threads that die: their requests fail with a clear error, the reader is replaced, and a reader that
// dies on every start leaves the reads to the HTTP thread instead of hanging them.

const dir = mkdtempSync(join(tmpdir(), 'wf-read-pool-'));
const script = (name: string, body: string): URL => {
  const file = join(dir, name);
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
  return pathToFileURL(file);
};
/** Answers every read with its method's name, and dies on getArticle as a crashing query would. */
const DIES_ON_GET = script(
  'dies-on-get.mjs',
  `parentPort.on('message', (m) => {
    if (m.method === 'getArticle') process.exit(3);
    parentPort.postMessage({ id: m.id, result: 'reader:' + m.method });
  });`,
);
/** Dies as soon as it starts, every time (a store it cannot open). */
const DIES_AT_START = script('dies-at-start.mjs', 'process.exit(4);');

const store = {
  kind: 'sqlite',
  search: async () => 'main:search',
  getArticle: async () => 'main:getArticle',
} as unknown as Store;

let pool: ReadPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('the read pool', () => {
  it("fails a dead reader's request with a clear error and replaces the reader", async () => {
    pool = pooledReads(store, dir, 1, { script: DIES_ON_GET });
    expect(await pool.store.search('iran')).toBe('reader:search');
    await expect(pool.store.getArticle(1)).rejects.toThrow(/reader thread stopped \(exit code 3\)/);
    // Before the fix the next request went to the dead reader and never settled.
    expect(await pool.store.search('iran')).toBe('reader:search');
  });

  it('answers on the calling thread once every reader dies on each start', async () => {
    pool = pooledReads(store, dir, 2, { script: DIES_AT_START });
    let answer: unknown = null;
    const until = Date.now() + 10_000;
    while (answer !== 'main:search' && Date.now() < until) {
      answer = await pool.store.search('iran').catch((e: Error) => e.message);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(answer).toBe('main:search');
  });
});
