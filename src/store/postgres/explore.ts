import type pg from 'pg';
import type { QueryNode } from '../query/parse.js';
import type { ExploreEngine, ExploreWords, PartyRow, Placeholders, Read } from '../explore.js';
import { compileQuery, tsquery } from './compile-query.js';
import { Params, rows } from './connection.js';
import { deadlineReader } from './deadline.js';

const WORDS: ExploreWords = {
  isFalse: (column) => `NOT ${column}`,
  hasCode: (column, code, p) => `position(${p.add(` ${code}`)} IN (' ' || ${column})) > 0`,
  descNullsLast: ' NULLS LAST',
  weekStart: (day) =>
    `CASE WHEN ${day} ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN to_char(date_trunc('week', ${day}::date), 'YYYY-MM-DD') END`,
};

/**
 * The PostgreSQL side of Explore (../explore.ts). Look-ups over many keys are one statement each, to spare
 * round trips.
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
}
