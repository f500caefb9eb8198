import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCountries, derivesFrom } from '../../scripts/build-actor-dictionary.js';
import { ActorDictionary } from '../../src/understand/actors/dictionary.js';
import type { DictionaryActor } from '../../src/understand/actors/types.js';

// The shipped actor dictionary (data/actors/actors.jsonl) audited for names that belong to another country:
// "Burmese troops" must never be coded as Mozambique. The same audit stops `npm run build:actors`.

const root = join(import.meta.dirname, '..', '..');
const shipped = readFileSync(join(root, 'data', 'actors', 'actors.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DictionaryActor);
const dictionary = ActorDictionary.fromFiles(
  readFileSync(join(root, 'data', 'actors', 'actors.jsonl'), 'utf8'),
  readFileSync(join(root, 'data', 'actors', 'agents.tsv'), 'utf8'),
);

function country(iso: string, name: string, extra: Partial<DictionaryActor> = {}): DictionaryActor {
  return {
    id: `country:${iso}`,
    kind: 'country',
    name,
    aliases: [],
    codes: [iso],
    country: iso,
    roles: [],
    demonyms: [],
    capitals: [],
    sources: ['test'],
    ...extra,
  };
}

describe('country audit', () => {
  it('finds the names a country holds that belong to another', () => {
    const conflicts = auditCountries([
      country('MOZ', 'Mozambique', {
        aliases: ['Republic of Mozambique', 'Myanmar'],
        demonyms: ['Mozambican', 'Myanmarese', 'Burmese'],
      }),
      country('MMR', 'Myanmar', { aliases: ['Burma'], demonyms: ['Burmese'], capitals: ['Naypyidaw'] }),
      country('MNE', 'Montenegro', { demonyms: ['Montenegrin', 'Serbian'] }),
      country('SRB', 'Serbia', { demonyms: ['Serbian'], capitals: ['Belgrade'] }),
      country('XXX', 'Testland', { aliases: ['Belgrade'], demonyms: ['Testlander'] }),
    ]);
    const keys = conflicts.map((c) => `${c.kind}:${c.key}`);
    expect(keys).toContain('shared:myanmar');
    expect(keys).toContain('shared:burmese');
    expect(keys).toContain('shared:serbian');
    expect(keys).toContain('shared:belgrade');
    expect(keys).toContain('foreign-name:myanmarese');
    expect(keys).not.toContain('foreign-name:mozambican');
    expect(conflicts.find((c) => c.key === 'myanmarese')?.claims.map((c) => c.country)).toEqual([
      'MOZ',
      'MMR',
    ]);
  });

  it('tells a form of a country name from a word inside a longer one', () => {
    expect(derivesFrom('Serbian', 'Serbia')).toBe(true);
    expect(derivesFrom('Myanmarese', 'Myanmar')).toBe(true);
    expect(derivesFrom('Dominican', 'Dominican Republic')).toBe(true);
    expect(derivesFrom('British', 'British Indian Ocean Territory')).toBe(false);
    expect(derivesFrom('Indian', 'British Indian Ocean Territory')).toBe(false);
    expect(derivesFrom('Serbian', 'Montenegro')).toBe(false);
    expect(derivesFrom('Iraqi', 'Iran')).toBe(false);
  });

  it('the shipped dictionary has no name claimed by two countries or held by the wrong one', () => {
    const conflicts = auditCountries(shipped).map(
      (c) => `${c.kind} ${c.key}: ${c.claims.map((x) => `${x.country} ${x.field}`).join(', ')}`,
    );
    expect(conflicts).toEqual([]);
  });

  it('Myanmar, Burma and Serbian go to their own countries', () => {
    for (const word of ['Burmese', 'Myanmarese', 'Burma', 'Birma']) {
      expect(dictionary.countryByDemonym(word)?.country).toBe('MMR');
    }
    expect(dictionary.lookup('Myanmar').map((a) => a.id)).toEqual(['country:MMR']);
    expect(dictionary.countryByDemonym('Serbian')?.country).toBe('SRB');
    expect(dictionary.countryByDemonym('Mozambican')?.country).toBe('MOZ');
    const moz = shipped.find((a) => a.id === 'country:MOZ');
    expect(
      [...(moz?.aliases ?? []), ...(moz?.demonyms ?? [])].filter((n) => /b[iu]rm|m[iy]a/i.test(n)),
    ).toEqual([]);
  });
});

describe('codes carry their country', () => {
  it('every code of a national actor starts with a country code, never a bare role', () => {
    const bare = shipped
      .filter((a) => a.kind !== 'igo' && a.country)
      .flatMap((a) => [...a.codes, ...a.roles.map((r) => r.code)].map((c) => ({ id: a.id, c })))
      .filter(({ c }) => /^(GOV|MIL|LEG|JUD|ELI|COP|SPY|OPP|REB|BUS|MED)/.test(c));
    expect(bare).toEqual([]);
  });

  it('heads of state outside the core region are people of their country', () => {
    const byName = (n: string): DictionaryActor | undefined =>
      dictionary.lookup(n).find((a) => a.kind === 'person');
    expect(byName('Laurent Gbagbo')?.country).toBe('CIV');
    expect(byName('Paul Kagame')?.country).toBe('RWA');
    expect(byName('Andreas Papandreou')?.codes).toContain('GRCGOV');
  });

  it('"US Congress" is the United States Congress, a USA legislature', () => {
    const congress = dictionary.lookup('US Congress').find((a) => a.kind === 'organisation');
    expect(congress?.country).toBe('USA');
    expect(congress?.codes).toContain('USAGOVLEG');
  });
});
