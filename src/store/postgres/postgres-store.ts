import type pg from 'pg';
import type { Analysis } from '../../understand/types.js';
import type {
  ArticleInput,
  ClaimFilter,
  EnqueueInput,
  EventFilter,
  Failure,
  FailureInput,
  FeedPollUpdate,
  JobStatus,
  QuoteFilter,
  SearchOptions,
  Store,
  StoreStatus,
  TimelineBucket,
} from '../types.js';
import { PgAnalyses } from './analyses.js';
import { PgArticles } from './articles.js';
import { createPool, one, rows, transaction } from './connection.js';
import { PgExplore } from './explore.js';
import { PgJobs } from './jobs.js';
import { toFailure, type FailureRow } from '../rows.js';
import { Analyses } from '../analyses.js';
import { Articles } from '../articles.js';
import { Explore } from '../explore.js';
import { Feeds } from '../feeds.js';
import { postgresClient } from '../sql/postgres-client.js';
import { migrate } from './migrations.js';
import { PgSearch } from './search.js';

/** The Store on PostgreSQL (DATABASE_URL): for teams, several workers and large corpora. */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  /** The ingest path: articles and analyses written in one transaction, rows batched per table. */
  private readonly ingest = new PgArticles();
  private readonly analysisWrites = new PgAnalyses();
  private readonly articles: Articles;
  private readonly analyses: Analyses;
  private readonly jobs: PgJobs;
  private readonly feeds: Feeds;
  private readonly searcher: PgSearch;
  private readonly explore: Explore;
  /** The engine side of explore, and the actor and place pages. */
  private readonly profiles: PgExplore;
  private closed = false;

  constructor(readonly pool: pg.Pool) {
    const sql = postgresClient(pool);
    this.articles = new Articles(sql);
    this.analyses = new Analyses(sql);
    this.jobs = new PgJobs(pool);
    this.feeds = new Feeds(sql);
    this.searcher = new PgSearch(pool);
    this.profiles = new PgExplore(pool);
    this.explore = new Explore(this.profiles);
  }

  /** Connects, checks the server answers, and brings the schema up to date. */
  static async connect(url: string, options: { maxConnections?: number } = {}): Promise<PostgresStore> {
    const pool = createPool(url, options.maxConnections);
    try {
      await migrate(pool);
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
    return new PostgresStore(pool);
  }

  async saveArticle(input: ArticleInput, job?: { id: number; progress: number }) {
    return transaction(this.pool, async (c) => {
      const result = await this.ingest.save(c, input, job);
      // A revised text needs its own analysis; a duplicate or an unchanged page keeps the stored one.
      if (input.analysis && (result.outcome === 'created' || result.outcome === 'updated'))
        await this.analysisWrites.save(c, result.articleId, input.analysis);
      else if (result.outcome === 'updated') await this.analysisWrites.refreshDates(c, result.articleId);
      return result;
    });
  }
  async saveAnalysis(articleId: number, analysis: Analysis, job?: { id: number; progress: number }) {
    return transaction(this.pool, (c) => this.analysisWrites.save(c, articleId, analysis, job));
  }
  async getAnalysis(articleId: number) {
    return this.analyses.get(articleId);
  }
  async articlesToAnalyze(options: {
    versionsKey: string;
    afterId: number;
    toId?: number;
    limit: number;
    all?: boolean;
  }) {
    return this.analyses.toAnalyze(options);
  }
  async analysisRanges(options: { versionsKey: string; size: number; all?: boolean }) {
    return this.analyses.ranges(options);
  }
  async invalidateAnalyses() {
    return this.analyses.invalidate();
  }
  async analysisCounts(versionsKey: string) {
    return this.analyses.counts(versionsKey);
  }

  async getArticle(id: number) {
    return this.articles.get(id);
  }
  async listArticles(options: { limit?: number; offset?: number } = {}) {
    return this.articles.list(
      Math.min(Math.max(options.limit ?? 50, 1), 500),
      Math.max(options.offset ?? 0, 0),
    );
  }
  async getStory(id: number) {
    return this.articles.story(id);
  }
  async search(query: string, options?: SearchOptions) {
    return this.searcher.search(query, options);
  }

  async listEvents(filter: EventFilter & { limit?: number; offset?: number }) {
    return this.explore.listEvents(filter);
  }
  async getEvent(id: string) {
    return this.explore.getEvent(id);
  }
  async listQuotes(filter: QuoteFilter & { limit?: number; offset?: number }) {
    return this.explore.listQuotes(filter);
  }
  async listClaims(filter: ClaimFilter & { limit?: number; offset?: number }) {
    return this.explore.listClaims(filter);
  }
  async eventTimeline(filter: EventFilter & { bucket?: TimelineBucket }) {
    return this.explore.timeline(filter);
  }
  async actorGraph(filter: EventFilter & { limit?: number }) {
    return this.explore.graph(filter);
  }
  async getActor(actorId: string) {
    return this.profiles.actor(actorId);
  }
  async getPlace(placeId: string) {
    return this.profiles.place(placeId);
  }

  async enqueue(jobs: EnqueueInput[]) {
    return this.jobs.enqueue(jobs);
  }
  async claimJobs(worker: string, limit: number, leaseMs: number) {
    return this.jobs.claim(worker, limit, leaseMs);
  }
  async completeJob(id: number, result?: Record<string, unknown>) {
    await this.jobs.complete(id, result);
  }
  async failJob(id: number, failure: FailureInput, retryInMs: number | null) {
    await this.jobs.fail(id, failure, retryInMs);
  }
  async recoverJobs(isWorkerAlive: (worker: string) => boolean) {
    return this.jobs.recover(isWorkerAlive);
  }
  async heartbeat(worker: string, leaseMs: number) {
    await this.jobs.heartbeat(worker, leaseMs);
  }
  async batchProgress(batch: string) {
    return this.jobs.batchProgress(batch);
  }
  async batchJobs(batch: string) {
    return this.jobs.batchJobs(batch);
  }
  async retryFailedJobs() {
    return this.jobs.retryFailed();
  }
  async recordFailure(failure: FailureInput) {
    await this.jobs.recordFailure(failure);
  }
  async batchFailures(batch: string, limit = 100): Promise<Failure[]> {
    return this.jobs.batchFailures(batch, limit);
  }

  async addFeed(url: string, title: string | null = null) {
    return this.feeds.add(url, title);
  }
  async listFeeds() {
    return this.feeds.list();
  }
  async getFeed(idOrUrl: number | string) {
    return this.feeds.get(idOrUrl);
  }
  async removeFeed(idOrUrl: number | string) {
    return this.feeds.remove(idOrUrl);
  }
  async updateFeedPoll(id: number, update: FeedPollUpdate) {
    await this.feeds.updatePoll(id, update);
  }

  async status(): Promise<StoreStatus> {
    const count = async (sql: string) => (await one<{ n: number }>(this.pool, sql))?.n ?? 0;
    const [articles, stories, sources, feeds, jobRows, failuresByCode, recent, polls] = await Promise.all([
      count('SELECT count(*) AS n FROM articles'),
      count('SELECT count(DISTINCT story_id) AS n FROM articles'),
      count('SELECT count(*) AS n FROM article_sources'),
      count('SELECT count(*) AS n FROM feeds'),
      rows<{ status: JobStatus; n: number }>(
        this.pool,
        'SELECT status, count(*) AS n FROM jobs GROUP BY status',
      ),
      rows<{ code: string; count: number }>(
        this.pool,
        'SELECT code, count(*) AS count FROM failures GROUP BY code ORDER BY count DESC, code',
      ),
      rows<FailureRow>(
        this.pool,
        `SELECT id, key, "where", code, kind, message, hint, job_id, at FROM failures
         ORDER BY at DESC, id DESC LIMIT 20`,
      ),
      this.feeds.list(),
    ]);
    const jobs: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const r of jobRows) jobs[r.status] = r.n;
    return {
      articles,
      stories,
      sources,
      feeds,
      jobs,
      failuresByCode,
      recentFailures: recent.map(toFailure),
      lastPolls: polls.map((f) => ({
        id: f.id,
        url: f.url,
        lastPolledAt: f.lastPolledAt,
        lastStatus: f.lastStatus,
        lastError: f.lastError,
        lastNewItems: f.lastNewItems,
      })),
    };
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
