import type Database from 'better-sqlite3';
import { MARK_CLOSE, MARK_OPEN, parseSearchQuery, snippetToHtml } from '../search-query.js';
import type { SearchHit, SearchOptions, SearchResult } from '../types.js';

/** Full-text search over the FTS5 projection of articles: BM25 with titles weighted above body text. */
export class SqliteSearch {
  constructor(private readonly db: Database.Database) {}

  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
    const offset = Math.max(options.offset ?? 0, 0);
    const parsed = parseSearchQuery(query);
    if (!parsed.match) return { query, total: 0, hits: [] };

    const where = ['articles_fts MATCH @match'];
    const params: Record<string, unknown> = { match: parsed.match, limit, offset };
    if (options.site) {
      where.push('a.site = @site');
      params.site = options.site;
    }
    if (options.language) {
      where.push('a.language = @language');
      params.language = options.language;
    }
    if (options.from) {
      where.push('a.published_at >= @from');
      params.from = options.from;
    }
    if (options.to) {
      // An inclusive day: "to 2020-07-08" covers that whole day.
      where.push('a.published_at < @to');
      params.to = options.to.length === 10 ? `${options.to}T23:59:59.999Z` : options.to;
    }
    const filter = where.join(' AND ');
    const rows = this.db
      .prepare(
        `SELECT a.id, a.url, a.site, a.title, a.published_at, a.language, a.story_id, a.ingested_at,
           bm25(articles_fts, 4.0, 1.0) AS score,
           snippet(articles_fts, 1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 24) AS snippet
         FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
         WHERE ${filter} ORDER BY score LIMIT @limit OFFSET @offset`,
      )
      .all(params) as Array<{
      id: number;
      url: string;
      site: string | null;
      title: string | null;
      published_at: string | null;
      language: string | null;
      story_id: number;
      ingested_at: string;
      score: number;
      snippet: string;
    }>;
    const total =
      rows.length < limit && offset === 0
        ? rows.length
        : (
            this.db
              .prepare(
                `SELECT count(*) AS n FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE ${filter}`,
              )
              .get(params) as { n: number }
          ).n;
    const hits: SearchHit[] = rows.map((r) => ({
      id: r.id,
      url: r.url,
      site: r.site,
      title: r.title,
      publishedAt: r.published_at,
      language: r.language,
      storyId: r.story_id,
      ingestedAt: r.ingested_at,
      // bm25() is lower-is-better and negative; flip it so callers read "higher is more relevant".
      score: -r.score,
      snippet: snippetToHtml(r.snippet),
    }));
    return { query, total, hits };
  }
}
