import { useCallback, useState } from 'react';
import type { LonLatBox } from '../viz/EventMap.js';

// Where the map opens. The Middle East by default (the desk follows Iran, Syria, Israel and Iraq); the
// analyst's choice is kept in this browser's localStorage, since accounts have no preferences to hold it.

export const REGIONS: ReadonlyArray<{ id: string; label: string; box: LonLatBox }> = [
  { id: 'middle-east', label: 'Middle East', box: [25, 12, 63, 42] },
  { id: 'levant', label: 'Levant', box: [33, 29, 43, 38] },
  { id: 'gulf', label: 'Gulf and Iran', box: [43, 22, 63, 40] },
  { id: 'europe', label: 'Europe', box: [-12, 34, 42, 71] },
  { id: 'ukraine', label: 'Ukraine and Black Sea', box: [22, 41, 42, 53] },
  { id: 'africa', label: 'Africa', box: [-20, -36, 53, 38] },
  { id: 'asia', label: 'Asia', box: [60, -10, 150, 55] },
  { id: 'americas', label: 'Americas', box: [-170, -56, -30, 72] },
  { id: 'world', label: 'World', box: [-180, -60, 180, 80] },
];

const DEFAULT = 'middle-east';
export const REGION_STORAGE_KEY = 'watchfloor.map.region';

function stored(): string {
  try {
    const v = localStorage.getItem(REGION_STORAGE_KEY);
    return v && REGIONS.some((r) => r.id === v) ? v : DEFAULT;
  } catch {
    // Storage refused (private mode, a locked-down browser): the default, and the choice lasts the visit.
    return DEFAULT;
  }
}

/** The chosen region's id, and a setter that remembers it. */
export function useRegion(): [string, (id: string) => void] {
  const [id, setId] = useState(stored);
  const set = useCallback((next: string) => {
    setId(next);
    try {
      localStorage.setItem(REGION_STORAGE_KEY, next);
    } catch {
      // See stored(): nothing more to do.
    }
  }, []);
  return [id, set];
}

export function regionBox(id: string): LonLatBox {
  return (REGIONS.find((r) => r.id === id) ?? REGIONS[0]!).box;
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
