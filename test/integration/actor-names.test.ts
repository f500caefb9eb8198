import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createApp } from '../../src/serve/server.js';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import { openTeam } from '../../src/store/team/team.js';
import type { Store } from '../../src/store/types.js';
import { ENGINES, type Engine } from '../helpers/engines.js';
import { actorTerms, rewriteActorNames } from '../../src/serve/actor-names.js';
import { ActorDirectory } from '../../src/serve/actor-directory.js';
import { shippedActors } from '../../src/serve/actor-info.js';

// Issue 18, actors you can find: `actor:Hezbollah` (a name or alias, any script, any case) finds what the
// actor's code finds, on both engines; an unknown or ambiguous name is a 400 naming candidates; actors can
// be searched and browsed; a country's page counts what /timeline?actor=IRN counts, and sectors have pages.

const DOCS: Array<[string, string, string]> = [
  [
    'https://news.example/iran-syria',
    '2020-07-08T00:00:00.000Z',
    readFileSync(join(packageRoot(), 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'), 'utf8'),
  ],
  [
    'https://wire.example/hezbollah',
    '2020-07-27T00:00:00.000Z',
    'Hezbollah fighters attacked an Israeli army post near the border on Monday, the Israeli military said.\n\n' +
      'Israel shelled villages in southern Lebanon after the attack.',
  ],
];

const token = randomToken('wf_');
const auth = { authorization: `Bearer ${token}` };

describe.each(ENGINES)('actor names in queries and filters (%s)', (_kind, make) => {
  let engine: Engine;
  let store: Store;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    const analyzer = createAnalyzer(loadResources(packageRoot()));
    for (const [url, publishedAt, text] of DOCS) {
      const input = toArticleInput(
        {
          url,
          canonicalUrl: null,
          title: url,
          byline: null,
          siteName: null,
          language: 'en',
          publishedAt,
          publishedAtSource: 'meta',
          text,
          excerpt: null,
        },
        'url',
      );
      input.analysis = analyzer.analyze({ text, publishedAt, language: 'en' });
      await store.saveArticle(input);
    }
    const team = await openTeam(store);
    const admin = await team.accounts.createUser(
      { username: 'desk', role: 'admin', passwordHash: await hashPassword('a long passphrase') },
      { userId: null, name: 'test' },
    );
    await team.accounts.createToken(
      { userId: admin.id, name: 't', tokenHash: sha256(token), role: 'admin' },
      { userId: null, name: 'test' },
    );
    app = createApp(store);
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await engine.drop();
  });

  async function get(path: string, status = 200): Promise<Record<string, unknown>> {
    const res = await app.request(path, { headers: auth });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(status);
    return body;
  }
  const search = async (q: string) =>
    ((await get(`/api/search?q=${encodeURIComponent(q)}`)).hits as Array<{ url: string }>).map((h) => h.url);

  it('resolves names and aliases in any script and case to the actor’s code', async () => {
    const byCode = await search('actor:LBNREBHZB');
    expect(byCode).toContain('https://wire.example/hezbollah');
    for (const q of ['actor:Hezbollah', 'actor:hezbollah', 'actor:Hizbollah', 'actor:"حزب الله"'])
      expect(await search(q), q).toEqual(byCode);
    // Inside the language: with other terms, negated, in parentheses; a phrase mentioning it is left alone.
    expect(await search('(actor:Hezbollah OR actor:Syria) -actor:Hezbollah')).toEqual(
      await search('actor:SYR -actor:LBNREBHZB'),
    );
    // Codes and ids keep working as they did.
    expect(await search('actor:irn')).toEqual(await search('actor:Iran'));
    expect((await search('actor:Iran')).length).toBeGreaterThan(0);
  });

  it('resolves ?actor= on the event routes the same way', async () => {
    const byCode = (await get('/api/events?actor=LBNREBHZB')).total as number;
    expect(byCode).toBeGreaterThan(0);
    expect((await get('/api/events?actor=Hezbollah')).total).toBe(byCode);
    expect((await get(`/api/timeline?q=${encodeURIComponent('actor:Hezbollah')}`)).points).toEqual(
      (await get('/api/timeline?q=actor:LBNREBHZB')).points,
    );
  });

  it('answers an unknown or ambiguous name with a 400 listing candidates', async () => {
    const unknown = await get(`/api/search?q=${encodeURIComponent('israel actor:Hezbolah')}`, 400);
    expect(unknown).toMatchObject({ error: 'bad_query', position: 13 });
    expect(unknown.message).toMatch(/No actor is called "Hezbolah". Did you mean Hezbollah/);
    expect((unknown.candidates as Array<{ id: string }>)[0]?.id).toBe('org:hezbollah');
    const filter = await get('/api/events?actor=Nobody%20At%20All', 400);
    expect(filter).toMatchObject({ error: 'bad_request', details: [{ parameter: 'actor' }] });

    // An analyst's edit counts at once: a new group also called "Party of God" makes the alias ambiguous,
    // and the new group's own name resolves to its code.
    const put = await app.request('/api/dictionary/actors/org:party-of-god-test', {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'group',
        name: 'Hizb Allah Movement',
        aliases: ['Party of God'],
        codes: ['LBNREBPGX'],
        country: 'LBN',
      }),
    });
    expect(put.status).toBe(200);
    const ambiguous = await get(`/api/search?q=${encodeURIComponent('actor:"Party of God"')}`, 400);
    expect(ambiguous.message).toMatch(/names 2 actors/);
    expect((ambiguous.candidates as Array<{ id: string }>).map((c) => c.id).sort()).toEqual([
      'org:hezbollah',
      'org:party-of-god-test',
    ]);
    expect(await search('actor:"Hizb Allah Movement"')).toEqual([]);
  });

  it('keeps a watchlist’s actor names as the codes they resolve to, for the sweeps that read no dictionary', async () => {
    const save = (query: string) =>
      app.request('/api/watchlists', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `w ${query}`, query }),
      });
    const ok = await save('actor:Hezbollah israel');
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { watchlist: { query: string } }).watchlist.query).toBe(
      'actor:LBNREBHZB israel',
    );
    const bad = await save('actor:Hezbolah');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_query', position: 6 });
  });

  it('searches and browses actors by name, alias, code, country and sector, with counts', async () => {
    const found = (await get('/api/actors?q=hizbollah')).items as Array<Record<string, unknown>>;
    expect(found[0]).toMatchObject({ id: 'org:hezbollah', term: 'LBNREBHZB', country: 'LBN' });
    expect(found[0]?.articles).toBe((await search('actor:LBNREBHZB')).length);
    expect(found[0]?.events).toBeGreaterThan(0);
    const arabic = (await get(`/api/actors?q=${encodeURIComponent('حزب الله')}`)).items as Array<{
      id: string;
    }>;
    expect(arabic[0]?.id).toBe('org:hezbollah');
    const military = (await get('/api/actors?country=IRN&sector=MIL&limit=100')).items as Array<{
      id: string;
      codes: string[];
    }>;
    expect(military.map((a) => a.id)).toContain('person:mohammad-bagheri');
    for (const a of military) expect(a.codes.some((c) => c.startsWith('IRNMIL'))).toBe(true);
    await get('/api/actors?country=Iran', 400);
  });

  it('rolls a country up over its sectors, as the timeline does, and gives sectors pages', async () => {
    const iran = await get('/api/actors/country:IRN');
    const points = (await get('/api/timeline?actor=IRN&bucket=year')).points as Array<{ count: number }>;
    const undated = (await get('/api/events?actor=IRN&limit=1')).total as number;
    const rollup = iran.rollup as {
      code: string;
      events: number;
      articles: number;
      sectors: Array<{ id: string; events: number }>;
    };
    expect(rollup.code).toBe('IRN');
    expect(rollup.events).toBe(undated);
    // "N events in M articles": the articles those events are in, not every article naming an IRN actor.
    expect(rollup.articles).toBeGreaterThan(0);
    expect(rollup.articles).toBeLessThanOrEqual(rollup.events);
    expect(points.reduce((n, p) => n + p.count, 0)).toBeLessThanOrEqual(rollup.events);
    // More than the events of the country's own entry: its military's count too (the 3 against 7).
    expect(rollup.events).toBeGreaterThan(
      (await get('/api/events?actor=country:IRN&limit=1')).total as number,
    );
    const mil = rollup.sectors.find((s) => s.id === 'sector:IRNMIL');
    expect(mil?.events).toBeGreaterThan(0);
    const sector = await get('/api/actors/sector:IRNMIL');
    expect(sector).toMatchObject({ actorId: 'sector:IRNMIL', rollup: { code: 'IRNMIL' } });
    expect((sector.rollup as { events: number }).events).toBe(mil?.events);
    // The one-read rollup counts each sector as the event list filtered by its code does.
    for (const s of rollup.sectors)
      expect(s.events).toBe((await get(`/api/events?actor=${s.id.slice(7)}&limit=1`)).total as number);
    await get('/api/actors/sector:ZZZMIL', 404);
  });
});

describe('the actor-name rewrite', () => {
  const directory = new ActorDirectory(shippedActors().values());
  it('reads actor: terms as the parser does, leaving phrases and other fields alone', () => {
    expect(actorTerms('a "actor:Iran x" actor:Iran -actor:"Bashar al-Assad" (actor:IRN)')).toEqual([
      { start: 17, end: 27, valueAt: 23, value: 'Iran' },
      { start: 29, end: 52, valueAt: 35, value: 'Bashar al-Assad' },
      { start: 54, end: 63, valueAt: 60, value: 'IRN' },
    ]);
    // An unclosed quote stops the scan; the parser reports it.
    expect(actorTerms('actor:Iran "open actor:Iran')).toHaveLength(1);
  });
  it('replaces names by codes or ids, keeps codes and ids, and prefers the likeliest of shared names', () => {
    expect(
      rewriteActorNames(
        directory,
        'strikes -actor:"Bashar al-Assad" (actor:Iraq OR actor:irnmil) actor:"country:IRN"',
      ),
    ).toBe('strikes -actor:"person:bashar-al-assad" (actor:IRQ OR actor:irnmil) actor:"country:IRN"');
  });
});
