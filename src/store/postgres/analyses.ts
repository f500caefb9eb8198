import type pg from 'pg';
import type { Analysis } from '../../understand/types.js';
import { ANALYSIS_TABLES, analysisRecord, analysisRows, UPSERT_ANALYSIS } from '../analysis-rows.js';
import { numberPlaceholders } from '../sql/client.js';
import { facetArgs, shareChanges, SUMMARY_SQL, type Share } from '../summaries.js';
import { noNul, one, rows as select } from './connection.js';

type Column = [name: string, type: string];

/**
 * One INSERT per table however many mentions an article has: a round trip per row made saving a long
 * analysis dozens of times slower than SQLite's in-process inserts.
 */
async function insertRows(
  c: pg.PoolClient,
  table: string,
  columns: Column[],
  values: unknown[][],
  onConflict = '',
): Promise<void> {
  if (values.length === 0) return;
  const arrays = columns.map((_, i) => values.map((v) => (typeof v[i] === 'string' ? noNul(v[i]) : v[i])));
  const names = columns.map(([n]) => n).join(', ');
  const unnest = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  await c.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest}) ${onConflict}`, arrays);
}

/** What one article adds to the per-actor counters, read from its stored rows (../summaries.ts). */
async function share(c: pg.PoolClient, articleId: number): Promise<Share> {
  const [actors, types, partners] = [
    await select<Share['actors'][number]>(c, numberPlaceholders(SUMMARY_SQL.shareActors), [articleId]),
    await select<Share['types'][number]>(c, numberPlaceholders(SUMMARY_SQL.shareTypes), [articleId]),
    await select<Share['partners'][number]>(c, numberPlaceholders(SUMMARY_SQL.sharePartners), [articleId]),
  ];
  return { actors, types, partners };
}

/**
 * Moves the counters from an article's old share to its new one (../summaries.ts), one statement per table
 * for the additions and one for the counters that fell to zero.
 */
async function applyShares(c: pg.PoolClient, before: Share, after: Share): Promise<void> {
  const change = shareChanges(before, after);
  await insertRows(
    c,
    'actor_counts',
    [
      ['actor_id', 'text'],
      ['mentions', 'int'],
      ['articles', 'int'],
    ],
    change.actors.map((a) => [a.actorId, a.mentions, a.articles]),
    SUMMARY_SQL.addActorCount,
  );
  await insertRows(
    c,
    'actor_event_counts',
    [
      ['actor_id', 'text'],
      ['type', 'text'],
      ['role', 'text'],
      ['n', 'int'],
    ],
    change.types.map((t) => [t.actorId, t.type, t.role, t.n]),
    SUMMARY_SQL.addTypeCount,
  );
  await insertRows(
    c,
    'actor_partners',
    [
      ['actor_id', 'text'],
      ['partner_id', 'text'],
      ['name', 'text'],
      ['acts_on', 'int'],
      ['acted_on_by', 'int'],
    ],
    change.partners.map((p) => [p.actorId, p.partnerId, p.name, p.actsOn, p.actedOnBy]),
    SUMMARY_SQL.addPartner,
  );
  const fell = {
    actors: change.actors.filter((a) => a.articles < 0),
    types: change.types.filter((t) => t.n < 0),
    partners: change.partners.filter((p) => p.actsOn < 0 || p.actedOnBy < 0),
  };
  if (fell.actors.length)
    await c.query('DELETE FROM actor_counts WHERE actor_id = ANY($1::text[]) AND articles <= 0', [
      fell.actors.map((a) => a.actorId),
    ]);
  if (fell.types.length)
    await c.query(
      `DELETE FROM actor_event_counts t USING unnest($1::text[], $2::text[], $3::text[]) AS d(actor_id, type, role)
       WHERE t.actor_id = d.actor_id AND t.type = d.type AND t.role = d.role AND t.n <= 0`,
      [fell.types.map((t) => t.actorId), fell.types.map((t) => t.type), fell.types.map((t) => t.role)],
    );
  if (fell.partners.length)
    await c.query(
      `DELETE FROM actor_partners t USING unnest($1::text[], $2::text[]) AS d(actor_id, partner_id)
       WHERE t.actor_id = d.actor_id AND t.partner_id = d.partner_id AND t.acts_on <= 0 AND t.acted_on_by <= 0`,
      [fell.partners.map((p) => p.actorId), fell.partners.map((p) => p.partnerId)],
    );
}

/** Analyses and their entity, actor, place and event rows: written with an article, or alone by re-analysis. */
export class PgAnalyses {
  /** Call inside a transaction. Returns false when the article no longer exists. */
  async save(
    c: pg.PoolClient,
    articleId: number,
    analysis: Analysis,
    job?: { id: number; progress: number },
  ): Promise<boolean> {
    if (job)
      await c.query('UPDATE jobs SET progress = $1, updated_at = now() WHERE id = $2', [
        job.progress,
        job.id,
      ]);
    // FOR SHARE keeps the article from being deleted between this check and the inserts below.
    const article = await one<{ published_at: string | null }>(
      c,
      'SELECT published_at FROM articles WHERE id = $1 FOR SHARE',
      [articleId],
    );
    if (!article) return false;
    await c.query(
      numberPlaceholders(UPSERT_ANALYSIS),
      analysisRecord(articleId, analysis, new Date().toISOString()),
    );
    const before = await share(c, articleId);
    const rows = analysisRows(articleId, analysis, article.published_at);
    // event_actors go with their events (ON DELETE CASCADE).
    for (const t of ANALYSIS_TABLES)
      if (t.table !== 'event_actors')
        await c.query(`DELETE FROM ${t.table} WHERE article_id = $1`, [articleId]);
    for (const t of ANALYSIS_TABLES) await insertRows(c, t.table, t.columns, rows[t.rows], t.onConflict);
    await c.query(numberPlaceholders(SUMMARY_SQL.deleteFacets), [articleId]);
    await c.query(numberPlaceholders(SUMMARY_SQL.insertFacets), facetArgs(articleId, article.published_at));
    await applyShares(c, before, await share(c, articleId));
    return true;
  }

  /**
   * Call inside the transaction that revised an article without a new analysis: the rows that copy its
   * publication date follow it.
   */
  async refreshDates(c: pg.PoolClient, articleId: number): Promise<void> {
    for (const table of ['quotes', 'claims', 'article_facets'])
      await c.query(
        `UPDATE ${table} t SET published_at = a.published_at FROM articles a
         WHERE a.id = $1 AND t.article_id = a.id`,
        [articleId],
      );
  }
}
