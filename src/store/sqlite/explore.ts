import type Database from 'better-sqlite3';
import { parseQuery } from '../query/parse.js';
import type { ClaimKind, Claim } from '../../understand/types.js';
import type {
  ActorGraph,
  ActorProfile,
  ArticleRef,
  ClaimFilter,
  ClaimRow,
  EventFilter,
  EventRow,
  PlaceProfile,
  QuoteFilter,
  QuoteRow,
  TimelineBucket,
  TimelinePoint,
} from '../types.js';
import { compileQuery } from './compile-query.js';
import { StatementCache } from '../sql/statement-cache.js';

interface EventDbRow {
  article_id: number;
  idx: number;
  type: string;
  mode: string | null;
  cameo: string;
  quad_class: number;
  goldstein: number;
  date: string | null;
  date_precision: string | null;
  place_id: string | null;
  place_name: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  negated: number;
  intended: number;
  sentence: number;
  start: number;
  end: number;
  confidence: number;
  title: string | null;
  url: string;
  published_at: string | null;
}

/** An event date ("2011", "2020-07", "2020-07-08") as the first and last day it covers, for range filters. */
const FIRST_DAY = `CASE length(v.date) WHEN 4 THEN v.date || '-01-01' WHEN 7 THEN v.date || '-01' ELSE v.date END`;
const LAST_DAY = `CASE length(v.date) WHEN 4 THEN v.date || '-12-31' WHEN 7 THEN v.date || '-31' ELSE v.date END`;

/** Events, actors and places across articles: what the event list, timeline, map, graph and entity pages read. */
export class SqliteExplore {
  /** By SQL text, which varies with the query's shape: bounded, as in search. */
  private readonly cache: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.cache = new StatementCache(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.cache.get(sql);
  }

  /** Conditions on `articles a` for a search-language query; throws QueryError on a bad query. */
  private queryWhere(query: string | undefined, where: string[], params: unknown[]): void {
    const tree = query ? parseQuery(query) : null;
    if (!tree) return;
    const c = compileQuery(tree);
    where.push(c.where);
    params.push(...c.params);
    if (c.rank) {
      where.push('a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)');
      params.push(c.rank);
    }
  }

  /** WHERE over `events v` joined to `articles a` for a filter; throws QueryError on a bad query. */
  private eventWhere(f: EventFilter): { where: string; params: unknown[] } {
    const where = ['v.negated = 0'];
    const params: unknown[] = [];
    this.queryWhere(f.query, where, params);
    if (f.type) {
      where.push('v.type = ?');
      params.push(f.type.toUpperCase());
    }
    if (f.actor) {
      where.push(`EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = v.article_id AND x.event_idx = v.idx
        AND (x.actor_id = ? OR (' ' || x.codes) LIKE ?))`);
      params.push(f.actor, `% ${f.actor.toUpperCase()}%`);
    }
    if (f.country) {
      where.push('v.country = ?');
      params.push(f.country.toUpperCase());
    }
    if (f.from) {
      where.push(`${LAST_DAY} >= ?`);
      params.push(f.from);
    }
    if (f.to) {
      where.push(`${FIRST_DAY} <= ?`);
      params.push(`${f.to}\uffff`);
    }
    if (f.placed) where.push('v.place_id IS NOT NULL AND v.lat IS NOT NULL AND v.lon IS NOT NULL');
    return { where: where.join(' AND '), params };
  }

