import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { placeKey } from '../src/understand/places/normalise.js';
import {
  PLACES_HEADER,
  formatPlaceRow,
  parsePlaceRow,
  type PlaceRecord,
} from '../src/understand/places/gazetteer-file.js';

/**
 * Arabic and Persian names into the shipped place gazetteer (issue 20). GeoNames' cities list carries no
 * alternate names, so most of the region's towns were known in Latin script only and an Arabic or Persian
 * article could not be placed. Two sources, both shippable:
 *  - scripts/arabic-persian-places.tsv, a table written by the project (format in its header);
 *  - the actor dictionary's Arabic-script aliases of countries (data/actors/actors.jsonl), so a country the
 *    actor linker reads in Arabic or Persian is a place under the same spelling.
 * Runs after scripts/build-place-gazetteer.ts (`npm run build:places` runs both) and only adds aliases and
 * rows, so running it twice changes nothing.
 */

const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const gazetteerPath = join(repo, 'data', 'places', 'places.tsv.gz');
const tablePath = join(repo, 'scripts', 'arabic-persian-places.tsv');
const actorsPath = join(repo, 'data', 'actors', 'actors.jsonl');

const ARABIC_SCRIPT = /[\u0600-\u06ff]/;

const lines = gunzipSync(readFileSync(gazetteerPath)).toString('utf8').split('\n');
if (lines[0] !== PLACES_HEADER) throw new Error(`${gazetteerPath}: unexpected header`);
const records: PlaceRecord[] = [];
for (let i = 1; i < lines.length; i++) {
  const line = lines[i];
  if (line) records.push(parsePlaceRow(line, i + 1));
}
const byId = new Map(records.map((r) => [r.id, r]));
const byIso3 = new Map(records.filter((r) => r.fcode === 'PCLI' && r.iso3).map((r) => [r.iso3, r]));

const errors: string[] = [];
let added = 0;
let newRows = 0;
const addAliases = (r: PlaceRecord, names: readonly string[]): void => {
  const had = new Set([r.name, ...r.aliases].map(placeKey));
  for (const n of names) {
    const key = placeKey(n);
    if (!key || had.has(key)) continue;
    had.add(key);
    r.aliases.push(n);
    added++;
  }
};

readFileSync(tablePath, 'utf8')
  .split('\n')
  .forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const where = `${tablePath}:${i + 1}`;
    const [id, name, cc, feature, lat, lon, arabic, persian] = line.split('\t');
    if (!id || !name || cc === undefined || !feature || arabic === undefined || persian === undefined) {
      errors.push(`${where}: expected id, name, cc, feature, lat, lon, arabic, persian`);
      return;
    }
    const names = [...arabic.split('|'), ...persian.split('|')].map((n) => n.trim()).filter(Boolean);
    const latin = names.find((n) => !ARABIC_SCRIPT.test(n));
    if (latin) errors.push(`${where}: "${latin}" is not in Arabic script`);
    const known = byId.get(id);
    if (lat || lon) {
      // A new feature: a wf: id the gazetteer does not have yet, or this script's own row of a former run.
      const [fclass, fcode] = feature.split('.');
      if (
        !id.startsWith('wf:') ||
        !fclass ||
        !fcode ||
        !Number.isFinite(Number(lat)) ||
        !Number.isFinite(Number(lon))
      ) {
        errors.push(`${where}: a new row needs a wf: id, fclass.fcode, lat and lon`);
        return;
      }
      if (known && known.name !== name) {
        errors.push(`${where}: ${id} is already "${known.name}" in the gazetteer`);
        return;
      }
      if (!known) {
        const r: PlaceRecord = {
          id,
          name,
          fclass,
          fcode,
          cc,
          admin1: '',
          lat: Number(lat),
          lon: Number(lon),
          population: 0,
          aliases: [],
          iso3: '',
          keys: [],
        };
        records.push(r);
        byId.set(id, r);
        newRows++;
      }
      addAliases(byId.get(id) as PlaceRecord, names);
      return;
    }
    if (!known) {
      errors.push(`${where}: no gazetteer entry ${id} (${name})`);
      return;
    }
    if (known.name !== name || known.cc !== cc || known.fcode !== feature) {
      errors.push(
        `${where}: ${id} is "${known.name}" ${known.cc} ${known.fcode}, not "${name}" ${cc} ${feature}`,
      );
      return;
    }
    addAliases(known, names);
  });

// Countries: the actor dictionary's Arabic and Persian names ("ایالات متحده", "روسیه"), by ISO alpha-3.
let countryAliases = 0;
for (const line of readFileSync(actorsPath, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const a = JSON.parse(line) as { kind: string; country?: string; name: string; aliases?: string[] };
  if (a.kind !== 'country' || !a.country) continue;
  const r = byIso3.get(a.country);
  if (!r) continue;
  const before = added;
  addAliases(
    r,
    (a.aliases ?? []).filter((n) => ARABIC_SCRIPT.test(n)),
  );
  countryAliases += added - before;
}

if (errors.length) {
  process.stderr.write(`${errors.join('\n')}\n`);
  process.exit(1);
}
for (const r of records) r.keys = [r.name, ...r.aliases].map(placeKey);
const body = [PLACES_HEADER, ...records.map(formatPlaceRow)].join('\n') + '\n';
writeFileSync(gazetteerPath, gzipSync(body, { level: 9 }));
process.stdout.write(
  `Wrote ${gazetteerPath}: ${added} Arabic-script names added (${countryAliases} from the actor dictionary's countries), ${newRows} new places, ${records.length} places in all\n`,
);
