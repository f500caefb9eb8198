import type pg from 'pg';
import type { Analysis } from '../../understand/types.js';
import { FAILED_STAGE_MARK, versionsKey } from '../../understand/versions.js';
import { analysisRows } from '../analysis-rows.js';
import type { AnalysisTarget } from '../types.js';
import { noNul, one, rows } from './connection.js';

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

/** Analyses and their entity, actor, place and event rows: written with an article, or alone by re-analysis. */
export class PgAnalyses {
  constructor(private readonly pool: pg.Pool) {}

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
    return true;
  }

  /**
   * Call inside the transaction that revised an article without a new analysis: the rows that copy its
   * publication date follow it.
   */
  async refreshDates(c: pg.PoolClient, articleId: number): Promise<void> {
    for (const table of ['quotes', 'claims'])
      await c.query(
        `UPDATE ${table} t SET published_at = a.published_at FROM articles a
         WHERE a.id = $1 AND t.article_id = a.id`,
        [articleId],
      );
  }

  async get(articleId: number): Promise<Analysis | null> {
    const row = await one<{ analysis: string }>(
      this.pool,
      'SELECT analysis FROM analyses WHERE article_id = $1',
      [articleId],
    );
    return row ? (JSON.parse(row.analysis) as Analysis) : null;
  }

  async toAnalyze(o: {
    versionsKey: string;
    afterId: number;
    toId?: number;
    limit: number;
    all?: boolean;
  }): Promise<AnalysisTarget[]> {
    const found = await rows<{
      id: number;
      text: string;
      title: string | null;
      published_at: string | null;
      language: string | null;
    }>(
      this.pool,
      `SELECT a.id, a.text, a.title, a.published_at, a.language FROM articles a
       LEFT JOIN analyses n ON n.article_id = a.id
       WHERE a.id > $1 AND a.id <= $2 AND ($3 OR n.versions_key IS DISTINCT FROM $4)
       ORDER BY a.id LIMIT $5`,
      [o.afterId, o.toId ?? Number.MAX_SAFE_INTEGER, o.all === true, o.versionsKey, o.limit],
    );
    return found.map((r) => ({
      id: r.id,
      text: r.text,
      title: r.title,
      publishedAt: r.published_at,
      language: r.language,
    }));
  }

  async ranges(o: {
    versionsKey: string;
    size: number;
    all?: boolean;
  }): Promise<Array<{ fromId: number; toId: number; count: number }>> {
    const size = Math.max(1, Math.floor(o.size));
    const found = await rows<{ bucket: number; n: number }>(
      this.pool,
      `SELECT (a.id - 1) / $1::bigint AS bucket, count(*) AS n FROM articles a
       LEFT JOIN analyses n ON n.article_id = a.id
       WHERE $2 OR n.versions_key IS DISTINCT FROM $3
       GROUP BY bucket ORDER BY bucket`,
      [size, o.all === true, o.versionsKey],
    );
    return found.map((r) => ({ fromId: r.bucket * size + 1, toId: (r.bucket + 1) * size, count: r.n }));
  }

  async invalidate(): Promise<number> {
    return (await this.pool.query(`UPDATE analyses SET versions_key = 'invalidated'`)).rowCount ?? 0;
  }

  async counts(key: string): Promise<{ current: number; stale: number; missing: number; failed: number }> {
    const r = await one<{ current: number; stale: number; missing: number; failed: number }>(
      this.pool,
      `SELECT count(*) FILTER (WHERE n.versions_key = $1) AS current,
              count(*) FILTER (WHERE n.article_id IS NOT NULL AND n.versions_key != $1) AS stale,
              count(*) FILTER (WHERE n.article_id IS NULL) AS missing,
              count(*) FILTER (WHERE strpos(n.analysis, $2) > 0) AS failed
       FROM articles a LEFT JOIN analyses n ON n.article_id = a.id`,
      [key, FAILED_STAGE_MARK],
    );
    return {
      current: r?.current ?? 0,
      stale: r?.stale ?? 0,
      missing: r?.missing ?? 0,
      failed: r?.failed ?? 0,
    };
  }
}
