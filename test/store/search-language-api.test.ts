import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

// /api/search speaks the search language of test/store/search-language.test.ts: an Arabic word found with
// its clitics and highlighted as written, an English word by its inflections, the exact form in quotes,
// and too many Arabic word forms refused with the parser's error. Texts are written for this test.

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-search-api-')));
  const docs: Array<[string, string, string]> = [
    ['ar', 'الضربة', 'وقعت الضربة بالقدس مساء الثلاثاء، وقال مسؤولون إن والقـدس هادئة.'],
    ['en', 'Strikes', 'The strikes went on; Iranian officials sanctioned the talks.'],
  ];
  for (const [language, title, text] of docs)
    await store.saveArticle(
      toArticleInput(
        {
          url: `https://api.example/${language}`,
          canonicalUrl: null,
          title,
          byline: null,
          siteName: null,
          language,
          publishedAt: '2020-07-08T00:00:00.000Z',
          publishedAtSource: 'meta',
          text,
          excerpt: null,
        },
        'url',
      ),
    );
  app = createApp(store);
});

afterAll(async () => {
  await store.close();
});

interface Hits {
  total: number;
  hits: Array<{ title: string; snippet: string }>;
}

const search = async (q: string) => app.request(`/api/search?q=${encodeURIComponent(q)}`);
const marks = (snippet: string) => [...snippet.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);

describe('/api/search and the search language', () => {
  it('finds an Arabic word with its clitics and marks the words as written', async () => {
    const r = (await (await search('القدس')).json()) as Hits;
    expect(r.hits.map((h) => h.title)).toEqual(['الضربة']);
    expect(marks(r.hits[0]!.snippet)).toEqual(['بالقدس', 'والقـدس']);
  });

  it('finds inflections unquoted and the exact form quoted', async () => {
    const stemmed = (await (await search('strike sanction')).json()) as Hits;
    expect(marks(stemmed.hits[0]!.snippet)).toEqual(['strikes', 'sanctioned']);
    expect(((await (await search('"strike"')).json()) as Hits).total).toBe(0);
    expect(((await (await search('Iran lang:en')).json()) as Hits).total).toBe(1);
  });

  it('refuses a query of too many Arabic word forms with the reason', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `كلمة${'ت'.repeat(i)}`).join(' ');
    const res = await search(many);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string; message: string }).message).toContain('word forms');
  });
});
