import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { packageRoot } from '../src/config/config.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { median, round } from './stats.js';

// Scale-out: the demo corpus, split into files (one ingest job each), ingested and analysed by 1 and then 2
// `watchfloor worker` processes against one fresh PostgreSQL database per run. Reports articles/s and the
// ratio, and checks that no job ran twice.

interface Run {
  workers: number;
  seconds: number;
  articles: number;
  articlesPerSecond: number;
  jobs: number;
  jobsRunTwice: number;
}

async function admin(server: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${server}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function splitCorpus(dir: string, files: number): string[] {
  const lines = readFileSync(join(packageRoot(), 'data', 'demo', 'articles.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const per = Math.ceil(lines.length / files);
  const out: string[] = [];
  for (let i = 0; i * per < lines.length; i++) {
    const path = join(dir, `part-${String(i).padStart(3, '0')}.jsonl`);
    writeFileSync(path, `${lines.slice(i * per, (i + 1) * per).join('\n')}\n`);
    out.push(path);
  }
  return out;
}

function worker(url: string, data: string): Promise<number | null> {
  const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
  const env = { ...process.env, DATABASE_URL: url, WATCHFLOOR_DATA: data };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, 'worker', '--exit-when-idle', '--concurrency', '1', '--json'],
      {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('close', resolve);
  });
}

async function once(server: string, files: string[], workers: number): Promise<Run> {
  const name = `watchfloor_bench_${randomBytes(4).toString('hex')}`;
  await admin(server, `CREATE DATABASE ${name}`);
  const url = `${server}/${name}`;
  try {
    const store = await PostgresStore.connect(url);
    await store.enqueue(
      files.map((path) => ({
        kind: 'ingest.file' as const,
        key: `file:${path}`,
        payload: { path },
        batch: 'bench',
      })),
    );
    await store.close();
    const data = mkdtempSync(join(tmpdir(), 'wf-bench-workers-'));
    const started = performance.now();
    const codes = await Promise.all(Array.from({ length: workers }, () => worker(url, data)));
    const seconds = (performance.now() - started) / 1000;
    if (codes.some((c) => c !== 0)) throw new Error(`a worker exited with ${codes.join(', ')}`);
    const check = await PostgresStore.connect(url);
    const status = await check.status();
    const twice = await check.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM jobs WHERE attempts > 1 OR status <> 'done'",
    );
    await check.close();
    return {
      workers,
      seconds: round(seconds, 2),
      articles: status.articles,
      articlesPerSecond: round(status.articles / seconds, 1),
      jobs: files.length,
      jobsRunTwice: Number(twice.rows[0]?.n ?? 0),
    };
  } finally {
    await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

export async function benchWorkers(options: { server: string; files: number; reps: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-corpus-'));
  mkdirSync(dir, { recursive: true });
  const files = splitCorpus(dir, options.files);
  const runs: Run[] = [];
  for (let r = 0; r < options.reps; r++) {
    for (const n of [1, 2]) {
      const run = await once(options.server, files, n);
      process.stderr.write(
        `workers ${n}: ${run.articles} articles in ${run.seconds} s (${run.articlesPerSecond}/s)\n`,
      );
      runs.push(run);
    }
  }
  const rate = (n: number) => median(runs.filter((x) => x.workers === n).map((x) => x.articlesPerSecond));
  return {
    corpus: 'data/demo/articles.jsonl',
    files: files.length,
    reps: options.reps,
    runs,
    medianArticlesPerSecond: { oneWorker: rate(1), twoWorkers: rate(2) },
    ratioTwoToOne: round(rate(2) / rate(1), 2),
    jobsRunTwice: runs.reduce((s, x) => s + x.jobsRunTwice, 0),
  };
}
