import type Database from 'better-sqlite3';
import type { QueryNode } from '../query/parse.js';
import type { ActorProfile, ArticleRef, PlaceProfile } from '../types.js';
import type { ExploreEngine, ExploreWords, PartyRow, Placeholders, Read } from '../explore.js';
import { compileQuery } from './compile-query.js';
import { DEADLINE_FN, withinDeadline } from './deadline.js';
import { StatementCache } from '../sql/statement-cache.js';

class Positional implements Placeholders {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return '?';
  }
}

const WORDS: ExploreWords = {
  isFalse: (column) => `${column} = 0`,
  hasCode: (column, code, p) => `(' ' || ${column}) LIKE ${p.add(`% ${code}%`)}`,
  descNullsLast: '',
  // Back six days, then forward to a Monday: a Monday stays itself.
  weekStart: (day) => `date(${day}, '-6 days', 'weekday 1')`,
};

/**
 * The SQLite side of Explore (../explore.ts), and the actor and place pages, which read the summary tables
 * only the embedded store keeps so far (migration 7). Statements run synchronously in-process, so look-ups
 * by key are one prepared statement each.
 */
export class SqliteExplore implements ExploreEngine {
  readonly words = WORDS;
  readonly rowCheck = `${DEADLINE_FN}()`;
  /** By SQL text, which varies with the query's shape: bounded, as in search. */
  private readonly cache: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.cache = new StatementCache(db);
  }

  private stmt(sql: string): Database.Statement {
    return this.cache.get(sql);
  }

  placeholders(): Placeholders {
    return new Positional();
  }

  queryWhere(tree: QueryNode, p: Placeholders): string[] {
    const c = compileQuery(tree);
    p.values.push(...c.params);
    const where = [c.where];
    // The full-text match is a scan of its own: its rows pass through the deadline check too.
    if (c.rank)
      where.push(
        `a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${p.add(c.rank)} AND ${DEADLINE_FN}())`,
      );
    return where;
  }

  bounded(ms: number): Read {
    const until = performance.now() + ms;
    return async <T>(sql: string, params: unknown[]) =>
      withinDeadline(this.db, until, ms, () => this.stmt(sql).all(...params) as T[]);
  }

  readonly read: Read = async <T>(sql: string, params: unknown[]) => this.stmt(sql).all(...params) as T[];

  async parties(events: ReadonlyArray<{ article_id: number; idx: number }>): Promise<PartyRow[]> {
    const st = this.stmt(
      `SELECT article_id, event_idx, role, actor_id, name, codes FROM event_actors
       WHERE article_id = ? AND event_idx = ? ORDER BY role, actor_id`,
    );
    return events.flatMap((e) => st.all(e.article_id, e.idx) as PartyRow[]);
  }

  async actorNames(ids: readonly string[]): Promise<Map<string, { name: string; codes: string }>> {
    const st = this.stmt('SELECT name, codes FROM event_actors WHERE actor_id = ? LIMIT 1');
    const names = new Map<string, { name: string; codes: string }>();
    for (const id of ids) {
      const r = st.get(id) as { name: string; codes: string } | undefined;
      if (r) names.set(id, r);
    }
    return names;
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
