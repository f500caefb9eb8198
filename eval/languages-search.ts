import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { toArticleInput } from '../src/jobs/article-input.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { SuiteOutput } from './harness.js';

/**
 * Search recall for clitic and letter-variant forms (issue 20, "Gold and figures"): each line of
 * eval/gold/languages-search.jsonl, written by the project, is a sentence holding a word only in a form
 * other than the one searched (joined proclitics, Persian plural suffixes or verb prefix, letter variants,
 * marks, tatweel, digits), and the word an analyst would type. Recall is the share of sentences the
 * search finds among all the sentences of the set stored together; `wordForWord` is what matching the
 * query as a whole word of the text finds (search before the search language), for comparison. On the
 * SQLite store: test/store/search-language.test.ts holds PostgreSQL to the same answers.
 */

interface Line {
  lang: 'ar' | 'fa';
  kind: 'clitic' | 'variant' | 'both' | 'suffix' | 'prefix';
  query: string;
  text: string;
}

const words = (text: string): string[] => text.match(/[\p{L}\p{N}]+/gu) ?? [];

export async function runLanguageSearchEval(): Promise<SuiteOutput> {
  const path = join(packageRoot(), 'eval', 'gold', 'languages-search.jsonl');
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);
  const dir = mkdtempSync(join(tmpdir(), 'wf-eval-search-'));
  const store = SqliteStore.open(dir);
  try {
    const ids: number[] = [];
    for (const [i, line] of lines.entries()) {
      const input = toArticleInput(
        {
          url: `https://eval.example/search/${i}`,
          canonicalUrl: null,
          title: null,
          byline: null,
          siteName: null,
          language: line.lang,
          publishedAt: null,
          publishedAtSource: null,
          text: line.text,
          excerpt: null,
        },
        'eval',
      );
      ids.push((await store.saveArticle(input)).articleId);
    }
    const tally = new Map<string, { n: number; found: number; plain: number }>();
    const count = (key: string, found: boolean, plain: boolean) => {
      const t = tally.get(key) ?? { n: 0, found: 0, plain: 0 };
      t.n++;
      if (found) t.found++;
      if (plain) t.plain++;
      tally.set(key, t);
    };
    for (const [i, line] of lines.entries()) {
      const r = await store.search(line.query, { limit: 200 });
      const found = r.hits.some((h) => h.id === ids[i]);
      const plain = words(line.text).includes(line.query);
      count(line.lang === 'ar' ? 'arabic' : 'persian', found, plain);
    }
    const datasets: Record<string, Record<string, number>> = {};
    for (const [key, t] of tally)
      datasets[`search-forms-${key}`] = {
        sentences: t.n,
        recall: Math.round((t.found / t.n) * 1000) / 1000,
        wordForWordRecall: Math.round((t.plain / t.n) * 1000) / 1000,
      };
    return { stage: 'languages-search', datasets };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
