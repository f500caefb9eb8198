import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ENGINES } from '../helpers/engines.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const TEXT =
  'Iranian envoy Zorbo Quillfeather met Syrian officials in Damascus on Monday, the foreign ministry said. Quillfeather later left for Beirut.';
const EDIT = {
  kind: 'person',
  name: 'Zorbo Quillfeather',
  aliases: ['Quillfeather'],
  codes: ['IRNGOV'],
  country: 'IRN',
  roles: [{ title: 'special envoy', code: 'IRNGOV', from: '2019-01-01', to: null }],
};

describe('the actor dictionary, edited by analysts', () => {
  for (const [kind, engine] of ENGINES) {
    it(`is edited, searched and reverted over the API, and analyses use the edits after \`reanalyze\` (${kind})`, async () => {
      assertBuilt();
      const e = await engine();
      const dir = mkdtempSync(join(tmpdir(), 'wf-dict-'));
      const file = join(dir, 'a.json');
      writeFileSync(
        file,
        JSON.stringify({
          url: 'https://news.example/zorbo',
          title: 'Envoy visits',
          publishedAt: '2020-07-06T00:00:00Z',
          text: TEXT,
        }),
      );
      expect((await runCli(['ingest', file, ...e.cli.args], e.cli.env)).code).toBe(0);

      let store = await e.open();
      let changed = 0;
      let app = createApp(store, { webRoot: dir, onDictionaryChange: () => changed++ });
      const csrf = ((await (await app.request('/api/session')).json()) as { csrf: string }).csrf;
      const send = (method: string, path: string, body?: unknown) =>
        app.request(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const before = (await (await app.request('/api/articles/1/analysis')).json()) as {
        actors: Array<{ actorId: string }>;
      };
      expect(before.actors.some((a) => a.actorId === 'person:zorbo-quillfeather')).toBe(false);

      expect(
        (await send('PUT', '/api/dictionary/actors/person:zorbo-quillfeather', { ...EDIT, codes: ['lower'] }))
          .status,
      ).toBe(400);
      const put = await send('PUT', '/api/dictionary/actors/person:zorbo-quillfeather', EDIT);
      expect(put.status).toBe(200);
      expect(changed).toBe(1);
      const found = (await (await app.request('/api/dictionary/actors?q=quillfeather')).json()) as {
        items: Array<{ id: string }>;
      };
      expect(found.items[0]?.id).toBe('person:zorbo-quillfeather');
      const shippedEdit = await send('PUT', '/api/dictionary/actors/country:IRN', {
        kind: 'country',
        name: 'Iran',
        aliases: ['Islamic Republic of Iran', 'Persia'],
        codes: ['IRN'],
        country: 'IRN',
      });
      expect(shippedEdit.status).toBe(200);
      const iran = (await (await app.request('/api/dictionary/actors/country:IRN')).json()) as {
        actor: { aliases: string[]; demonyms: string[] };
        edited: boolean;
      };
      expect(iran.edited).toBe(true);
      expect(iran.actor.aliases).toContain('Persia');
      expect(iran.actor.demonyms).toContain('Iranian');
      expect((await send('DELETE', '/api/dictionary/actors/country:IRN')).status).toBe(200);
      expect(
        ((await (await app.request('/api/dictionary/actors/country:IRN')).json()) as { edited: boolean })
          .edited,
      ).toBe(false);
      expect((await send('DELETE', '/api/dictionary/actors/country:IRN')).status).toBe(404);
      await store.close();

      // The edit makes the stored analysis stale; reanalyze redoes it with the edited dictionary.
      const status = await runCli(['status', ...e.cli.args], e.cli.env);
      expect(status.stdout).toContain('1 stale');
      const re = await runCli(['reanalyze', ...e.cli.args, '--json'], e.cli.env);
      expect(re.code, re.stderr).toBe(0);
      store = await e.open();
      app = createApp(store, { webRoot: dir });
      const after = (await (await app.request('/api/articles/1/analysis')).json()) as {
        actors: Array<{ actorId: string; codes: string[] }>;
        actorMentions: Array<{ actor: string }>;
      };
      const zorbo = after.actors.find((a) => a.actorId === 'person:zorbo-quillfeather');
      expect(zorbo?.codes).toEqual(['IRNGOV']);
      await store.close();
      await e.drop();
    }, 120_000);
  }

  it('is a pure input of the analyzer', () => {
    const edited = createAnalyzer(
      loadResources(packageRoot(), {
        actors: [{ ...EDIT, id: 'person:zorbo-quillfeather', kind: 'person', sources: [] }],
      }),
    );
    const shipped = createAnalyzer(loadResources(packageRoot()));
    expect(edited.versions.actors).not.toBe(shipped.versions.actors);
    const a = edited.analyze({ text: TEXT, publishedAt: '2020-07-06' });
    expect(
      a.actors.find((x) => x.actorId === 'person:zorbo-quillfeather')?.mentions.length,
    ).toBeGreaterThanOrEqual(2);
  });
});

describe('the place gazetteer, edited by analysts', () => {
  const GARRISON = {
    name: 'Zarqan Garrison',
    aliases: ['Zarqan base'],
    fclass: 'S',
    fcode: 'MILB',
    cc: 'SY',
    admin1: '',
    lat: 33.49,
    lon: 38.62,
    population: 0,
  };

  it('adds a place over the API, finds it, and reverts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-gaz-'));
    const store = SqliteStore.open(dir);
    let changed = 0;
    const app = createApp(store, { webRoot: dir, onDictionaryChange: () => changed++ });
    const csrf = ((await (await app.request('/api/session')).json()) as { csrf: string }).csrf;
    const send = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect(
      (await send('PUT', '/api/dictionary/places/team:zarqan-garrison', { ...GARRISON, lat: 123 })).status,
    ).toBe(400);
    expect((await send('PUT', '/api/dictionary/places/team:zarqan-garrison', GARRISON)).status).toBe(200);
    expect(changed).toBe(1);
    const found = (await (await app.request('/api/dictionary/places?q=zarqan')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(found.items.map((p) => p.id)).toContain('team:zarqan-garrison');
    const damascus = (await (await app.request('/api/dictionary/places?q=damascus')).json()) as {
      items: Array<{ id: string; cc: string }>;
    };
    expect(damascus.items.map((p) => p.id)).toContain('170654');
    expect((await send('DELETE', '/api/dictionary/places/team:zarqan-garrison')).status).toBe(200);
    expect((await app.request('/api/dictionary/places/team:zarqan-garrison')).status).toBe(404);
    await store.close();
  }, 60_000);

  it('is a pure input of the analyzer: an added place is found and resolved in text', () => {
    const text = 'Drones struck the Zarqan Garrison near the Jordanian border on Monday, a monitor said.';
    const shipped = createAnalyzer(loadResources(packageRoot())).analyze({ text, publishedAt: '2020-07-06' });
    expect(shipped.places.some((p) => p.place?.id === 'team:zarqan-garrison')).toBe(false);
    const edited = createAnalyzer(
      loadResources(packageRoot(), { places: [{ ...GARRISON, id: 'team:zarqan-garrison', iso3: '' }] }),
    );
    const a = edited.analyze({ text, publishedAt: '2020-07-06' });
    const p = a.places.find((x) => x.place?.id === 'team:zarqan-garrison');
    expect(p?.span.text).toContain('Zarqan');
    expect(p?.place).toMatchObject({ lat: 33.49, country: 'SY' });
  });
});