  listEvents(f: EventFilter & { limit?: number; offset?: number }): { total: number; items: EventRow[] } {
    const { where, params } = this.eventWhere(f);
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 5000);
    const offset = Math.max(f.offset ?? 0, 0);
    const rows = this.stmt(
      `SELECT v.*, a.title, a.url, a.published_at FROM events v JOIN articles a ON a.id = v.article_id
       WHERE ${where} ORDER BY v.date IS NULL, v.date DESC, v.article_id DESC, v.idx LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as EventDbRow[];
    const total = (
      this.stmt(
        `SELECT count(*) AS n FROM events v JOIN articles a ON a.id = v.article_id WHERE ${where}`,
      ).get(...params) as { n: number }
    ).n;
    return { total, items: rows.map((r) => this.toEventRow(r)) };
  }

  getEvent(id: string): EventRow | null {
    const m = /^(\d{1,15})-(\d{1,9})$/.exec(id);
    if (!m) return null;
    const row = this.stmt(
      `SELECT v.*, a.title, a.url, a.published_at FROM events v JOIN articles a ON a.id = v.article_id
       WHERE v.article_id = ? AND v.idx = ? AND v.negated = 0`,
    ).get(Number(m[1]), Number(m[2])) as EventDbRow | undefined;
    return row ? this.toEventRow(row) : null;
  }

  private toEventRow(r: EventDbRow): EventRow {
    const parts = this.stmt(
      'SELECT role, actor_id, name, codes FROM event_actors WHERE article_id = ? AND event_idx = ? ORDER BY role, actor_id',
    ).all(r.article_id, r.idx) as Array<{ role: string; actor_id: string; name: string; codes: string }>;
    const side = (role: string) =>
      parts
        .filter((p) => p.role === role)
        .map((p) => ({ actorId: p.actor_id, name: p.name, codes: p.codes.split(' ').filter(Boolean) }));
    return {
      id: `${r.article_id}-${r.idx}`,
      articleId: r.article_id,
      articleTitle: r.title,
      articleUrl: r.url,
      type: r.type,
      mode: r.mode,
      cameo: r.cameo,
      quadClass: r.quad_class,
      goldstein: r.goldstein,
      date: r.date,
      datePrecision: r.date_precision,
      place:
        r.place_id && r.lat !== null && r.lon !== null
          ? { id: r.place_id, name: r.place_name, country: r.country, lat: r.lat, lon: r.lon }
          : null,
      intended: r.intended === 1,
      sentence: r.sentence,
      start: r.start,
      end: r.end,
      confidence: r.confidence,
      sources: side('source'),
      targets: side('target'),
    };
  }

  /**
   * Rows of `quotes` or `claims` (as `t`) newest article first, with the article's title. Publication dates
   * are copied into those tables, so without a query the page is read from their date index.
   */
  private listFacts<R>(
    table: 'quotes' | 'claims',
    conditions: {
      where: string[];
      params: unknown[];
      query?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
    limit: number | undefined,
    offset: number | undefined,
  ): { total: number; rows: Array<R & { article_id: number; idx: number; title: string | null }> } {
    const where = [...conditions.where];
    const params = [...conditions.params];
    this.queryWhere(conditions.query, where, params);
    if (conditions.from) {
      where.push('t.published_at >= ?');
      params.push(conditions.from);
    }
    if (conditions.to) {
      // Inclusive: "to 2020" covers the whole year, "to 2020-07-08" the whole day.
      where.push('t.published_at <= ?');
      params.push(`${conditions.to}\uffff`);
    }
    const w = where.length ? where.join(' AND ') : '1';
    const lim = Math.min(Math.max(limit ?? 50, 1), 5000);
    const off = Math.max(offset ?? 0, 0);
    const rows = this.stmt(
      `SELECT t.*, a.title FROM ${table} t JOIN articles a ON a.id = t.article_id WHERE ${w}
       ORDER BY t.published_at DESC, t.article_id DESC, t.idx LIMIT ? OFFSET ?`,
    ).all(...params, lim, off) as Array<R & { article_id: number; idx: number; title: string | null }>;
    const total =
      rows.length < lim && (off === 0 || rows.length > 0)
        ? off + rows.length
        : (
            this.stmt(
              `SELECT count(*) AS n FROM ${table} t JOIN articles a ON a.id = t.article_id WHERE ${w}`,
            ).get(...params) as { n: number }
          ).n;
    return { total, rows };
  }

  listQuotes(f: QuoteFilter & { limit?: number; offset?: number }): { total: number; items: QuoteRow[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.actor) {
      where.push(`(t.speaker_actor_id = ? OR (' ' || t.speaker_codes) LIKE ?)`);
      params.push(f.actor, `% ${f.actor.toUpperCase()}%`);
    }
    const { total, rows } = this.listFacts<{
      published_at: string | null;
      text: string;
      speaker_actor_id: string | null;
      speaker_name: string | null;
      speaker_text: string | null;
      cue: string | null;
      partial: number;
      sentence: number;
      start: number;
      end: number;
      confidence: number;
    }>('quotes', { where, params, query: f.query, from: f.from, to: f.to }, f.limit, f.offset);
    return {
      total,
      items: rows.map((r) => ({
        id: `${r.article_id}-${r.idx}`,
        articleId: r.article_id,
        articleTitle: r.title,
        publishedAt: r.published_at,
        text: r.text,
        speaker: { actorId: r.speaker_actor_id, name: r.speaker_name, text: r.speaker_text },
        cue: r.cue,
        partial: r.partial === 1,
        sentence: r.sentence,
        start: r.start,
        end: r.end,
        confidence: r.confidence,
      })),
    };
  }

  listClaims(f: ClaimFilter & { limit?: number; offset?: number }): { total: number; items: ClaimRow[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (f.kind) {
      where.push('t.kind = ?');
      params.push(f.kind);
    }
    const { total, rows } = this.listFacts<{
      published_at: string | null;
      kind: ClaimKind;
      value: number | null;
      value_max: number | null;
      qualifier: Claim['qualifier'];
      unit: string | null;
      cue: string | null;
      text: string;
      sentence: number;
      start: number;
      end: number;
      confidence: number;
    }>('claims', { where, params, query: f.query, from: f.from, to: f.to }, f.limit, f.offset);
    return {
      total,
      items: rows.map((r) => ({
        id: `${r.article_id}-${r.idx}`,
        articleId: r.article_id,
        articleTitle: r.title,
        publishedAt: r.published_at,
        kind: r.kind,
        value: r.value,
        valueMax: r.value_max,
        qualifier: r.qualifier,
        unit: r.unit,
        cue: r.cue,
        text: r.text,
        sentence: r.sentence,
        start: r.start,
        end: r.end,
        confidence: r.confidence,
      })),
    };
  }

  timeline(f: EventFilter & { bucket?: TimelineBucket }): TimelinePoint[] {
    const { where, params } = this.eventWhere(f);
    const bucket = f.bucket ?? 'month';
    // Events dated only to a year are counted in that year's first bucket rather than dropped.
    const expr =
      bucket === 'year'
        ? 'substr(v.date, 1, 4)'
        : bucket === 'month'
          ? `substr(${FIRST_DAY}, 1, 7)`
          : bucket === 'week'
            ? `date(${FIRST_DAY}, 'weekday 1', '-7 days')`
            : FIRST_DAY;
    return this.stmt(
      `SELECT ${expr} AS bucket, v.type AS type, count(*) AS count FROM events v JOIN articles a ON a.id = v.article_id
       WHERE ${where} AND v.date IS NOT NULL GROUP BY bucket, v.type ORDER BY bucket, v.type`,
    ).all(...params) as TimelinePoint[];
  }

  graph(f: EventFilter & { limit?: number }): ActorGraph {
    const { where, params } = this.eventWhere(f);
    const limit = Math.min(Math.max(f.limit ?? 200, 1), 2000);
    const edges = this.stmt(
      `SELECT s.actor_id AS source, t.actor_id AS target, v.type AS type, count(*) AS count
       FROM events v JOIN articles a ON a.id = v.article_id
       JOIN event_actors s ON s.article_id = v.article_id AND s.event_idx = v.idx AND s.role = 'source'
       JOIN event_actors t ON t.article_id = v.article_id AND t.event_idx = v.idx AND t.role = 'target'
       WHERE ${where} AND s.actor_id != t.actor_id
       GROUP BY s.actor_id, t.actor_id, v.type ORDER BY count DESC, source, target LIMIT ?`,
    ).all(...params, limit) as ActorGraph['edges'];
    const ids = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
    const name = this.stmt('SELECT name, codes FROM event_actors WHERE actor_id = ? LIMIT 1');
    const nodes = ids.map((id) => {
      const r = name.get(id) as { name: string; codes: string } | undefined;
      const events = edges.filter((e) => e.source === id || e.target === id).reduce((n, e) => n + e.count, 0);
      return { id, name: r?.name ?? id, codes: (r?.codes ?? '').split(' ').filter(Boolean), events };
    });
    return { nodes, edges };
  }

  /**
   * Read from the counters and facet rows kept with each analysis: a frequent actor has as cheap a page as a
   * rare one. Name, kind and codes are those of its most recent article (codes change with roles).
   */
  actor(actorId: string): ActorProfile | null {
    const counts = this.stmt('SELECT mentions, articles FROM actor_counts WHERE actor_id = ?').get(
      actorId,
    ) as { mentions: number; articles: number } | undefined;
    if (!counts) return null;
    const recentArticles = this.recentArticles('actor', actorId);
    const head = this.stmt(
      'SELECT name, kind, codes FROM actor_mentions WHERE article_id = ? AND actor_id = ? LIMIT 1',
    ).get(recentArticles[0]?.id ?? -1, actorId) as { name: string; kind: string; codes: string } | undefined;
    const eventTypes = this.stmt(
      `SELECT type, role, n AS count FROM actor_event_counts WHERE actor_id = ? ORDER BY n DESC, type, role`,
    ).all(actorId) as ActorProfile['eventTypes'];
    const partners = this.stmt(
      `SELECT partner_id AS actorId, name, acts_on AS actsOn, acted_on_by AS actedOnBy FROM actor_partners
       WHERE actor_id = ? ORDER BY acts_on + acted_on_by DESC, partner_id LIMIT 20`,
    ).all(actorId) as ActorProfile['partners'];
    return {
      actorId,
      name: head?.name ?? actorId,
      kind: head?.kind ?? 'unknown',
      codes: (head?.codes ?? '').split(' ').filter(Boolean),
      mentions: counts.mentions,
      articles: counts.articles,
      eventTypes,
      partners,
      recentArticles,
    };
  }

  /** The newest 20 articles with an actor or place, from the facet rows' (kind, value, date) index. */
  private recentArticles(kind: 'actor' | 'place', value: string): ArticleRef[] {
    return this.stmt(
      `SELECT f.article_id AS id, a.title, a.published_at AS publishedAt, f.n AS mentions FROM article_facets f
       JOIN articles a ON a.id = f.article_id WHERE f.kind = ? AND f.value = ?
       ORDER BY f.published_at DESC, f.article_id DESC LIMIT 20`,
    ).all(kind, value) as ArticleRef[];
  }

  place(placeId: string): PlaceProfile | null {
    const counts = this.stmt(
      `SELECT sum(n) AS mentions, count(*) AS articles FROM article_facets WHERE kind = 'place' AND value = ?`,
    ).get(placeId) as { mentions: number | null; articles: number };
    if (!counts.articles) return null;
    const head = this.stmt(
      `SELECT name, country, admin1, fcode, geonameid AS geonameId, lat, lon FROM place_mentions
       WHERE place_id = ? AND name IS NOT NULL LIMIT 1`,
    ).get(placeId) as
      Pick<PlaceProfile, 'name' | 'country' | 'admin1' | 'fcode' | 'geonameId' | 'lat' | 'lon'> | undefined;
    if (!head) return null;
    const eventTypes = this.stmt(
      `SELECT type, count(*) AS count FROM events WHERE place_id = ? AND negated = 0 GROUP BY type
       ORDER BY count DESC, type`,
    ).all(placeId) as PlaceProfile['eventTypes'];
    return {
      placeId,
      ...head,
      mentions: counts.mentions ?? 0,
      articles: counts.articles,
      eventTypes,
      recentArticles: this.recentArticles('place', placeId),
    };
  }
}
