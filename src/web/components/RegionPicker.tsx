import { useCallback, useEffect, useState } from 'react';
import { auth } from '../api.js';
import { useSession } from '../session.js';
import { DEFAULT_MAP_REGION, MAP_REGIONS } from '../../serve/map-regions.js';
import type { LonLatBox } from '../viz/EventMap.js';

// Where the map opens. The Middle East by default (the desk follows Iran, Syria, Israel and Iraq). A
// signed-in analyst's choice is kept on the server with the account (GET/PUT /api/me/preferences), so it
// follows them to another browser; signed out (the accountless desk) it is kept in this browser's
// localStorage. The account's choice is copied there too, so the next visit opens (and asks the server for
// its first markers, see map-prefetch.ts) on the right region before the account's answer is back.

export const REGIONS = MAP_REGIONS;
export const REGION_STORAGE_KEY = 'watchfloor.map.region';

const known = (v: string | null | undefined): v is string => !!v && REGIONS.some((r) => r.id === v);

/** The region this browser remembers, or the default. */
export function storedRegion(): string {
  try {
    const v = localStorage.getItem(REGION_STORAGE_KEY);
    return known(v) ? v : DEFAULT_MAP_REGION;
  } catch {
    // Storage refused (private mode, a locked-down browser): the default, and the choice lasts the visit.
    return DEFAULT_MAP_REGION;
  }
}

function remember(id: string): void {
  try {
    localStorage.setItem(REGION_STORAGE_KEY, id);
  } catch {
    // See storedRegion(): nothing more to do.
  }
}

/** The chosen region's id, a setter that remembers it, and why the account could not keep it (if so). */
export function useRegion(): [string, (id: string) => void, Error | null] {
  const { session } = useSession();
  const userId = session.user?.id ?? null;
  const [id, setId] = useState(storedRegion);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (userId === null) return;
    const ctrl = new AbortController();
    auth.preferences(ctrl.signal).then(
      (p) => {
        // An account that never chose opens on the default, whatever this browser last showed.
        const next = known(p.mapRegion) ? p.mapRegion : DEFAULT_MAP_REGION;
        setId(next);
        remember(next);
      },
      (err: unknown) => {
        if (!ctrl.signal.aborted) setError(err as Error);
      },
    );
    return () => ctrl.abort();
  }, [userId]);

  const set = useCallback(
    (next: string) => {
      setId(next);
      remember(next);
      if (userId === null) return;
      setError(null);
      auth.setPreferences({ mapRegion: next }).catch((err: unknown) => setError(err as Error));
    },
    [userId],
  );
  return [id, set, error];
}

export function regionBox(id: string): LonLatBox {
  const box = (REGIONS.find((r) => r.id === id) ?? REGIONS[0]).box;
  return [...box];
}

export function RegionPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  return (
    <label className="wf-region">
      Region{' '}
      <select data-testid="region" value={value} onChange={(e) => onChange(e.target.value)}>
        {REGIONS.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
}
