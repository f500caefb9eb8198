import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/config/config.js';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';

/** The seed article's text (Iran and Syria, 8 July 2020), as the fixtures hold it. */
const SEED_TEXT = readFileSync(
  join(packageRoot(), 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);

/** A fresh SQLite store in a temporary folder holding the seed article, analysed, under `title`. */
export async function seedStore(prefix: string, title: string): Promise<SqliteStore> {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), prefix)));
  const publishedAt = '2020-07-08T00:00:00.000Z';
  const input = toArticleInput(
    {
      url: 'https://news.example/iran-syria',
      canonicalUrl: null,
      title,
      byline: null,
      siteName: null,
      language: 'en',
      publishedAt,
      publishedAtSource: 'meta',
      text: SEED_TEXT,
      excerpt: null,
    },
    'url',
  );
  input.analysis = createAnalyzer(loadResources(packageRoot())).analyze({
    text: SEED_TEXT,
    publishedAt,
    language: 'en',
  });
  await store.saveArticle(input);
  return store;
}
