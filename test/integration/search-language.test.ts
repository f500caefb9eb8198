import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';
import { QueryError } from '../../src/store/query/parse.js';

// The search language over real analyses: fields reach the actor, place and event tables written with
// each analysis, facets count the whole result set, and the API answers a malformed query with its place.

const SEED = readFileSync(
  join(packageRoot(), 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);
const FLOODS =
  'Floodwaters swept through Dhaka overnight, forcing thousands of residents to leave their homes.\n\n' +
  'The government of Bangladesh asked the army to help with the evacuation on Tuesday.';
const TURKEY =
  'Turkish jets bombed Kurdish militant positions in northern Iraq on Monday, the Turkish military said.\n\n' +
  'The strikes near Erbil followed an attack on a border post.';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
const ids: Record<string, number> = {};

beforeAll(async () => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-search-')));
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  const docs: Array<[string, string, string, string]> = [
    ['seed', SEED, 'https://news.example/iran-syria', '2020-07-08T00:00:00.000Z'],
    ['floods', FLOODS, 'https://other.example/floods', '2021-03-02T00:00:00.000Z'],
    ['turkey', TURKEY, 'https://wire.example/turkey-iraq', '2020-08-03T00:00:00.000Z'],
  ];
  for (const [name, text, url, publishedAt] of docs) {
    const input = toArticleInput(
      {
        url,
        canonicalUrl: null,
        title: name,
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
    ids[name] = (await store.saveArticle(input)).articleId;
  }
  app = createApp(store);
});
afterAll(async () => store.close());

const found = async (q: string): Promise<number[]> => (await store.search(q)).hits.map((h) => h.id).sort();

describe('search language on analysed articles', () => {
  it('finds by actor code, person, event type, place, country, source, dates and language', async () => {
    expect(await found('actor:IRN')).toEqual([ids.seed]);
    expect(await found('actor:TUR')).toEqual([ids.turkey]);
    expect(await found('person:"Mohammad Bagheri"')).toEqual([ids.seed]);
    expect(await found('type:ASSAULT')).toEqual([ids.seed, ids.turkey].sort());
    expect(await found('type:AGREE -type:ASSAULT')).toEqual([]);
    expect(await found('place:Damascus')).toEqual([ids.seed]);
    expect(await found('country:BD')).toEqual([ids.floods]);
    expect(await found('source:wire.example')).toEqual([ids.turkey]);
    expect(await found('type:ASSAULT from:2020-08-01 to:2020-12-31')).toEqual([ids.turkey]);
    expect(await found('lang:en to:2020-07-08')).toEqual([ids.seed]);
  });

  it('combines text and fields with OR, NOT and parentheses, ranking text matches', async () => {
    expect(await found('army OR strikes')).toEqual([ids.seed, ids.floods, ids.turkey].sort());
    expect(await found('(army OR strikes) NOT country:IQ')).toEqual([ids.seed, ids.floods].sort());
    const ranked = await store.search('strikes place:Erbil');
    expect(ranked.hits.map((h) => h.id)).toEqual([ids.turkey]);
    expect(ranked.hits[0]?.snippet).toContain('<mark>');
  });

  it('counts facets over the whole result set', async () => {
    const r = await store.search('lang:en', { facets: true, limit: 1 });
    expect(r.total).toBe(3);
    expect(r.hits).toHaveLength(1);
    expect(r.facets?.source.map((f) => f.value).sort()).toEqual([
      'news.example',
      'other.example',
      'wire.example',
    ]);
    expect(r.facets?.type.find((f) => f.value === 'ASSAULT')?.count).toBe(2);
    expect(r.facets?.actor.find((f) => f.value === 'country:IRN')?.count).toBe(1);
    expect(r.facets?.place.find((f) => f.label === 'Damascus')?.count).toBe(1);
    expect(r.facets?.date.map((f) => f.value)).toEqual(['2020-07', '2020-08', '2021-03']);
  });

  it('answers a malformed query with the position and the reason, in the API and in the page', async () => {
    await expect(store.search('type:BOMB')).rejects.toBeInstanceOf(QueryError);
    const api = await app.request('/api/search?q=' + encodeURIComponent('iran (syria'));
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: 'bad_query', position: 5 });
    const page = await app.request('/?q=' + encodeURIComponent('colour:red'));
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('Unknown field');
    expect(html).toContain('id="query-error"');
    const facets = await app.request('/api/search?facets=1&q=' + encodeURIComponent('type:ASSAULT'));
    expect(((await facets.json()) as { facets: { type: unknown[] } }).facets.type.length).toBeGreaterThan(0);
  });
});
