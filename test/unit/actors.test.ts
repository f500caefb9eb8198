import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { activeRoles, type ActorDictionary } from '../../src/understand/actors/dictionary.js';
import { aliasKey } from '../../src/understand/actors/normalise.js';
import { parseRole } from '../../src/understand/actors/roles.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import type { Analysis } from '../../src/understand/types.js';

const seedText = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);

let dictionary: ActorDictionary;
let analyzer: Analyzer;
beforeAll(() => {
  const resources = loadResources(packageRoot());
  dictionary = resources.actors;
  analyzer = createAnalyzer(resources);
});

const linked = (a: Analysis) =>
  a.actorMentions.map((m) => {
    const actor = a.actors.find((x) => x.id === m.actor);
    return { text: m.span.text, actorId: actor?.actorId, via: m.via, codes: actor?.codes };
  });

describe('alias keys', () => {
  it.each([
    ['Bashar al-Assad', 'bashar assad'],
    ['BASHAR AL ASSAD', 'bashar assad'],
    ['Bashar Assad', 'bashar assad'],
    ['Hizbu’llah', 'hizbullah'],
    ['Mohammad Bāqerī', 'mohammad baqeri'],
    ['Syria’s', 'syria'],
    ['the United Nations', 'united nations'],
    ['بشار الأسد', 'بشار اسد'],
  ])('%s → %s', (input, key) => {
    expect(aliasKey(input)).toBe(key);
  });
});

describe('dictionary', () => {
  it('finds actors under transliterations, scripts and short forms', () => {
    for (const name of ['Hezbollah', 'Hizbollah', 'Hizbullah', 'حزب الله'])
      expect(dictionary.lookup(name).map((a) => a.id)).toContain('org:hezbollah');
    for (const name of ['Bagheri', 'Baqeri', 'Mohammad Bagheri', 'محمد باقری'])
      expect(dictionary.lookup(name).map((a) => a.id)).toContain('person:mohammad-bagheri');
    for (const name of ['Houthis', 'Ansar Allah', 'Ansarallah'])
      expect(dictionary.lookup(name)[0]?.codes).toContain('YEMREBHTH');
    for (const name of ['ISIS', 'ISIL', 'Daesh', 'Islamic State'])
      expect(dictionary.lookup(name)[0]?.codes).toContain('IMGMUSISI');
    expect(dictionary.countryByDemonym('Iranian')?.codes).toEqual(['IRN']);
    expect(dictionary.countryByCapital('Tehran')?.codes).toEqual(['IRN']);
    expect(dictionary.lookup('America').find((a) => a.kind === 'country')?.codes).toEqual(['USA']);
  });

  it('covers the region in depth and every country', () => {
    expect(dictionary.size).toBeGreaterThan(1000);
    expect(dictionary.lookup('Nauru').some((a) => a.kind === 'country')).toBe(true);
  });

  it('knows who held an office on a date', () => {
    const assad = dictionary.get('person:bashar-al-assad')!;
    expect(activeRoles(assad, '2020-07-08').map((r) => r.title)).toEqual(['president']);
    expect(activeRoles(assad, '1999-01-01')).toEqual([]);
    expect(dictionary.holder('SYR', 'defence minister', '2016-05-02')?.name).toBe('Fahd Jassem al-Freij');
    expect(dictionary.holder('SYR', 'defence minister', '2020-07-08')?.name).toBe('Ali Abdullah Ayoub');
    expect(dictionary.holder('IRN', 'president', '2022-03-01')?.name).toBe('Ebrahim Raisi');
    expect(dictionary.holder('IRN', 'foreign minister', '2019-01-01')?.name).toBe('Mohammad Javad Zarif');
    expect(dictionary.holder('IRN', 'army chief of staff', '2020-07-08')?.name).toBe('Mohammad Bagheri');
  });
});

