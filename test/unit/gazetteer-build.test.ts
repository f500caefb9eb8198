import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcileTowns, type ListedTown } from '../../scripts/gazetteer/cities1000.js';
import { readDump } from '../../scripts/gazetteer/geonames-dump.js';
import { secondLevelDivisions, townBoxCentre } from '../../scripts/gazetteer/second-level.js';

const listed = (name: string, lat: number, lon: number, admin2 = '', country = 'UA'): ListedTown => ({
  name,
  lat: String(lat),
  lng: String(lon),
  country,
  admin1: '10',
  admin2,
});

describe('reconciling the current town list with the known one', () => {
  const known = [
    { id: 1, name: 'Kirovohrad', country: 'UA', lat: 48.5079, lon: 32.2623, population: 230000 },
    { id: 2, name: 'Smila', country: 'UA', lat: 49.2222, lon: 31.8874, population: 68000 },
  ];

  it('keeps a same-named town a few km off as the same town, with its district code', () => {
    const r = reconcileTowns(known, [listed('Smila', 49.25, 31.9, '7123')]);
    expect(r.added).toEqual([]);
    expect(r.admin2Of.get(2)).toBe('UA.10.7123');
    expect(r.renamed.size).toBe(0);
  });

  it('takes another name at the same point as a new name of the town', () => {
    const r = reconcileTowns(known, [listed('Kropyvnytskyi', 48.5079, 32.2625)]);
    expect(r.renamed.get(1)).toEqual(['Kropyvnytskyi']);
    expect(r.added).toEqual([]);
  });

  it('adds a town the known list lacks, and a namesake in another country is not a match', () => {
    const far = listed('Smila', 49.6, 31.9);
    const abroad = listed('Kirovohrad', 48.5079, 32.2623, '', 'MD');
    const r = reconcileTowns(known, [far, abroad]);
    expect(r.added).toEqual([far, abroad]);
  });
});

describe('second-level divisions', () => {
  it('are placed at the middle of their towns and left out when no town is coded into them', () => {
    const towns = [
      listed('A', 36.0, 38.0, '01', 'SY'),
      listed('B', 36.6, 38.4, '01', 'SY'),
      listed('C', 30.0, 30.0, '', 'SY'),
    ];
    const out = secondLevelDivisions(
      [
        { code: 'SY.10.01', name: 'Manbij District' },
        { code: 'SY.10.02', name: 'Jarabulus District' },
      ],
      towns,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ code: 'SY.10.01', name: 'Manbij District', towns: 2 });
    expect(out[0]?.lat).toBeCloseTo(36.3, 5);
    expect(out[0]?.lon).toBeCloseTo(38.2, 5);
  });

  it('ignore a stray outermost town when there are enough of them', () => {
    const lats = [...Array.from({ length: 99 }, (_, i) => 10 + i / 98), 80];
    const [lat] = townBoxCentre(lats, lats);
    expect(lat).toBeLessThan(12);
  });
});

describe('reading a GeoNames dump', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-dump-'));
  const row = (cols: string[]): string => cols.join('\t');
  const good = row([
    '2152274',
    'State of Queensland',
    'State of Queensland',
    'Queensland,QLD',
    '-20',
    '145',
    'A',
    'ADM1',
    'AU',
    '',
    '04',
    '',
    '',
    '',
    '4599581',
    '',
    '337',
    'Australia/Brisbane',
    '2012-01-19',
  ]);

  it('keeps the wanted feature codes with their points and ids', () => {
    const path = join(dir, 'ok.txt');
    writeFileSync(path, `${good}\n${good.replace('ADM1', 'PPL')}\n`);
    const rows = readDump(path, new Set(['ADM1']));
    expect(rows).toEqual([
      expect.objectContaining({
        id: '2152274',
        lat: -20,
        lon: 145,
        fcode: 'ADM1',
        admin1: '04',
        population: 4599581,
      }),
    ]);
    expect(rows[0]?.alternateNames).toEqual(['Queensland', 'QLD']);
  });

  it('fails on a malformed row with the file and line instead of placing it at 0,0', () => {
    const path = join(dir, 'bad.txt');
    writeFileSync(path, `${good}\n${good.replace('\t-20\t', '\tnorth\t')}\n`);
    expect(() => readDump(path, new Set(['ADM1']))).toThrow(/bad\.txt:2: expected a GeoNames row/);
  });
});
