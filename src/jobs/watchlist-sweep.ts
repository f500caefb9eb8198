import { QueryError } from '../store/query/parse.js';
import type { Team } from '../store/team/team.js';
import type { Store } from '../store/types.js';

const PAGE = 200;

/**
 * Checks every watchlist against the articles stored since its mark and raises their alerts. Safe to run
 * anywhere at any time, by any number of workers at once: alerts are unique per (watchlist, article).
 */
export async function sweepWatchlists(
  store: Store,
  team: Team,
): Promise<{ watchlists: number; alerts: number }> {
  const upTo = await team.watchlists.maxArticleId();
  let alerts = 0;
  let checked = 0;
  for (const w of await team.watchlists.all()) {
    if (w.checkedThrough >= upTo) continue;
    const ids: number[] = [];
    try {
      for (let offset = 0; ; offset += PAGE) {
        const page = await store.search(w.query, {
          idRange: { after: w.checkedThrough, upTo },
          limit: PAGE,
          offset,
        });
        ids.push(...page.hits.map((h) => h.id));
        if (page.hits.length < PAGE) break;
      }
    } catch (err) {
      // A query valid when saved may not be under a later grammar; the watchlist waits for an edit.
      if (err instanceof QueryError) continue;
      throw err;
    }
    alerts += await team.watchlists.raise(w.id, ids, upTo);
    checked++;
  }
  return { watchlists: checked, alerts };
}

/** Runs sweeps one at a time; a poke during a sweep schedules one more, so nothing stored is left unchecked. */
export function createSweeper(
  store: Store,
  team: () => Promise<Team>,
  onError: (err: Error) => void,
  /** Runs after each sweep: sending the webhooks of new alerts. */
  after?: (team: Team) => Promise<unknown>,
) {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      try {
        const t = await team();
        await sweepWatchlists(store, t);
        await after?.(t);
      } catch (err) {
        onError(err as Error);
      }
    } while (again);
    running = null;
  };
  return {
    poke(): void {
      if (running) again = true;
      else running = loop();
    },
    async flush(): Promise<void> {
      while (running) await running;
    },
  };
}
