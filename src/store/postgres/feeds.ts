import type pg from 'pg';
import type { Feed, FeedPollUpdate } from '../types.js';
import { toFeed, type FeedRow } from '../rows.js';
import { noNul, one, rows } from './connection.js';

export class PgFeeds {
  constructor(private readonly pool: pg.Pool) {}

  async add(url: string, title: string | null): Promise<Feed> {
    const r = await one<FeedRow>(
      this.pool,
      `INSERT INTO feeds (url, title, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title) RETURNING *`,
      [url, title === null ? null : noNul(title), new Date().toISOString()],
    );
    return toFeed(r!);
  }

  async list(): Promise<Feed[]> {
    return (await rows<FeedRow>(this.pool, 'SELECT * FROM feeds ORDER BY id')).map(toFeed);
  }

  async get(idOrUrl: number | string): Promise<Feed | null> {
    const r =
      typeof idOrUrl === 'number'
        ? await one<FeedRow>(this.pool, 'SELECT * FROM feeds WHERE id = $1', [idOrUrl])
        : await one<FeedRow>(this.pool, 'SELECT * FROM feeds WHERE url = $1', [idOrUrl]);
    return r ? toFeed(r) : null;
  }

  async remove(idOrUrl: number | string): Promise<boolean> {
    const r =
      typeof idOrUrl === 'number'
        ? await this.pool.query('DELETE FROM feeds WHERE id = $1', [idOrUrl])
        : await this.pool.query('DELETE FROM feeds WHERE url = $1', [idOrUrl]);
    return (r.rowCount ?? 0) > 0;
  }

  async updatePoll(id: number, u: FeedPollUpdate): Promise<void> {
    await this.pool.query(
      `UPDATE feeds SET title = COALESCE($1, title),
         etag = CASE WHEN $2 = 'ok' THEN $3 ELSE etag END,
         last_modified = CASE WHEN $2 = 'ok' THEN $4 ELSE last_modified END,
         last_polled_at = $5, last_status = $2, last_error = $6,
         last_new_items = $7,
         failures = CASE WHEN $2 = 'error' THEN failures + 1 ELSE 0 END
       WHERE id = $8`,
      [
        u.title == null ? null : noNul(u.title),
        u.status,
        u.etag ?? null,
        u.lastModified ?? null,
        new Date().toISOString(),
        u.error == null ? null : noNul(u.error),
        u.newItems ?? 0,
        id,
      ],
    );
  }
}
