import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { assertBuilt, runCli, startCli } from '../helpers/cli.js';

// Issue 15: under `serve`, analysis ran on the HTTP thread: a long article held every request and SIGTERM
// for as long as it took. It runs on the analysis pool's thread now, with a deadline: /healthz answers
// throughout, an article past the deadline is stored without analysis (analysis.timeout) while the batch
// goes on, and SIGTERM stops the server at once, leaving the job in hand to be run again.

const SENTENCE =
  'Iranian officials said on Tuesday that Israeli jets struck targets near Damascus, killing three soldiers. ';
/** About 1 MB of actor sentences: minutes of tagging, parsing and coding, far past any deadline here. */
const LONG_TEXT = `Strikes near Damascus\n\n${SENTENCE.repeat(10_000)}`;
const SHORT_TEXT = `Talks in Vienna\n\n${'Diplomats from Iran and France met in Vienna on Monday to discuss the talks. '.repeat(3)}`;

beforeAll(() => assertBuilt());

/** A store whose queue holds one ingest job per file, as `ingest --no-wait` would leave it. */
async function queued(files: Record<string, string>): Promise<string> {
  const data = mkdtempSync(join(tmpdir(), 'wf-offthread-'));
  const store = SqliteStore.open(data);
  const jobs = Object.entries(files).map(([name, text]) => {
    const path = join(data, name);
    writeFileSync(path, text);
    return { kind: 'ingest.file' as const, key: `file:${path}`, payload: { path } };
  });
  await store.enqueue(jobs);
  await store.close();
  return data;
}

async function started(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`serve exited early: ${out}`)));
  });
}

/** The slowest of `n` /healthz answers a tenth of a second apart. */
async function worstHealthz(url: string, n: number): Promise<number> {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    worst = Math.max(worst, performance.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
  return worst;
}

interface Status {
  articles: number;
  jobs: Record<string, number>;
  failuresByCode: Array<{ code: string; count: number }>;
}

describe('serve while a long article is analysed', () => {
  it('answers /healthz throughout; past the deadline the article is stored without analysis and the batch goes on', async () => {
    const data = await queued({ 'long.txt': LONG_TEXT, 'short.txt': SHORT_TEXT });
    const child = startCli(['serve', '--data', data, '--port', '0', '--json'], {
      WATCHFLOOR_ANALYSIS_TIMEOUT_MS: '3000',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await started(child);
      await fetch(`${url}/healthz`);
      // Before, the first probe after the job started waited out the whole analysis (minutes).
      expect(await worstHealthz(url, 25)).toBeLessThan(1000);
      let status: Status | null = null;
      for (let i = 0; i < 120; i++) {
        status = (await (await fetch(`${url}/api/status`)).json()) as Status;
        if (status.articles === 2 && status.failuresByCode.some((f) => f.code === 'analysis.timeout')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(status?.failuresByCode).toContainEqual({ code: 'analysis.timeout', count: 1 });
      expect(status?.articles).toBe(2);
      const list = (await (await fetch(`${url}/api/articles`)).json()) as {
        items: Array<{ id: number; title: string | null }>;
      };
      const analysed = async (title: string) => {
        const a = list.items.find((x) => x.title === title);
        return (await fetch(`${url}/api/articles/${a!.id}/analysis`)).status;
      };
      expect(await analysed('Strikes near Damascus')).toBe(404);
      expect(await analysed('Talks in Vienna')).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);

  it('stops on SIGTERM at once, mid-analysis, and the next start runs the job again', async () => {
    const data = await queued({ 'long.txt': LONG_TEXT });
    const child = startCli(['serve', '--data', data, '--port', '0', '--json'], {
      WATCHFLOOR_ANALYSIS_TIMEOUT_MS: '600000',
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await started(child);
      await fetch(`${url}/healthz`);
      // Long enough for the thread to load the models and be deep inside the article.
      expect(await worstHealthz(url, 40)).toBeLessThan(1000);
      const before = (await (await fetch(`${url}/api/status`)).json()) as Status;
      expect(before.jobs.running).toBe(1);
      const stopAt = performance.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Before, SIGTERM waited for the analysis to end: minutes.
      expect(performance.now() - stopAt).toBeLessThan(5000);
    } finally {
      child.kill('SIGKILL');
    }
    // Stopping is not the article's fault: nothing failed, and the job is there for the next worker.
    const status = JSON.parse((await runCli(['status', '--json', '--data', data])).stdout) as Status;
    expect(status.failuresByCode).toEqual([]);
    expect(status.articles).toBe(0);
    expect(status.jobs.running).toBe(1);
    // The next worker finds its process gone and runs it (with a short deadline, to end in a test's time).
    const rerun = await runCli(['worker', '--exit-when-idle', '--data', data, '--json'], {
      WATCHFLOOR_ANALYSIS_TIMEOUT_MS: '2000',
    });
    expect(rerun.code, rerun.stderr).toBe(0);
    const after = JSON.parse((await runCli(['status', '--json', '--data', data])).stdout) as Status;
    expect(after.articles).toBe(1);
    expect(after.jobs.running ?? 0).toBe(0);
    expect(after.failuresByCode).toEqual([{ code: 'analysis.timeout', count: 1 }]);
  }, 180_000);
});
