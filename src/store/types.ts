// The store contract. SQLite implements it today; the PostgreSQL adapter (Teams issue) plugs in beside it.
// Methods are async so a networked database fits the same shape.

import type { DateSource } from '../collect/types.js';
import type { Analysis, Claim, ClaimKind } from '../understand/types.js';
import type { VolumeOptions, VolumeResult } from './volume.js';

/** An article ready to be stored: extraction plus the dedup keys computed in collect/. */
export interface ArticleInput {
  url: string;
  canonicalUrl: string;
  title: string | null;
  byline: string | null;
  site: string | null;
  language: string | null;
  publishedAt: string | null;
  publishedAtSource: DateSource | null;
  text: string;
  excerpt: string | null;
  contentHash: string;
  minhash: Uint32Array | null;
  bands: string[];
  /** How the article arrived: 'file', 'url', 'feed:<id>', 'sitemap'. */
  via: string;
  /** Saved with a new or revised article in the same transaction; absent when analysis failed. */
  analysis?: Analysis | null;
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged' | 'duplicate';

export interface SaveResult {
  outcome: SaveOutcome;
  articleId: number;
  storyId: number;
}

export interface Article {
  id: number;
  url: string;
  canonicalUrl: string;
  sourceUrls: string[];
  site: string | null;
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  publishedAtSource: string | null;
  language: string | null;
  text: string;
  excerpt: string | null;
  storyId: number;
  ingestedAt: string;
}

export interface ArticleSummary {
  id: number;
  url: string;
  site: string | null;
  title: string | null;
  publishedAt: string | null;
  language: string | null;
  storyId: number;
  ingestedAt: string;
}

export interface Story {
  id: number;
  title: string | null;
  articleIds: number[];
  sourceUrls: string[];
  firstSeenAt: string;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  site?: string;
  language?: string;
  /** ISO dates (inclusive) on publishedAt. */
  from?: string;
  to?: string;
  /** Also count the results by source, actor, place, event type and month. */
  facets?: boolean;
  /** Only articles with after < id ≤ upTo: the ones a watchlist has not been checked against yet. */
  idRange?: { after: number; upTo: number };
  /**
   * Order of the hits: by relevance (the default when the query has text to rank by), or by publication
   * date, newest or oldest first (the default without text is newest); undated articles come last either way.
   */
  sort?: SearchSort;
}

export type SearchSort = 'relevance' | 'newest' | 'oldest';

export interface FacetCount {
  value: string;
  label: string;
  count: number;
}

/**
 * Counts over the best results (not only the page): all of them up to 1,000, else the best 1,000 by rank
 * (newest when the query has no text); at most ten values each, most frequent first.
 */
export interface SearchFacets {
  /** How many results were counted: the total, or the sample when the total is larger. */
  counted: number;
  source: FacetCount[];
  actor: FacetCount[];
  place: FacetCount[];
  type: FacetCount[];
  /** By month (YYYY-MM), oldest first. */
  date: FacetCount[];
}

/** Which events: articles matching a search-language query, then event type, actor, country and dates. */
export interface EventFilter {
  query?: string;
  type?: string;
  /** A dictionary actor id or a code (prefix): "country:IRN", "IRN", "IRNMIL". */
  actor?: string;
  country?: string;
  /** Events whose date range overlaps [from, to] (YYYY, YYYY-MM or YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Only events with a place on the map (a place id and coordinates), counted and paged as such. */
  placed?: boolean;
}

export interface EventParty {
  actorId: string;
  name: string;
  codes: string[];
}

export interface EventRow {
  /** `<articleId>-<index>`: stable while the article's analysis is. */
  id: string;
  articleId: number;
  articleTitle: string | null;
  articleUrl: string;
  type: string;
  mode: string | null;
  cameo: string;
  quadClass: number;
  goldstein: number;
  date: string | null;
  datePrecision: string | null;
  place: { id: string; name: string | null; country: string | null; lat: number; lon: number } | null;
  intended: boolean;
  /** The trigger's sentence and offsets in the article text: the evidence. */
  sentence: number;
  start: number;
  end: number;
  confidence: number;
  sources: EventParty[];
  targets: EventParty[];
}

/** Which quotes: of articles matching a search-language query, by a speaker, published between dates. */
export interface QuoteFilter {
  query?: string;
  /** The speaker: a dictionary actor id or a code (prefix), as in EventFilter. */
  actor?: string;
  /** The article's publication date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD). */
  from?: string;
  to?: string;
}

export interface QuoteRow {
  /** `<articleId>-<index>` into the analysis' quotes. */
  id: string;
  articleId: number;
  articleTitle: string | null;
  publishedAt: string | null;
  /** The words inside the quotation marks. */
  text: string;
  /** The linked actor when there is one; `text` is how the article names the speaker, linked or not. */
  speaker: { actorId: string | null; name: string | null; text: string | null };
  cue: string | null;
  partial: boolean;
  /** The quotation's sentence and offsets (marks included) in the article text. */
  sentence: number;
  start: number;
  end: number;
  confidence: number;
}

/** Which numeric claims: of articles matching a query, of one kind, published between dates. */
export interface ClaimFilter {
  query?: string;
  kind?: ClaimKind;
  from?: string;
  to?: string;
}

export interface ClaimRow {
  /** `<articleId>-<index>` into the analysis' claims. */
  id: string;
  articleId: number;
  articleTitle: string | null;
  publishedAt: string | null;
  kind: ClaimKind;
  value: number | null;
  valueMax: number | null;
  qualifier: Claim['qualifier'];
  unit: string | null;
  cue: string | null;
  /** The claim as written. */
  text: string;
  sentence: number;
  start: number;
  end: number;
  confidence: number;
}

export type TimelineBucket = 'day' | 'week' | 'month' | 'year';
export interface TimelinePoint {
  bucket: string;
  type: string;
  count: number;
}

export interface ActorGraph {
  nodes: Array<{ id: string; name: string; codes: string[]; events: number }>;
  edges: Array<{ source: string; target: string; type: string; count: number }>;
}

export interface ArticleRef {
  id: number;
  title: string | null;
  publishedAt: string | null;
  mentions: number;
}

export interface ActorProfile {
  actorId: string;
  name: string;
  kind: string;
  codes: string[];
  mentions: number;
  articles: number;
  eventTypes: Array<{ type: string; role: 'source' | 'target'; count: number }>;
  /** The actors it acts on and is acted on by, with how often. */
  partners: Array<{ actorId: string; name: string; actsOn: number; actedOnBy: number }>;
  recentArticles: ArticleRef[];
}

export interface CodeRollup {
  events: number;
  /** The articles those events are in. */
  articles: number;
  /** Events by child code, most first; only children that have events. */
  children: Array<{ code: string; events: number }>;
}

export interface PlaceProfile {
  placeId: string;
  geonameId: number | null;
  name: string;
  country: string | null;
  admin1: string | null;
  fcode: string | null;
  lat: number | null;
  lon: number | null;
  mentions: number;
  articles: number;
  eventTypes: Array<{ type: string; count: number }>;
  recentArticles: ArticleRef[];
}

export interface SearchHit extends ArticleSummary {
  score: number;
  /** HTML-safe: text is escaped, matches wrapped in <mark>. */
  snippet: string;
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
  facets?: SearchFacets;
}

export type JobKind = 'ingest.file' | 'ingest.url' | 'feed.poll' | 'analyze.range';
export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface Job {
  id: number;
  kind: JobKind;
  key: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  /** Records of a multi-record job already committed (resumption point after a crash). */
  progress: number;
  batch: string | null;
  lastError: string | null;
  errorCode: string | null;
}

/** A job of a batch with what it produced: how an ingest reports the work of every worker that took part. */
export interface BatchJob extends Job {
  result: Record<string, unknown> | null;
}

export interface EnqueueInput {
  kind: JobKind;
  key: string;
  payload: Record<string, unknown>;
  batch?: string | null;
  maxAttempts?: number;
  /**
   * 'keep': an existing job with this key is not run again; if still unfinished (say, left by a crashed run)
   * it joins this batch. 'rerun': a finished one runs again.
   */
  onConflict?: 'keep' | 'rerun';
}

export interface FailureInput {
  key: string;
  where: string;
  code: string;
  kind: 'permanent' | 'transient';
  message: string;
  hint: string | null;
  jobId: number | null;
}

export interface Failure extends FailureInput {
  id: number;
  at: string;
}

export interface Feed {
  id: number;
  url: string;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastNewItems: number;
  failures: number;
  createdAt: string;
}

export interface FeedPollUpdate {
  title?: string | null;
  etag?: string | null;
  lastModified?: string | null;
  status: 'ok' | 'not-modified' | 'error';
  error?: string | null;
  newItems?: number;
}

export interface StoreStatus {
  articles: number;
  stories: number;
  sources: number;
  feeds: number;
  jobs: Record<JobStatus, number>;
  failuresByCode: Array<{ code: string; count: number }>;
  recentFailures: Failure[];
  lastPolls: Array<Pick<Feed, 'id' | 'url' | 'lastPolledAt' | 'lastStatus' | 'lastError' | 'lastNewItems'>>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * One transaction: the article (or a new source for an existing one), its story, its dedup keys, and,
   * when given, the job's progress, so a crash can neither lose nor duplicate it.
   */
  saveArticle(input: ArticleInput, job?: { id: number; progress: number }): Promise<SaveResult>;
  getArticle(id: number): Promise<Article | null>;
  listArticles(options?: {
    limit?: number;
    offset?: number;
  }): Promise<{ total: number; items: ArticleSummary[] }>;
  getStory(id: number): Promise<Story | null>;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** Every match of a search-language query counted by publication date (volume.ts); undated apart. */
  volume(query: string, options?: VolumeOptions): Promise<VolumeResult>;
  /** Events of the stored analyses; a malformed `query` rejects with QueryError. */
  listEvents(
    filter: EventFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: EventRow[] }>;
  /** One event by its id (`<articleId>-<index>`); null when absent or negated (lists leave those out too). */
  getEvent(id: string): Promise<EventRow | null>;
  /** Quotes of the stored analyses, newest article first; a malformed `query` rejects with QueryError. */
  listQuotes(
    filter: QuoteFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: QuoteRow[] }>;
  /** Numeric claims of the stored analyses, newest article first; a malformed `query` rejects with QueryError. */
  listClaims(
    filter: ClaimFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: ClaimRow[] }>;
  /** Event counts by time bucket and type (events with no date are left out). */
  eventTimeline(filter: EventFilter & { bucket?: TimelineBucket }): Promise<TimelinePoint[]>;
  /** Actors as nodes, source → target event counts by type as edges, heaviest first. */
  actorGraph(filter: EventFilter & { limit?: number }): Promise<ActorGraph>;
  /**
   * The events under an actor code (what listEvents counts for `{ actor: code }`), counted in one read, and
   * how many of them have a party coded under each longer code that starts with it, cut to `childLength`
   * letters (a country's sectors: IRN → IRNMIL, IRNGOV).
   */
  codeRollup(code: string, childLength: number): Promise<CodeRollup>;
  /** The map's grid clusters, feed and small clusters' events in a box (map-clusters.ts); RangeError on a bad box. */
  mapClusters(
    filter: import('./map-clusters.js').MapClusterFilter,
  ): Promise<import('./map-clusters.js').MapClusters>;
  getActor(actorId: string): Promise<ActorProfile | null>;
  getPlace(placeId: string): Promise<PlaceProfile | null>;

