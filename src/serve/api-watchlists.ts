import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { parseQuery, QueryError } from '../store/query/parse.js';
import type { Team } from '../store/team/team.js';
import type { Alert, Watchlist } from '../store/team/watchlists.js';
import { escapeHtml } from '../store/search-query.js';
import { actorOf } from './auth/api-auth.js';
import { randomToken, sha256 } from './auth/secrets.js';
import { parseBody, parseQueryParams } from './validate.js';
import { actorDirectory } from './actor-directory.js';
import { ActorNameError, rewriteActorNames } from './actor-names.js';
import { atomResponse, atomXml } from './atom.js';

// Watchlists (saved searches) and their alerts: an in-app inbox, and a private Atom feed per watchlist.

export const WATCHLIST_SCHEMAS = {
  create: z.object({
    name: z.string().min(1).max(200),
    query: z.string().min(1).max(2000),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional(),
  }),
  update: z.object({
    name: z.string().min(1).max(200).optional(),
    query: z.string().min(1).max(2000).optional(),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional(),
  }),
  alerts: z.object({
    watchlist: z.coerce.number().int().min(1).optional(),
    unread: z.enum(['0', '1', 'true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  }),
  read: z.object({ ids: z.array(z.number().int()).max(1000).optional(), all: z.boolean().optional() }),
} as const;

/**
 * A watchlist's query must parse now, so its sweeps never fail on it; actor names in it are resolved now
 * (actor:Hezbollah is kept as actor:LBNREBHZB), since sweeps run in the jobs, which read no dictionary.
 */
async function checkedQuery(
  c: Context,
  team: () => Promise<Team>,
  query: string,
): Promise<{ ok: true; query: string } | { ok: false; res: Response }> {
  try {
    const resolved = /actor:/i.test(query)
      ? rewriteActorNames(actorDirectory(await (await team()).actorEdits.live()), query)
      : query;
    parseQuery(resolved);
    return { ok: true, query: resolved };
  } catch (err) {
    if (err instanceof QueryError || err instanceof ActorNameError)
      return {
        ok: false,
        res: c.json({ error: 'bad_query', message: err.message, position: err.position }, 400),
      };
    throw err;
  }
}

const feedUrl = (c: Context, id: number, token: string) =>
  `${c.get('publicUrl')}/api/watchlists/${id}/atom?token=${token}`;

export function atomFeed(w: Watchlist, alerts: readonly Alert[], self: string, origin: string): string {
  return atomXml({
    id: `urn:watchfloor:watchlist:${w.id}`,
    title: `Watchfloor: ${w.name}`,
    updated: alerts[0]?.createdAt ?? w.updatedAt,
    self,
    entries: alerts.map((a) => ({
      id: `urn:watchfloor:alert:${a.id}`,
      title: a.title ?? a.url,
      links: [
        { rel: 'alternate', href: `${origin}/articles/${a.articleId}` },
        { rel: 'related', href: a.url },
      ],
      updated: a.createdAt,
      published: a.publishedAt,
      summary: `${a.site ?? ''} · matched “${w.query}”`,
    })),
  });
}

export function registerWatchlistApi(app: Hono, team: () => Promise<Team>): void {
  const owner = (c: Context) => c.get('principal')?.user?.id ?? null;
  const idOf = (c: Context) => {
    const n = Number(c.req.param('id'));
    return Number.isSafeInteger(n) && n > 0 ? n : -1;
  };
  const notFound = (c: Context) =>
    c.json({ error: 'not_found', message: 'No watchlist of yours with this id.' }, 404);

  app.get('/api/watchlists', async (c) => c.json({ items: await (await team()).watchlists.list(owner(c)) }));

  app.post('/api/watchlists', async (c) => {
    const r = await parseBody(c, WATCHLIST_SCHEMAS.create);
    if (!r.ok) return r.res;
    const checked = await checkedQuery(c, team, r.value.query);
    if (!checked.ok) return checked.res;
    const token = randomToken();
    const webhookSecret = r.value.webhookUrl ? randomToken('whsec_') : null;
    const w = await (
      await team()
    ).watchlists.create(
      {
        userId: owner(c),
        name: r.value.name,
        query: checked.query,
        feedTokenHash: sha256(token),
        webhookUrl: r.value.webhookUrl ?? null,
        webhookSecret,
      },
      actorOf(c.get('principal'), c),
    );
    return c.json({ watchlist: w, feedUrl: feedUrl(c, w.id, token), webhookSecret }, 201);
  });

  app.patch('/api/watchlists/:id', async (c) => {
    const r = await parseBody(c, WATCHLIST_SCHEMAS.update);
    if (!r.ok) return r.res;
    let query = r.value.query;
    if (query) {
      const checked = await checkedQuery(c, team, query);
      if (!checked.ok) return checked.res;
      query = checked.query;
    }
    const webhookSecret = r.value.webhookUrl ? randomToken('whsec_') : null;
    const w = await (
      await team()
    ).watchlists.update(
      idOf(c),
      owner(c),
      {
        ...(r.value.name !== undefined ? { name: r.value.name } : {}),
        ...(query !== undefined ? { query } : {}),
        ...(r.value.webhookUrl !== undefined ? { webhookUrl: r.value.webhookUrl, webhookSecret } : {}),
      },
      actorOf(c.get('principal'), c),
    );
    if (!w) return notFound(c);
    return c.json({ watchlist: w, ...(r.value.webhookUrl ? { webhookSecret } : {}) });
  });

  app.delete('/api/watchlists/:id', async (c) =>
    (await (await team()).watchlists.remove(idOf(c), owner(c), actorOf(c.get('principal'), c)))
      ? c.json({ ok: true })
      : notFound(c),
  );

  app.post('/api/watchlists/:id/feed-token', async (c) => {
    const token = randomToken();
    const w = await (
      await team()
    ).watchlists.update(idOf(c), owner(c), { feedTokenHash: sha256(token) }, actorOf(c.get('principal'), c));
    return w ? c.json({ feedUrl: feedUrl(c, w.id, token) }) : notFound(c);
  });

  // Public route: feed readers cannot log in, so the token in the URL is the credential.
  app.get('/api/watchlists/:id/atom', async (c) => {
    const token = c.req.query('token') ?? '';
    const t = await team();
    const w = token ? await t.watchlists.byFeedToken(idOf(c), sha256(token)) : null;
    if (!w)
      return c.json(
        {
          error: 'not_found',
          message: 'No watchlist feed at this address (the link may have been rotated).',
        },
        404,
      );
    const { items } = await t.watchlists.alerts({
      userId: w.userId,
      watchlistId: w.id,
      limit: 100,
      offset: 0,
    });
    const origin = c.get('publicUrl');
    return atomResponse(c, atomFeed(w, items, `${origin}/api/watchlists/${w.id}/atom`, origin));
  });

  const ownerKey = (c: Context) => {
    const id = owner(c);
    return id === null ? 'local' : `user:${id}`;
  };
  const sinceDays = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

  app.get('/api/digest', async (c) => {
    const days = Math.min(Math.max(Number(c.req.query('days') ?? 7) || 7, 1), 90);
    return c.json({ days: await (await team()).watchlists.digest(owner(c), sinceDays(days - 1)) });
  });

  app.post('/api/digest/feed-token', async (c) => {
    const token = randomToken();
    await (await team()).watchlists.setDigestToken(ownerKey(c), sha256(token));
    return c.json({ feedUrl: `${c.get('publicUrl')}/api/digest.atom?token=${token}` });
  });

  // One entry per day of alerts, for a feed reader: the daily digest. The token is the credential.
  app.get('/api/digest.atom', async (c) => {
    const t = await team();
    const key = await t.watchlists.digestOwner(sha256(c.req.query('token') ?? ''));
    if (!key)
      return c.json(
        { error: 'not_found', message: 'No digest feed at this address (the link may have been rotated).' },
        404,
      );
    const userId = key === 'local' ? null : Number(key.slice(5));
    const days = await t.watchlists.digest(userId, sinceDays(13));
    const origin = c.get('publicUrl');
    const x = escapeHtml;
    const entries = days.map((d) => ({
      id: `urn:watchfloor:digest:${key}:${d.day}`,
      title: `Digest ${d.day}: ${d.total} alert${d.total === 1 ? '' : 's'}`,
      updated: `${d.day}T23:59:59Z`,
      html: d.watchlists
        .map(
          (w) =>
            `<h3>${x(w.name)} (${w.articles.length})</h3><ul>${w.articles.map((a) => `<li><a href="${x(`${origin}/articles/${a.id}`)}">${x(a.title ?? a.url)}</a>${a.site ? ` — ${x(a.site)}` : ''}</li>`).join('')}</ul>`,
        )
        .join(''),
    }));
    return atomResponse(
      c,
      atomXml({
        id: `urn:watchfloor:digest:${key}`,
        title: 'Watchfloor daily digest',
        updated: days[0] ? `${days[0].day}T23:59:59Z` : new Date(0).toISOString(),
        entries,
      }),
    );
  });

  app.get('/api/alerts', async (c) => {
    const r = parseQueryParams(c, WATCHLIST_SCHEMAS.alerts);
    if (!r.ok) return r.res;
    return c.json(
      await (
        await team()
      ).watchlists.alerts({
        userId: owner(c),
        ...(r.value.watchlist ? { watchlistId: r.value.watchlist } : {}),
        unreadOnly: r.value.unread === '1' || r.value.unread === 'true',
        limit: r.value.limit,
        offset: r.value.offset,
      }),
    );
  });

  app.post('/api/alerts/read', async (c) => {
    const r = await parseBody(c, WATCHLIST_SCHEMAS.read);
    if (!r.ok) return r.res;
    if (!r.value.all && !r.value.ids)
      return c.json({ error: 'bad_request', message: 'Give ids or all: true.' }, 400);
    const n = await (await team()).watchlists.markRead(owner(c), r.value.all ? 'all' : (r.value.ids ?? []));
    return c.json({ marked: n });
  });
}
