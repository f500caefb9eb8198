// The summary tables kept with every analysis (migrations 7 and 8: article_facets, actor_counts,
// actor_event_counts, actor_partners), written once for both engines: the statements (`?` placeholders, SQL
// both accept: NOT on a 0/1 or boolean flag, CASE sums) and the arithmetic of moving the counters from an
// article's old share to its new one. Each engine runs them in its own analysis transaction: prepared
// statements inside a synchronous transaction on SQLite (sqlite/analyses.ts), batched on PostgreSQL
// (postgres/analyses.ts).

/** One article's part of the per-actor counters. */
export interface Share {
  actors: Array<{ actorId: string; mentions: number; articles: number }>;
  types: Array<{ actorId: string; type: string; role: string; n: number }>;
  partners: Array<{ actorId: string; partnerId: string; name: string; actsOn: number; actedOnBy: number }>;
}

export const SUMMARY_SQL = {
  deleteFacets: 'DELETE FROM article_facets WHERE article_id = ?',
  /** Arguments: FACET_ARGS(articleId, publishedAt). */
  insertFacets: `INSERT INTO article_facets (article_id, kind, value, label, n, published_at)
    SELECT article_id, 'actor', actor_id, max(name), count(*), ? FROM actor_mentions
    WHERE article_id = ? GROUP BY article_id, actor_id
    UNION ALL
    SELECT article_id, 'place', place_id, max(name), count(*), ? FROM place_mentions
    WHERE article_id = ? AND place_id IS NOT NULL GROUP BY article_id, place_id
    UNION ALL
    SELECT article_id, 'country', country, country, count(*), ? FROM place_mentions
    WHERE article_id = ? AND country IS NOT NULL GROUP BY article_id, country
    UNION ALL
    SELECT article_id, 'type', type, type, count(*), ? FROM events
    WHERE article_id = ? AND NOT negated GROUP BY article_id, type`,
  refreshFacetDates: 'UPDATE article_facets SET published_at = ? WHERE article_id = ?',
  shareActors: `SELECT value AS "actorId", n AS mentions, 1 AS articles FROM article_facets
    WHERE article_id = ? AND kind = 'actor'`,
  shareTypes: `SELECT x.actor_id AS "actorId", v.type, x.role, count(*) AS n FROM event_actors x
    JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
    WHERE x.article_id = ? AND NOT v.negated GROUP BY x.actor_id, v.type, x.role`,
  sharePartners: `SELECT x.actor_id AS "actorId", o.actor_id AS "partnerId", max(o.name) AS name,
      sum(CASE WHEN x.role = 'source' THEN 1 ELSE 0 END) AS "actsOn",
      sum(CASE WHEN x.role = 'target' THEN 1 ELSE 0 END) AS "actedOnBy"
    FROM event_actors x JOIN event_actors o ON o.article_id = x.article_id AND o.event_idx = x.event_idx
      AND o.role != x.role
    JOIN events v ON v.article_id = x.article_id AND v.idx = x.event_idx
    WHERE x.article_id = ? AND NOT v.negated AND o.actor_id != x.actor_id GROUP BY x.actor_id, o.actor_id`,
  // What follows `INSERT INTO <table> (<columns>) VALUES …` or `… SELECT …` for each counter.
  addActorCount: `ON CONFLICT (actor_id) DO UPDATE SET mentions = actor_counts.mentions + excluded.mentions,
    articles = actor_counts.articles + excluded.articles`,
  addTypeCount: 'ON CONFLICT (actor_id, type, role) DO UPDATE SET n = actor_event_counts.n + excluded.n',
  addPartner: `ON CONFLICT (actor_id, partner_id) DO UPDATE SET name = excluded.name,
    acts_on = actor_partners.acts_on + excluded.acts_on,
    acted_on_by = actor_partners.acted_on_by + excluded.acted_on_by`,
} as const;

/** The arguments of SUMMARY_SQL.insertFacets. */
export const facetArgs = (articleId: number, publishedAt: string | null) =>
  [1, 2, 3, 4].flatMap(() => [publishedAt, articleId]);

/**
 * The change from `before` to `after`, row by row (matched by `key`): each count is the new one minus the old
 * one, other fields are the newest. Rows whose counts did not change are left out.
 */
function net<T extends object, K extends keyof T>(
  before: readonly T[],
  after: readonly T[],
  key: (r: T) => string,
  counts: readonly K[],
): T[] {
  const out = new Map<string, T>();
  for (const [rows, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    for (const r of rows) {
      const had = out.get(key(r));
      const d = { ...(sign > 0 || !had ? r : had) };
      for (const c of counts) (d[c] as number) = ((had?.[c] as number) ?? 0) + sign * Number(r[c]);
      out.set(key(r), d);
    }
  }
  return [...out.values()].filter((d) => counts.some((c) => d[c] !== 0));
}

/**
 * What moves the counters from an article's old share to its new one: only what changed, so a re-analysis
 * with the same outcome writes nothing. A row whose count fell is a candidate for deletion once added (a
 * counter at zero is deleted, so an actor no article mentions any more has no page). Rows come sorted by key,
 * so concurrent transactions on PostgreSQL lock counters in one order and do not deadlock.
 */
export function shareChanges(before: Share, after: Share): Share {
  const byKey =
    <T>(key: (r: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  const actorKey = (r: Share['actors'][number]) => r.actorId;
  const typeKey = (r: Share['types'][number]) => `${r.actorId}\u0000${r.type}\u0000${r.role}`;
  const pairKey = (r: Share['partners'][number]) => `${r.actorId}\u0000${r.partnerId}`;
  return {
    actors: net(before.actors, after.actors, actorKey, ['mentions', 'articles']).sort(byKey(actorKey)),
    types: net(before.types, after.types, typeKey, ['n']).sort(byKey(typeKey)),
    partners: net(before.partners, after.partners, pairKey, ['actsOn', 'actedOnBy']).sort(byKey(pairKey)),
  };
}