  enqueue(jobs: EnqueueInput[]): Promise<number>;
  /**
   * Claims up to `limit` runnable jobs for `worker`, leasing them for `leaseMs`: pending ones that are due, and
   * running ones whose lease has lapsed (their worker died). A lapsed job out of attempts fails as
   * `job.crashed` instead.
   */
  claimJobs(worker: string, limit: number, leaseMs: number): Promise<Job[]>;
  completeJob(id: number, result?: Record<string, unknown>): Promise<void>;
  /** A transient failure is retried after `retryInMs` until attempts run out; a permanent one is final. */
  failJob(id: number, failure: FailureInput, retryInMs: number | null): Promise<void>;
  /** Returns jobs whose worker died (lease expired, or a dead process on this host) to the queue. */
  recoverJobs(isWorkerAlive: (worker: string) => boolean): Promise<number>;
  /** Extends the lease of every job `worker` is running (a long file must not look abandoned). */
  heartbeat(worker: string, leaseMs: number): Promise<void>;
  batchProgress(batch: string): Promise<Record<JobStatus, number>>;
  /** Every job of one batch with its result, whoever ran it. */
  batchJobs(batch: string): Promise<BatchJob[]>;
  retryFailedJobs(): Promise<number>;

  recordFailure(failure: FailureInput): Promise<void>;
  /** Failures recorded by the jobs of one batch (whole jobs and single records in them). */
  batchFailures(batch: string, limit?: number): Promise<Failure[]>;

