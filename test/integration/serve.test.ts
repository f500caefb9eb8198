import { mkdtempSync } from 'node:fs';
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

  it('lists articles and searches them with highlighted, escaped snippets', async () => {
    const home = await app.request('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await home.text();
    expect(html).toContain('Iran to bolster Syria air defenses');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');

    const search = await (await app.request('/?q=air+defense')).text();
    expect(search).toContain('<mark>air</mark>');
    expect(search).toMatch(/1 result\(s\)/);
  });

  it('renders article text as escaped paragraphs with its sources', async () => {
    const res = await app.request(`/articles/${id}`);
    const html = await res.text();
    expect(html).toContain('https://news.example/2020/07/08/iran-syria');
    const hostile = await (await app.request(`/articles/${id + 1}`)).text();
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
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
    expect((await app.request('/stories/1')).status).toBe(200);
  });
  it('highlights the entities of an analysed article, escaped, and serves its analysis as JSON', async () => {
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
    const html = await (await app.request(`/articles/${saved.articleId}`)).text();
    expect(html).toMatch(
      /<span class="ent PER" title="person · confidence 0\.\d\d" data-entity="e\d+">Bashar al-Assad<\/span>/,
    );
    expect(html).toContain('<span class="ent LOC"');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>x');
    const json = await app.request(`/api/articles/${saved.articleId}/analysis`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as { entities: unknown[] }).entities.length).toBeGreaterThan(3);
    const unanalysed = await app.request(`/api/articles/${id}/analysis`);
    expect(unanalysed.status).toBe(404);
    expect(((await unanalysed.json()) as { error: string }).error).toBe('not_analysed');
    expect((await app.request('/api/articles/999999/analysis')).status).toBe(404);
  });
});
