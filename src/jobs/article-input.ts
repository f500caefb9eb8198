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

/** Adds the dedup keys the store needs to an extracted article. */
export function toArticleInput(article: ExtractedArticle, via: string): ArticleInput {
  const fp = fingerprint(article.text);
  return {
    url: article.url,
    canonicalUrl: canonicalizeUrl(trustedCanonical(article)),
    title: article.title,
    byline: article.byline,
    site: article.siteName ?? hostOf(article.url),
    language: article.language,
    publishedAt: article.publishedAt,
    publishedAtSource: article.publishedAtSource,
    text: article.text,
    excerpt: article.excerpt,
    contentHash: contentHash(article.text),
    minhash: fp.bands.length > 0 ? fp.minhash : null,
    bands: fp.bands,
    via,
  };
}
