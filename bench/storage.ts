import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  estimateSimilarity,
  NEAR_DUPLICATE_THRESHOLD,
  decodeMinhash,
  encodeMinhash,
} from '../src/collect/dedup.js';
import { packageRoot } from '../src/config/config.js';
import { toArticleInput } from '../src/jobs/article-input.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { ArticleInput, Store } from '../src/store/types.js';
import { createAnalyzer } from '../src/understand/pipeline.js';
import { loadResources } from '../src/understand/resources.js';
import { benchArticle, loadDemo } from './corpus.js';
import { round } from './stats.js';

// The storage engines side by side on the same work: one transaction per article that looks up its
// source URL, content hash and near-duplicate candidates, then writes the story, article, source and LSH
// bands, with a full-text index maintained. SQLite and PostgreSQL run the real stores (PostgreSQL in a database
// the bench creates and drops); PGlite runs the same statements by hand, as there is no store on it. The
// `Analysed` figures save each article with an analysis (of one of the first ANALYSED demo texts), as ingest
// does: the mention, place, event, quote and claim rows and the summaries kept with them.

interface Sql {
  query(text: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

const SCHEMA = `
  CREATE TABLE stories (id BIGSERIAL PRIMARY KEY, title TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
  CREATE TABLE articles (
    id BIGSERIAL PRIMARY KEY, url TEXT NOT NULL, canonical_url TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL,
    story_id BIGINT NOT NULL REFERENCES stories(id), site TEXT, title TEXT, byline TEXT, published_at TIMESTAMPTZ,
    published_at_source TEXT, language TEXT, text TEXT NOT NULL, excerpt TEXT, minhash BYTEA,
    ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED);
  CREATE INDEX articles_hash ON articles(content_hash);
  CREATE INDEX articles_tsv ON articles USING GIN (tsv);
  CREATE TABLE article_sources (id BIGSERIAL PRIMARY KEY, article_id BIGINT NOT NULL REFERENCES articles(id),
    url TEXT NOT NULL, canonical_url TEXT NOT NULL UNIQUE, site TEXT, via TEXT NOT NULL, seen_at TIMESTAMPTZ NOT NULL DEFAULT now());
  CREATE TABLE article_bands (band TEXT NOT NULL, article_id BIGINT NOT NULL REFERENCES articles(id), PRIMARY KEY (band, article_id));`;

async function savePg(db: Sql, a: ArticleInput): Promise<void> {
  await db.query('BEGIN');
  try {
    const known = await db.query(
      'SELECT a.id FROM article_sources s JOIN articles a ON a.id = s.article_id WHERE s.canonical_url = $1',
      [a.canonicalUrl],
    );
    const same = known.rows.length
      ? known
      : await db.query('SELECT id FROM articles WHERE content_hash = $1 LIMIT 1', [a.contentHash]);
    if (same.rows.length === 0) {
      let storyId: unknown = null;
      if (a.minhash && a.bands.length) {
        const cands = await db.query(
          'SELECT DISTINCT a.id, a.story_id, a.minhash FROM article_bands b JOIN articles a ON a.id = b.article_id WHERE b.band = ANY($1)',
          [a.bands],
        );
        for (const c of cands.rows) {
          const sim = estimateSimilarity(a.minhash, decodeMinhash(Buffer.from(c.minhash as Uint8Array)));
          if (sim >= NEAR_DUPLICATE_THRESHOLD) storyId = c.story_id;
        }
      }
      storyId ??= (await db.query('INSERT INTO stories (title) VALUES ($1) RETURNING id', [a.title])).rows[0]!
        .id;
      const id = (
        await db.query(
          `INSERT INTO articles (url, canonical_url, content_hash, story_id, site, title, language, published_at, text, minhash)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
          [
            a.url,
            a.canonicalUrl,
            a.contentHash,
            storyId,
            a.site,
            a.title,
            a.language,
            a.publishedAt,
            a.text,
            a.minhash ? encodeMinhash(a.minhash) : null,
          ],
        )
      ).rows[0]!.id;
      await db.query(
        'INSERT INTO article_sources (article_id, url, canonical_url, site, via) VALUES ($1,$2,$3,$4,$5)',
        [id, a.url, a.canonicalUrl, a.site, a.via],
      );
      if (a.bands.length) {
        await db.query('INSERT INTO article_bands (band, article_id) SELECT unnest($1::text[]), $2', [
          a.bands,
          id,
        ]);
      }
    }
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

const ANALYSED = 100;

/** A database of its own on the server at `url` (dropped first if a killed run left it). */
async function createDatabase(url: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(url: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`).finally(() => admin.end());
}

/** Articles per second saving `inputs` into a store `open` gives, closed afterwards. */
async function throughput(inputs: ArticleInput[], open: () => Promise<Store>): Promise<number> {
  const store = await open();
  try {
    return round(await timed(inputs, async (a) => void (await store.saveArticle(a))), 1);
  } finally {
    await store.close();
  }
}

async function timed(inputs: ArticleInput[], save: (a: ArticleInput) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (const a of inputs) await save(a);
  return inputs.length / ((performance.now() - t0) / 1000);
}

/** `npm run bench -- storage [--articles N]`: articles/s per engine, one transaction per article. */
export async function benchStorage(opts: { articles: number; databaseUrl: string }) {
  const demo = loadDemo();
  const inputs = Array.from({ length: opts.articles }, (_, i) => {
    const { title, paragraphs } = benchArticle(demo, i);
    return toArticleInput(
      {
        url: `https://bench.example/news/${i}`,
        canonicalUrl: null,
        title,
        byline: null,
        siteName: 'Bench Daily',
        language: 'en',
        publishedAt: '2021-03-01T00:00:00.000Z',
        publishedAtSource: 'meta',
        text: paragraphs.join('\n\n'),
        excerpt: null,
      },
      'bench',
    );
  });
  const analyzer = createAnalyzer(loadResources(packageRoot()));
  const analyses = demo.slice(0, ANALYSED).map((d) => analyzer.analyze({ text: d.text, language: 'en' }));
  const analysed = inputs.map((a, i) => ({ ...a, analysis: analyses[i % analyses.length] }));
  const results: Record<string, number | string> = {};

  for (const [name, batch] of [
    ['sqliteArticlesPerSecond', inputs],
    ['sqliteAnalysedArticlesPerSecond', analysed],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'wf-bench-storage-'));
    try {
      results[name] = await throughput(batch, async () => SqliteStore.open(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const database = `wf_bench_storage_${process.pid}`;
  try {
    for (const [name, batch] of [
      ['postgresArticlesPerSecond', inputs],
      ['postgresAnalysedArticlesPerSecond', analysed],
    ] as const) {
      const url = await createDatabase(opts.databaseUrl, database);
      results[name] = await throughput(batch, () => PostgresStore.connect(url));
    }
  } catch (err) {
    results.postgres = `skipped: ${(err as Error).message} (set DATABASE_URL to a PostgreSQL server)`;
  } finally {
    await dropDatabase(opts.databaseUrl, database).catch(() => undefined);
  }

  const lite = new PGlite();
  await lite.exec(SCHEMA);
  results.pgliteArticlesPerSecond = round(await timed(inputs, (a) => savePg(lite, a)), 1);
  await lite.close();

  const s = Number(results.sqliteArticlesPerSecond);
  if (typeof results.postgresArticlesPerSecond === 'number')
    results.sqliteOverPostgres = round(s / results.postgresArticlesPerSecond, 2);
  results.sqliteOverPglite = round(s / Number(results.pgliteArticlesPerSecond), 2);
  return {
    articles: opts.articles,
    note: 'one transaction per article with dedup lookups, story, source, LSH bands and a full-text index (FTS5 / GIN tsvector), through the real stores (PGlite: the same statements by hand); Analysed: each article saved with an analysis; PostgreSQL over TCP on loopback with its default synchronous_commit',
    ...results,
  };
}
