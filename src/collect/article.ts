import { checkMarkup } from './budget.js';
import { CollectError } from './errors.js';
import { articleParagraphs } from './extract/content.js';
import { buildTree } from './extract/tree.js';
import { jsonLdArticleBody, readMetadata } from './metadata.js';
import type { ExtractedArticle } from './types.js';

// HTML → article in one parse: the budget check refuses pathological markup, one streaming pass builds
// a pruned tree and collects the metadata (extract/tree.ts), Readability's scoring picks the article
// container and boilerplate rules clean it (extract/content.ts, extract/boilerplate.ts), and metadata.ts
// reads title, byline, dates, language, site name and canonical URL.

export { dateFromDateline, dateFromUrl, guessLanguage, normalizeDate, stripSiteSuffix } from './metadata.js';

const MIN_TEXT = 80;
const DEFAULT_MAX_HTML = 5_000_000;

const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The headline repeated at the top of the text is the title, not text: dropped (as Readability does). */
export function withoutTitle(paragraphs: string[], title: string | null): string[] {
  if (!title) return paragraphs;
  const t = compact(title);
  if (t.length < 8) return paragraphs;
  const i = paragraphs.slice(0, 4).findIndex((p) => {
    const c = compact(p);
    return c === t || (c.length >= 8 && t.startsWith(c) && c.length / t.length > 0.6);
  });
  return i < 0 ? paragraphs : [...paragraphs.slice(0, i), ...paragraphs.slice(i + 1)];
}

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
  let paragraphs = articleParagraphs(page.root, removed);
  // A page that shows a teaser but declares the whole text in JSON-LD (paywalls): the declared text.
  const declared = jsonLdArticleBody(page.jsonLd);
  const length = (ps: string[]) => ps.reduce((n, p) => n + p.length, 0);
  if (declared && length(declared) > 2 * length(paragraphs) + 200) paragraphs = declared;
  const m = readMetadata(page, url, paragraphs.join('\n\n'), removed);
  const text = withoutTitle(paragraphs, m.title).join('\n\n');
  if (text.length < MIN_TEXT)
    throw new CollectError('article.no_content', url, 'no article text found on the page');
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
