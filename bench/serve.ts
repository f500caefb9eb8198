import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/config/config.js';
import { toArticleInput } from '../src/jobs/article-input.js';
import { createApp, listen } from '../src/serve/server.js';
import { pooledReads, readerThreads } from '../src/serve/read-pool.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { SQLITE_FILE, SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store } from '../src/store/types.js';
import { createAnalyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import type { Analysis } from '../src/understand/types.js';
import { loadDemo } from './corpus.js';
import { median, quantile, round } from './stats.js';

// `npm run bench -- serve [--articles N] [--requests R]`: the HTTP API under load on loopback. The store holds
// N articles (100k by default) with analyses: the demo corpus is analysed once for real, and each synthetic
// article is a demo text under a numbered bulletin line, stored with its demo text's analysis rows (actors,
// places, events), so the tables have realistic sizes and fan-out. 8 clients each send a fixed share of R
// requests per route; latencies are end to end, JSON parsing included. `--store DIR` keeps the store in DIR and
// reuses it when it already holds N articles (building 100k takes about ten minutes; a reused store is
// migrated by the code under test, like a user's store after an upgrade). `--database URL` runs the same on
// PostgreSQL at URL: an empty database is filled, one holding N articles is reused (and migrated) the same way,
// and the database is left in place (the bench did not create it).
// `storeCalls` times the actor and place pages asked of the store itself by 8 concurrent callers (on the reader
// threads on SQLite), apart from what the routes add around them.

const CLIENTS = 8;

function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Latencies of `calls` made by CLIENTS concurrent callers; a call answering false counts as an error. */
async function measure<T>(calls: T[], call: (c: T) => Promise<boolean>) {
  const ms: number[] = [];
  let errors = 0;
  let cursor = 0;
  const client = async () => {
    while (cursor < calls.length) {
      const c = calls[cursor++]!;
      const s = performance.now();
      const ok = await call(c);
      ms.push(performance.now() - s);
      if (!ok) errors++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return {
    requests: calls.length,
    p50Ms: round(median(ms), 2),
    p95Ms: round(quantile(ms, 0.95), 2),
    requestsPerSecond: round(calls.length / ((performance.now() - start) / 1000), 1),
    errors,
  };
}

export async function benchServe(opts: {
  articles: number;
  requests: number;
  storeDir?: string;
  databaseUrl?: string;
}) {
  const demo = loadDemo();
  const dir = opts.storeDir ?? mkdtempSync(join(tmpdir(), 'wf-bench-serve-'));
  const kept = opts.storeDir !== undefined && existsSync(join(dir, SQLITE_FILE));
  const store: Store = opts.databaseUrl
    ? await PostgresStore.connect(opts.databaseUrl)
    : SqliteStore.open(dir);
  const held = (await store.status()).articles;
  const reused = opts.databaseUrl ? held > 0 : kept;
  const rand = prng(7);
  try {
    // A reused store's analyses are read back (article k + 1 holds demo text k's), so two builds of the code
    // compared on one store ask for the same actors and places even when their analyzers differ.
    const analyses: Analysis[] = [];
    if (reused)
      for (let k = 0; k < demo.length; k++) {
        const a = await store.getAnalysis(k + 1);
        if (a) analyses.push(a);
      }
    else {
      const analyzer = createAnalyzer(loadResources(packageRoot()));
      for (const d of demo) analyses.push(analyzer.analyze({ text: d.text, language: 'en' }));
    }
    const stored = reused ? held : 0;
    if (reused && stored !== opts.articles)
      throw new Error(
        `${opts.databaseUrl ?? dir} holds ${stored} articles, not ${opts.articles}: remove it or pick another store`,
      );
    const t0 = performance.now();
    for (let i = stored; i < opts.articles; i++) {
      const k = i % demo.length;
      const d = demo[k]!;
      const input = toArticleInput(
        {
          url: `https://bench.example/s/${i}`,
          canonicalUrl: null,
          title: `${d.title} (${i})`,
          byline: null,
          siteName: `site${i % 40}.example`,
          language: 'en',
          publishedAt: new Date(Date.UTC(2019, 0, 1) + (i % 1800) * 86_400_000).toISOString(),
          publishedAtSource: 'meta',
          text: `Bulletin ${i}.\n\n${d.text}`,
          excerpt: null,
        },
        'bench',
      );
      input.analysis = analyses[k];
      await store.saveArticle(input);
      if ((i + 1) % 10_000 === 0)
        process.stderr.write(`serve bench: ${i + 1}/${opts.articles} articles stored\n`);
    }
    const loadSeconds = (performance.now() - t0) / 1000;

    const actorIds = [...new Set(analyses.flatMap((a) => a.actors.map((x) => x.actorId)))];
    const placeIds = [
      ...new Set(analyses.flatMap((a) => (a.places ?? []).flatMap((p) => (p.place ? [p.place.id] : [])))),
    ];
    const words = [
      ...new Set(
        demo.flatMap((d) => d.text.toLowerCase().match(/\p{L}{5,}/gu) ?? []).filter((_, i) => i % 13 === 0),
      ),
    ];
    const types = ['ASSAULT', 'AGREE', 'CONSULT', 'REQUEST', 'ACCUSE'];
    const w = () => words[Math.floor(rand() * words.length)]!;
    const routes: Record<string, () => string> = {
      search: () => `/api/search?q=${encodeURIComponent(rand() < 0.5 ? w() : `${w()} ${w()}`)}`,
      searchFields: () =>
        `/api/search?q=${encodeURIComponent(`${w()} type:${types[Math.floor(rand() * types.length)]}`)}`,
      facets: () => `/api/search?facets=1&q=${encodeURIComponent(w())}`,
      article: () => `/api/articles/${1 + Math.floor(rand() * opts.articles)}`,
      actor: () => `/api/actors/${encodeURIComponent(actorIds[Math.floor(rand() * actorIds.length)]!)}`,
      place: () => `/api/places/${encodeURIComponent(placeIds[Math.floor(rand() * placeIds.length)]!)}`,
    };
    // As `watchfloor serve` runs it: API reads on reader threads on SQLite (src/serve/read-pool.ts); PostgreSQL's
    // queries run concurrently on its own pool.
    const pool = pooledReads(store, dir, readerThreads());
    const { server, url } = await listen(createApp(pool.store), 0, '127.0.0.1');
    try {
      const results: Record<string, unknown> = {};
      for (const [name, next] of Object.entries(routes)) {
        const paths = Array.from({ length: opts.requests }, next);
        for (const p of paths.slice(0, 10)) await (await fetch(url + p)).arrayBuffer(); // warm caches
        results[name] = await measure(paths, async (p) => {
          const res = await fetch(url + p);
          await res.json();
          // A 404 for an actor no stored article names would be a bench bug; every status but 200 counts.
          return res.status === 200;
        });
      }
      // The same pages asked of the store itself (on the reader threads on SQLite): what the store does,
      // apart from what the routes add around it.
      const pages: Record<string, (id: string) => Promise<unknown>> = {
        actorPage: (id) => pool.store.getActor(id),
        placePage: (id) => pool.store.getPlace(id),
      };
      const storeCalls: Record<string, unknown> = {};
      for (const [name, page] of Object.entries(pages)) {
        const ids = name === 'actorPage' ? actorIds : placeIds;
        const asked = Array.from({ length: opts.requests }, () => ids[Math.floor(rand() * ids.length)]!);
        for (const id of asked.slice(0, 10)) await page(id);
        storeCalls[name] = await measure(asked, async (id) => (await page(id)) !== null);
      }
      return {
        engine: store.kind,
        articles: opts.articles,
        clients: CLIENTS,
        readerThreads: store.kind === 'sqlite' ? readerThreads() : 0,
        articlesStoredPerSecond: reused ? null : round(opts.articles / loadSeconds, 1),
        reusedStore: reused,
        routes: results,
        storeCalls,
        note: 'loopback HTTP, 8 concurrent clients, fixed request count per route; synthetic articles reuse demo analyses',
      };
    } finally {
      server.close();
      await pool.close();
    }
  } finally {
    await store.close();
    if (!opts.storeDir) rmSync(dir, { recursive: true, force: true });
  }
}