describe('role parsing', () => {
  const role = (sentence: string, name: string) => {
    const words = sentence.split(' ');
    const nameWords = name.split(' ');
    const start = words.findIndex((_, i) => nameWords.every((n, k) => words[i + k] === n));
    return parseRole(words, start, start + nameWords.length, dictionary);
  };
  it('reads rank, role, organisation and country before a name', () => {
    const bagheri = role(
      "Iran 's army chief of staff Maj. Gen. Mohammad Bagheri visited",
      'Mohammad Bagheri',
    );
    expect(bagheri).toMatchObject({ rank: 'Maj. Gen.', organisation: 'army', sector: 'MIL' });
    expect(bagheri?.title).toContain('chief of staff');
    expect(bagheri?.country?.codes).toEqual(['IRN']);
    const ayoub = role("signed by Bagheri and Syria 's Defense Minister Ali Ayoub .", 'Ali Ayoub');
    expect(ayoub).toMatchObject({ title: 'defence minister', sector: 'GOVMIL' });
    expect(ayoub?.country?.codes).toEqual(['SYR']);
    expect(
      role('quoted armed forces Chief of Staff Major General Mohammad Bagheri as', 'Mohammad Bagheri'),
    ).toMatchObject({
      rank: 'Major General',
      organisation: 'armed forces',
      sector: 'MIL',
    });
  });
  it('reads an apposition after the name', () => {
    expect(role("Ali Ayoub , Syria 's defence minister , said", 'Ali Ayoub')).toMatchObject({
      title: 'defence minister',
    });
  });
});

describe('linking the seed article', () => {
  it('links the actors the issue names, with codes for the publication date', () => {
    const a = analyzer.analyze({ text: seedText, publishedAt: '2020-07-08T00:00:00.000Z', language: 'en' });
    const byId = new Map(a.actors.map((x) => [x.actorId, x]));
    expect(byId.get('person:mohammad-bagheri')).toMatchObject({ codes: ['IRNMIL'], discovered: false });
    expect(byId.get('person:mohammad-bagheri')?.role?.title).toContain('chief of staff');
    expect(byId.get('person:ali-abdullah-ayoub')?.role).toMatchObject({
      title: 'defence minister',
      country: 'SYR',
    });
    expect(byId.get('person:bashar-al-assad')?.role?.title).toBe('president');
    expect(byId.get('org:hezbollah')?.codes).toEqual(['LBNREBHZB']);
    for (const c of ['IRN', 'SYR', 'ISR', 'RUS', 'USA']) expect(byId.has(`country:${c}`)).toBe(true);
    const links = linked(a);
    expect(links).toContainEqual(
      expect.objectContaining({ text: 'Moscow', actorId: 'country:RUS', via: 'metonym' }),
    );
    expect(links).toContainEqual(expect.objectContaining({ text: 'America', actorId: 'country:USA' }));
    expect(links).toContainEqual(
      expect.objectContaining({ text: 'Bagheri', actorId: 'person:mohammad-bagheri', via: 'surname' }),
    );
    // "signed in Damascus": a place, not Syria's government.
    expect(links.some((l) => l.text === 'Damascus')).toBe(false);
    const allies = links.filter((l) => l.text === 'the allies').map((l) => l.actorId);
    expect(allies.sort()).toEqual(['country:IRN', 'country:SYR']);
    expect(
      links
        .filter((l) => l.text === 'the two countries')
        .map((l) => l.actorId)
        .sort(),
    ).toEqual(['country:IRN', 'country:SYR']);
    expect(links).toContainEqual(
      expect.objectContaining({ text: 'Iranian forces', codes: ['IRNMIL'], via: 'demonym' }),
    );
  });

  it('resolves a title without a name to the office holder of the article date', () => {
    const text = "Syria's defence minister visited Moscow on Monday.";
    const holder = (date: string) =>
      linked(analyzer.analyze({ text, publishedAt: date })).find((l) => l.via === 'title')?.actorId;
    expect(holder('2016-05-02')).toBe('person:fahd-jassem-al-freij');
    expect(holder('2020-05-02')).toBe('person:ali-abdullah-ayoub');
  });

  it('keeps unknown people as discovered actors with ids from their names, coded by their role', () => {
    const a = analyzer.analyze({
      text: 'Iraqi Defence Minister Jumaa Inad Saadoun met officers in Baghdad. Saadoun said the army was ready.',
      publishedAt: '2020-07-08',
    });
    const person = a.actors.find((x) => x.actorId === 'discovered:person:jumaa-inad-saadoun');
    expect(person).toMatchObject({ discovered: true, country: 'IRQ' });
    expect(person?.codes[0]).toMatch(/^IRQ(GOV)?MIL$/);
    expect(person?.mentions).toHaveLength(2);
  });
});
