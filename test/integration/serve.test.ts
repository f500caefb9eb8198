import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { article } from '../store/contract.js';
import { packageRoot } from '../../src/config/config.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';

describe('HTTP app', () => {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-serve-')));
  const app = createApp(store);
  let id = 0;

  beforeAll(async () => {
    id = (await store.saveArticle(toArticleInput(article(), 'url'))).articleId;
    await store.saveArticle(
      toArticleInput(
        article({
          url: 'https://evil.example/x',
          title: '<img src=x onerror=alert(1)>',
          text: 'Hostile <script>alert("x")</script> text about a water treaty between the neighbours, discussed at length by ministers and envoys.',
        }),
        'url',
      ),
    );
  });

  it('serves the web app shell for page routes, with a script policy of our own origin only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wf-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(
      join(root, 'index.html'),
      '<!doctype html><div id="root"></div><script src="/assets/app-1.js"></script>',
    );
    writeFileSync(join(root, 'assets', 'app-1.js'), 'console.log(1)');
    const web = createApp(store, { webRoot: root });
    for (const path of [
      '/',
      '/events',
      '/map',
      '/timeline',
      '/graph',
      '/status',
      `/articles/${id}`,
      '/actors/country%3AIRN',
      '/places/170654',
      '/stories/1',
    ]) {
      const res = await web.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
    const home = await web.request('/');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const unknown = await web.request('/no/such/page');
    expect(unknown.status).toBe(404);
    const asset = await web.request('/assets/app-1.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await web.request('/assets/nope.js')).status).toBe(404);
    expect((await web.request('/assets/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await web.request('/assets/../index.html')).status).not.toBe(500);
  });

  it('says how to build the web app when it is missing, and the API still works', async () => {
    const web = createApp(store, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) });
    const res = await web.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
    expect((await web.request('/api/status')).status).toBe(200);
  });

  it('hands article text, hostile markup included, to the app as JSON data, never as page HTML', async () => {
    const hostile = (await (await app.request(`/api/articles/${id + 1}`)).json()) as {
      title: string;
      text: string;
    };
    expect(hostile.title).toBe('<img src=x onerror=alert(1)>');
    expect(hostile.text).toContain('<script>alert("x")</script>');
    const search = (await (await app.request('/api/search?q=air+defense')).json()) as {
      hits: Array<{ snippet: string }>;
    };
    expect(search.hits[0]?.snippet).toContain('<mark>air</mark>');
    const treaty = (await (await app.request('/api/search?q=treaty')).json()) as {
      hits: Array<{ snippet: string }>;
    };
    expect(treaty.hits[0]?.snippet).not.toContain('<script>');
    expect(treaty.hits[0]?.snippet).toContain('&lt;script&gt;');
  });

  it('serves the JSON API and clear 4xx errors', async () => {
    const r = await app.request('/api/search?q=treaty');
    expect(r.status).toBe(200);
    expect((await r.json()).total).toBe(1);
    expect((await app.request('/api/search')).status).toBe(400);
    expect((await (await app.request(`/api/articles/${id}`)).json()).title).toBe(
      'Iran to bolster Syria air defenses',
    );
    expect((await app.request('/api/articles/99999')).status).toBe(404);
    expect((await app.request('/api/nope')).status).toBe(404);
    expect((await (await app.request('/api/articles?limit=1')).json()).items).toHaveLength(1);
    expect((await (await app.request('/api/status')).json()).articles).toBe(2);
    expect((await app.request('/api/stories/1')).status).toBe(200);
  });
  it('serves the analysis of an analysed article as JSON, and says when there is none', async () => {
    const analyzer = createAnalyzer(loadResources(packageRoot()));
    const input = toArticleInput(
      article({
        url: 'https://news.example/analysed',
        text: 'Syrian President Bashar al-Assad met <script>x</script> Iranian envoys in Damascus on Monday.\n\nThe talks in Damascus ended without a statement, officials said.',
      }),
      'url',
    );
    input.analysis = analyzer.analyze(input);
    const saved = await store.saveArticle(input);
    const json = await app.request(`/api/articles/${saved.articleId}/analysis`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as { entities: unknown[] }).entities.length).toBeGreaterThan(3);
    const unanalysed = await app.request(`/api/articles/${id}/analysis`);
    expect(unanalysed.status).toBe(404);
    expect(((await unanalysed.json()) as { error: string }).error).toBe('not_analysed');
    expect((await app.request('/api/articles/999999/analysis')).status).toBe(404);
  });
});
