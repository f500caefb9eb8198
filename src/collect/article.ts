import { checkMarkup } from './budget.js';
import { CollectError } from './errors.js';
import { articleParagraphs } from './extract/content.js';
import { buildTree } from './extract/tree.js';
import { readMetadata } from './metadata.js';
import type { ExtractedArticle } from './types.js';

// HTML → article in one parse: the budget check refuses pathological markup, one streaming pass builds
// a pruned tree and collects the metadata (extract/tree.ts), Readability's scoring picks the article
// container and boilerplate rules clean it (extract/content.ts, extract/boilerplate.ts), and metadata.ts
// reads title, byline, dates, language, site name and canonical URL.

export { dateFromDateline, dateFromUrl, guessLanguage, normalizeDate, stripSiteSuffix } from './metadata.js';

const MIN_TEXT = 80;
const DEFAULT_MAX_HTML = 5_000_000;

export function extractArticle(
  html: string,
  url: string,
  options: { maxHtmlChars?: number } = {},
): ExtractedArticle {
  const max = options.maxHtmlChars ?? DEFAULT_MAX_HTML;
  const source = html.length > max ? html.slice(0, max) : html;
  checkMarkup(source, url);
  const page = buildTree(source);
  const removed: string[] = [];
  const text = articleParagraphs(page.root, removed).join('\n\n');
  if (text.length < MIN_TEXT)
    throw new CollectError('article.no_content', url, 'no article text found on the page');
  const m = readMetadata(page, url, text, removed);
  return {
    url,
    canonicalUrl: m.canonicalUrl,
    title: m.title,
    byline: m.byline,
    siteName: m.siteName,
    language: m.language,
    publishedAt: m.publishedAt,
    publishedAtSource: m.publishedAtSource,
    updatedAt: m.updatedAt,
    text,
    excerpt: m.excerpt,
  };
}
