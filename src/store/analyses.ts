import { sql } from 'kysely';
import type { Analysis } from '../understand/types.js';
import { FAILED_STAGE_MARK } from '../understand/versions.js';
import type { SqlClient } from './sql/client.js';
import { queries } from './sql/query.js';
import type { AnalysisTarget } from './types.js';

// Reading analyses and finding the articles to (re)analyse, on either engine. Saving an analysis is each
// engine's bulk path (sqlite/analyses.ts, postgres/analyses.ts), inside the ingest transaction.

function statements(dialect: SqlClient['dialect']) {
  const q = queries(dialect);
  /** Articles without an analysis of these versions, or every article when `all` (fixed when compiled). */
  const outdated = (all: boolean) =>
    q((db, a: { afterId: number; toId: number; key: string; limit: number }) =>
      db
        .selectFrom('articles as a')
        .leftJoin('analyses as n', 'n.article_id', 'a.id')
        .select(['a.id', 'a.text', 'a.title', 'a.published_at', 'a.language'])
        .where('a.id', '>', a.afterId)
        .where('a.id', '<=', a.toId)
        .$if(!all, (w) => w.where('n.versions_key', 'is distinct from', a.key))
        .orderBy('a.id')
        .limit(a.limit),
    );
  const ranges = (all: boolean) =>
    q((db, a: { size: number; key: string }) =>
      db
        .selectFrom('articles as a')
        .leftJoin('analyses as n', 'n.article_id', 'a.id')
        // An integer division on both engines: the cast types the parameter for PostgreSQL.
        .select([
          sql<number>`(a.id - 1) / CAST(${a.size} AS BIGINT)`.as('bucket'),
          sql<number>`count(*)`.as('n'),
        ])
        .$if(!all, (w) => w.where('n.versions_key', 'is distinct from', a.key))
        .groupBy('bucket')
        .orderBy('bucket'),
    );
  // A failed stage leaves its mark in the stored JSON; the engines name "find a substring" differently.
  const hasMark = (mark: string) =>
    dialect === 'sqlite' ? sql`instr(n.analysis, ${mark}) > 0` : sql`strpos(n.analysis, ${mark}) > 0`;
  return {
    get: q((db, a: { id: number }) =>
      db.selectFrom('analyses').select('analysis').where('article_id', '=', a.id),
    ),
    outdated: outdated(false),
    every: outdated(true),
    outdatedRanges: ranges(false),
    everyRange: ranges(true),
    counts: q((db, a: { key: string; mark: string }) =>
      db
        .selectFrom('articles as a')
        .leftJoin('analyses as n', 'n.article_id', 'a.id')
        .select([
          sql<number>`count(*) FILTER (WHERE n.versions_key = ${a.key})`.as('current'),
          sql<number>`count(*) FILTER (WHERE n.article_id IS NOT NULL AND n.versions_key != ${a.key})`.as(
            'stale',
          ),
          sql<number>`count(*) FILTER (WHERE n.article_id IS NULL)`.as('missing'),
          sql<number>`count(*) FILTER (WHERE ${hasMark(a.mark)})`.as('failed'),
        ]),
    ),
    invalidate: q((db) => db.updateTable('analyses').set({ versions_key: 'invalidated' })),
  };
}

/** Analyses as readers and `reanalyze` see them. */
export class Analyses {
  private readonly st;

  constructor(private readonly sql: SqlClient) {
    this.st = statements(sql.dialect);
  }

  async get(articleId: number): Promise<Analysis | null> {
    const row = await this.st.get.get(this.sql, { id: articleId });
    return row ? (JSON.parse(row.analysis) as Analysis) : null;
  }

  async toAnalyze(o: {
    versionsKey: string;
    afterId: number;
    toId?: number;
    limit: number;
    all?: boolean;
  }): Promise<AnalysisTarget[]> {
    const found = await (o.all ? this.st.every : this.st.outdated).all(this.sql, {
      afterId: o.afterId,
      toId: o.toId ?? Number.MAX_SAFE_INTEGER,
      key: o.versionsKey,
      limit: o.limit,
    });
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
    const found = await (o.all ? this.st.everyRange : this.st.outdatedRanges).all(this.sql, {
      size,
      key: o.versionsKey,
    });
    return found.map((r) => ({ fromId: r.bucket * size + 1, toId: (r.bucket + 1) * size, count: r.n }));
  }

  async invalidate(): Promise<number> {
    return this.st.invalidate.run(this.sql, {});
  }

  async counts(key: string): Promise<{ current: number; stale: number; missing: number; failed: number }> {
    const r = await this.st.counts.get(this.sql, { key, mark: FAILED_STAGE_MARK });
    return {
      current: r?.current ?? 0,
      stale: r?.stale ?? 0,
      missing: r?.missing ?? 0,
      failed: r?.failed ?? 0,
    };
  }
}