  addFeed(url: string, title?: string | null): Promise<Feed>;
  listFeeds(): Promise<Feed[]>;
  getFeed(idOrUrl: number | string): Promise<Feed | null>;
  removeFeed(idOrUrl: number | string): Promise<boolean>;
  updateFeedPoll(id: number, update: FeedPollUpdate): Promise<void>;

  /** Replaces an article's analysis (and its mentions), with the job's progress, in one transaction. */
  saveAnalysis(
    articleId: number,
    analysis: Analysis,
    job?: { id: number; progress: number },
  ): Promise<boolean>;
  getAnalysis(articleId: number): Promise<Analysis | null>;
  /**
   * Articles with id > afterId (and ≤ toId) whose analysis is missing or was made by other stage versions
   * than `versionsKey` (all of them when `all`), in id order.
   */
  articlesToAnalyze(options: {
    versionsKey: string;
    afterId: number;
    toId?: number;
    limit: number;
    all?: boolean;
  }): Promise<AnalysisTarget[]>;
  /**
   * Fixed id ranges (1–size, size+1–2·size…) holding articles to analyse, with their counts. Fixed
   * boundaries give re-analysis jobs stable keys, so a second run resumes the first one's jobs.
   */
  analysisRanges(options: {
    versionsKey: string;
    size: number;
    all?: boolean;
  }): Promise<Array<{ fromId: number; toId: number; count: number }>>;
  /** Marks every stored analysis stale (they stay readable until redone); returns how many. */
  invalidateAnalyses(): Promise<number>;
  /** How many stored analyses match `versionsKey`, are stale, or are missing. */
  /** Analyses current, stale or missing for these stage versions, and how many hold a failed stage. */
  analysisCounts(
    versionsKey: string,
  ): Promise<{ current: number; stale: number; missing: number; failed: number }>;

  status(): Promise<StoreStatus>;
  close(): Promise<void>;
}

/** What re-analysis needs of an article. */
export interface AnalysisTarget {
  id: number;
  text: string;
  title: string | null;
  publishedAt: string | null;
  language: string | null;
}
