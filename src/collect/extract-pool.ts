import { DEFAULT_COLLECT_LIMITS } from './budget.js';
import { CollectError, type CollectErrorCode } from './errors.js';
import type { FeedParseResult } from './feeds.js';
import type { SitemapParseResult } from './sitemaps.js';
import type { ExtractedArticle } from './types.js';
import { createThreadPool } from '../jobs/thread-pool.js';

// Untrusted pages, feeds and sitemaps are parsed on worker threads with a deadline: a page that keeps
// Readability busy for minutes, or a feed that keeps the XML parser busy, costs one recycled thread, never
// the main thread (which answers HTTP and signals in `serve`). The thread machinery is the generic pool of
// src/jobs/thread-pool.ts (plain Node, no job or store code): the analyzer's threads use it too.

export type ExtractRequest =
  | { op: 'html'; html: string; url: string }
  | { op: 'feed'; text: string; url: string }
  /** The sitemap's bytes (a gzip body already inflated): its parser reads the XML declaration's encoding. */
  | { op: 'sitemap'; body: Uint8Array; url: string };

export type ExtractResult = ExtractedArticle | FeedParseResult | SitemapParseResult;

/** A CollectError as plain data (code null: another error, kept by its message). */
export interface ExtractErrorData {
  code: CollectErrorCode | null;
  where: string;
  detail: string;
}

export interface ExtractPoolOptions {
  /** Threads at once (default 2: the cost is CPU, more threads than cores only queue). */
  size?: number;
  /** Budget of one item once a thread has taken it; past it the thread is terminated. */
  timeoutMs?: number;
  /** Heap cap of a thread: an item that needs more fails alone instead of taking the process down. */
  maxHeapMb?: number;
  /** An idle thread is ended after this long; the next item starts a new one. */
  idleMs?: number;
}

export interface ExtractPool {
  /** extractArticle on a worker thread; rejects with content.too_complex past the time or memory budget. */
  extract(html: string, url: string): Promise<ExtractedArticle>;
  /** parseFeed on a worker thread, under the same budget. */
  parseFeed(text: string, url: string): Promise<FeedParseResult>;
  /** parseSitemap on a worker thread, under the same budget. */
  parseSitemap(body: Buffer, url: string): Promise<SitemapParseResult>;
  /** Ends the threads; items still queued or running reject. */
  close(): Promise<void>;
}

const WHAT: Record<ExtractRequest['op'], string> = {
  html: 'extraction',
  feed: 'feed parsing',
  sitemap: 'sitemap parsing',
};

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const pool = createThreadPool<ExtractRequest, ExtractResult, ExtractErrorData>({
    script: new URL('./extract-worker.js', import.meta.url),
    size: options.size ?? 2,
    timeoutMs: options.timeoutMs ?? DEFAULT_COLLECT_LIMITS.extractTimeoutMs,
    maxHeapMb: options.maxHeapMb ?? 512,
    idleMs: options.idleMs ?? 30_000,
    timedOut: (req, ms) =>
      new CollectError('content.too_complex', req.url, `${WHAT[req.op]} took longer than ${ms} ms`),
    outOfMemory: (req) =>
      new CollectError('content.too_complex', req.url, `${WHAT[req.op]} ran out of memory`),
    revive: (e) => (e.code ? new CollectError(e.code, e.where, e.detail) : new Error(e.detail)),
  });
  return {
    extract: (html, url) => pool.run({ op: 'html', html, url }) as Promise<ExtractedArticle>,
    parseFeed: (text, url) => pool.run({ op: 'feed', text, url }) as Promise<FeedParseResult>,
    parseSitemap: (body, url) => pool.run({ op: 'sitemap', body, url }) as Promise<SitemapParseResult>,
    close: () => pool.close(),
  };
}
