import type pg from 'pg';
import type { QueryNode } from '../query/parse.js';
import type { ActorProfile, ArticleRef, PlaceProfile } from '../types.js';
import type { ExploreEngine, ExploreWords, PartyRow, Placeholders, Read } from '../explore.js';
import { compileQuery, tsquery } from './compile-query.js';
import { one, Params, rows } from './connection.js';
import { deadlineReader } from './deadline.js';

const WORDS: ExploreWords = {
  isFalse: (column) => `NOT ${column}`,
  hasCode: (column, code, p) => `position(${p.add(` ${code}`)} IN (' ' || ${column})) > 0`,
  descNullsLast: ' NULLS LAST',
  weekStart: (day) =>
    `CASE WHEN ${day} ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN to_char(date_trunc('week', ${day}::date), 'YYYY-MM-DD') END`,
};

/**
 * The PostgreSQL side of Explore (../explore.ts), and the actor and place pages, computed from the mention
 * rows (the summary tables SQLite reads are not on PostgreSQL yet). Look-ups over many keys are one
 * statement each, to spare round trips.
 */
export class PgExplore implements ExploreEngine {
  readonly words = WORDS;
  /** statement_timeout bounds each statement; no row-level check is needed. */
  readonly rowCheck = 'TRUE';

  constructor(private readonly pool: pg.Pool) {}

  placeholders(): Placeholders {
    return new Params();
  }

  queryWhere(tree: QueryNode, p: Placeholders): string[] {
    const c = compileQuery(tree, p);
    const where = c.where === 'TRUE' ? [] : [c.where];
    if (c.rank) where.push(`a.tsv @@ ${tsquery(p, c.rank)}`);
    return where;
  }

  bounded(ms: number): Read {
    const read = deadlineReader(this.pool, ms);
    return <T>(sql: string, params: unknown[]) => read(sql, params) as Promise<T[]>;
  }

  readonly read: Read = async <T>(sql: string, params: unknown[]) =>
    (await this.pool.query(sql, params)).rows as T[];

  parties(events: ReadonlyArray<{ article_id: number; idx: number }>): Promise<PartyRow[]> {
    return rows<PartyRow>(
      this.pool,
      `SELECT x.article_id, x.event_idx, x.role, x.actor_id, x.name, x.codes FROM event_actors x
       JOIN unnest($1::bigint[], $2::int[]) AS e(article_id, idx)
         ON x.article_id = e.article_id AND x.event_idx = e.idx
       ORDER BY x.role, x.actor_id`,
      [events.map((r) => r.article_id), events.map((r) => r.idx)],
    );
  }

  async actorNames(ids: readonly string[]): Promise<Map<string, { name: string; codes: string }>> {
    const found = await rows<{ actor_id: string; name: string; codes: string }>(
      this.pool,
      `SELECT DISTINCT ON (actor_id) actor_id, name, codes FROM event_actors WHERE actor_id = ANY($1::text[])
       ORDER BY actor_id, article_id, event_idx`,
      [ids],
    );
    return new Map(found.map((r) => [r.actor_id, r]));
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
