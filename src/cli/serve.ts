import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../config/config.js';
import { runWorker } from '../jobs/worker.js';
import { pooledReads, readerThreads } from '../serve/read-pool.js';
import { createApp, listen } from '../serve/server.js';
import { storeLocation } from '../store/db.js';
import { guard, withCommon, withFetch } from './common.js';
import { ingestWithProgress, printBatchReport } from './ingest.js';
import { configFrom, EXIT, openRuntime, printJson, type CommonOptions, type Runtime } from './runtime.js';

interface ServeOptions extends CommonOptions {
  port?: string;
  host?: string;
  publicUrl?: string;
}

/** Serves until SIGINT/SIGTERM, running queued jobs in the background meanwhile. */
async function serveUntilStopped(rt: Runtime, json: boolean): Promise<number> {
  const pool = pooledReads(rt.store, rt.config.dataDir, readerThreads());
  // Until it is bound, the port (maybe 0, any) is not known: the default public URL is read per request.
  let listening = `http://localhost:${rt.config.port}`;
  const app = createApp(pool.store, {
    onDictionaryChange: () => void rt.refreshDictionary(),
    publicUrl: () => rt.config.publicUrl ?? listening,
    allowedHosts: rt.config.allowedHosts,
  });
  const { server, url } = await listen(app, rt.config.port, rt.config.host);
  listening = url;
  if (json) printJson({ url, dataDir: rt.config.dataDir });
  else
    process.stdout.write(
      `Watchfloor is serving ${url} (data: ${storeLocation(rt.config)}). Ctrl-C to stop.\n`,
    );
  const stop = new AbortController();
  // The threads go at once: a page or an article in hand does not hold the process up to its deadline.
  const onSignal = () => {
    stop.abort();
    void rt.stopWork();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Catch up after a crash, then keep checking: other workers may be storing articles too.
  rt.sweeper.poke();
  const sweeps = setInterval(() => {
    rt.sweeper.poke();
    // Other processes may have edited the dictionary.
    void rt.refreshDictionary().catch(() => undefined);
  }, 60_000);
  await runWorker({
    store: rt.store,
    handlers: rt.handlers,
    concurrency: rt.config.workerConcurrency,
    exitWhenIdle: false,
    signal: stop.signal,
    pollMs: 2000,
  });
  clearInterval(sweeps);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return EXIT.ok;
}

function serveConfig(opts: ServeOptions) {
  const extra: Record<string, unknown> = {};
  if (opts.port) extra.port = opts.port;
  if (opts.host) extra.host = opts.host;
  if (opts.publicUrl) extra.publicUrl = opts.publicUrl;
  return configFrom(opts, extra);
}

export function registerServe(program: Command): void {
  withFetch(
    withCommon(
      program
        .command('serve')
        .description('serve the web app and HTTP API (and run queued jobs in the background)')
        .option('--port <n>', 'port to listen on (default 8080; WATCHFLOOR_PORT)')
        .option('--host <addr>', 'interface to bind (default 127.0.0.1; WATCHFLOOR_HOST)')
        .option(
          '--public-url <url>',
          'where people reach the desk, the base of URLs in responses (default: the listening address; WATCHFLOOR_PUBLIC_URL)',
        ),
    ),
  ).action((opts: ServeOptions) =>
    guard(async () => {
      const rt = await openRuntime(serveConfig(opts));
      try {
        return await serveUntilStopped(rt, !!opts.json);
      } finally {
        await rt.close();
      }
    }),
  );

  withCommon(
    program
      .command('demo')
      .description('ingest the bundled demo corpus (TR-News, LGL and a seed article) and serve it')
      .option('--port <n>', 'port to listen on (default 8080; WATCHFLOOR_PORT)')
      .option('--host <addr>', 'interface to bind (default 127.0.0.1; WATCHFLOOR_HOST)')
      .option('--public-url <url>', 'where people reach the desk (WATCHFLOOR_PUBLIC_URL)')
      .option('--no-serve', 'only ingest, do not start the server'),
  ).action((opts: ServeOptions & { serve?: boolean }) =>
    guard(async () => {
      const rt = await openRuntime(serveConfig(opts));
      try {
        const corpus = join(packageRoot(), 'data', 'demo', 'articles.jsonl');
        const report = await ingestWithProgress(rt, [corpus], !!opts.json, 'demo corpus');
        if (!opts.json) printBatchReport(report, 'Demo corpus');
        const status = await rt.store.status();
        if (!opts.json)
          process.stdout.write(`The store holds ${status.articles} articles in ${status.stories} stories.\n`);
        if (opts.serve === false) return EXIT.ok;
        return await serveUntilStopped(rt, !!opts.json);
      } finally {
        await rt.close();
      }
    }),
  );
}
