import type Database from 'better-sqlite3';
import { parseQuery, SEARCH_DEADLINE_MS } from '../query/parse.js';
import { StatementCache } from '../sql/statement-cache.js';
import { dateOrder, FACET_SAMPLE, MARK_CLOSE, MARK_OPEN, snippetToHtml } from '../search-query.js';
import { compileQuery, EXACT_INDEX, STEMMED_INDEX } from './compile-query.js';
import { DEADLINE_FN, withinDeadline } from './deadline.js';
import type {
  FacetCount,
  SearchFacets,
  SearchHit,
  SearchOptions,
  SearchResult,
  SearchSort,
} from '../types.js';
import { toSummary, type SummaryRow } from '../articles.js';
import {
  DAY_COLUMN,
  MAX_VOLUME_DAYS,
  volumeFromDays,
  type DayCount,
  type VolumeOptions,
  type VolumeResult,
} from '../volume.js';

/**
 * Above this many full-text matches, field filters use lists (CompileOptions.lists): on 100k articles, a
 * probe per match cost 2 ms at 2k matches and 18-37 ms at 12-17k, a list about 10 ms whatever the count.
 */
const LIST_THRESHOLD = 5000;

/** Text to match and the full-text index to match it in (compile-query.ts: STEMMED_INDEX or EXACT_INDEX). */
interface Match {
  index: string;
  expr: string;
}

/** Full-text search over the FTS5 projection of articles: BM25 with titles weighted above body text. */
export class SqliteSearch {
  /** Filters change the SQL text, so statements are cached by text rather than prepared up front. */
  readonly statements: StatementCache;

