import type { Analysis } from '../understand/types.js';
import { Analyses } from './analyses.js';
import { Articles } from './articles.js';
import { Explore, type ExploreEngine } from './explore.js';
import { Feeds } from './feeds.js';
import { JobReads } from './jobs.js';
import type { SqlClient } from './sql/client.js';
import type {
  ActorProfile,
  ArticleInput,
  ClaimFilter,
  EnqueueInput,
  EventFilter,
  Failure,
  FailureInput,
  FeedPollUpdate,
  Job,
  PlaceProfile,
  QuoteFilter,
  SaveResult,
  SearchOptions,
  SearchResult,
  Store,
  StoreStatus,
  TimelineBucket,
} from './types.js';

/**
 * The Store on either engine: everything written once (reads of articles, analyses, explore, feeds, the job
 * queue's reads, status) lives here, over the shared SQL client and the engine's explore side. A subclass
 * (sqlite/sqlite-store.ts, postgres/postgres-store.ts) adds only what differs: the ingest and analysis
 * bulk paths, full-text search, job claiming and writing, the actor and place pages, and closing.
 */
export abstract class SqlStore implements Store {
  abstract readonly kind: Store['kind'];
  private readonly articles: Articles;
  private readonly analyses: Analyses;
  private readonly feeds: Feeds;
  private readonly explore: Explore;
  private readonly jobReads: JobReads;

  protected constructor(sql: SqlClient, explore: ExploreEngine) {
    this.articles = new Articles(sql);
    this.analyses = new Analyses(sql);
    this.feeds = new Feeds(sql);
    this.explore = new Explore(explore);
    this.jobReads = new JobReads(sql);
  }

  abstract saveArticle(input: ArticleInput, job?: { id: number; progress: number }): Promise<SaveResult>;
  abstract saveAnalysis(
    articleId: number,
    analysis: Analysis,
    job?: { id: number; progress: number },
  ): Promise<boolean>;
  abstract search(query: string, options?: SearchOptions): Promise<SearchResult>;
  abstract getActor(actorId: string): Promise<ActorProfile | null>;
  abstract getPlace(placeId: string): Promise<PlaceProfile | null>;
  abstract enqueue(jobs: EnqueueInput[]): Promise<number>;
  abstract claimJobs(worker: string, limit: number, leaseMs: number): Promise<Job[]>;
  abstract completeJob(id: number, result?: Record<string, unknown>): Promise<void>;
  abstract failJob(id: number, failure: FailureInput, retryInMs: number | null): Promise<void>;
  abstract recoverJobs(isWorkerAlive: (worker: string) => boolean): Promise<number>;
  abstract heartbeat(worker: string, leaseMs: number): Promise<void>;
  abstract retryFailedJobs(): Promise<number>;
  abstract recordFailure(failure: FailureInput): Promise<void>;
  abstract close(): Promise<void>;

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
