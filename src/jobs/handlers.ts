import { availableParallelism } from 'node:os';
import { DEFAULT_COLLECT_LIMITS, type CollectLimits } from '../collect/budget.js';
import { decodeBody, looksBinary } from '../collect/charset.js';
import { canonicalizeUrl } from '../collect/dedup.js';
import { CollectError } from '../collect/errors.js';
import type { Fetcher } from '../collect/fetcher.js';
import { looksLikeFeed } from '../collect/feeds.js';
import { createExtractPool, type ExtractPool } from '../collect/extract-pool.js';
import { readLocalFile, type Extract } from '../collect/files.js';
import { gunzipSitemap, isGzip, looksLikeSitemap } from '../collect/sitemaps.js';
import type { ExtractedArticle, FeedItem, FetchResult, ParsedFeed } from '../collect/types.js';
import type { ArticleInput, EnqueueInput, Job, SaveOutcome, Store } from '../store/types.js';
import { applyCorrections, type Correction } from '../understand/corrections.js';
import type { Analysis } from '../understand/types.js';
import { versionsKey } from '../understand/versions.js';
import { toArticleInput } from './article-input.js';
import type { AnalysisService } from './analysis-pool.js';
import { PoolClosedError } from './thread-pool.js';
import type { JobHandlers, JobResult } from './worker.js';

export interface HandlerDeps {
  store: Store;
  fetcher: Fetcher;
  /** Called as a multi-record file advances, so a long JSON-lines file shows progress. */
  onRecords?: (path: string, done: number, total: number) => void;
  /**
   * Analyses each new or revised article before it is saved, so both land in one transaction: the runtime
   * gives a pool of analysis threads (src/jobs/analysis-pool.ts), which loads the models on first use.
   */
  analysis?: AnalysisService;
  /**
   * Parses pages, feeds and sitemaps off the main thread with a deadline; the runtime gives its own so it
   * can close it on shutdown. Without one, the handlers make one (its idle threads never hold the process).
   */
  extractPool?: ExtractPool;
  /** Told when an article is stored or revised: watchlists are swept for it. */
  afterSave?: () => void;
  /** Analysts' corrections of an article, re-applied over every new analysis of it. */
  corrections?: (articleId: number) => Promise<Correction[]>;
  /** Size and time budgets of one item (config `collect`; the item cap is fetch.maxBytes). */
  limits?: Partial<CollectLimits>;
}

/** Articles per re-analysis job: small enough that a crash repeats little, large enough to batch commits. */
export const ANALYZE_RANGE_SIZE = 200;

/** What a feed or sitemap tells us about an item, kept so a page that fails extraction still yields text. */
interface ItemHint {
  title?: string | null;
  publishedAt?: string | null;
  summary?: string | null;
  contentHtml?: string | null;
  contentText?: string | null;
  author?: string | null;
  language?: string | null;
  siteName?: string | null;
  /** Where the hint came from, recorded as the date's source when the page declares none. */
  from?: 'feed' | 'sitemap';
}

