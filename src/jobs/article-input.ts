import { canonicalizeUrl, contentHash, fingerprint } from '../collect/dedup.js';
import type { ExtractedArticle } from '../collect/types.js';
import type { ArticleInput } from '../store/types.js';

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'file:' ? null : u.hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

function registrable(host: string): string {
  return host.split('.').slice(-2).join('.');
}

/**
 * Some sites declare their home page, or another site, as every article's canonical URL. Trust the
 * declaration only when it stays on the same site and does not point at the site root.
 */
export function trustedCanonical(article: Pick<ExtractedArticle, 'url' | 'canonicalUrl'>): string {
  const declared = article.canonicalUrl;
  if (!declared) return article.url;
  try {
    const d = new URL(declared);
    const u = new URL(article.url);
    if (u.protocol === 'file:') return article.url;
    if (registrable(d.hostname) !== registrable(u.hostname)) return article.url;
    if ((d.pathname === '/' || d.pathname === '') && u.pathname !== '/') return article.url;
    return declared;
  } catch {
    return article.url;
  }
}

/** C0 and C1 control characters but tab and line feed: terminal escapes, NULs, bells have no place in text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(text: string): string;
function clean(text: string | null): string | null;
function clean(text: string | null): string | null {
  return text === null ? null : text.replace(CONTROLS, '');
}

/** One line of metadata (title, byline, site): no controls, no line breaks. */
function cleanLine(text: string | null): string | null {
  return text === null ? null : clean(text).replace(/[\t\n]+/g, ' ');
}

/**
 * Adds the dedup keys the store needs to an extracted article. Every article passes here on its way to the
 * store, so control characters from hostile input are dropped here, whatever printed or rendered them later.
 */
export function toArticleInput(extracted: ExtractedArticle, via: string): ArticleInput {
  const article = { ...extracted, text: clean(extracted.text) };
  const fp = fingerprint(article.text);
  return {
    url: article.url,
    canonicalUrl: canonicalizeUrl(trustedCanonical(article)),
    title: cleanLine(article.title),
    byline: cleanLine(article.byline),
    site: cleanLine(article.siteName ?? hostOf(article.url)),
    language: cleanLine(article.language),
    publishedAt: article.publishedAt,
    publishedAtSource: article.publishedAtSource,
    text: article.text,
    excerpt: clean(article.excerpt),
    contentHash: contentHash(article.text),
    minhash: fp.bands.length > 0 ? fp.minhash : null,
    bands: fp.bands,
    via,
  };
}
