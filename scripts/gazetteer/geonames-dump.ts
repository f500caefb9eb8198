import { readFileSync } from 'node:fs';

/** One row of a GeoNames country dump (the `geoname` table), the columns this build reads. */
export interface DumpRow {
  id: string;
  name: string;
  alternateNames: string[];
  lat: number;
  lon: number;
  fclass: string;
  fcode: string;
  cc: string;
  admin1: string;
  admin2: string;
  population: number;
}

/**
 * Rows of a GeoNames per-country dump (tab-separated, 19 columns) with the wanted feature codes. A row
 * with too few columns or an unreadable point fails the build with its line, rather than shipping a place
 * at 0,0.
 */
export function readDump(path: string, fcodes: ReadonlySet<string>): DumpRow[] {
  const out: DumpRow[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line) return;
      const c = line.split('\t');
      if (!fcodes.has(c[7] ?? '')) return;
      const lat = Number(c[4]);
      const lon = Number(c[5]);
      if (c.length < 15 || !c[0] || !c[1] || !Number.isFinite(lat) || !Number.isFinite(lon)) {
        throw new Error(`${path}:${i + 1}: expected a GeoNames row (19 tab-separated columns)`);
      }
      out.push({
        id: c[0],
        name: c[1],
        alternateNames: c[3] ? c[3].split(',') : [],
        lat,
        lon,
        fclass: c[6] ?? '',
        fcode: c[7] ?? '',
        cc: c[8] ?? '',
        admin1: c[10] ?? '',
        admin2: c[11] ?? '',
        population: Number(c[14]) || 0,
      });
    });
  return out;
}
