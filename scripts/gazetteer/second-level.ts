import type { ListedTown } from './cities1000.js';

export interface SecondLevelDivision {
  /** GeoNames' admin-2 code, `CC.A1.A2`. */
  code: string;
  name: string;
  lat: number;
  lon: number;
  towns: number;
}

/**
 * Centre of the box holding a division's towns, the outermost 2% on each side left out: GeoNames puts an
 * area's point near its middle, not where people live (the same rule the build uses for first-level
 * divisions without a polygon).
 */
export function townBoxCentre(lats: readonly number[], lons: readonly number[]): [number, number] {
  const mid = (xs: readonly number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
    return (at(0.02) + at(0.98)) / 2;
  };
  return [mid(lats), mid(lons)];
}

/**
 * Second-level divisions (districts, counties, shahrestans, cazas) from GeoNames' admin-2 names, placed by
 * the towns GeoNames codes into them. GeoNames' admin-2 list carries no points; a division none of whose
 * towns is coded (most of Syria's, for one) is left out rather than guessed.
 */
export function secondLevelDivisions(
  names: readonly { code: string; name: string }[],
  towns: readonly ListedTown[],
): SecondLevelDivision[] {
  const byCode = new Map<string, { lat: number[]; lon: number[] }>();
  for (const t of towns) {
    if (!t.admin2) continue;
    const code = `${t.country}.${t.admin1}.${t.admin2}`;
    const acc = byCode.get(code) ?? { lat: [], lon: [] };
    acc.lat.push(Number(t.lat));
    acc.lon.push(Number(t.lng));
    byCode.set(code, acc);
  }
  const out: SecondLevelDivision[] = [];
  for (const n of names) {
    const at = byCode.get(n.code);
    if (!at) continue;
    const [lat, lon] = townBoxCentre(at.lat, at.lon);
    out.push({ code: n.code, name: n.name, lat, lon, towns: at.lat.length });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}
