import { createFetcher, type Fetcher } from '../collect/fetcher.js';
import { loadConfig, packageRoot, type Config } from '../config/config.js';
import { openStore } from '../store/db.js';
import type { Store } from '../store/types.js';
import { availableParallelism } from 'node:os';
import { createExtractPool } from '../collect/extract-pool.js';
import { createAnalysisPool } from '../jobs/analysis-pool.js';
import { createHandlers } from '../jobs/handlers.js';
import { runWorker, type JobHandlers } from '../jobs/worker.js';
import { createAnalyzer, defaultAnalyzer, type Analyzer } from '../understand/pipeline.js';
import { loadResources, type ResourceOverlay } from '../understand/resources.js';
import { createSweeper } from '../jobs/watchlist-sweep.js';
import { deliverWebhooks } from '../jobs/webhooks.js';
import { openTeam } from '../store/team/team.js';
import { createProgress, progressMode } from './progress.js';

export interface CommonOptions {
  data?: string;
  json?: boolean;
  allowLoopback?: boolean;
  allowPrivate?: boolean;
  userAgent?: string;
  robots?: boolean;
}

export interface Runtime {
  config: Config;
  store: Store;
  fetcher: Fetcher;
  handlers: JobHandlers;
  /** Progress of multi-record files, for the progress display. */
  onRecords: { listener: ((path: string, done: number, total: number) => void) | null };
  /** Raises watchlist alerts for what was stored; poked after each save, flushed on close. */
  sweeper: { poke(): void; flush(): Promise<void> };
  /** The analyzer of this store: shipped models and dictionary, with the team's dictionary edits. */
  analyzer: () => Analyzer;
  /** Re-reads the team's dictionary edits; the analyzer is rebuilt when they changed. */
  refreshDictionary: () => Promise<void>;
  /**
   * Ends the parsing and analysis threads at once: what they were running rejects, so a stopping process
   * does not wait out a deadline (the jobs are left to be run again).
   */
  stopWork(): Promise<void>;
  close(): Promise<void>;
}

/** Meaningful exit codes: scripts can tell "some items failed" from "could not run at all". */
export const EXIT = { ok: 0, partial: 1, usage: 2, environment: 3 } as const;

export function configFrom(opts: CommonOptions, extra: Record<string, unknown> = {}): Config {
  const fetch: Record<string, unknown> = {};
  if (opts.allowLoopback) fetch.allowLoopback = true;
  if (opts.allowPrivate) fetch.allowPrivate = true;
  if (opts.userAgent) fetch.userAgent = opts.userAgent;
  if (opts.robots === false) fetch.respectRobots = false;
  return loadConfig({ dataDir: opts.data, fetch, ...extra });
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const store = await openStore(config);
  const fetcher = createFetcher(config.fetch);
  const onRecords: Runtime['onRecords'] = { listener: null };
  const sweeper = createSweeper(
    store,
    () => openTeam(store),
    (err) => process.stderr.write(`watchfloor: checking watchlists failed: ${err.message}\n`),
    (team) => deliverWebhooks(team, { policy: config.fetch }),
  );
  // The analyzer uses the shipped dictionary with the team's edits; it is rebuilt when the edits change.
  let dictionaryStamp = '';
  let overlay: ResourceOverlay = {};
  let analyzer: Analyzer | null = null;
  const refreshDictionary = async () => {
    const team = await openTeam(store);
    const stamp = `${await team.actorEdits.version()}:${await team.placeEdits.version()}`;
    if (stamp === dictionaryStamp) return;
    overlay = { actors: await team.actorEdits.live(), places: await team.placeEdits.live() };
    dictionaryStamp = stamp;
    analyzer = null;
  };
  await refreshDictionary();
  // Jobs parse and analyse on worker threads with deadlines; the in-process analyzer below serves only
  // `watchfloor analyze`, which reads the analyst's own files.
  const analysisPool = createAnalysisPool({
    size: config.understand.threads,
    timeoutMs: config.understand.timeoutMs,
    overlay,
  });
  const extractPool = createExtractPool({
    size: Math.min(4, availableParallelism()),
    timeoutMs: config.collect.extractTimeoutMs,
  });
  let pooledStamp = dictionaryStamp;
  const refreshAll = async () => {
    await refreshDictionary();
    if (pooledStamp === dictionaryStamp) return;
    pooledStamp = dictionaryStamp;
    analysisPool.reload(overlay);
  };
  const stopWork = async () => {
    await Promise.all([analysisPool.close(), extractPool.close()]);
  };
  const currentAnalyzer = () =>
    (analyzer ??=
      overlay.actors?.length || overlay.places?.length
        ? createAnalyzer(loadResources(packageRoot(), overlay))
        : defaultAnalyzer());
  const handlers = createHandlers({
    store,
    fetcher,
    onRecords: (p, d, t) => onRecords.listener?.(p, d, t),
    analysis: analysisPool,
    extractPool,
    afterSave: () => sweeper.poke(),
    corrections: async (id) =>
      (await (await openTeam(store)).corrections.forArticle(id)).map((c) => c.correction),
    limits: { ...config.collect, maxItemBytes: config.fetch.maxBytes },
  });
  return {
    config,
    store,
    fetcher,
    handlers,
    onRecords,
    sweeper,
    analyzer: currentAnalyzer,
    refreshDictionary: refreshAll,
    stopWork,
    async close() {
      await stopWork();
      // Alerts of what this process stored are raised before it lets go of the store.
      await sweeper.flush();
      fetcher.close();
      await store.close();
    },
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Runs everything queued until idle, with progress; returns how many jobs finished and failed for good. */
export async function drainQueue(
  rt: Runtime,
  json: boolean,
  label: string,
): Promise<{ done: number; failed: number }> {
  const progress = createProgress(label, progressMode(json));
  let done = 0;
  let failed = 0;
  await runWorker({
    store: rt.store,
    handlers: rt.handlers,
    concurrency: rt.config.workerConcurrency,
    exitWhenIdle: true,
    onEvent: (e) => {
      if (e.ok) done++;
      else if (!e.willRetry) failed++;
      progress.update({ done, failed, total: done + failed }, e.job.kind);
    },
  });
  progress.finish();
  return { done, failed };
}
