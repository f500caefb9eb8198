import { QueryError } from '../store/query/parse.js';
import type { Team } from '../store/team/team.js';
import type { Store } from '../store/types.js';

const PAGE = 200;

/**
 * Checks every watchlist against the articles stored since its mark and raises their alerts. Safe to run
 * anywhere at any time, by any number of workers at once: alerts are unique per (watchlist, article).
 * Each watchlist is checked on its own: one that fails (a query past a later grammar's limits, a search past
 * its deadline, an engine error) has the reason recorded on it and the sweep goes on with the others.
 */
export async function sweepWatchlists(
  store: Store,
  team: Team,
): Promise<{ watchlists: number; alerts: number; failed: number }> {
  const upTo = await team.watchlists.maxArticleId();
  let alerts = 0;
  let checked = 0;
  let failed = 0;
  for (const w of await team.watchlists.all()) {
    if (w.checkedThrough >= upTo) continue;
    try {
      const ids: number[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await store.search(w.query, {
          idRange: { after: w.checkedThrough, upTo },
          limit: PAGE,
          offset,
        });
        ids.push(...page.hits.map((h) => h.id));
        if (page.hits.length < PAGE) break;
      }
      alerts += await team.watchlists.raise(w.id, ids, upTo);
      checked++;
    } catch (err) {
      failed++;
      const message =
        err instanceof QueryError ? err.message : `The search failed: ${(err as Error).message}`;
      // Recording is best effort: the sweep's job is the other watchlists.
      await team.watchlists.recordError(w.id, message).catch(() => undefined);
    }
  }
  return { watchlists: checked, alerts, failed };
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
        // Deliveries of alerts already raised go out even when this sweep could not run.
        try {
          await sweepWatchlists(store, t);
        } finally {
          await after?.(t);
        }
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
