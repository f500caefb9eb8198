import type pg from 'pg';
import type { Analysis } from '../../understand/types.js';
import { versionsKey } from '../../understand/versions.js';
import { analysisRows } from '../analysis-rows.js';
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

const SPAN: Column[] = [
  ['sentence', 'int'],
  ['start', 'int'],
  ['"end"', 'int'],
  ['confidence', 'float8'],
];

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
    const key = versionsKey(
      Object.fromEntries(Object.entries(analysis.stages).map(([k, v]) => [k, v.version])),
    );
    await c.query(
      `INSERT INTO analyses (article_id, schema_version, versions_key, text_sha256, analysis, analyzed_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (article_id) DO UPDATE SET schema_version = excluded.schema_version,
         versions_key = excluded.versions_key, text_sha256 = excluded.text_sha256,
         analysis = excluded.analysis, analyzed_at = excluded.analyzed_at`,
      [
        articleId,
        analysis.schemaVersion,
        key,
        analysis.textSha256,
        JSON.stringify(analysis),
        new Date().toISOString(),
      ],
    );
    const before = await share(c, articleId);
    const rows = analysisRows(articleId, analysis, article.published_at);
    // event_actors go with their events (ON DELETE CASCADE).
    for (const table of ['entity_mentions', 'actor_mentions', 'place_mentions', 'events', 'quotes', 'claims'])
      await c.query(`DELETE FROM ${table} WHERE article_id = $1`, [articleId]);

    await insertRows(
      c,
      'entity_mentions',
      [
        ['article_id', 'bigint'],
        ['idx', 'int'],
        ['type', 'text'],
        ['text', 'text'],
        ['norm', 'text'],
        ...SPAN,
      ],
      rows.entities,
    );

    await insertRows(
      c,
      'actor_mentions',
      [
        ['article_id', 'bigint'],
        ['idx', 'int'],
        ['actor_id', 'text'],
        ['name', 'text'],
        ['kind', 'text'],
        ['codes', 'text'],
        ['via', 'text'],
        ...SPAN,
      ],
      rows.actorMentions,
    );

    // Analyses stored before the places and events stages have neither slot; they are simply absent.
    await insertRows(
      c,
      'place_mentions',
      [
        ['article_id', 'bigint'],
        ['idx', 'int'],
        ['place_id', 'text'],
        ['geonameid', 'int'],
        ['name', 'text'],
        ['norm', 'text'],
        ['country', 'text'],
        ['admin1', 'text'],
        ['fcode', 'text'],
        ['lat', 'float8'],
        ['lon', 'float8'],
        ...SPAN,
      ],
      rows.places,
    );

    await insertRows(
      c,
      'events',
      [
        ['article_id', 'bigint'],
        ['idx', 'int'],
        ['type', 'text'],
        ['mode', 'text'],
        ['cameo', 'text'],
        ['quad_class', 'int'],
        ['goldstein', 'float8'],
        ['date', 'text'],
        ['date_precision', 'text'],
        ['place_id', 'text'],
        ['place_name', 'text'],
        ['country', 'text'],
        ['lat', 'float8'],
        ['lon', 'float8'],
        ['negated', 'bool'],
        ['intended', 'bool'],
        ['sentence', 'int'],
        ['start', 'int'],
        ['"end"', 'int'],
        ['confidence', 'float8'],
      ],
      rows.events,
    );
    await insertRows(
      c,
      'event_actors',
      [
        ['article_id', 'bigint'],
        ['event_idx', 'int'],
        ['role', 'text'],
        ['actor_id', 'text'],
        ['name', 'text'],
        ['codes', 'text'],
      ],
      rows.eventActors,
      'ON CONFLICT DO NOTHING',
    );

    // Analyses stored before the quotes and claims stages have neither slot; they are simply absent.
    await insertRows(
      c,
      'quotes',
      [
        ['article_id', 'bigint'],
        ['idx', 'int'],
        ['published_at', 'text'],
        ['text', 'text'],
        ['speaker_actor_id', 'text'],
        ['speaker_name', 'text'],
        ['speaker_codes', 'text'],
        ['speaker_text', 'text'],
        ['cue', 'text'],
        ['partial', 'bool'],
        ...SPAN,
      ],
      rows.quotes,
    );
    await insertRows(
      c,
      'claims',
      [
        ['article_id', 'bigint'],
        ['idx', 'int'],
        ['published_at', 'text'],
        ['kind', 'text'],
        ['value', 'float8'],
        ['value_max', 'float8'],
        ['qualifier', 'text'],
        ['unit', 'text'],
        ['cue', 'text'],
        ['text', 'text'],
        ...SPAN,
      ],
      rows.claims,
    );
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