const PAGE_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml;q=0.9,*/*;q=0.5';
const FEED_ACCEPT =
  'application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5';

export function urlJobKey(url: string): string {
  return `url:${canonicalizeUrl(url)}`;
}

function itemJobs(
  items: FeedItem[],
  via: string,
  batch: string | null,
  siteName: string | null,
): EnqueueInput[] {
  const jobs: EnqueueInput[] = [];
  for (const item of items) {
    let key: string;
    try {
      key = urlJobKey(item.url);
    } catch {
      continue;
    }
    const hint: ItemHint = {
      title: item.title,
      publishedAt: item.publishedAt,
      summary: item.summary,
      contentHtml: item.contentHtml,
      contentText: item.contentText,
      author: item.author,
      language: item.language,
      siteName,
    };
    jobs.push({ kind: 'ingest.url', key, payload: { url: item.url, via, hint }, batch, onConflict: 'keep' });
  }
  return jobs;
}

function bodyText(res: FetchResult, kind: 'html' | 'xml'): string {
  if (res.body.length === 0)
    throw new CollectError('content.empty', res.finalUrl, 'the server sent an empty body');
  if (looksBinary(res.body)) {
    throw new CollectError(
      'content.binary',
      res.finalUrl,
      `binary body (${res.contentType ?? 'no content type'})`,
    );
  }
  return decodeBody(res.body, res.contentType, kind).text;
}

function isXmlish(contentType: string | null): boolean {
  return !!contentType && /xml|rss|atom|feed\+json/i.test(contentType);
}

/** Feed text wins over a page that has none; feed metadata fills what the page does not declare. */
function withHint(article: ExtractedArticle, hint: ItemHint | undefined): ExtractedArticle {
  if (!hint) return article;
  return {
    ...article,
    title: article.title ?? hint.title ?? null,
    byline: article.byline ?? hint.author ?? null,
    siteName: article.siteName ?? hint.siteName ?? null,
    language: article.language ?? hint.language ?? null,
    publishedAt: article.publishedAt ?? hint.publishedAt ?? null,
    publishedAtSource: article.publishedAt
      ? article.publishedAtSource
      : hint.publishedAt
        ? (hint.from ?? 'feed')
        : null,
  };
}

async function articleFromHint(
  url: string,
  hint: ItemHint,
  extract: Extract,
): Promise<ExtractedArticle | null> {
  if (hint.contentHtml) {
    try {
      return withHint(
        await extract(`<html><body><article>${hint.contentHtml}</article></body></html>`, url),
        hint,
      );
    } catch {
      // fall through to the plain text the feed may carry
    }
  }
  const text = (hint.contentText ?? '').trim();
  if (text.length < 80) return null;
  return withHint(
    {
      url,
      canonicalUrl: null,
      title: null,
      byline: null,
      siteName: null,
      language: null,
      publishedAt: null,
      publishedAtSource: null,
      text,
      excerpt: hint.summary ?? null,
    },
    hint,
  );
}

