import { sql } from 'kysely';
import type { SqlClient } from './sql/client.js';
import { queries } from './sql/query.js';
import { toFeed } from './rows.js';
import type { Feed, FeedPollUpdate } from './types.js';

function statements(dialect: SqlClient['dialect']) {
  const q = queries(dialect);
  return {
    add: q((db, a: { url: string; title: string | null; now: string }) =>
      db
        .insertInto('feeds')
        .values({ url: a.url, title: a.title, created_at: a.now })
        // Adding a known feed again keeps it, and names it if it was nameless.
        .onConflict((oc) =>
          oc.column('url').doUpdateSet({ title: sql<string | null>`COALESCE(excluded.title, feeds.title)` }),
        )
        .returningAll(),
    ),
    list: q((db) => db.selectFrom('feeds').selectAll().orderBy('id')),
    byId: q((db, a: { id: number }) => db.selectFrom('feeds').selectAll().where('id', '=', a.id)),
    byUrl: q((db, a: { url: string }) => db.selectFrom('feeds').selectAll().where('url', '=', a.url)),
    removeById: q((db, a: { id: number }) => db.deleteFrom('feeds').where('id', '=', a.id)),
    removeByUrl: q((db, a: { url: string }) => db.deleteFrom('feeds').where('url', '=', a.url)),
    poll: q(
      (
        db,
        a: {
          id: number;
          title: string | null;
          etag: string | null;
          lastModified: string | null;
          status: string;
          error: string | null;
          newItems: number;
          now: string;
        },
      ) =>
        db
          .updateTable('feeds')
          .set((eb) => ({
            title: eb.fn.coalesce(eb.val(a.title), eb.ref('title')),
            // The validators change only with a good answer; failures count errors in a row. (The casts give
            // PostgreSQL a type for a parameter that is only compared with a literal.)
            etag: sql<string | null>`CASE WHEN CAST(${a.status} AS TEXT) = 'ok' THEN ${a.etag} ELSE etag END`,
            last_modified: sql<
              string | null
            >`CASE WHEN CAST(${a.status} AS TEXT) = 'ok' THEN ${a.lastModified} ELSE last_modified END`,
            last_polled_at: a.now,
            last_status: a.status,
            last_error: a.error,
            last_new_items: a.newItems,
            failures: sql<number>`CASE WHEN CAST(${a.status} AS TEXT) = 'error' THEN failures + 1 ELSE 0 END`,
          }))
          .where('id', '=', a.id),
    ),
  };
}

/** The feeds `watchfloor feeds` manages and the poller reads and updates, on either engine. */
export class Feeds {
  private readonly st;

  constructor(private readonly sql: SqlClient) {
    this.st = statements(sql.dialect);
  }

  async add(url: string, title: string | null): Promise<Feed> {
    // An upsert with RETURNING always returns its row.
    return toFeed((await this.st.add.get(this.sql, { url, title, now: new Date().toISOString() }))!);
  }

  async list(): Promise<Feed[]> {
    return (await this.st.list.all(this.sql, {})).map((r) => toFeed(r));
  }

  async get(idOrUrl: number | string): Promise<Feed | null> {
    const r =
      typeof idOrUrl === 'number'
        ? await this.st.byId.get(this.sql, { id: idOrUrl })
        : await this.st.byUrl.get(this.sql, { url: idOrUrl });
    return r ? toFeed(r) : null;
  }

  async remove(idOrUrl: number | string): Promise<boolean> {
    const n =
      typeof idOrUrl === 'number'
        ? await this.st.removeById.run(this.sql, { id: idOrUrl })
        : await this.st.removeByUrl.run(this.sql, { url: idOrUrl });
    return n > 0;
  }

  async updatePoll(id: number, u: FeedPollUpdate): Promise<void> {
    await this.st.poll.run(this.sql, {
      id,
      title: u.title ?? null,
      etag: u.etag ?? null,
      lastModified: u.lastModified ?? null,
      status: u.status,
      error: u.error ?? null,
      newItems: u.newItems ?? 0,
      now: new Date().toISOString(),
    });
  }
}