  constructor(
    private readonly db: Database.Database,
    /** How long one search may run (tests shorten it). */
    private readonly deadlineMs = SEARCH_DEADLINE_MS,
  ) {
    this.statements = new StatementCache(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  /**
   * Runs the search language (src/store/query/parse.ts). Throws QueryError on a malformed query, and
   * QueryTimeout when it runs past the deadline.
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    return withinDeadline(this.db, performance.now() + this.deadlineMs, this.deadlineMs, () =>
      this.run(query, options),
    );
  }

  /**
   * Every match of the query counted by publication day (../volume.ts makes the buckets): the same match
   * as search, without ranking; the date range is applied after, so matches outside it are counted too.
   */
  volume(query: string, options: VolumeOptions = {}): VolumeResult {
    const rows = withinDeadline(this.db, performance.now() + this.deadlineMs, this.deadlineMs, () => {
      const tree = parseQuery(query);
      if (!tree) return [];
      const compiled = compileQuery(tree, { exactRank: true });
      const where = [compiled.where, `${DEADLINE_FN}()`].filter((w) => w !== '1').join(' AND ');
      const from = compiled.rank
        ? `${compiled.index} f JOIN articles a ON a.id = f.rowid WHERE ${compiled.index} MATCH ? AND ${where}`
        : `articles a WHERE ${where}`;
      return this.stmt(
        `SELECT ${DAY_COLUMN} AS day, count(*) AS n FROM ${from} GROUP BY 1 LIMIT ${MAX_VOLUME_DAYS}`,
      ).all(...(compiled.rank ? [compiled.rank] : []), ...compiled.params) as DayCount[];
    });
    return volumeFromDays(query, rows, options);
  }

  /** Results are ranked by BM25 (titles weighted) when the query has text to rank by, else newest first. */
  private run(query: string, options: SearchOptions): SearchResult {
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
    const offset = Math.max(options.offset ?? 0, 0);
    const tree = parseQuery(query);
    if (!tree) return { query, total: 0, hits: [] };
    const first = compileQuery(tree, { exactRank: true });
    // The text to rank by and the full-text index it is over (the exact one for quoted phrases only).
    const rank: Match | null = first.rank ? { index: first.index, expr: first.rank } : null;
    const articleOptions = Boolean(
      options.site || options.language || options.from || options.to || options.idRange,
    );
    // A ranked query whose filters need the article id only tests them on the full-text index alone.
    const byIndex = rank !== null && !articleOptions && !first.articleColumns;
    // With thousands of full-text matches, a field's list of articles built once beats a probe per match
    // (count() reads the index without ranking: under a millisecond).
    const lists = rank !== null && first.where !== '1' && this.matches(rank) > LIST_THRESHOLD;
    const compiled =
      byIndex || lists
        ? compileQuery(tree, { id: byIndex ? 'f.rowid' : 'a.id', lists, exactRank: true })
        : first;
    const join = !byIndex;
    const where = [compiled.where];
    const params: unknown[] = [...compiled.params];
    if (options.site) {
      where.push('a.site = ?');
      params.push(options.site);
    }
    if (options.idRange) {
      where.push('a.id > ? AND a.id <= ?');
      params.push(options.idRange.after, options.idRange.upTo);
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
    let sample: number[] | null = null;
    if (options.facets && offset + limit <= FACET_SAMPLE) {
      // One ranking serves the page and the facet sample: ranking every match is what costs.
      const best = this.ranked(rank, filter, join, params, FACET_SAMPLE, 0, options.sort);
      ids = best.slice(offset, offset + limit);
      total = best.length < FACET_SAMPLE ? best.length : this.count(rank, filter, join, params);
      sample = best.map((r) => r.id);
    } else {
      ids = this.ranked(rank, filter, join, params, limit, offset, options.sort);
      // A short page that is not past the end is the last one: the total needs no count.
      total =
        ids.length < limit && (offset === 0 || ids.length > 0)
          ? offset + ids.length
          : this.count(rank, filter, join, params);
      if (options.facets)
        sample = this.ranked(rank, filter, join, params, FACET_SAMPLE, 0, options.sort).map((r) => r.id);
    }
    // The id is cast: FTS5 ignores a rowid constraint bound as a floating-point value (how better-sqlite3
    // binds a JS number) and answers with the first match, so every hit showed the same snippet.
    // A query of quoted phrases only is highlighted from the exact index, so "Iranian" in quotes marks
    // "Iranian" and not "Iranians"; otherwise from the stemmed one ("strikes" marked for strike).
    const [snippetIndex, snippetMatch] = compiled.exact
      ? [EXACT_INDEX, compiled.exact]
      : [STEMMED_INDEX, rank?.expr];
    const snippet = this.stmt(
      `SELECT snippet(${snippetIndex}, 1, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 24) AS s
       FROM ${snippetIndex} WHERE ${snippetIndex} MATCH ? AND rowid = CAST(? AS INTEGER)`,
    );
    const lead = this.stmt('SELECT substr(text, 1, 240) AS s FROM articles WHERE id = ?');
    const row = this.stmt(
      'SELECT id, url, site, title, published_at, language, story_id, ingested_at FROM articles WHERE id = ?',
    );
    const hits: SearchHit[] = ids.map((t) => ({
      ...toSummary(row.get(t.id) as SummaryRow),
      // bm25() is lower-is-better and negative; flip it so callers read "higher is more relevant".
      score: -t.score,
      snippet: rank
        ? snippetToHtml((snippet.get(snippetMatch, t.id) as { s: string } | undefined)?.s ?? '')
        : snippetToHtml(`${(lead.get(t.id) as { s: string } | undefined)?.s ?? ''}…`),
    }));
    const result: SearchResult = { query, total, hits };
    if (sample) result.facets = this.facets(sample);
    return result;
  }

  /**
   * The best `limit` results after `offset`: by BM25 (titles weighted) when there is text to rank by, on the
   * full-text index alone unless a filter reads article columns, so snippet() and the article row are
   * computed for the page only (2-4x faster on common words); else newest first.
   */
  private ranked(
    rank: Match | null,
    filter: string,
    join: boolean,
    params: unknown[],
    limit: number,
    offset: number,
    sort: SearchSort = rank ? 'relevance' : 'newest',
  ): Array<{ id: number; score: number }> {
    // Text sorted by date: the full-text match joined to the article rows for their dates.
    if (rank && sort !== 'relevance')
      return this.stmt(
        `SELECT f.rowid AS id, bm25(${rank.index}, 4.0, 1.0) AS score FROM ${this.from(rank, filter || '1', true)}
         ORDER BY ${dateOrder(sort)} LIMIT ? OFFSET ?`,
      ).all(rank.expr, ...params, limit, offset) as Array<{ id: number; score: number }>;
    if (rank)
      return this.stmt(
        `SELECT f.rowid AS id, bm25(${rank.index}, 4.0, 1.0) AS score FROM ${this.from(rank, filter, join)}
         ORDER BY score LIMIT ? OFFSET ?`,
      ).all(rank.expr, ...params, limit, offset) as Array<{ id: number; score: number }>;
    return (
      this.stmt(
        `SELECT a.id FROM articles a WHERE ${filter || '1'} AND ${DEADLINE_FN}()
         ORDER BY ${dateOrder(sort === 'oldest' ? 'oldest' : 'newest')} LIMIT ? OFFSET ?`,
      ).all(...params, limit, offset) as Array<{ id: number }>
    ).map((r) => ({ id: r.id, score: 0 }));
  }

  private count(rank: Match | null, filter: string, join: boolean, params: unknown[]): number {
    const row = rank
      ? this.stmt(`SELECT count(*) AS n FROM ${this.from(rank, filter, join)}`).get(rank.expr, ...params)
      : this.stmt(`SELECT count(*) AS n FROM articles a WHERE ${filter || '1'} AND ${DEADLINE_FN}()`).get(
          ...params,
        );
    return (row as { n: number }).n;
  }

  private from(rank: Match, filter: string, join: boolean): string {
    const rest = [filter, `${DEADLINE_FN}()`].filter(Boolean).join(' AND ');
    return join && filter
      ? `${rank.index} f JOIN articles a ON a.id = f.rowid WHERE ${rank.index} MATCH ? AND ${rest}`
      : `${rank.index} f WHERE ${rank.index} MATCH ? AND ${rest}`;
  }

  /** How many articles hold the text, whatever else the query asks. */
  private matches(rank: Match): number {
    return (
      this.stmt(
        `SELECT count(*) AS n FROM ${rank.index} WHERE ${rank.index} MATCH ? AND ${DEADLINE_FN}()`,
      ).get(rank.expr) as {
        n: number;
      }
    ).n;
  }

  /**
   * Facets count the best FACET_SAMPLE results (by rank, else newest): on a common word over 100k articles,
   * counting every match through the mention tables took seconds (npm run bench -- serve). Actors, places
   * and event types come from the per-article facet rows, one index range per hit.
   */
  private facets(ids: number[]): SearchFacets {
    const hits = JSON.stringify(ids);
    const values = this.stmt(
      `SELECT f.kind, f.value, max(f.label) AS label, count(*) AS count
       FROM json_each(?) h JOIN article_facets f ON f.article_id = h.value GROUP BY f.kind, f.value`,
    ).all(hits) as Array<{ kind: string; value: string; label: string | null; count: number }>;
    const articles = this.stmt(
      `SELECT a.site, substr(a.published_at, 1, 7) AS month FROM json_each(?) h JOIN articles a ON a.id = h.value`,
    ).all(hits) as Array<{ site: string | null; month: string | null }>;
    const tally = (keys: Array<string | null>): FacetCount[] => {
      const n = new Map<string, number>();
      for (const k of keys) if (k !== null) n.set(k, (n.get(k) ?? 0) + 1);
      return [...n].map(([value, count]) => ({ value, label: value, count }));
    };
    const top = (counts: FacetCount[]): FacetCount[] =>
      counts
        .sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0))
        .slice(0, 10);
    const of = (kind: string): FacetCount[] =>
      top(
        values
          .filter((v) => v.kind === kind)
          .map((v) => ({ value: v.value, label: v.label ?? v.value, count: v.count })),
      );
    return {
      counted: ids.length,
      source: top(tally(articles.map((a) => a.site))),
      actor: of('actor'),
      place: of('place'),
      type: of('type'),
      date: tally(articles.map((a) => a.month)).sort((x, y) => (x.value < y.value ? -1 : 1)),
    };
  }
}
