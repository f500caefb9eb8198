import type { ResolvedPlace } from './types.js';

/**
 * The shipped gazetteer's row format (data/places/places.tsv.gz), shared by the build script and the
 * loader so the two cannot drift apart.
 */
export interface PlaceRecord {
  /** GeoNames id as digits, or a prefixed id for places GeoNames' shipped subset lacks (`wf:`, `us-county:`). */
  id: string;
  name: string;
  /** GeoNames feature class: A area, P populated place, H water, T terrain, L region, S spot. */
  fclass: string;
  /** GeoNames feature code: PCLI, ADM1, ADM2, PPLC, PPLA, PPL, STRT… */
  fcode: string;
  /** ISO 3166-1 alpha-2; empty for features across borders (seas, rivers, regions). */
  cc: string;
  /** GeoNames admin-1 code within the country ("09" for Aleppo, "KY" for Kentucky). */
  admin1: string;
  lat: number;
  lon: number;
  population: number;
  aliases: string[];
  /** ISO 3166-1 alpha-3, for countries only: actors carry alpha-3 codes and lend their country as context. */
  iso3: string;
  /** placeKey of the name and of each alias, computed at build time so loading is only splitting. */
  keys: string[];
}

export const PLACES_HEADER = 'id\tname\tfclass\tfcode\tcc\tadmin1\tlat\tlon\tpopulation\taliases\tiso3\tkeys';

const clean = (s: string): string => s.replace(/[\t\n|]/g, ' ');

export function formatPlaceRow(r: PlaceRecord): string {
  return [
    r.id,
    clean(r.name),
    r.fclass,
    r.fcode,
    r.cc,
    r.admin1,
    r.lat,
    r.lon,
    r.population,
    r.aliases.map(clean).join('|'),
    r.iso3,
    r.keys.join('|'),
  ].join('\t');
}

/** A gazetteer entry as extraction results carry it. */
export function toResolvedPlace(
  p: Pick<PlaceRecord, 'id' | 'name' | 'lat' | 'lon' | 'cc' | 'admin1' | 'fclass' | 'fcode'>,
): ResolvedPlace {
  return {
    id: p.id,
    geonameId: /^\d+$/.test(p.id) ? Number(p.id) : null,
    name: p.name,
    lat: p.lat,
    lon: p.lon,
    country: p.cc || null,
    admin1: p.admin1 || null,
    featureClass: p.fclass,
    featureCode: p.fcode,
  };
}

export class GazetteerFormatError extends Error {}

export function parsePlaceRow(line: string, lineNo: number): PlaceRecord {
  const c = line.split('\t');
  const lat = Number(c[6]);
  const lon = Number(c[7]);
  if (c.length !== 12 || !c[0] || !c[1] || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    throw new GazetteerFormatError(`line ${lineNo}: expected 12 tab-separated columns (${PLACES_HEADER})`);
  }
  return {
    id: c[0],
    name: c[1],
    fclass: c[2] ?? '',
    fcode: c[3] ?? '',
    cc: c[4] ?? '',
    admin1: c[5] ?? '',
    lat,
    lon,
    population: Number(c[8]) || 0,
    aliases: c[9] ? c[9].split('|') : [],
    iso3: c[10] ?? '',
    keys: c[11] ? c[11].split('|') : [],
  };
}
