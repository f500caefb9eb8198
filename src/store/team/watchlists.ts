import type { SqlClient, SqlValue } from '../sql/client.js';
import { audit } from './accounts.js';
import type { AuditActor } from './types.js';

// Watchlists are saved searches. Each remembers the highest article id it has been checked through; a sweep
// checks the articles stored since, and an alert is a row unique per (watchlist, article), so however many
// workers sweep at once, and however often a crash makes one sweep again, an article alerts a watchlist once.

export interface Watchlist {
  id: number;
  userId: number | null;
  name: string;
  query: string;
  checkedThrough: number;
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
  /** Why the last sweep could not check it (null once one does): it raises no alerts until then. */
  lastError: string | null;
  lastErrorAt: string | null;
  unread?: number;
}

export interface DigestDay {
  day: string;
  total: number;
  watchlists: Array<{
    id: number;
    name: string;
    articles: Array<{ id: number; title: string | null; url: string; site: string | null }>;
  }>;
}

export interface Alert {
  id: number;
  watchlistId: number;
  watchlistName: string;
  articleId: number;
  title: string | null;
  url: string;
  site: string | null;
  publishedAt: string | null;
  createdAt: string;
  readAt: string | null;
}

interface WatchlistRow {
  id: number;
  user_id: number | null;
  name: string;
  query: string;
  checked_through: number;
  webhook_url: string | null;
  created_at: string;
  updated_at: string;
  last_error: string | null;
  last_error_at: string | null;
  unread?: number | string;
}

const COLUMNS =
  'w.id, w.user_id, w.name, w.query, w.checked_through, w.webhook_url, w.created_at, w.updated_at, w.last_error, w.last_error_at';
const toWatchlist = (r: WatchlistRow): Watchlist => ({
  id: Number(r.id),
  userId: r.user_id === null ? null : Number(r.user_id),
  name: r.name,
  query: r.query,
  checkedThrough: Number(r.checked_through),
  webhookUrl: r.webhook_url,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  ...(r.unread !== undefined ? { unread: Number(r.unread) } : {}),
});
const now = () => new Date().toISOString();
/** Owner filter: a user's own, or the accountless desk's (user_id NULL). */
const owner = (userId: number | null): [string, SqlValue[]] =>
  userId === null ? ['w.user_id IS NULL', []] : ['w.user_id = ?', [userId]];

export class Watchlists {
  constructor(private readonly sql: SqlClient) {}

  async maxArticleId(): Promise<number> {
    const r = await this.sql.get<{ m: number | string | null }>('SELECT max(id) AS m FROM articles');
    return Number(r?.m ?? 0);
  }

  async list(userId: number | null): Promise<Watchlist[]> {
    const [where, params] = owner(userId);
    const rows = await this.sql.all<WatchlistRow>(
      `SELECT ${COLUMNS}, (SELECT count(*) FROM alerts x WHERE x.watchlist_id = w.id AND x.read_at IS NULL) AS unread
       FROM watchlists w WHERE ${where} ORDER BY w.name`,
      params,
    );
    return rows.map(toWatchlist);
  }

  async all(): Promise<Watchlist[]> {
    return (await this.sql.all<WatchlistRow>(`SELECT ${COLUMNS} FROM watchlists w ORDER BY w.id`)).map(
      toWatchlist,
    );
  }

  async get(id: number, userId: number | null): Promise<Watchlist | null> {
    const [where, params] = owner(userId);
    const r = await this.sql.get<WatchlistRow>(
      `SELECT ${COLUMNS} FROM watchlists w WHERE w.id = ? AND ${where}`,
      [id, ...params],
    );
    return r ? toWatchlist(r) : null;
  }

