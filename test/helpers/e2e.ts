import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { assertBuilt, ROOT, runCli, startCli } from './cli.js';

// What every Chromium end-to-end file needs: the built CLI and web app, one demo store per test run (it takes
// a minute and a half to ingest and analyse, so it is built once and each file serves its own copy: the
// server writes sessions and preferences into it), the real server on a free port, and Debian's Chromium.

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory that lives as long as the test run (test/helpers/e2e-global-setup.ts). */
    e2eRunDir: string;
  }
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Headless Chromium with nothing that reaches the network on its own (updates, sync, QUIC probes). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails early, with the command to run, when the CLI, the web app or the browser is missing. */
export function assertE2eReady(): void {
  assertBuilt();
  if (!existsSync(join(ROOT, 'dist', 'web', 'index.html')))
    throw new Error('dist/web/index.html is missing: build the web app (npx vite build, or npm run build).');
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
}

/** An empty data directory of the test's own. */
export function freshDataDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `wf-e2e-${name}-`));
}

function runDir(): string {
  // Outside vitest's global setup (another config, a single file run by hand) the run is this process.
  let dir: string | undefined;
  try {
    dir = inject('e2eRunDir');
  } catch {
    dir = undefined;
  }
  if (!dir) {
    dir = join(tmpdir(), `wf-e2e-run-${process.pid}`);
    mkdirSync(dir, { recursive: true });
  }
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A copy of the demo store for one test file. The first file to ask builds it (`demo --no-serve`) while
 * holding a lock directory; the others wait for its `ready` mark, so files running side by side ingest the
 * corpus once per run. A build that fails drops the lock, and the next file to ask tries again.
 */
export async function demoStoreCopy(name: string): Promise<string> {
  const run = runDir();
  const store = join(run, 'demo');
  const ready = join(run, 'demo.ready');
  const lock = join(run, 'demo.lock');
  const deadline = Date.now() + 600_000;
  while (!existsSync(ready)) {
    if (Date.now() > deadline) throw new Error(`the shared demo store in ${run} was not built in 10 minutes`);
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      mine = false;
    }
    if (!mine) {
      await sleep(500);
      continue;
    }
    try {
      rmSync(store, { recursive: true, force: true });
      const built = await runCli(['demo', '--no-serve', '--data', store]);
      if (built.code !== 0) throw new Error(`demo --no-serve failed (${built.code}):\n${built.stderr}`);
      writeFileSync(ready, new Date().toISOString());
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const copy = freshDataDir(name);
  // The store is closed (its writer exited), so a file copy is a consistent snapshot.
  cpSync(store, copy, { recursive: true });
  return copy;
}

export interface Desk {
  base: string;
  server: ChildProcess;
}

/** Starts `watchfloor serve` on a free port over `data` and resolves with its URL once it listens. */
export function serveDesk(data: string, timeoutMs = 120_000): Promise<Desk> {
  const server = startCli(['serve', '--data', data, '--port', '0']);
  return new Promise<Desk>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      server.kill('SIGTERM');
      reject(new Error(`serve did not start in time:\n${out}\n${err}`));
    }, timeoutMs);
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1] as string, server });
      }
    });
    server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** Closes the browser and stops the server; safe to call when either never started. */
export async function stopDesk(browser: Browser | undefined, desk: Desk | undefined): Promise<void> {
  await browser?.close();
  desk?.server.kill('SIGTERM');
}
