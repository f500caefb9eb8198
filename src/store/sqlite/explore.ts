import type Database from 'better-sqlite3';
import type { QueryNode } from '../query/parse.js';
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
 * The SQLite side of Explore (../explore.ts). Statements run synchronously in-process, so look-ups by key are
 * one prepared statement each.
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
}
