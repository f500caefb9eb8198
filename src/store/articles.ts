import type { SqlClient } from './sql/client.js';
import { queries } from './sql/query.js';
import type { Article, ArticleSummary, Story } from './types.js';

// Reading articles, their sources and stories, on either engine. Writing them is each engine's ingest path
// (sqlite/articles.ts, postgres/articles.ts): one synchronous transaction on SQLite, batched statements under
// advisory locks on PostgreSQL.

export interface SummaryRow {
  id: number;
  url: string;
  site: string | null;
  title: string | null;
  published_at: string | null;
  language: string | null;
  story_id: number;
  ingested_at: string;
}

export function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: r.id,
    url: r.url,
    site: r.site,
    title: r.title,
    publishedAt: r.published_at,
    language: r.language,
    storyId: r.story_id,
    ingestedAt: r.ingested_at,
  };
}

const SUMMARY = [
  'id',
  'url',
  'site',
  'title',
  'published_at',
  'language',
  'story_id',
  'ingested_at',
] as const;

/** The same, for statements written as SQL text (search). */
export const SUMMARY_COLUMNS = SUMMARY.join(', ');

function statements(dialect: SqlClient['dialect']) {
  const q = queries(dialect);
  return {
    // Named columns: the row also holds the MinHash signature and, on PostgreSQL, the tsvector.
    get: q((db, a: { id: number }) =>
      db
        .selectFrom('articles')
        .select([
          ...SUMMARY,
          'canonical_url',
          'content_hash',
          'byline',
          'published_at_source',
          'text',
          'excerpt',
        ])
        .where('id', '=', a.id),
    ),
    sources: q((db, a: { id: number }) =>
      db.selectFrom('article_sources').select('url').where('article_id', '=', a.id).orderBy('id'),
    ),
    count: q((db) => db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n'))),
    countStories: q((db) =>
      db.selectFrom('articles').select((eb) => eb.fn.count<number>('story_id').distinct().as('n')),
    ),
    countSources: q((db) =>
      db.selectFrom('article_sources').select((eb) => eb.fn.countAll<number>().as('n')),
    ),
    list: q((db, a: { limit: number; offset: number }) =>
      db
        .selectFrom('articles')
        .select(SUMMARY)
        .orderBy((eb) => eb.fn.coalesce('published_at', 'ingested_at'), 'desc')
        .orderBy('id', 'desc')
        .limit(a.limit)
        .offset(a.offset),
    ),
    story: q((db, a: { id: number }) =>
      db.selectFrom('stories').select(['id', 'title', 'created_at']).where('id', '=', a.id),
    ),
    storyArticles: q((db, a: { id: number }) =>
      db.selectFrom('articles').select('id').where('story_id', '=', a.id).orderBy('id'),
    ),
    storySources: q((db, a: { id: number }) =>
      db
        .selectFrom('article_sources as s')
        .innerJoin('articles as a', 'a.id', 's.article_id')
        .select('s.url')
        .where('a.story_id', '=', a.id)
        .orderBy('s.id'),
    ),
  };
}

/** Articles as the reader, the API and the CLI read them. */
export class Articles {
  private readonly st;

  constructor(private readonly sql: SqlClient) {
    this.st = statements(sql.dialect);
  }

  async get(id: number): Promise<Article | null> {
    const r = await this.st.get.get(this.sql, { id });
    if (!r) return null;
    const sources = await this.st.sources.all(this.sql, { id });
    return {
      id: r.id,
      url: r.url,
      canonicalUrl: r.canonical_url,
      sourceUrls: sources.map((s) => s.url),
      site: r.site,
      title: r.title,
      byline: r.byline,
      publishedAt: r.published_at,
      publishedAtSource: r.published_at_source,
      language: r.language,
      text: r.text,
      excerpt: r.excerpt,
      storyId: r.story_id,
      ingestedAt: r.ingested_at,
    };
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: ArticleSummary[] }> {
    const total = (await this.st.count.get(this.sql, {}))!.n;
    const items = await this.st.list.all(this.sql, { limit, offset });
    return { total, items: items.map(toSummary) };
  }

  /** How many articles, stories (with an article) and sources the store holds. */
  async counts(): Promise<{ articles: number; stories: number; sources: number }> {
    const [articles, stories, sources] = await Promise.all(
      [this.st.count, this.st.countStories, this.st.countSources].map(
        async (q) => (await q.get(this.sql, {}))!.n,
      ),
    );
    return { articles: articles!, stories: stories!, sources: sources! };
  }

  async story(id: number): Promise<Story | null> {
    const s = await this.st.story.get(this.sql, { id });
    if (!s) return null;
    const articleIds = await this.st.storyArticles.all(this.sql, { id });
    const sourceUrls = await this.st.storySources.all(this.sql, { id });
    return {
      id: s.id,
      title: s.title,
      articleIds: articleIds.map((r) => r.id),
      sourceUrls: sourceUrls.map((r) => r.url),
      firstSeenAt: s.created_at,
    };
  }
}