export function createHandlers({
  store,
  fetcher,
  onRecords,
  analysis,
  extractPool,
  afterSave,
  corrections,
  limits,
}: HandlerDeps): JobHandlers {
  const budget = { ...DEFAULT_COLLECT_LIMITS, ...limits };
  // Pages, feeds and sitemaps are parsed on worker threads with a deadline, so no input can hold the main
  // thread (serve's HTTP and signals); articles are analysed on the analysis pool's thread for the same reason.
  const pool =
    extractPool ??
    createExtractPool({ size: Math.min(4, availableParallelism()), timeoutMs: budget.extractTimeoutMs });
  const extract: Extract = (html, url) => pool.extract(html, url);
  const analyze = async (input: ArticleInput, job: Job) => {
    if (!analysis) return null;
    try {
      return await analysis.analyze(input);
    } catch (err) {
      // Shutting down is not the article's fault: the job is left to be run again.
      if (err instanceof PoolClosedError) throw err;
      // The article is kept without analysis (past its deadline, analysis.timeout); `watchfloor reanalyze`
      // picks it up after the fix, and the batch goes on.
      await recordAnalysisFailure(input.canonicalUrl, input.url, err, job);
      return null;
    }
  };
  const recordAnalysisFailure = (key: string, where: string, err: unknown, job: Job) => {
    const code = (err as { code?: unknown }).code;
    return store.recordFailure({
      key: `analyze:${key}`,
      where,
      code: typeof code === 'string' && code.startsWith('analysis.') ? code : 'analyze.failed',
      kind: 'permanent',
      message: (err as Error).message,
      hint:
        code === 'analysis.timeout'
          ? 'The article was stored without analysis: it took longer than the analysis deadline (understand.timeoutMs).'
          : 'The article was stored without analysis; run `watchfloor reanalyze` once the cause is fixed.',
      jobId: job.id,
    });
  };
  const save = async (article: ExtractedArticle, via: string, job: Job, progress: number) => {
    const input = toArticleInput(article, via);
    input.analysis = await analyze(input, job);
    const { outcome } = await store.saveArticle(input, { id: job.id, progress });
    if (outcome === 'created' || outcome === 'updated') afterSave?.();
    return outcome;
  };

  const enqueueFeedItems = async (feed: ParsedFeed, via: string, job: Job) =>
    store.enqueue(itemJobs(feed.items, via, job.batch, feed.title));

  return {
    async 'ingest.file'(job): Promise<JobResult> {
      const path = String(job.payload.path);
      const records = await readLocalFile(path, { limits: budget, extract });
      if (records.length === 1 && !records[0]!.ok) throw records[0]!.error;
      const counts: Partial<Record<SaveOutcome | 'failed', number>> = {};
      // Resume after the last record committed before a crash: each record's save carries the progress.
      for (let i = job.progress; i < records.length; i++) {
        const r = records[i]!;
        let outcome: SaveOutcome | 'failed';
        if (r.ok) {
          outcome = await save(r.article, 'file', job, i + 1);
        } else {
          await store.recordFailure({
            key: r.key,
            where: r.error.where,
            code: r.error.code,
            kind: r.error.kind,
            message: r.error.message,
            hint: r.error.hint,
            jobId: job.id,
          });
          outcome = 'failed';
        }
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        if (records.length > 1 && ((i + 1) % 50 === 0 || i + 1 === records.length))
          onRecords?.(path, i + 1, records.length);
      }
      return { records: records.length, ...counts };
    },

    async 'ingest.url'(job): Promise<JobResult> {
      const url = String(job.payload.url);
      const via = String(job.payload.via ?? 'url');
      const hint = job.payload.hint as ItemHint | undefined;
      let res: FetchResult;
      try {
        res = await fetcher.fetch(url, { accept: PAGE_ACCEPT });
      } catch (err) {
        // A feed that carried the full text still gives us the article when the page is unreachable.
        const fallback =
          hint &&
          err instanceof CollectError &&
          err.kind === 'permanent' &&
          (await articleFromHint(url, hint, extract));
        if (fallback) return { outcome: await save(fallback, via, job, 1), from: 'feed' };
        throw err;
      }
      const at = res.finalUrl;
      // A .xml.gz sitemap comes as gzip bytes (application/x-gzip), not with a Content-Encoding.
      if (isGzip(res.body) && (/gzip/i.test(res.contentType ?? '') || /\.gz$/i.test(new URL(at).pathname)))
        res = { ...res, body: gunzipSitemap(res.body, at), contentType: null };
      const text = bodyText(res, isXmlish(res.contentType) ? 'xml' : 'html');

      // A server that calls its body a feed gets the feed parser, whose error explains an HTML page.
      const declaredFeed = /rss|atom|feed\+json/i.test(res.contentType ?? '');
      if (
        !hint &&
        (declaredFeed ||
          ((isXmlish(res.contentType) || /json/i.test(res.contentType ?? '')) && looksLikeFeed(text)))
      ) {
        const feed = await pool.parseFeed(text, at);
        return {
          kind: 'feed',
          items: feed.items.length,
          queued: await enqueueFeedItems(feed, `feed:${at}`, job),
        };
      }
      if (!hint && looksLikeSitemap(text)) {
        const map = await pool.parseSitemap(res.body, at);
        if (map.kind === 'index') {
          const jobs: EnqueueInput[] = map.sitemaps.map((u) => ({
            kind: 'ingest.url',
            key: urlJobKey(u),
            payload: { url: u, via: 'sitemap' },
            batch: job.batch,
            onConflict: 'rerun',
          }));
          return { kind: 'sitemap-index', sitemaps: jobs.length, queued: await store.enqueue(jobs) };
        }
        const jobs: EnqueueInput[] = [];
        for (const e of map.entries) {
          try {
            const entryHint: ItemHint = {
              title: e.news?.title,
              publishedAt: e.news?.publishedAt,
              language: e.news?.language,
              siteName: e.news?.publication,
              from: 'sitemap',
            };
            jobs.push({
              kind: 'ingest.url',
              key: urlJobKey(e.url),
              payload: { url: e.url, via: 'sitemap', hint: entryHint },
              batch: job.batch,
              onConflict: 'keep',
            });
          } catch {
            // an entry with an unusable URL is skipped; the rest of the sitemap still counts
          }
        }
        return { kind: 'sitemap', entries: map.entries.length, queued: await store.enqueue(jobs) };
      }
      if (!hint && looksLikeFeed(text)) {
        const feed = await pool.parseFeed(text, at);
        return {
          kind: 'feed',
          items: feed.items.length,
          queued: await enqueueFeedItems(feed, `feed:${at}`, job),
        };
      }
      let article: ExtractedArticle;
      try {
        article = withHint(await extract(text, at), hint);
      } catch (err) {
        if (err instanceof PoolClosedError) throw err;
        const fallback = hint && (await articleFromHint(at, hint, extract));
        if (!fallback) throw err;
        article = fallback;
      }
      return { kind: 'article', outcome: await save(article, via, job, 1) };
    },

    /**
     * Re-analyses the stale articles of one id range. Progress is the last article id committed with its
     * analysis, so a job resumed after a crash starts after it.
     */
    async 'analyze.range'(job): Promise<JobResult> {
      if (!analysis) throw new Error('analyze.range needs an analyzer');
      const key = versionsKey(await analysis.versions());
      const toId = Number(job.payload.toId);
      let afterId = Math.max(Number(job.payload.fromId) - 1, job.progress);
      let analyzed = 0;
      let missing = 0;
      let failed = 0;
      for (;;) {
        const targets = await store.articlesToAnalyze({ versionsKey: key, afterId, toId, limit: 50 });
        if (targets.length === 0) break;
        for (const t of targets) {
          let result: Analysis;
          try {
            result = await analysis.analyze(t);
          } catch (err) {
            if (err instanceof PoolClosedError) throw err;
            // One article past its deadline keeps its old analysis (still stale: a later run tries again).
            await recordAnalysisFailure(`article:${t.id}`, `article ${t.id}`, err, job);
            failed++;
            afterId = t.id;
            continue;
          }
          const fixes = corrections ? await corrections(t.id) : [];
          // Corrections win over the models: applied to each new reading (stale ones, made on another text, are skipped).
          if (fixes.length) result = applyCorrections(result, t.text, fixes).analysis;
          const ok = await store.saveAnalysis(t.id, result, { id: job.id, progress: t.id });
          if (ok) analyzed++;
          else missing++;
          afterId = t.id;
        }
      }
      return { analyzed, missing, failed, versions: key };
    },

    async 'feed.poll'(job): Promise<JobResult> {
      const feedId = Number(job.payload.feedId);
      const feed = await store.getFeed(feedId);
      if (!feed) return { skipped: 'feed removed' };
      try {
        const res = await fetcher.fetch(feed.url, {
          accept: FEED_ACCEPT,
          conditional: { etag: feed.etag, lastModified: feed.lastModified },
        });
        if (res.notModified) {
          await store.updateFeedPoll(feed.id, { status: 'not-modified', newItems: 0 });
          return { notModified: true };
        }
        const parsed = await pool.parseFeed(bodyText(res, 'xml'), res.finalUrl);
        const queued = await enqueueFeedItems(parsed, `feed:${feed.id}`, job);
        await store.updateFeedPoll(feed.id, {
          status: 'ok',
          title: parsed.title,
          etag: res.etag,
          lastModified: res.lastModified,
          newItems: queued,
        });
        return { items: parsed.items.length, queued };
      } catch (err) {
        await store.updateFeedPoll(feed.id, { status: 'error', error: (err as Error).message, newItems: 0 });
        throw err;
      }
    },
  };
}
