import type { Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../store/team/accounts.js';
import type { Team } from '../store/team/team.js';
import type { Store } from '../store/types.js';
import { actorOf } from './auth/api-auth.js';
import { parseBody } from './validate.js';

// Sources are the admins': the feeds `watchfloor feeds poll` (or a scheduler) polls. Added here without a
// test fetch (the poller records what fails, per feed, in /api/status); every change is audited.

export const FEED_SCHEMA = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  title: z.string().max(300).nullable().optional(),
});

export function registerFeedApi(app: Hono, store: Store, team: () => Promise<Team>): void {
  app.get('/api/feeds', async (c) => c.json({ items: await store.listFeeds() }));

  app.post('/api/feeds', async (c) => {
    const r = await parseBody(c, FEED_SCHEMA);
    if (!r.ok) return r.res;
    const existing = await store.getFeed(r.value.url);
    if (existing)
      return c.json({ error: 'conflict', message: `Feed #${existing.id} already has this URL.` }, 409);
    const feed = await store.addFeed(r.value.url, r.value.title ?? null);
    const t = await team();
    await audit(t.sql, actorOf(c.get('principal'), c), 'create', 'feed', feed.id, null, feed);
    return c.json(feed, 201);
  });

  app.delete('/api/feeds/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const feed = Number.isSafeInteger(id) ? await store.getFeed(id) : null;
    if (!feed || !(await store.removeFeed(id)))
      return c.json({ error: 'not_found', message: 'No feed with this id.' }, 404);
    await audit((await team()).sql, actorOf(c.get('principal'), c), 'delete', 'feed', id, feed, null);
    return c.json({ ok: true });
  });
}
