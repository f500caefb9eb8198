import type Database from 'better-sqlite3';
import {
  NEAR_DUPLICATE_THRESHOLD,
  decodeMinhash,
  encodeMinhash,
  estimateSimilarity,
} from '../../collect/dedup.js';
import type { ArticleInput, SaveResult } from '../types.js';

/**
 * Articles, their sources and stories: the aggregate that one ingest transaction writes, synchronously in
 * better-sqlite3's transaction (reading them is ../articles.ts, shared with PostgreSQL).
 */
export class SqliteArticles {
  private readonly st;

  constructor(db: Database.Database) {
    this.st = {
      bySourceCanonical: db.prepare(
        `SELECT a.id, a.content_hash, a.story_id FROM article_sources s JOIN articles a ON a.id = s.article_id
         WHERE s.canonical_url = ?`,
      ),
      byHash: db.prepare('SELECT id, story_id FROM articles WHERE content_hash = ? LIMIT 1'),
      candidates: db.prepare(
        `SELECT DISTINCT a.id, a.story_id, a.minhash FROM article_bands b JOIN articles a ON a.id = b.article_id
         WHERE b.band IN (SELECT value FROM json_each(?)) AND a.id != ?`,
      ),
      insertStory: db.prepare('INSERT INTO stories (title, created_at) VALUES (?, ?)'),
      insertArticle: db.prepare(
        `INSERT INTO articles (url, canonical_url, content_hash, story_id, site, title, byline, published_at,
           published_at_source, language, text, excerpt, minhash, ingested_at, updated_at)
         VALUES (@url, @canonicalUrl, @contentHash, @storyId, @site, @title, @byline, @publishedAt,
           @publishedAtSource, @language, @text, @excerpt, @minhash, @now, @now)`,
      ),
      updateArticle: db.prepare(
        `UPDATE articles SET content_hash = @contentHash, title = @title, byline = @byline,
           published_at = COALESCE(@publishedAt, published_at),
           published_at_source = CASE WHEN @publishedAt IS NULL THEN published_at_source ELSE @publishedAtSource END,
           language = @language, text = @text, excerpt = @excerpt, minhash = @minhash, updated_at = @now
         WHERE id = @id`,
      ),
      insertSource: db.prepare(
        `INSERT INTO article_sources (article_id, url, canonical_url, site, via, seen_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (canonical_url) DO NOTHING`,
      ),
      deleteBands: db.prepare('DELETE FROM article_bands WHERE article_id = ?'),
      insertBand: db.prepare('INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)'),
      jobProgress: db.prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?'),
    };
  }

  save(input: ArticleInput, job?: { id: number; progress: number }): SaveResult {
    const now = new Date().toISOString();
    const result = this.saveUnwrapped(input, now);
    if (job) this.st.jobProgress.run(job.progress, now, job.id);
    return result;
  }

  private saveUnwrapped(input: ArticleInput, now: string): SaveResult {
    const minhash = input.minhash ? encodeMinhash(input.minhash) : null;
    const known = this.st.bySourceCanonical.get(input.canonicalUrl) as
      { id: number; content_hash: string; story_id: number } | undefined;
    if (known) {
      if (known.content_hash === input.contentHash) {
        return { outcome: 'unchanged', articleId: known.id, storyId: known.story_id };
      }
      // The publisher revised the page: keep the article's identity and story, replace its content.
      this.st.updateArticle.run({ ...input, id: known.id, minhash, now });
      this.writeBands(known.id, input.bands);
      return { outcome: 'updated', articleId: known.id, storyId: known.story_id };
    }

    const same = this.st.byHash.get(input.contentHash) as { id: number; story_id: number } | undefined;
    if (same) {
      this.st.insertSource.run(same.id, input.url, input.canonicalUrl, input.site, input.via, now);
      return { outcome: 'duplicate', articleId: same.id, storyId: same.story_id };
    }

    const storyId =
      this.findStory(input) ?? Number(this.st.insertStory.run(input.title, now).lastInsertRowid);
    const articleId = Number(this.st.insertArticle.run({ ...input, storyId, minhash, now }).lastInsertRowid);
    this.st.insertSource.run(articleId, input.url, input.canonicalUrl, input.site, input.via, now);
    this.writeBands(articleId, input.bands);
    return { outcome: 'created', articleId, storyId };
  }

  /** The story of the most similar stored article above the near-duplicate threshold, if any. */
  private findStory(input: ArticleInput): number | null {
    if (!input.minhash || input.bands.length === 0) return null;
    const rows = this.st.candidates.all(JSON.stringify(input.bands), -1) as Array<{
      id: number;
      story_id: number;
      minhash: Buffer | null;
    }>;
    let best: { storyId: number; sim: number } | null = null;
    for (const r of rows) {
      if (!r.minhash) continue;
      const sim = estimateSimilarity(input.minhash, decodeMinhash(r.minhash));
      if (sim >= NEAR_DUPLICATE_THRESHOLD && (!best || sim > best.sim)) best = { storyId: r.story_id, sim };
    }
    return best?.storyId ?? null;
  }

  private writeBands(articleId: number, bands: string[]): void {
    this.st.deleteBands.run(articleId);
    for (const b of bands) this.st.insertBand.run(b, articleId);
  }
}
