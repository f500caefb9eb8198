import type Database from 'better-sqlite3';
import { parseQuery } from '../query/parse.js';
import type {
  ActorGraph,
  ActorProfile,
  EventFilter,
  EventRow,
  PlaceProfile,
  TimelineBucket,
  TimelinePoint,
} from '../types.js';
import { compileQuery } from './compile-query.js';

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
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  /** WHERE over `events v` joined to `articles a` for a filter; throws QueryError on a bad query. */
  private eventWhere(f: EventFilter): { where: string; params: unknown[] } {
    const where = ['v.negated = 0'];
    const params: unknown[] = [];
    const tree = f.query ? parseQuery(f.query) : null;
    if (tree) {
      const c = compileQuery(tree);
      where.push(c.where);
      params.push(...c.params);
      if (c.rank) {
        where.push('a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)');
        params.push(c.rank);
      }
    }
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
    const actors = this.stmt(
      'SELECT role, actor_id, name, codes FROM event_actors WHERE article_id = ? AND event_idx = ? ORDER BY role, actor_id',
    );
    const items = rows.map((r): EventRow => {
      const parts = actors.all(r.article_id, r.idx) as Array<{
        role: string;
        actor_id: string;
        name: string;
        codes: string;
      }>;
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
    });
    return { total, items };
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

  actor(actorId: string): ActorProfile | null {
    const head = this.stmt(
      `SELECT max(name) AS name, max(kind) AS kind, max(codes) AS codes, count(*) AS mentions,
         count(DISTINCT article_id) AS articles FROM actor_mentions WHERE actor_id = ?`,
    ).get(actorId) as {
      name: string | null;
      kind: string;
      codes: string;
      mentions: number;
      articles: number;
    };
    if (!head.name) return null;
    const types = this.stmt(
      `SELECT v.type AS type, x.role AS role, count(*) AS count FROM event_actors x
       JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
       WHERE x.actor_id = ? AND v.negated = 0 GROUP BY v.type, x.role ORDER BY count DESC`,
    ).all(actorId) as Array<{ type: string; role: 'source' | 'target'; count: number }>;
    const partners = this.stmt(
      `SELECT o.actor_id AS actorId, max(o.name) AS name,
         sum(CASE WHEN x.role = 'source' THEN 1 ELSE 0 END) AS actsOn,
         sum(CASE WHEN x.role = 'target' THEN 1 ELSE 0 END) AS actedOnBy
       FROM event_actors x JOIN event_actors o ON o.article_id = x.article_id AND o.event_idx = x.event_idx
         AND o.role != x.role
       JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
       WHERE x.actor_id = ? AND v.negated = 0 AND o.actor_id != x.actor_id
       GROUP BY o.actor_id ORDER BY actsOn + actedOnBy DESC, actorId LIMIT 20`,
    ).all(actorId) as ActorProfile['partners'];
    const articles = this.stmt(
      `SELECT a.id, a.title, a.published_at AS publishedAt, count(*) AS mentions FROM actor_mentions m
       JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ?
       GROUP BY a.id ORDER BY a.published_at DESC, a.id DESC LIMIT 20`,
    ).all(actorId) as ActorProfile['recentArticles'];
    return {
      actorId,
      name: head.name,
      kind: head.kind,
      codes: head.codes.split(' ').filter(Boolean),
      mentions: head.mentions,
      articles: head.articles,
      eventTypes: types,
      partners,
      recentArticles: articles,
    };
  }

  place(placeId: string): PlaceProfile | null {
    const head = this.stmt(
      `SELECT max(name) AS name, max(country) AS country, max(admin1) AS admin1, max(fcode) AS fcode,
         max(geonameid) AS geonameId, max(lat) AS lat, max(lon) AS lon, count(*) AS mentions,
         count(DISTINCT article_id) AS articles FROM place_mentions WHERE place_id = ?`,
    ).get(placeId) as Omit<PlaceProfile, 'placeId' | 'eventTypes' | 'recentArticles'> & {
      name: string | null;
    };
    if (!head.name) return null;
    const eventTypes = this.stmt(
      `SELECT type, count(*) AS count FROM events WHERE place_id = ? AND negated = 0 GROUP BY type ORDER BY count DESC`,
    ).all(placeId) as PlaceProfile['eventTypes'];
    const recentArticles = this.stmt(
      `SELECT a.id, a.title, a.published_at AS publishedAt, count(*) AS mentions FROM place_mentions p
       JOIN articles a ON a.id = p.article_id WHERE p.place_id = ?
       GROUP BY a.id ORDER BY a.published_at DESC, a.id DESC LIMIT 20`,
    ).all(placeId) as PlaceProfile['recentArticles'];
    return { placeId, ...head, name: head.name, eventTypes, recentArticles };
  }
}
