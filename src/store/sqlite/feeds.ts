import type Database from 'better-sqlite3';
import type { Feed, FeedPollUpdate } from '../types.js';
import { toFeed, type FeedRow } from '../rows.js';

export class SqliteFeeds {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = {
      add: db.prepare(
        `INSERT INTO feeds (url, title, created_at) VALUES (?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title) RETURNING *`,
      ),
      list: db.prepare('SELECT * FROM feeds ORDER BY id'),
      byId: db.prepare('SELECT * FROM feeds WHERE id = ?'),
      byUrl: db.prepare('SELECT * FROM feeds WHERE url = ?'),
      remove: db.prepare('DELETE FROM feeds WHERE id = ?'),
      poll: db.prepare(
        `UPDATE feeds SET title = COALESCE(@title, title),
           etag = CASE WHEN @status = 'ok' THEN @etag ELSE etag END,
           last_modified = CASE WHEN @status = 'ok' THEN @lastModified ELSE last_modified END,
           last_polled_at = @now, last_status = @status, last_error = @error,
           last_new_items = @newItems,
           failures = CASE WHEN @status = 'error' THEN failures + 1 ELSE 0 END
         WHERE id = @id`,
      ),
    };
  }

  add(url: string, title: string | null): Feed {
    return toFeed(this.st.add.get(url, title, new Date().toISOString()) as FeedRow);
  }

  list(): Feed[] {
    return (this.st.list.all() as FeedRow[]).map(toFeed);
  }

  get(idOrUrl: number | string): Feed | null {
    const r = (typeof idOrUrl === 'number' ? this.st.byId.get(idOrUrl) : this.st.byUrl.get(idOrUrl)) as
      FeedRow | undefined;
    return r ? toFeed(r) : null;
  }

  remove(idOrUrl: number | string): boolean {
    const f = this.get(idOrUrl);
    if (!f) return false;
    return this.st.remove.run(f.id).changes > 0;
  }

  updatePoll(id: number, u: FeedPollUpdate): void {
    this.st.poll.run({
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
