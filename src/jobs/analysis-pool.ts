import { packageRoot } from '../config/config.js';
import type { Analyzer } from '../understand/pipeline.js';
import type { ResourceOverlay } from '../understand/resources.js';
import type { Analysis, AnalysisDocument } from '../understand/types.js';
import { createThreadPool } from './thread-pool.js';

// Analysis of stored articles off the main thread, with a deadline per article. An article is untrusted
// input: its length and shape decide how long the tagger, parser and coder run, and under `serve` that
// time was taken from every HTTP request and from SIGTERM. The analyzer's resources (the syntax and entity
// models, dictionaries, gazetteers: a few hundred MB of heap) are loaded once per thread, so one thread is
// the default: analyses queue behind each other, as they did on the main thread, but nothing else does.

/** What the job handlers need of an analyzer, wherever it runs. */
export interface AnalysisService {
  /** Stage name → version of the analyzer analyses are made with (their staleness key). */
  versions(): Promise<Record<string, string>>;
  /** Rejects with AnalysisTimeoutError past the deadline; a failing stage is recorded in the Analysis. */
  analyze(doc: AnalysisDocument): Promise<Analysis>;
}

export interface AnalysisPool extends AnalysisService {
  /** The team's dictionary edits changed: analyses from now on use them (a running one finishes first). */
  reload(overlay: ResourceOverlay): void;
  /** Ends the threads; analyses queued or running reject with PoolClosedError. */
  close(): Promise<void>;
}

export interface AnalysisPoolOptions {
  /** Threads at once (default 1: each holds its own copy of the models). */
  size?: number;
  /** Wall-clock budget of one article's analysis once a thread has it (default 30 s). */
  timeoutMs?: number;
  /** Heap cap of a thread (default 2048 MB: the resources take about a third of it). */
  maxHeapMb?: number;
  /** A thread idle this long is ended, and its memory returned; the next article loads a new one. */
  idleMs?: number;
  /** The team's dictionary edits at start. */
  overlay?: ResourceOverlay;
  /** Where models/ and data/ are (default: the package root). */
  root?: string;
}

/**
 * The demo corpus analyses at about 20 articles per CPU second and its longest article in well under a
 * second; 30 s is a page of 1 MB of text on a loaded machine, far past any news article.
 */
export const DEFAULT_ANALYSIS_TIMEOUT_MS = 30_000;

export class AnalysisTimeoutError extends Error {
  override name = 'AnalysisTimeoutError';
  readonly code = 'analysis.timeout';
  constructor(
    readonly ms: number,
    chars: number,
  ) {
    super(`analysing this article (${chars} characters) took longer than ${ms} ms and was stopped`);
  }
}

export class AnalysisThreadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'AnalysisThreadError';
  }
}

/** What a thread is asked. */
export type AnalysisRequest = { op: 'versions' } | { op: 'analyze'; doc: AnalysisDocument };
export type AnalysisReply = Record<string, string> | Analysis;
export interface AnalysisErrorData {
  name: string;
  message: string;
  code: string | null;
}
/** What a thread is given at start. */
export interface AnalysisWorkerData {
  root: string;
  overlay: ResourceOverlay;
}

/** Only the fields the analyzer reads cross to the thread (an ArticleInput carries much more). */
function documentOf(doc: AnalysisDocument): AnalysisDocument {
  return {
    text: doc.text,
    publishedAt: doc.publishedAt ?? null,
    language: doc.language ?? null,
    title: doc.title ?? null,
  };
}

export function createAnalysisPool(options: AnalysisPoolOptions = {}): AnalysisPool {
  let overlay = options.overlay ?? {};
  const root = options.root ?? packageRoot();
  const pool = createThreadPool<AnalysisRequest, AnalysisReply, AnalysisErrorData>({
    script: new URL('./analysis-worker.js', import.meta.url),
    size: options.size ?? 1,
    timeoutMs: options.timeoutMs ?? DEFAULT_ANALYSIS_TIMEOUT_MS,
    maxHeapMb: options.maxHeapMb ?? 2048,
    idleMs: options.idleMs ?? 5 * 60_000,
    // Loading the models takes a few seconds on a busy machine; a thread that cannot is broken, not slow.
    startupMs: 120_000,
    workerData: (): AnalysisWorkerData => ({ root, overlay }),
    timedOut: (req, ms) => new AnalysisTimeoutError(ms, req.op === 'analyze' ? req.doc.text.length : 0),
    outOfMemory: (req) =>
      new AnalysisThreadError(
        `analysing this article (${req.op === 'analyze' ? req.doc.text.length : 0} characters) ran out of memory`,
        'analysis.too_large',
      ),
    revive: (e) => new AnalysisThreadError(e.message, e.code ?? 'analyze.failed'),
  });
  // Versions depend on the resources (content hashes, the overlay): asked of a thread once per load.
  let versions: Promise<Record<string, string>> | null = null;
  return {
    versions() {
      versions ??= pool.run({ op: 'versions' }) as Promise<Record<string, string>>;
      versions.catch(() => (versions = null));
      return versions;
    },
    analyze: (doc) => pool.run({ op: 'analyze', doc: documentOf(doc) }) as Promise<Analysis>,
    reload(next) {
      overlay = next;
      versions = null;
      pool.restart();
    },
    close: () => pool.close(),
  };
}

/** An analyzer on the calling thread, behind the same interface (tests, and tools that want no threads). */
export function inProcessAnalysis(analyzer: () => Analyzer): AnalysisService {
  return {
    versions: () => Promise.resolve(analyzer().versions),
    analyze: (doc) => Promise.resolve(analyzer().analyze(doc)),
  };
}
