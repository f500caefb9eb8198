import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toArticleInput } from '../src/jobs/article-input.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { loadDemo } from './corpus.js';
import { median, quantile, round } from './stats.js';

/** Deterministic PRNG (mulberry32) so the synthetic corpus and the query set are the same on every run. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `npm run bench -- search [--articles N]`: top-20 BM25 search latency on N synthetic articles. */
export async function benchSearch(opts: { articles: number; queries: number }) {
  const demo = loadDemo();
  const sentences = demo.flatMap((d) => d.text.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 40);
  const rand = prng(42);
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-search-'));
  const store = SqliteStore.open(dir);
  try {
    const t0 = performance.now();
    for (let i = 0; i < opts.articles; i++) {
      const n = 8 + Math.floor(rand() * 12);
      const paras: string[] = [];
      for (let p = 0; p < n; p += 3) {
        paras.push(
          Array.from({ length: 3 }, () => sentences[Math.floor(rand() * sentences.length)]!).join(' '),
        );
      }
      const text = paras.join('\n\n');
      await store.saveArticle(
        toArticleInput(
          {
            url: `https://bench.example/a/${i}`,
            canonicalUrl: null,
            title: sentences[Math.floor(rand() * sentences.length)]!.slice(0, 90),
            byline: null,
            siteName: `site${i % 40}.example`,
            language: 'en',
            publishedAt: new Date(Date.UTC(2020, 0, 1) + (i % 1500) * 86_400_000).toISOString(),
            publishedAtSource: 'meta',
            text,
            excerpt: null,
          },
          'bench',
        ),
      );
      if ((i + 1) % 10_000 === 0)
        process.stderr.write(`search bench: ${i + 1}/${opts.articles} articles stored\n`);
    }
    const loadSeconds = (performance.now() - t0) / 1000;

    const words = sentences
      .flatMap((s) => s.toLowerCase().match(/\p{L}{4,}/gu) ?? [])
      .filter((w, i, all) => all.indexOf(w) === i || i % 97 === 0);
    const queries: string[] = [];
    for (let q = 0; q < opts.queries; q++) {
      const w = () => words[Math.floor(rand() * words.length)]!;
      const kind = q % 4;
      queries.push(
        kind === 0 ? w() : kind === 1 ? `${w()} ${w()}` : kind === 2 ? `"${w()} ${w()}"` : `${w()} OR ${w()}`,
      );
    }
    for (const q of queries.slice(0, 20)) await store.search(q, { limit: 20 }); // warm the page cache
    const ms: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const s = performance.now();
      const r = await store.search(q, { limit: 20 });
      ms.push(performance.now() - s);
      hits += r.hits.length;
    }
    return {
      articles: opts.articles,
      queries: queries.length,
      articlesStoredPerSecond: round(opts.articles / loadSeconds, 1),
      top20: {
        p50Ms: round(median(ms), 3),
        p95Ms: round(quantile(ms, 0.95), 3),
        meanHits: round(hits / queries.length, 1),
      },
      note: 'top-20 BM25 with highlighted snippets and total count; synthetic articles from demo-corpus sentences',
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
