import type pg from 'pg';
import { parseQuery } from '../query/parse.js';
import type { Claim, ClaimKind } from '../../understand/types.js';
import type {
  ActorGraph,
  ActorProfile,
  ArticleRef,
  ClaimFilter,
  ClaimRow,
  EventFilter,
  EventParty,
  EventRow,
  PlaceProfile,
  QuoteFilter,
  QuoteRow,
  TimelineBucket,
  TimelinePoint,
} from '../types.js';
import { compileQuery, tsquery } from './compile-query.js';
import { one, Params, rows } from './connection.js';

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
  intended: boolean;
  sentence: number;
  start: number;
  end: number;
  confidence: number;
  title: string | null;
  url: string;
}

const EVENT_COLUMNS = `v.article_id, v.idx, v.type, v.mode, v.cameo, v.quad_class, v.goldstein, v.date,
  v.date_precision, v.place_id, v.place_name, v.country, v.lat, v.lon, v.intended, v.sentence, v.start, v."end",
  v.confidence, a.title, a.url`;

/** An event date ("2011", "2020-07", "2020-07-08") as the first and last day it covers, for range filters. */
const FIRST_DAY = `(CASE length(v.date) WHEN 4 THEN v.date || '-01-01' WHEN 7 THEN v.date || '-01' ELSE v.date END)`;
const LAST_DAY = `(CASE length(v.date) WHEN 4 THEN v.date || '-12-31' WHEN 7 THEN v.date || '-31' ELSE v.date END)`;

/** Events, actors and places across articles: what the event list, timeline, map, graph and entity pages read. */
export class PgExplore {
  constructor(private readonly pool: pg.Pool) {}

  /** Conditions on `articles a` for a search-language query; throws QueryError on a bad query. */
  private queryWhere(query: string | undefined, where: string[], p: Params): void {
    const tree = query ? parseQuery(query) : null;
    if (!tree) return;
    const c = compileQuery(tree, p);
    if (c.where !== 'TRUE') where.push(c.where);
    if (c.rank) where.push(`a.tsv @@ ${tsquery(p, c.rank)}`);
  }

  /** WHERE over `events v` joined to `articles a` for a filter; throws QueryError on a bad query. */
  private eventWhere(f: EventFilter, p: Params): string {
    const where = ['NOT v.negated'];
    this.queryWhere(f.query, where, p);
    if (f.type) where.push(`v.type = ${p.add(f.type.toUpperCase())}`);
    if (f.actor) {
      where.push(`EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = v.article_id AND x.event_idx = v.idx
        AND (x.actor_id = ${p.add(f.actor)} OR position(${p.add(` ${f.actor.toUpperCase()}`)} IN (' ' || x.codes)) > 0))`);
    }
    if (f.country) where.push(`v.country = ${p.add(f.country.toUpperCase())}`);
    if (f.from) where.push(`${LAST_DAY} >= ${p.add(f.from)}`);
    if (f.to) where.push(`${FIRST_DAY} <= ${p.add(`${f.to}\uffff`)}`);
    if (f.placed) where.push('v.place_id IS NOT NULL AND v.lat IS NOT NULL AND v.lon IS NOT NULL');
    return where.join(' AND ');
  }

