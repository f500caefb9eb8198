import type pg from 'pg';
import {
  NEAR_DUPLICATE_THRESHOLD,
  decodeMinhash,
  encodeMinhash,
  estimateSimilarity,
} from '../../collect/dedup.js';
import type { ArticleInput, SaveResult } from '../types.js';
import { noNul, one, rows } from './connection.js';

/**
 * Articles, their sources and stories: the aggregate that one ingest transaction writes (reading them is
 * ../articles.ts, shared with SQLite).
 */
export class PgArticles {
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
}
