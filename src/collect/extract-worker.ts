import { parentPort } from 'node:worker_threads';
import { extractArticle } from './article.js';
import { isCollectError } from './errors.js';
import type { ExtractRequest, ExtractResponse } from './extract-pool.js';

// One extraction thread of the pool: HTML in, article or error out. It holds no other state, so the pool
// may terminate it at any moment.

parentPort!.on('message', (req: ExtractRequest) => {
  let res: ExtractResponse;
  try {
    res = { id: req.id, article: extractArticle(req.html, req.url) };
  } catch (err) {
    res = {
      id: req.id,
      error: isCollectError(err)
        ? { code: err.code, where: err.where, detail: err.detail }
        : { code: null, where: req.url, detail: (err as Error).message },
    };
  }
  parentPort!.postMessage(res);
});
parentPort!.postMessage({ ready: true });
