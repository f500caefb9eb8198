import type { VolumeOptions, VolumeResult } from './volume.js';
import type { Analysis } from '../understand/types.js';
import { Analyses } from './analyses.js';
import { Articles } from './articles.js';
import { Explore, type ExploreEngine } from './explore.js';
import { Feeds } from './feeds.js';
import { JobReads } from './jobs.js';
import { Pages } from './pages.js';
import { MapClusterReads, type MapClusterFilter } from './map-clusters.js';
import type { SqlClient } from './sql/client.js';
import type { Steps } from './sql/steps.js';
import type {
  ArticleInput,
  ClaimFilter,
  EnqueueInput,
  EventFilter,
  Failure,
  FailureInput,
  FeedPollUpdate,
  Job,
  QuoteFilter,
  SaveResult,
  SearchOptions,
  SearchResult,
  Store,
  StoreStatus,
  TimelineBucket,
} from './types.js';

/**
 * The job queue's writes: job-queue.ts over each engine's clock and row locks, with the engine's own claiming
 * (synchronous on SQLite).
 */
export interface JobQueue {
  enqueue(jobs: EnqueueInput[]): number | Promise<number>;
  claim(worker: string, limit: number, leaseMs: number): Job[] | Promise<Job[]>;
  complete(id: number, result?: Record<string, unknown>): void | Promise<void>;
  fail(id: number, failure: FailureInput, retryInMs: number | null): void | Promise<void>;
  recover(isWorkerAlive: (worker: string) => boolean): number | Promise<number>;
  heartbeat(worker: string, leaseMs: number): void | Promise<void>;
  retryFailed(): number | Promise<number>;
  recordFailure(failure: FailureInput): void | Promise<void>;
}

/** What an engine does its own way, handed to the shared Store. */
export interface EngineParts {
  sql: SqlClient;
  /** Runs read steps (sql/steps.ts): synchronously in one go on SQLite, awaited on PostgreSQL. */
  read<T>(steps: Steps<T>): Promise<T>;
  /** The engine side of explore. */
  explore: ExploreEngine;
  /** Full-text search: FTS5 or tsvector, with their query compilers. */
  search: {
    search(query: string, options?: SearchOptions): SearchResult | Promise<SearchResult>;
    volume(query: string, options?: VolumeOptions): VolumeResult | Promise<VolumeResult>;
  };
  jobs: JobQueue;
}

/**
 * The Store on either engine: everything read once (articles, analyses, explore, actor and place pages,
 * feeds, the job queue's reads, status) lives here, over the shared SQL client and the engine's explore side.
 * A subclass (sqlite/sqlite-store.ts, postgres/postgres-store.ts) adds its ingest and analysis transactions
 * (what they write is ingest.ts, analysis-rows.ts and summaries.ts, shared) and closing, and hands over its
 * EngineParts: full-text search, the job queue (job-queue.ts and its claiming), explore's engine side.
 */
export abstract class SqlStore implements Store {
  abstract readonly kind: Store['kind'];
  private readonly articles: Articles;
  private readonly analyses: Analyses;
  private readonly feeds: Feeds;
  private readonly explore: Explore;
  private readonly pages: Pages;
  private readonly jobReads: JobReads;
  private readonly engine: EngineParts;

  protected constructor(engine: EngineParts) {
    this.engine = engine;
    this.articles = new Articles(engine.sql);
    this.analyses = new Analyses(engine.sql);
    this.feeds = new Feeds(engine.sql);
    this.explore = new Explore(engine.explore);
    this.pages = new Pages(engine.sql.dialect);
    this.jobReads = new JobReads(engine.sql);
  }

  abstract saveArticle(input: ArticleInput, job?: { id: number; progress: number }): Promise<SaveResult>;
  abstract saveAnalysis(
    articleId: number,
    analysis: Analysis,
    job?: { id: number; progress: number },
  ): Promise<boolean>;
  abstract close(): Promise<void>;

  async search(query: string, options?: SearchOptions) {
    return this.engine.search.search(query, options);
  }
  async volume(query: string, options?: VolumeOptions) {
    return this.engine.search.volume(query, options);
  }
  getActor(actorId: string) {
    return this.engine.read(this.pages.actor(actorId));
  }
  getPlace(placeId: string) {
    return this.engine.read(this.pages.place(placeId));
  }