  async listEvents(
    f: EventFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: EventRow[] }> {
    const p = new Params();
    const where = this.eventWhere(f, p);
    const countParams = [...p.values];
    const limit = Math.min(Math.max(f.limit ?? 50, 1), 5000);
    const offset = Math.max(f.offset ?? 0, 0);
    const [found, total] = await Promise.all([
      rows<EventDbRow>(
        this.pool,
        `SELECT ${EVENT_COLUMNS} FROM events v JOIN articles a ON a.id = v.article_id
         WHERE ${where} ORDER BY v.date IS NULL, v.date DESC, v.article_id DESC, v.idx
         LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
        p.values,
      ),
      one<{ n: number }>(
        this.pool,
        `SELECT count(*) AS n FROM events v JOIN articles a ON a.id = v.article_id WHERE ${where}`,
        countParams,
      ),
    ]);
    const items = await this.toEventRows(found);
    return { total: total?.n ?? 0, items };
  }

  async getEvent(id: string): Promise<EventRow | null> {
    const m = /^(\d{1,15})-(\d{1,9})$/.exec(id);
    if (!m) return null;
    const found = await rows<EventDbRow>(
      this.pool,
      `SELECT ${EVENT_COLUMNS} FROM events v JOIN articles a ON a.id = v.article_id
       WHERE v.article_id = $1 AND v.idx = $2 AND NOT v.negated`,
      [Number(m[1]), Number(m[2])],
    );
    return (await this.toEventRows(found))[0] ?? null;
  }

  /** Events with their parties, read in one query for the whole page rather than one per event. */
  private async toEventRows(found: EventDbRow[]): Promise<EventRow[]> {
    const parties = found.length
      ? await rows<{
          article_id: number;
          event_idx: number;
          role: string;
          actor_id: string;
          name: string;
          codes: string;
        }>(
          this.pool,
          `SELECT x.article_id, x.event_idx, x.role, x.actor_id, x.name, x.codes FROM event_actors x
           JOIN unnest($1::bigint[], $2::int[]) AS e(article_id, idx)
             ON x.article_id = e.article_id AND x.event_idx = e.idx
           ORDER BY x.role, x.actor_id`,
          [found.map((r) => r.article_id), found.map((r) => r.idx)],
        )
      : [];
    const byEvent = new Map<string, { source: EventParty[]; target: EventParty[] }>();
    for (const x of parties) {
      const key = `${x.article_id}-${x.event_idx}`;
      let sides = byEvent.get(key);
      if (!sides) byEvent.set(key, (sides = { source: [], target: [] }));
      sides[x.role === 'source' ? 'source' : 'target'].push({
        actorId: x.actor_id,
        name: x.name,
        codes: x.codes.split(' ').filter(Boolean),
      });
    }
    return found.map((r): EventRow => {
      const id = `${r.article_id}-${r.idx}`;
      return {
        id,
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
        intended: r.intended,
        sentence: r.sentence,
        start: r.start,
        end: r.end,
        confidence: r.confidence,
        sources: byEvent.get(id)?.source ?? [],
        targets: byEvent.get(id)?.target ?? [],
      };
    });
  }

  /**
   * Rows of `quotes` or `claims` (as `t`) newest article first, with the article's title. Publication dates
   * are copied into those tables, so without a query the page is read from their date index.
   */
  private async listFacts<R extends object>(
    table: 'quotes' | 'claims',
    p: Params,
    conditions: {
      where: string[];
      query?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
    limit: number | undefined,
    offset: number | undefined,
  ): Promise<{ total: number; rows: Array<R & { article_id: number; idx: number; title: string | null }> }> {
    const where = [...conditions.where];
    this.queryWhere(conditions.query, where, p);
    if (conditions.from) where.push(`t.published_at >= ${p.add(conditions.from)}`);
    // Inclusive: "to 2020" covers the whole year, "to 2020-07-08" the whole day.
    if (conditions.to) where.push(`t.published_at <= ${p.add(`${conditions.to}\uffff`)}`);
    const w = where.length ? where.join(' AND ') : 'TRUE';
    const lim = Math.min(Math.max(limit ?? 50, 1), 5000);
    const off = Math.max(offset ?? 0, 0);
    const countParams = [...p.values];
    const found = await rows<R & { article_id: number; idx: number; title: string | null }>(
      this.pool,
      `SELECT t.*, a.title FROM ${table} t JOIN articles a ON a.id = t.article_id WHERE ${w}
       ORDER BY t.published_at DESC NULLS LAST, t.article_id DESC, t.idx LIMIT ${p.add(lim)} OFFSET ${p.add(off)}`,
      p.values,
    );
    const total =
      found.length < lim && (off === 0 || found.length > 0)
        ? off + found.length
        : ((
            await one<{ n: number }>(
              this.pool,
              `SELECT count(*) AS n FROM ${table} t JOIN articles a ON a.id = t.article_id WHERE ${w}`,
              countParams,
            )
          )?.n ?? 0);
    return { total, rows: found };
  }

  async listQuotes(
    f: QuoteFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: QuoteRow[] }> {
    const p = new Params();
    const where: string[] = [];
    if (f.actor)
      where.push(
        `(t.speaker_actor_id = ${p.add(f.actor)} OR position(${p.add(` ${f.actor.toUpperCase()}`)} IN (' ' || t.speaker_codes)) > 0)`,
      );
    const { total, rows: found } = await this.listFacts<{
      published_at: string | null;
      text: string;
      speaker_actor_id: string | null;
      speaker_name: string | null;
      speaker_text: string | null;
      cue: string | null;
      partial: boolean;
      sentence: number;
      start: number;
      end: number;
      confidence: number;
    }>('quotes', p, { where, query: f.query, from: f.from, to: f.to }, f.limit, f.offset);
    return {
      total,
      items: found.map((r) => ({
        id: `${r.article_id}-${r.idx}`,
        articleId: r.article_id,
        articleTitle: r.title,
        publishedAt: r.published_at,
        text: r.text,
        speaker: { actorId: r.speaker_actor_id, name: r.speaker_name, text: r.speaker_text },
        cue: r.cue,
        partial: r.partial,
        sentence: r.sentence,
        start: r.start,
        end: r.end,
        confidence: r.confidence,
      })),
    };
  }

  async listClaims(
    f: ClaimFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: ClaimRow[] }> {
    const p = new Params();
    const where: string[] = [];
    if (f.kind) where.push(`t.kind = ${p.add(f.kind)}`);
    const { total, rows: found } = await this.listFacts<{
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
    }>('claims', p, { where, query: f.query, from: f.from, to: f.to }, f.limit, f.offset);
    return {
      total,
      items: found.map((r) => ({
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

  async timeline(f: EventFilter & { bucket?: TimelineBucket }): Promise<TimelinePoint[]> {
    const p = new Params();
    const where = this.eventWhere(f, p);
    const bucket = f.bucket ?? 'month';
    // Events dated only to a year are counted in that year's first bucket rather than dropped. Weeks start on
    // Monday (ISO); a date the parser cannot read as a day is left out of a weekly timeline.
    const expr =
      bucket === 'year'
        ? 'substr(v.date, 1, 4)'
        : bucket === 'month'
          ? `substr(${FIRST_DAY}, 1, 7)`
          : bucket === 'week'
            ? `CASE WHEN ${FIRST_DAY} ~ '^\\d{4}-\\d{2}-\\d{2}$'
                 THEN to_char(date_trunc('week', ${FIRST_DAY}::date), 'YYYY-MM-DD') END`
            : FIRST_DAY;
    return rows<TimelinePoint>(
      this.pool,
      `SELECT bucket, type, count(*) AS count FROM (
         SELECT ${expr} AS bucket, v.type AS type FROM events v JOIN articles a ON a.id = v.article_id
         WHERE ${where} AND v.date IS NOT NULL) t
       WHERE bucket IS NOT NULL GROUP BY bucket, type ORDER BY bucket, type`,
      p.values,
    );
  }

  async graph(f: EventFilter & { limit?: number }): Promise<ActorGraph> {
    const p = new Params();
    const where = this.eventWhere(f, p);
    const limit = Math.min(Math.max(f.limit ?? 200, 1), 2000);
    const edges = await rows<ActorGraph['edges'][number]>(
      this.pool,
      `SELECT s.actor_id AS source, t.actor_id AS target, v.type AS type, count(*) AS count
       FROM events v JOIN articles a ON a.id = v.article_id
       JOIN event_actors s ON s.article_id = v.article_id AND s.event_idx = v.idx AND s.role = 'source'
       JOIN event_actors t ON t.article_id = v.article_id AND t.event_idx = v.idx AND t.role = 'target'
       WHERE ${where} AND s.actor_id != t.actor_id
       GROUP BY s.actor_id, t.actor_id, v.type ORDER BY count DESC, source, target, type LIMIT ${p.add(limit)}`,
      p.values,
    );
    const ids = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
    const names = new Map(
      (
        await rows<{ actor_id: string; name: string; codes: string }>(
          this.pool,
          `SELECT DISTINCT ON (actor_id) actor_id, name, codes FROM event_actors WHERE actor_id = ANY($1::text[])
           ORDER BY actor_id, article_id, event_idx`,
          [ids],
        )
      ).map((r) => [r.actor_id, r]),
    );
    const nodes = ids.map((id) => {
      const r = names.get(id);
      const events = edges.filter((e) => e.source === id || e.target === id).reduce((n, e) => n + e.count, 0);
      return { id, name: r?.name ?? id, codes: (r?.codes ?? '').split(' ').filter(Boolean), events };
    });
    return { nodes, edges };
  }

  async actor(actorId: string): Promise<ActorProfile | null> {
    const head = await one<{
      name: string | null;
      kind: string;
      codes: string;
      mentions: number;
      articles: number;
    }>(
      this.pool,
      `SELECT max(name) AS name, max(kind) AS kind, max(codes) AS codes, count(*) AS mentions,
         count(DISTINCT article_id) AS articles FROM actor_mentions WHERE actor_id = $1`,
      [actorId],
    );
    if (!head?.name) return null;
    const [types, partners, articles] = await Promise.all([
      rows<ActorProfile['eventTypes'][number]>(
        this.pool,
        `SELECT v.type AS type, x.role AS role, count(*) AS count FROM event_actors x
         JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
         WHERE x.actor_id = $1 AND NOT v.negated GROUP BY v.type, x.role ORDER BY count DESC, type, role`,
        [actorId],
      ),
      rows<ActorProfile['partners'][number]>(
        this.pool,
        `SELECT o.actor_id AS "actorId", max(o.name) AS name,
           count(*) FILTER (WHERE x.role = 'source') AS "actsOn",
           count(*) FILTER (WHERE x.role = 'target') AS "actedOnBy"
         FROM event_actors x JOIN event_actors o ON o.article_id = x.article_id AND o.event_idx = x.event_idx
           AND o.role != x.role
         JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
         WHERE x.actor_id = $1 AND NOT v.negated AND o.actor_id != x.actor_id
         GROUP BY o.actor_id ORDER BY count(*) DESC, o.actor_id LIMIT 20`,
        [actorId],
      ),
      this.recentArticles('actor_mentions', 'actor_id', actorId),
    ]);
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

  /** The newest 20 articles that mention an actor or a place, with how often each does. */
  private recentArticles(
    table: 'actor_mentions' | 'place_mentions',
    column: 'actor_id' | 'place_id',
    id: string,
  ): Promise<ArticleRef[]> {
    return rows<ArticleRef>(
      this.pool,
      `SELECT a.id, a.title, a.published_at AS "publishedAt", count(*) AS mentions FROM ${table} m
       JOIN articles a ON a.id = m.article_id WHERE m.${column} = $1
       GROUP BY a.id ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 20`,
      [id],
    );
  }

  async place(placeId: string): Promise<PlaceProfile | null> {
    const head = await one<
      Omit<PlaceProfile, 'placeId' | 'eventTypes' | 'recentArticles' | 'name'> & { name: string | null }
    >(
      this.pool,
      `SELECT max(name) AS name, max(country) AS country, max(admin1) AS admin1, max(fcode) AS fcode,
         max(geonameid) AS "geonameId", max(lat) AS lat, max(lon) AS lon, count(*) AS mentions,
         count(DISTINCT article_id) AS articles FROM place_mentions WHERE place_id = $1`,
      [placeId],
    );
    if (!head?.name) return null;
    const [eventTypes, recentArticles] = await Promise.all([
      rows<PlaceProfile['eventTypes'][number]>(
        this.pool,
        `SELECT type, count(*) AS count FROM events WHERE place_id = $1 AND NOT negated
         GROUP BY type ORDER BY count DESC, type`,
        [placeId],
      ),
      this.recentArticles('place_mentions', 'place_id', placeId),
    ]);
    return {
      placeId,
      geonameId: head.geonameId,
      name: head.name,
      country: head.country,
      admin1: head.admin1,
      fcode: head.fcode,
      lat: head.lat,
      lon: head.lon,
      mentions: head.mentions,
      articles: head.articles,
      eventTypes,
      recentArticles,
    };
  }
}
