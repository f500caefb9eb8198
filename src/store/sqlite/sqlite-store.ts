import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type {
  ArticleInput,
  ClaimFilter,
  EventFilter,
  QuoteFilter,
  TimelineBucket,
  EnqueueInput,
  FailureInput,
  FeedPollUpdate,
  JobStatus,
  SearchOptions,
  Store,
  StoreStatus,
  Failure,
} from '../types.js';
import type { Analysis } from '../../understand/types.js';
import { SqliteAnalyses } from './analyses.js';
import { SqliteArticles } from './articles.js';
import { SqliteJobs } from './jobs.js';
import { migrate } from './migrations.js';
import { SqliteSearch } from './search.js';
import { SqliteExplore } from './explore.js';
import { toFailure, type FailureRow } from '../rows.js';
import { Analyses } from '../analyses.js';
import { Articles } from '../articles.js';
import { Explore } from '../explore.js';
import { Feeds } from '../feeds.js';
import { SqliteClient } from '../sql/sqlite-client.js';

export const SQLITE_FILE = 'watchfloor.sqlite';

export function openSqliteDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE));
  // WAL lets `serve` read while an ingest writes; synchronous=NORMAL in WAL mode survives a killed process
  // (only an OS crash or power loss can drop the last transactions).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 10000');
  // Search filters and facets probe index pages all over the file; the default 2 MB page cache sent most
  // probes back to the OS (a filtered search on 100k articles: 42 → 23 ms with 256 MB). An upper bound,
  // only filled by what is read.
  db.pragma('cache_size = -262144');
  migrate(db);
  return db;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  /** The ingest path: articles and analyses written in one synchronous transaction. */
  private readonly ingest: SqliteArticles;
  private readonly analysisWrites: SqliteAnalyses;
  private readonly articles: Articles;
  private readonly analyses: Analyses;
  private readonly saveAnalysisTx;
  private readonly jobs: SqliteJobs;
  /** The shared statements' client on this connection (the team features open their own). */
  private readonly sql: SqliteClient;
  private readonly feeds: Feeds;
  private readonly searcher: SqliteSearch;
  private readonly explore: Explore;
  /** The engine side of explore, and the actor and place pages. */
  private readonly profiles: SqliteExplore;
  private readonly saveTx;

  constructor(readonly db: Database.Database) {
    this.ingest = new SqliteArticles(db);
    this.analysisWrites = new SqliteAnalyses(db);
    this.jobs = new SqliteJobs(db);
    this.sql = new SqliteClient(db);
    this.articles = new Articles(this.sql);
    this.analyses = new Analyses(this.sql);
    this.feeds = new Feeds(this.sql);
    this.searcher = new SqliteSearch(db);
    this.profiles = new SqliteExplore(db);
    this.explore = new Explore(this.profiles);
    // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading a read lock.
    this.saveTx = db.transaction((input: ArticleInput, job?: { id: number; progress: number }) => {
      const result = this.ingest.save(input, job);
      // A revised text needs its own analysis; a duplicate or an unchanged page keeps the stored one.
      if (input.analysis && (result.outcome === 'created' || result.outcome === 'updated'))
        this.analysisWrites.save(result.articleId, input.analysis);
      else if (result.outcome === 'updated') this.analysisWrites.refreshDates(result.articleId);
      return result;
    }).immediate;
    this.saveAnalysisTx = db.transaction(
      (articleId: number, analysis: Analysis, job?: { id: number; progress: number }) =>
        this.analysisWrites.save(articleId, analysis, job),
    ).immediate;
  }

  static open(dataDir: string): SqliteStore {
    return new SqliteStore(openSqliteDatabase(dataDir));
  }

  async saveArticle(input: ArticleInput, job?: { id: number; progress: number }) {
    return this.saveTx(input, job);
  }
  async saveAnalysis(articleId: number, analysis: Analysis, job?: { id: number; progress: number }) {
    return this.saveAnalysisTx(articleId, analysis, job);
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

  async enqueue(jobs: EnqueueInput[]) {
    return this.jobs.enqueue(jobs);
  }
  async claimJobs(worker: string, limit: number, leaseMs: number) {
    return this.jobs.claim(worker, limit, leaseMs);
  }
  async completeJob(id: number, result?: Record<string, unknown>) {
    this.jobs.complete(id, result);
  }
  async failJob(id: number, failure: FailureInput, retryInMs: number | null) {
    this.jobs.fail(id, failure, retryInMs);
  }
  async recoverJobs(isWorkerAlive: (worker: string) => boolean) {
    return this.jobs.recover(isWorkerAlive);
  }
  async heartbeat(worker: string, leaseMs: number) {
    this.jobs.heartbeat(worker, leaseMs);
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
    this.jobs.recordFailure(failure);
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

  async batchFailures(batch: string, limit = 100): Promise<Failure[]> {
    const rows = this.db
      .prepare(
        `SELECT f.* FROM failures f JOIN jobs j ON j.id = f.job_id WHERE j.batch = ? ORDER BY f.id LIMIT ?`,
      )
      .all(batch, limit) as FailureRow[];
    return rows.map(toFailure);
  }

  async status(): Promise<StoreStatus> {
    const one = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    const jobs: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const r of this.db.prepare('SELECT status, count(*) AS n FROM jobs GROUP BY status').all() as Array<{
      status: JobStatus;
      n: number;
    }>)
      jobs[r.status] = r.n;
    const recentFailures = (
      this.db.prepare('SELECT * FROM failures ORDER BY at DESC, id DESC LIMIT 20').all() as FailureRow[]
    ).map(toFailure);
    return {
      articles: one('SELECT count(*) AS n FROM articles'),
      stories: one('SELECT count(DISTINCT story_id) AS n FROM articles'),
      sources: one('SELECT count(*) AS n FROM article_sources'),
      feeds: one('SELECT count(*) AS n FROM feeds'),
      jobs,
      failuresByCode: this.db
        .prepare('SELECT code, count(*) AS count FROM failures GROUP BY code ORDER BY count DESC')
        .all() as Array<{ code: string; count: number }>,
      recentFailures,
      lastPolls: (await this.feeds.list()).map((f) => ({
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
    if (this.db.open) this.db.close();
  }
}