  async enqueue(jobs: EnqueueInput[]) {
    return this.engine.jobs.enqueue(jobs);
  }
  async claimJobs(worker: string, limit: number, leaseMs: number) {
    return this.engine.jobs.claim(worker, limit, leaseMs);
  }
  async completeJob(id: number, result?: Record<string, unknown>) {
    await this.engine.jobs.complete(id, result);
  }
  async failJob(id: number, failure: FailureInput, retryInMs: number | null) {
    await this.engine.jobs.fail(id, failure, retryInMs);
  }
  async recoverJobs(isWorkerAlive: (worker: string) => boolean) {
    return this.engine.jobs.recover(isWorkerAlive);
  }
  async heartbeat(worker: string, leaseMs: number) {
    await this.engine.jobs.heartbeat(worker, leaseMs);
  }
  async retryFailedJobs() {
    return this.engine.jobs.retryFailed();
  }
  async recordFailure(failure: FailureInput) {
    await this.engine.jobs.recordFailure(failure);
  }

  getArticle(id: number) {
    return this.articles.get(id);
  }
  listArticles(options: { limit?: number; offset?: number } = {}) {
    return this.articles.list(
      Math.min(Math.max(options.limit ?? 50, 1), 500),
      Math.max(options.offset ?? 0, 0),
    );
  }
  getStory(id: number) {
    return this.articles.story(id);
  }

  getAnalysis(articleId: number) {
    return this.analyses.get(articleId);
  }
  articlesToAnalyze(options: {
    versionsKey: string;
    afterId: number;
    toId?: number;
    limit: number;
    all?: boolean;
  }) {
    return this.analyses.toAnalyze(options);
  }
  analysisRanges(options: { versionsKey: string; size: number; all?: boolean }) {
    return this.analyses.ranges(options);
  }
  invalidateAnalyses() {
    return this.analyses.invalidate();
  }
  analysisCounts(versionsKey: string) {
    return this.analyses.counts(versionsKey);
  }

  listEvents(filter: EventFilter & { limit?: number; offset?: number }) {
    return this.explore.listEvents(filter);
  }
  getEvent(id: string) {
    return this.explore.getEvent(id);
  }
  listQuotes(filter: QuoteFilter & { limit?: number; offset?: number }) {
    return this.explore.listQuotes(filter);
  }
  listClaims(filter: ClaimFilter & { limit?: number; offset?: number }) {
    return this.explore.listClaims(filter);
  }
  eventTimeline(filter: EventFilter & { bucket?: TimelineBucket }) {
    return this.explore.timeline(filter);
  }
  actorGraph(filter: EventFilter & { limit?: number }) {
    return this.explore.graph(filter);
  }
  codeRollup(code: string, childLength: number) {
    return this.explore.codeRollup(code, childLength);
  }
  mapClusters(filter: MapClusterFilter) {
    return new MapClusterReads(this.engine.sql, this.engine.explore, this.explore).clusters(filter);
  }

  addFeed(url: string, title: string | null = null) {
    return this.feeds.add(url, title);
  }
  listFeeds() {
    return this.feeds.list();
  }
  getFeed(idOrUrl: number | string) {
    return this.feeds.get(idOrUrl);
  }
  removeFeed(idOrUrl: number | string) {
    return this.feeds.remove(idOrUrl);
  }
  updateFeedPoll(id: number, update: FeedPollUpdate) {
    return this.feeds.updatePoll(id, update);
  }

  batchProgress(batch: string) {
    return this.jobReads.batchProgress(batch);
  }
  batchJobs(batch: string) {
    return this.jobReads.batchJobs(batch);
  }
  batchFailures(batch: string, limit = 100): Promise<Failure[]> {
    return this.jobReads.batchFailures(batch, limit);
  }

  async status(): Promise<StoreStatus> {
    const [counts, jobs, failuresByCode, recentFailures, feeds] = await Promise.all([
      this.articles.counts(),
      this.jobReads.jobCounts(),
      this.jobReads.failuresByCode(),
      this.jobReads.recentFailures(),
      this.feeds.list(),
    ]);
    return {
      ...counts,
      feeds: feeds.length,
      jobs,
      failuresByCode,
      recentFailures,
      lastPolls: feeds.map((f) => ({
        id: f.id,
        url: f.url,
        lastPolledAt: f.lastPolledAt,
        lastStatus: f.lastStatus,
        lastError: f.lastError,
        lastNewItems: f.lastNewItems,
      })),
    };
  }
}
