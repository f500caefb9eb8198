import type Database from 'better-sqlite3';
import { QueryTimeout } from '../query/parse.js';

/**
 * The SQL function every row a search or an explore filter scans passes through: it throws once the
 * statement is past its deadline, which aborts the statement. better-sqlite3 exposes neither sqlite3_progress_handler nor
 * sqlite3_interrupt (WiseLibs/better-sqlite3#568, #707), and a reader thread cannot be stopped inside a
 * native call, so a row-level check is the bound that stops the work itself, not only the wait for it.
 */
export const DEADLINE_FN = 'wf_within_deadline';
/** Rows between clock reads: a row costs microseconds, reading the clock on each would be noticeable. */
const ROWS_PER_CHECK = 64;

export interface Deadline {
  until: number;
  ms: number;
}
/**
 * One deadline per connection: SQL functions are registered per connection, and a connection runs one
 * statement at a time (search and explore set it around their own, synchronously).
 */
const deadlines = new WeakMap<Database.Database, Deadline>();

export function deadlineOf(db: Database.Database): Deadline {
  let d = deadlines.get(db);
  if (!d) {
    const state: Deadline = { until: Infinity, ms: 0 };
    let rows = 0;
    db.function(DEADLINE_FN, { deterministic: false }, () => {
      if (++rows % ROWS_PER_CHECK === 0 && performance.now() > state.until) throw new QueryTimeout(state.ms);
      return 1;
    });
    deadlines.set(db, (d = state));
  }
  return d;
}

/**
 * Runs `fn` (synchronous statements that call DEADLINE_FN on every row they scan) with the connection's
 * deadline set to `until` (a performance.now() time), and puts back what was there before.
 */
export function withinDeadline<T>(db: Database.Database, until: number, ms: number, fn: () => T): T {
  const d = deadlineOf(db);
  const before = { ...d };
  d.until = until;
  d.ms = ms;
  try {
    return fn();
  } finally {
    Object.assign(d, before);
  }
}
