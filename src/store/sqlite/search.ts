import type Database from 'better-sqlite3';
import { parseQuery } from '../query/parse.js';
import { MARK_CLOSE, MARK_OPEN, snippetToHtml } from '../search-query.js';
import { compileQuery } from './compile-query.js';
import type { FacetCount, SearchFacets, SearchHit, SearchOptions, SearchResult } from '../types.js';
import { toSummary, type SummaryRow } from './articles.js';

/** How many of the best results facets count. */
export const FACET_SAMPLE = 1000;

/** Full-text search over the FTS5 projection of articles: BM25 with titles weighted above body text. */
export class SqliteSearch {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /** Filters change the SQL text, so statements are cached by text rather than prepared up front. */
  private stmt(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  /**
   * Runs the search language (src/store/query/parse.ts). Throws QueryError on a malformed query. Results are
   * ranked by BM25 (titles weighted) when the query has text to rank by, else newest first.
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
    const offset = Math.max(options.offset ?? 0, 0);
    const tree = parseQuery(query);
    if (!tree) return { query, total: 0, hits: [] };
    const compiled = compileQuery(tree);
    const where = [compiled.where];
    const params: unknown[] = [...compiled.params];
    if (options.site) {
      where.push('a.site = ?');
      params.push(options.site);
    }
    if (options.language) {
      where.push('a.language = ?');
      params.push(options.language);
    }
    if (options.from) {
      where.push('a.published_at >= ?');
      params.push(options.from);
    }
    if (options.to) {
      // An inclusive day: "to 2020-07-08" covers that whole day.
      where.push('a.published_at <= ?');
      params.push(`${options.to}\uffff`);
    }
    const filter = where.filter((w) => w !== '1').join(' AND ');
    let ids: Array<{ id: number; score: number }>;
    let total: number;
    if (compiled.rank) {
      // Rank first, on the index alone when nothing else filters: snippet() and the article row are then
      // computed for the page of hits only, not for every match (2-4x faster on common words).
      const from = filter
        ? `articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ? AND ${filter}`
        : 'articles_fts f WHERE articles_fts MATCH ?';
      ids = this.stmt(
        `SELECT f.rowid AS id, bm25(articles_fts, 4.0, 1.0) AS score FROM ${from} ORDER BY score LIMIT ? OFFSET ?`,
      ).all(compiled.rank, ...params, limit, offset) as Array<{ id: number; score: number }>;
      total =
        ids.length < limit && offset === 0
          ? ids.length
          : (this.stmt(`SELECT count(*) AS n FROM ${from}`).get(compiled.rank, ...params) as { n: number }).n;
    } else {
      const w = filter || '1';
      ids = (
        this.stmt(
          `SELECT a.id FROM articles a WHERE ${w}
           ORDER BY a.published_at IS NULL, a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`,
        ).all(...params, limit, offset) as Array<{ id: number }>
      ).map((r) => ({ id: r.id, score: 0 }));
      total = (this.stmt(`SELECT count(*) AS n FROM articles a WHERE ${w}`).get(...params) as { n: number })
        .n;
    }
    const snippet = this.stmt(
      `SELECT snippet(articles_fts, 1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 24) AS s
       FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?`,
    );
    const lead = this.stmt('SELECT substr(text, 1, 240) AS s FROM articles WHERE id = ?');
    const row = this.stmt(
      'SELECT id, url, site, title, published_at, language, story_id, ingested_at FROM articles WHERE id = ?',
    );
    const hits: SearchHit[] = ids.map((t) => ({
      ...toSummary(row.get(t.id) as SummaryRow),
      // bm25() is lower-is-better and negative; flip it so callers read "higher is more relevant".
      score: -t.score,
      snippet: compiled.rank
        ? snippetToHtml((snippet.get(compiled.rank, t.id) as { s: string } | undefined)?.s ?? '')
        : snippetToHtml(`${(lead.get(t.id) as { s: string } | undefined)?.s ?? ''}…`),
    }));
    const result: SearchResult = { query, total, hits };
    if (options.facets) result.facets = this.facets(filter || '1', params, compiled.rank);
    return result;
  }

  /**
   * Facets count the best FACET_SAMPLE results (by rank, else newest): on a common word over 100k articles,
   * counting every match through the mention tables took seconds (npm run bench -- serve).
   */
  private facets(filter: string, params: unknown[], rank: string | null): SearchFacets {
    const hits = rank
      ? `SELECT a.id FROM articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ? AND ${filter}
         ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ${FACET_SAMPLE}`
      : `SELECT a.id FROM articles a WHERE ${filter} ORDER BY a.published_at DESC, a.id DESC LIMIT ${FACET_SAMPLE}`;
    const args = rank ? [rank, ...params] : params;
    const count = (sql: string): FacetCount[] =>
      (this.stmt(`WITH hits AS (${hits}) ${sql}`).all(...args) as FacetCount[]).map((r) => ({
        value: String(r.value),
        label: String(r.label ?? r.value),
        count: r.count,
      }));
    const counted = (
      this.stmt(`WITH hits AS (${hits}) SELECT count(*) AS n FROM hits`).get(...args) as { n: number }
    ).n;
    return {
      counted,
      source: count(
        `SELECT a.site AS value, a.site AS label, count(*) AS count FROM hits JOIN articles a ON a.id = hits.id
         WHERE a.site IS NOT NULL GROUP BY a.site ORDER BY count DESC, value LIMIT 10`,
      ),
      actor: count(
        `SELECT m.actor_id AS value, max(m.name) AS label, count(DISTINCT m.article_id) AS count
         FROM hits JOIN actor_mentions m ON m.article_id = hits.id GROUP BY m.actor_id
         ORDER BY count DESC, value LIMIT 10`,
      ),
      place: count(
        `SELECT p.place_id AS value, max(p.name) AS label, count(DISTINCT p.article_id) AS count
         FROM hits JOIN place_mentions p ON p.article_id = hits.id WHERE p.place_id IS NOT NULL
         GROUP BY p.place_id ORDER BY count DESC, value LIMIT 10`,
      ),
      type: count(
        `SELECT v.type AS value, v.type AS label, count(DISTINCT v.article_id) AS count
         FROM hits JOIN events v ON v.article_id = hits.id WHERE v.negated = 0
         GROUP BY v.type ORDER BY count DESC, value LIMIT 10`,
      ),
      date: count(
        `SELECT substr(a.published_at, 1, 7) AS value, substr(a.published_at, 1, 7) AS label, count(*) AS count
         FROM hits JOIN articles a ON a.id = hits.id WHERE a.published_at IS NOT NULL
         GROUP BY value ORDER BY value`,
      ),
    };
  }
}
