import {
  NEAR_DUPLICATE_THRESHOLD,
  decodeMinhash,
  encodeMinhash,
  estimateSimilarity,
} from '../collect/dedup.js';
import { all, get, run, type Steps } from './sql/steps.js';
import type { ArticleInput, SaveResult } from './types.js';

// Saving an article, its sources, story and LSH bands, written once: a page seen again unchanged, a revised
// page, a copy of a stored text, a near duplicate joining its story, or a new story. The steps run in each
// engine's ingest transaction (sql/steps.ts): synchronously inside better-sqlite3's on SQLite, awaited on
// PostgreSQL after its advisory locks (postgres/articles.ts). Reading articles is articles.ts.

/** SQL that reads the strings of a JSON array argument as rows of one column, `value`. */
export type JsonValues = string;

export const SQLITE_JSON_VALUES: JsonValues = 'SELECT value FROM json_each(?)';
export const POSTGRES_JSON_VALUES: JsonValues =
  'SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS value';

/** The columns a new article and a revised one both write (the publication date apart: a revision keeps it
 * when the page no longer says it). */
const CONTENT = ['content_hash', 'title', 'byline', 'language', 'text', 'excerpt', 'minhash', 'updated_at'];

/** Call inside a transaction. */
export function* saveArticleSteps(
  jsonValues: JsonValues,
  input: ArticleInput,
  now: string,
): Steps<SaveResult> {
  const minhash = input.minhash ? encodeMinhash(input.minhash) : null;
  // What a revision replaces, in CONTENT's order.
  const content = [
    input.contentHash,
    input.title,
    input.byline,
    input.language,
    input.text,
    input.excerpt,
    minhash,
    now,
  ];
  const known = yield* get<{ id: number; content_hash: string; story_id: number }>(
    `SELECT a.id, a.content_hash, a.story_id FROM article_sources s JOIN articles a ON a.id = s.article_id
     WHERE s.canonical_url = ?`,
    [input.canonicalUrl],
  );
  if (known) {
    if (known.content_hash === input.contentHash)
      return { outcome: 'unchanged', articleId: known.id, storyId: known.story_id };
    // The publisher revised the page: keep the article's identity and story, replace its content.
    yield* run(
      `UPDATE articles SET ${CONTENT.map((c) => `${c} = ?`).join(', ')},
         published_at = COALESCE(?, published_at),
         published_at_source = CASE WHEN CAST(? AS TEXT) IS NULL THEN published_at_source ELSE ? END
       WHERE id = ?`,
      [...content, input.publishedAt, input.publishedAt, input.publishedAtSource, known.id],
    );
    yield* writeBands(jsonValues, known.id, input.bands);
    return { outcome: 'updated', articleId: known.id, storyId: known.story_id };
  }

  const same = yield* get<{ id: number; story_id: number }>(
    'SELECT id, story_id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1',
    [input.contentHash],
  );
  if (same) {
    yield* insertSource(same.id, input, now);
    return { outcome: 'duplicate', articleId: same.id, storyId: same.story_id };
  }

  const storyId =
    (yield* findStory(jsonValues, input)) ??
    (yield* get<{ id: number }>('INSERT INTO stories (title, created_at) VALUES (?, ?) RETURNING id', [
      input.title,
      now,
    ]))!.id;
  const inserted = yield* get<{ id: number }>(
    `INSERT INTO articles (url, canonical_url, story_id, site, published_at, published_at_source, ingested_at,
       ${CONTENT.join(', ')})
     VALUES (?, ?, ?, ?, ?, ?, ?, ${CONTENT.map(() => '?').join(', ')}) RETURNING id`,
    [
      input.url,
      input.canonicalUrl,
      storyId,
      input.site,
      input.publishedAt,
      input.publishedAtSource,
      now,
      ...content,
    ],
  );
  const articleId = inserted!.id;
  yield* insertSource(articleId, input, now);
  yield* writeBands(jsonValues, articleId, input.bands);
  return { outcome: 'created', articleId, storyId };
}

function insertSource(articleId: number, input: ArticleInput, now: string): Steps<number> {
  return run(
    `INSERT INTO article_sources (article_id, url, canonical_url, site, via, seen_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (canonical_url) DO NOTHING`,
    [articleId, input.url, input.canonicalUrl, input.site, input.via, now],
  );
}

/** The story of the most similar stored article above the near-duplicate threshold, if any. */
function* findStory(jsonValues: JsonValues, input: ArticleInput): Steps<number | null> {
  if (!input.minhash || input.bands.length === 0) return null;
  const candidates = yield* all<{ id: number; story_id: number; minhash: Buffer | null }>(
    `SELECT DISTINCT a.id, a.story_id, a.minhash FROM article_bands b JOIN articles a ON a.id = b.article_id
     WHERE b.band IN (${jsonValues}) ORDER BY a.id`,
    [JSON.stringify(input.bands)],
  );
  let best: { storyId: number; sim: number } | null = null;
  for (const r of candidates) {
    if (!r.minhash) continue;
    const sim = estimateSimilarity(input.minhash, decodeMinhash(r.minhash));
    if (sim >= NEAR_DUPLICATE_THRESHOLD && (!best || sim > best.sim)) best = { storyId: r.story_id, sim };
  }
  return best?.storyId ?? null;
}

/**
 * One statement for all of an article's bands (a statement per band was a round trip each on PostgreSQL).
 * `WHERE true`: SQLite reads an ON CONFLICT right after a FROM as a join's ON otherwise.
 */
function* writeBands(jsonValues: JsonValues, articleId: number, bands: string[]): Steps<void> {
  yield* run('DELETE FROM article_bands WHERE article_id = ?', [articleId]);
  if (bands.length)
    yield* run(
      `INSERT INTO article_bands (band, article_id) SELECT DISTINCT value, CAST(? AS BIGINT) FROM (${jsonValues}) AS b
       WHERE true ON CONFLICT DO NOTHING`,
      [articleId, JSON.stringify(bands)],
    );
}