  /** New watchlists start at the newest stored article: they alert on what arrives from now on. */
  async create(
    input: {
      userId: number | null;
      name: string;
      query: string;
      feedTokenHash: string;
      webhookUrl: string | null;
      webhookSecret: string | null;
    },
    who: AuditActor,
  ): Promise<Watchlist> {
    return this.sql.tx(async (t) => {
      const at = now();
      const start = Number(
        (await t.get<{ m: number | string | null }>('SELECT max(id) AS m FROM articles'))?.m ?? 0,
      );
      const r = await t.get<{ id: number }>(
        `INSERT INTO watchlists (user_id, name, query, checked_through, feed_token_hash, webhook_url, webhook_secret, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [
          input.userId,
          input.name,
          input.query,
          start,
          input.feedTokenHash,
          input.webhookUrl,
          input.webhookSecret,
          at,
          at,
        ],
      );
      const w = toWatchlist(
        (await t.get<WatchlistRow>(`SELECT ${COLUMNS} FROM watchlists w WHERE w.id = ?`, [
          Number(r?.id),
        ])) as WatchlistRow,
      );
      await audit(t, who, 'create', 'watchlist', w.id, null, w);
      return w;
    });
  }

  async update(
    id: number,
    userId: number | null,
    change: {
      name?: string;
      query?: string;
      webhookUrl?: string | null;
      webhookSecret?: string | null;
      feedTokenHash?: string;
    },
    who: AuditActor,
  ): Promise<Watchlist | null> {
    return this.sql.tx(async (t) => {
      const [where, params] = owner(userId);
      const beforeRow = await t.get<WatchlistRow>(
        `SELECT ${COLUMNS} FROM watchlists w WHERE w.id = ? AND ${where}`,
        [id, ...params],
      );
      if (!beforeRow) return null;
      const fields: Array<[string, SqlValue]> = [];
      if (change.name !== undefined) fields.push(['name', change.name]);
      if (change.query !== undefined)
        fields.push(['query', change.query], ['last_error', null], ['last_error_at', null]);
      if (change.webhookUrl !== undefined) fields.push(['webhook_url', change.webhookUrl]);
      if (change.webhookSecret !== undefined) fields.push(['webhook_secret', change.webhookSecret]);
      if (change.feedTokenHash !== undefined) fields.push(['feed_token_hash', change.feedTokenHash]);
      fields.push(['updated_at', now()]);
      await t.run(`UPDATE watchlists SET ${fields.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`, [
        ...fields.map(([, v]) => v),
        id,
      ]);
      const after = toWatchlist(
        (await t.get<WatchlistRow>(`SELECT ${COLUMNS} FROM watchlists w WHERE w.id = ?`, [
          id,
        ])) as WatchlistRow,
      );
      await audit(
        t,
        who,
        change.feedTokenHash !== undefined ? 'rotate-feed' : 'update',
        'watchlist',
        id,
        toWatchlist(beforeRow),
        after,
      );
      return after;
    });
  }

  async remove(id: number, userId: number | null, who: AuditActor): Promise<boolean> {
    return this.sql.tx(async (t) => {
      const [where, params] = owner(userId);
      const before = await t.get<WatchlistRow>(
        `SELECT ${COLUMNS} FROM watchlists w WHERE w.id = ? AND ${where}`,
        [id, ...params],
      );
      if (!before) return false;
      // Explicit rather than ON DELETE CASCADE: SQLite enforces foreign keys only when asked to.
      await t.run(
        'DELETE FROM webhook_deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE watchlist_id = ?)',
        [id],
      );
      await t.run('DELETE FROM alerts WHERE watchlist_id = ?', [id]);
      await t.run('DELETE FROM watchlists WHERE id = ?', [id]);
      await audit(t, who, 'delete', 'watchlist', id, toWatchlist(before), null);
      return true;
    });
  }

  async byFeedToken(id: number, tokenHash: string): Promise<Watchlist | null> {
    const r = await this.sql.get<WatchlistRow>(
      `SELECT ${COLUMNS} FROM watchlists w WHERE w.id = ? AND w.feed_token_hash = ?`,
      [id, tokenHash],
    );
    return r ? toWatchlist(r) : null;
  }

  /**
   * Records the alerts of articles found for a watchlist in (checkedThrough, upTo] and moves its mark to
   * upTo, in one transaction. Returns how many alerts are new (a concurrent sweep may have raised the rest).
   */
  async raise(watchlistId: number, articleIds: readonly number[], upTo: number): Promise<number> {
    return this.sql.tx(async (t) => {
      const w = await t.get<{ webhook_url: string | null }>(
        'SELECT webhook_url FROM watchlists WHERE id = ?',
        [watchlistId],
      );
      if (!w) return 0;
      let raised = 0;
      const at = now();
      for (const articleId of articleIds) {
        const row = await t.get<{ id: number }>(
          `INSERT INTO alerts (watchlist_id, article_id, created_at) VALUES (?, ?, ?)
           ON CONFLICT (watchlist_id, article_id) DO NOTHING RETURNING id`,
          [watchlistId, articleId, at],
        );
        if (!row) continue;
        raised++;
        if (w.webhook_url) {
          await t.run(
            `INSERT INTO webhook_deliveries (alert_id, status, attempts, next_attempt_at) VALUES (?, 'pending', 0, ?)`,
            [Number(row.id), at],
          );
        }
      }
      // Never backwards: a slower concurrent sweep may finish after a newer one. A sweep that got here
      // checked the watchlist, so an earlier failure no longer stands.
      await t.run(
        `UPDATE watchlists SET checked_through = CASE WHEN checked_through < ? THEN ? ELSE checked_through END,
         last_error = NULL, last_error_at = NULL WHERE id = ?`,
        [upTo, upTo, watchlistId],
      );
      return raised;
    });
  }

  /** Records why a sweep could not check this watchlist; its mark stays, so an edit re-checks what it missed. */
  async recordError(watchlistId: number, message: string): Promise<void> {
    await this.sql.run('UPDATE watchlists SET last_error = ?, last_error_at = ? WHERE id = ?', [
      message.slice(0, 500),
      now(),
      watchlistId,
    ]);
  }

  async alerts(options: {
    userId: number | null;
    watchlistId?: number;
    unreadOnly?: boolean;
    limit: number;
    offset: number;
  }): Promise<{ total: number; unread: number; items: Alert[] }> {
    const [where, params] = owner(options.userId);
    const conds = [where];
    const p: SqlValue[] = [...params];
    if (options.watchlistId !== undefined) {
      conds.push('w.id = ?');
      p.push(options.watchlistId);
    }
    const base = `FROM alerts x JOIN watchlists w ON w.id = x.watchlist_id JOIN articles a ON a.id = x.article_id WHERE ${conds.join(' AND ')}`;
    const unreadWhere = options.unreadOnly ? ' AND x.read_at IS NULL' : '';
    const total = await this.sql.get<{ n: number | string }>(`SELECT count(*) AS n ${base}${unreadWhere}`, p);
    const unread = await this.sql.get<{ n: number | string }>(
      `SELECT count(*) AS n ${base} AND x.read_at IS NULL`,
      p,
    );
    const rows = await this.sql.all<{
      id: number;
      watchlist_id: number;
      name: string;
      article_id: number;
      title: string | null;
      url: string;
      site: string | null;
      published_at: string | null;
      created_at: string;
      read_at: string | null;
    }>(
      `SELECT x.id, x.watchlist_id, w.name, x.article_id, a.title, a.url, a.site, a.published_at, x.created_at, x.read_at
       ${base}${unreadWhere} ORDER BY x.id DESC LIMIT ? OFFSET ?`,
      [...p, options.limit, options.offset],
    );
    return {
      total: Number(total?.n ?? 0),
      unread: Number(unread?.n ?? 0),
      items: rows.map((r) => ({
        id: Number(r.id),
        watchlistId: Number(r.watchlist_id),
        watchlistName: r.name,
        articleId: Number(r.article_id),
        title: r.title,
        url: r.url,
        site: r.site,
        publishedAt: r.published_at,
        createdAt: r.created_at,
        readAt: r.read_at,
      })),
    };
  }

  /** The user's alerts raised since `since`, by UTC day (newest first), then watchlist. */
  async digest(userId: number | null, since: string): Promise<DigestDay[]> {
    const [where, params] = owner(userId);
    const rows = await this.sql.all<{
      day: string;
      name: string;
      watchlist_id: number;
      article_id: number;
      title: string | null;
      url: string;
      site: string | null;
    }>(
      `SELECT substr(x.created_at, 1, 10) AS day, w.name, w.id AS watchlist_id, a.id AS article_id, a.title, a.url, a.site
       FROM alerts x JOIN watchlists w ON w.id = x.watchlist_id JOIN articles a ON a.id = x.article_id
       WHERE ${where} AND x.created_at >= ? ORDER BY day DESC, w.name, x.id`,
      [...params, since],
    );
    const days: DigestDay[] = [];
    for (const r of rows) {
      let day = days[days.length - 1];
      if (day?.day !== r.day) days.push((day = { day: r.day, total: 0, watchlists: [] }));
      let w = day.watchlists[day.watchlists.length - 1];
      if (w?.id !== Number(r.watchlist_id))
        day.watchlists.push((w = { id: Number(r.watchlist_id), name: r.name, articles: [] }));
      w.articles.push({ id: Number(r.article_id), title: r.title, url: r.url, site: r.site });
      day.total++;
    }
    return days;
  }

  async setDigestToken(owner: string, tokenHash: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO digest_feeds (owner, token_hash, created_at) VALUES (?, ?, ?)
       ON CONFLICT (owner) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
      [owner, tokenHash, now()],
    );
  }

  async digestOwner(tokenHash: string): Promise<string | null> {
    return (
      (
        await this.sql.get<{ owner: string }>('SELECT owner FROM digest_feeds WHERE token_hash = ?', [
          tokenHash,
        ])
      )?.owner ?? null
    );
  }

  /** Marks the user's alerts read: the given ones, or all. */
  async markRead(userId: number | null, ids: readonly number[] | 'all'): Promise<number> {
    const [where, params] = owner(userId);
    const mine = `watchlist_id IN (SELECT w.id FROM watchlists w WHERE ${where})`;
    if (ids === 'all')
      return this.sql.run(`UPDATE alerts SET read_at = ? WHERE read_at IS NULL AND ${mine}`, [
        now(),
        ...params,
      ]);
    if (!ids.length) return 0;
    return this.sql.run(
      `UPDATE alerts SET read_at = ? WHERE read_at IS NULL AND id IN (${ids.map(() => '?').join(', ')}) AND ${mine}`,
      [now(), ...ids, ...params],
    );
  }
}

export interface DeliveryJob {
  id: number;
  attempts: number;
  url: string;
  secret: string;
  payload: {
    alert: number;
    watchlist: { id: number; name: string; query: string };
    article: {
      id: number;
      title: string | null;
      url: string;
      site: string | null;
      publishedAt: string | null;
    };
    raisedAt: string;
  };
}

/** Webhook deliveries: claimed with a conditional update (atomic on both engines), retried with backoff. */
export class Deliveries {
  constructor(private readonly sql: SqlClient) {}

  /** Claims up to `limit` due deliveries for `leaseMs`; a crashed sender's claims lapse and are retried. */
  async claim(limit: number, leaseMs: number): Promise<DeliveryJob[]> {
    const at = new Date().toISOString();
    const until = new Date(Date.now() + leaseMs).toISOString();
    const due = await this.sql.all<{ id: number }>(
      `SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
       AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?`,
      [at, at, limit],
    );
    const out: DeliveryJob[] = [];
    for (const { id } of due) {
      const won = await this.sql.run(
        `UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ? AND status = 'pending'
         AND (claimed_until IS NULL OR claimed_until < ?)`,
        [until, Number(id), at],
      );
      if (won !== 1) continue;
      const r = await this.sql.get<{
        id: number;
        attempts: number;
        alert_id: number;
        created_at: string;
        webhook_url: string | null;
        webhook_secret: string | null;
        watchlist_id: number;
        name: string;
        query: string;
        article_id: number;
        title: string | null;
        url: string;
        site: string | null;
        published_at: string | null;
      }>(
        `SELECT d.id, d.attempts, x.id AS alert_id, x.created_at, w.webhook_url, w.webhook_secret, w.id AS watchlist_id,
                w.name, w.query, a.id AS article_id, a.title, a.url, a.site, a.published_at
         FROM webhook_deliveries d JOIN alerts x ON x.id = d.alert_id JOIN watchlists w ON w.id = x.watchlist_id
         JOIN articles a ON a.id = x.article_id WHERE d.id = ?`,
        [Number(id)],
      );
      if (!r || !r.webhook_url || !r.webhook_secret) {
        await this.finish(Number(id), {
          ok: false,
          error: 'The watchlist no longer has a webhook.',
          retryAt: null,
        });
        continue;
      }
      out.push({
        id: Number(r.id),
        attempts: Number(r.attempts),
        url: r.webhook_url,
        secret: r.webhook_secret,
        payload: {
          alert: Number(r.alert_id),
          watchlist: { id: Number(r.watchlist_id), name: r.name, query: r.query },
          article: {
            id: Number(r.article_id),
            title: r.title,
            url: r.url,
            site: r.site,
            publishedAt: r.published_at,
          },
          raisedAt: r.created_at,
        },
      });
    }
    return out;
  }

  /** Records an attempt: delivered, to be retried at `retryAt`, or failed for good (`retryAt` null). */
  async finish(id: number, result: { ok: boolean; error?: string; retryAt: string | null }): Promise<void> {
    const at = new Date().toISOString();
    if (result.ok) {
      await this.sql.run(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, claimed_until = NULL, last_error = NULL WHERE id = ?`,
        [at, id],
      );
    } else {
      await this.sql.run(
        `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?`,
        [
          result.retryAt ? 'pending' : 'failed',
          result.retryAt ?? at,
          (result.error ?? 'failed').slice(0, 500),
          id,
        ],
      );
    }
  }

  async list(
    alertIds?: readonly number[],
  ): Promise<
    Array<{ id: number; alertId: number; status: string; attempts: number; lastError: string | null }>
  > {
    const rows = await this.sql.all<{
      id: number;
      alert_id: number;
      status: string;
      attempts: number;
      last_error: string | null;
    }>(
      `SELECT id, alert_id, status, attempts, last_error FROM webhook_deliveries${alertIds ? ` WHERE alert_id IN (${alertIds.map(() => '?').join(', ') || 'NULL'})` : ''} ORDER BY id`,
      alertIds ? [...alertIds] : [],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      alertId: Number(r.alert_id),
      status: r.status,
      attempts: Number(r.attempts),
      lastError: r.last_error,
    }));
  }
}
