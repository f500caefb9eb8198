import type pg from 'pg';
import {
  NEAR_DUPLICATE_THRESHOLD,
  decodeMinhash,
  encodeMinhash,
  estimateSimilarity,
} from '../../collect/dedup.js';
import type { Article, ArticleInput, ArticleSummary, SaveResult, Story } from '../types.js';
import { noNul, one, rows, type Db } from './connection.js';

export interface SummaryRow {
  id: number;
  url: string;
  site: string | null;
  title: string | null;
  published_at: string | null;
  language: string | null;
  story_id: number;
  ingested_at: string;
}

interface ArticleRow extends SummaryRow {
  canonical_url: string;
  content_hash: string;
  byline: string | null;
  published_at_source: string | null;
  text: string;
  excerpt: string | null;
}

export const SUMMARY_COLUMNS = 'id, url, site, title, published_at, language, story_id, ingested_at';

export function toSummary(r: SummaryRow): ArticleSummary {
  return {
    id: r.id,
    url: r.url,
    site: r.site,
    title: r.title,
    publishedAt: r.published_at,
    language: r.language,
    storyId: r.story_id,
    ingestedAt: r.ingested_at,
  };
}

/** Articles, their sources and stories: the aggregate that one ingest transaction writes. */
export class PgArticles {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Call inside a transaction. Saves of the same canonical URL or the same content are serialised by
   * advisory locks, so two workers ingesting copies of one wire story at once still make one article
   * (SQLite gets this from its single writer). Locks are taken in key order so two saves never deadlock.
   */
  async save(
    c: pg.PoolClient,
    input: ArticleInput,
    job?: { id: number; progress: number },
  ): Promise<SaveResult> {
    const keys = [...new Set([`url:${input.canonicalUrl}`, `hash:${input.contentHash}`])].sort();
    for (const k of keys) await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [k]);
    const now = new Date().toISOString();
    const result = await this.saveUnwrapped(c, input, now);
    if (job)
      await c.query('UPDATE jobs SET progress = $1, updated_at = now() WHERE id = $2', [
        job.progress,
        job.id,
      ]);
    return result;
  }

  private async saveUnwrapped(c: pg.PoolClient, input: ArticleInput, now: string): Promise<SaveResult> {
    const minhash = input.minhash ? encodeMinhash(input.minhash) : null;
    const known = await one<{ id: number; content_hash: string; story_id: number }>(
      c,
      `SELECT a.id, a.content_hash, a.story_id FROM article_sources s JOIN articles a ON a.id = s.article_id
       WHERE s.canonical_url = $1`,
      [input.canonicalUrl],
    );
    if (known) {
      if (known.content_hash === input.contentHash) {
        return { outcome: 'unchanged', articleId: known.id, storyId: known.story_id };
      }
      // The publisher revised the page: keep the article's identity and story, replace its content.
      await c.query(
        `UPDATE articles SET content_hash = $1, title = $2, byline = $3,
           published_at = COALESCE($4, published_at),
           published_at_source = CASE WHEN $4::text IS NULL THEN published_at_source ELSE $5 END,
           language = $6, text = $7, excerpt = $8, minhash = $9, updated_at = $10
         WHERE id = $11`,
        [
          input.contentHash,
          noNul(input.title),
          noNul(input.byline),
          input.publishedAt,
          input.publishedAtSource,
          input.language,
          noNul(input.text),
          noNul(input.excerpt),
          minhash,
          now,
          known.id,
        ],
      );
      await this.writeBands(c, known.id, input.bands);
      return { outcome: 'updated', articleId: known.id, storyId: known.story_id };
    }

    const same = await one<{ id: number; story_id: number }>(
      c,
      'SELECT id, story_id FROM articles WHERE content_hash = $1 ORDER BY id LIMIT 1',
      [input.contentHash],
    );
    if (same) {
      await this.insertSource(c, same.id, input, now);
      return { outcome: 'duplicate', articleId: same.id, storyId: same.story_id };
    }

    const storyId =
      (await this.findStory(c, input)) ??
      (
        await one<{ id: number }>(c, 'INSERT INTO stories (title, created_at) VALUES ($1, $2) RETURNING id', [
          noNul(input.title),
          now,
        ])
      )?.id;
    const inserted = await one<{ id: number }>(
      c,
      `INSERT INTO articles (url, canonical_url, content_hash, story_id, site, title, byline, published_at,
         published_at_source, language, text, excerpt, minhash, ingested_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
      [
        input.url,
        input.canonicalUrl,
        input.contentHash,
        storyId,
        input.site,
        noNul(input.title),
        noNul(input.byline),
        input.publishedAt,
        input.publishedAtSource,
        input.language,
        noNul(input.text),
        noNul(input.excerpt),
        minhash,
        now,
      ],
    );
    const articleId = inserted!.id;
    await this.insertSource(c, articleId, input, now);
    await this.writeBands(c, articleId, input.bands);
    return { outcome: 'created', articleId, storyId: storyId! };
  }

  private async insertSource(c: pg.PoolClient, articleId: number, input: ArticleInput, now: string) {
    await c.query(
      `INSERT INTO article_sources (article_id, url, canonical_url, site, via, seen_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (canonical_url) DO NOTHING`,
      [articleId, input.url, input.canonicalUrl, input.site, input.via, now],
    );
  }

  /** The story of the most similar stored article above the near-duplicate threshold, if any. */
  private async findStory(c: pg.PoolClient, input: ArticleInput): Promise<number | null> {
    if (!input.minhash || input.bands.length === 0) return null;
    const candidates = await rows<{ id: number; story_id: number; minhash: Buffer | null }>(
      c,
      `SELECT DISTINCT a.id, a.story_id, a.minhash FROM article_bands b JOIN articles a ON a.id = b.article_id
       WHERE b.band = ANY($1::text[]) ORDER BY a.id`,
      [input.bands],
    );
    let best: { storyId: number; sim: number } | null = null;
    for (const r of candidates) {
      if (!r.minhash) continue;
      const sim = estimateSimilarity(input.minhash, decodeMinhash(r.minhash));
      if (sim >= NEAR_DUPLICATE_THRESHOLD && (!best || sim > best.sim)) best = { storyId: r.story_id, sim };
    }
    return best?.storyId ?? null;
  }

  private async writeBands(c: pg.PoolClient, articleId: number, bands: string[]): Promise<void> {
    await c.query('DELETE FROM article_bands WHERE article_id = $1', [articleId]);
    if (bands.length)
      await c.query(
        `INSERT INTO article_bands (band, article_id) SELECT DISTINCT b, $2::bigint FROM unnest($1::text[]) AS b
         ON CONFLICT DO NOTHING`,
        [bands, articleId],
      );
  }

  async get(id: number, db: Db = this.pool): Promise<Article | null> {
    const r = await one<ArticleRow>(
      db,
      `SELECT id, url, canonical_url, content_hash, story_id, site, title, byline, published_at,
         published_at_source, language, text, excerpt, ingested_at FROM articles WHERE id = $1`,
      [id],
    );
    if (!r) return null;
    const sources = await rows<{ url: string }>(
      db,
      'SELECT url FROM article_sources WHERE article_id = $1 ORDER BY id',
      [id],
    );
    return {
      id: r.id,
      url: r.url,
      canonicalUrl: r.canonical_url,
      sourceUrls: sources.map((s) => s.url),
      site: r.site,
      title: r.title,
      byline: r.byline,
      publishedAt: r.published_at,
      publishedAtSource: r.published_at_source,
      language: r.language,
      text: r.text,
      excerpt: r.excerpt,
      storyId: r.story_id,
      ingestedAt: r.ingested_at,
    };
  }

  async list(limit: number, offset: number): Promise<{ total: number; items: ArticleSummary[] }> {
    const total = (await one<{ n: number }>(this.pool, 'SELECT count(*) AS n FROM articles'))!.n;
    const items = await rows<SummaryRow>(
      this.pool,
      `SELECT ${SUMMARY_COLUMNS} FROM articles
       ORDER BY COALESCE(published_at, ingested_at) DESC, id DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { total, items: items.map(toSummary) };
  }

  async story(id: number): Promise<Story | null> {
    const s = await one<{ id: number; title: string | null; created_at: string }>(
      this.pool,
      'SELECT id, title, created_at FROM stories WHERE id = $1',
      [id],
    );
    if (!s) return null;
    const articleIds = await rows<{ id: number }>(
      this.pool,
      'SELECT id FROM articles WHERE story_id = $1 ORDER BY id',
      [id],
    );
    const sourceUrls = await rows<{ url: string }>(
      this.pool,
      `SELECT s.url FROM article_sources s JOIN articles a ON a.id = s.article_id WHERE a.story_id = $1
       ORDER BY s.id`,
      [id],
    );
    return {
      id: s.id,
      title: s.title,
      articleIds: articleIds.map((r) => r.id),
      sourceUrls: sourceUrls.map((r) => r.url),
      firstSeenAt: s.created_at,
    };
  }
}
