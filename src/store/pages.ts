import type { SqlClient } from './sql/client.js';
import { all, get, type Steps } from './sql/steps.js';
import type { ActorProfile, ArticleRef, PlaceProfile } from './types.js';

// Actor and place pages, on either engine, read from the summary tables every analysis keeps
// (summaries.ts; migrations 7 and 8): a frequent actor has as cheap a page as a rare one, since its counters,
// event types, partners and newest articles are a few index reads instead of an aggregate over all its
// mentions. The reads are steps (sql/steps.ts): on SQLite a page is read synchronously, in one go on its
// reader thread, instead of interleaving its statements with other requests' (p50 and p95 rose that way).

type PlaceHead = Pick<PlaceProfile, 'name' | 'country' | 'admin1' | 'fcode' | 'geonameId' | 'lat' | 'lon'>;

export class Pages {
  constructor(private readonly dialect: SqlClient['dialect']) {}

  /** Name, kind and codes are those of the actor's most recent article (codes change with roles). */
  *actor(actorId: string): Steps<ActorProfile | null> {
    const counts = yield* get<{ mentions: number; articles: number }>(
      'SELECT mentions, articles FROM actor_counts WHERE actor_id = ?',
      [actorId],
    );
    if (!counts) return null;
    const recentArticles = yield* this.recentArticles('actor', actorId);
    const eventTypes = yield* all<ActorProfile['eventTypes'][number]>(
      `SELECT type, role, n AS count FROM actor_event_counts WHERE actor_id = ? ORDER BY n DESC, type, role`,
      [actorId],
    );
    const partners = yield* all<ActorProfile['partners'][number]>(
      `SELECT partner_id AS "actorId", name, acts_on AS "actsOn", acted_on_by AS "actedOnBy"
       FROM actor_partners WHERE actor_id = ? ORDER BY acts_on + acted_on_by DESC, partner_id LIMIT 20`,
      [actorId],
    );
    const head = yield* get<{ name: string; kind: string; codes: string }>(
      'SELECT name, kind, codes FROM actor_mentions WHERE article_id = ? AND actor_id = ? LIMIT 1',
      [recentArticles[0]?.id ?? -1, actorId],
    );
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

  *place(placeId: string): Steps<PlaceProfile | null> {
    const counts = yield* get<{ mentions: number | null; articles: number }>(
      `SELECT sum(n) AS mentions, count(*) AS articles FROM article_facets WHERE kind = 'place' AND value = ?`,
      [placeId],
    );
    if (!counts?.articles) return null;
    const head = yield* get<PlaceHead>(
      `SELECT name, country, admin1, fcode, geonameid AS "geonameId", lat, lon FROM place_mentions
       WHERE place_id = ? AND name IS NOT NULL LIMIT 1`,
      [placeId],
    );
    if (!head) return null;
    const eventTypes = yield* all<PlaceProfile['eventTypes'][number]>(
      `SELECT type, count(*) AS count FROM events WHERE place_id = ? AND NOT negated GROUP BY type
       ORDER BY count(*) DESC, type`,
      [placeId],
    );
    const recentArticles = yield* this.recentArticles('place', placeId);
    return {
      placeId,
      ...head,
      mentions: counts.mentions ?? 0,
      articles: counts.articles,
      eventTypes,
      recentArticles,
    };
  }

  /**
   * The newest 20 articles with an actor or place, undated last, from the facet rows' (kind, value, date)
   * index (SQLite's descending order puts NULL last by itself; PostgreSQL's index is declared so).
   */
  private recentArticles(kind: 'actor' | 'place', value: string): Steps<ArticleRef[]> {
    const nullsLast = this.dialect === 'postgres' ? ' NULLS LAST' : '';
    return all<ArticleRef>(
      `SELECT f.article_id AS id, a.title, a.published_at AS "publishedAt", f.n AS mentions FROM article_facets f
       JOIN articles a ON a.id = f.article_id WHERE f.kind = ? AND f.value = ?
       ORDER BY f.published_at DESC${nullsLast}, f.article_id DESC LIMIT 20`,
      [kind, value],
    );
  }
}
