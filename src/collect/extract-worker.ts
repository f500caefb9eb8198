import { extractArticle } from './article.js';
import { isCollectError } from './errors.js';
import { parseFeed } from './feeds.js';
import { parseSitemap } from './sitemaps.js';
import type { ExtractErrorData, ExtractRequest, ExtractResult } from './extract-pool.js';
import { serveTasks } from '../jobs/thread-pool.js';

// One parsing thread of the extraction pool: a page, feed or sitemap in, its parse or an error out. It holds
// no other state, so the pool may terminate it at any moment.

function handle(req: ExtractRequest): ExtractResult {
  switch (req.op) {
    case 'html':
      return extractArticle(req.html, req.url);
    case 'feed':
      return parseFeed(req.text, req.url);
    case 'sitemap':
      // Bytes arrive as a Uint8Array: the parser decodes a Buffer.
      return parseSitemap(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength), req.url);
  }
}

serveTasks<ExtractRequest, ExtractResult, ExtractErrorData>(handle, (err, req) =>
  isCollectError(err)
    ? { code: err.code, where: err.where, detail: err.detail }
    : { code: null, where: req.url, detail: (err as Error).message },
);
