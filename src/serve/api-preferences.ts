import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Team } from '../store/team/team.js';
import { MAP_REGION_IDS } from './map-regions.js';
import { parseBody } from './validate.js';

// An account's preferences (issue 18: the map's region preset is saved per user). Only a signed-in person
// (a session or an API token) has them; the accountless desk keeps its choice in the browser instead.

export const PREFERENCE_SCHEMA = z
  .object({
    mapRegion: z
      .enum(MAP_REGION_IDS)
      .nullable()
      .optional()
      .describe('the region the map opens on; null forgets the choice (the Middle East again)'),
  })
  .strict();

export type PreferenceValues = z.infer<typeof PREFERENCE_SCHEMA>;

/** What is stored, answered with every known name (null when unset), anything unknown left out. */
function shaped(stored: Record<string, unknown>): { mapRegion: string | null } {
  const region = stored.mapRegion;
  return {
    mapRegion: typeof region === 'string' && (MAP_REGION_IDS as string[]).includes(region) ? region : null,
  };
}

export function registerPreferenceApi(app: Hono, team: () => Promise<Team>): void {
  const userOf = (c: Context): number | null => c.get('principal')?.user?.id ?? null;
  const noAccount = (c: Context) =>
    c.json(
      {
        error: 'no_account',
        message:
          'Preferences belong to an account: sign in (this desk has no account, or the request has none).',
      },
      409,
    );

  app.get('/api/me/preferences', async (c) => {
    const user = userOf(c);
    if (user === null) return noAccount(c);
    return c.json(shaped(await (await team()).preferences.get(user)));
  });

  app.put('/api/me/preferences', async (c) => {
    const user = userOf(c);
    if (user === null) return noAccount(c);
    const r = await parseBody(c, PREFERENCE_SCHEMA);
    if (!r.ok) return r.res;
    return c.json(shaped(await (await team()).preferences.set(user, r.value)));
  });
}
