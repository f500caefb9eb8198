// Contracts between the collect modules. Each module owns one job; these types are how they talk.

/** Where a published date came from, most trusted first (see article.ts for the order). */
export type DateSource =
  'meta' | 'json-ld' | 'time' | 'url' | 'dateline' | 'feed' | 'sitemap' | 'file' | 'text';

/** A clean article pulled out of HTML, a feed item, a text file or a JSON record. */
export interface ExtractedArticle {
  /** The URL the article was read from (http(s) or file://). */
  url: string;
  /** The publisher's canonical URL when declared (link rel=canonical, og:url, JSON-LD), else null. */
  canonicalUrl: string | null;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /** BCP 47 primary tag ("en", "ar") when declared or detected, else null. */
  language: string | null;
  /** ISO 8601 (UTC, e.g. 2020-07-08T00:00:00.000Z), else null. */
  publishedAt: string | null;
  publishedAtSource: DateSource | null;
  /** When the page says it was last updated (ISO 8601 UTC), if it says so; absent for other sources. */
  updatedAt?: string | null;
  /** Plain text; paragraphs separated by a blank line ("\n\n"). Never HTML. */
  text: string;
  excerpt: string | null;
}

/** An item listed by a feed (RSS 2.0, RSS 1.0/RDF, Atom 1.0, JSON Feed). */
export interface FeedItem {
  url: string;
  guid: string | null;
  title: string | null;
  author: string | null;
  publishedAt: string | null;
  summary: string | null;
  /** Full content as HTML when the feed carries it (content:encoded, atom content, content_html). */
  contentHtml: string | null;
  /** Full content as text when the feed carries it (JSON Feed content_text). */
  contentText: string | null;
  language: string | null;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  siteUrl: string | null;
  language: string | null;
  items: FeedItem[];
}

export interface SitemapEntry {
  url: string;
  lastmod: string | null;
  /** From the Google News sitemap extension, when present. */
  news: {
    title: string | null;
    publishedAt: string | null;
    publication: string | null;
    language: string | null;
  } | null;
}

export type ParsedSitemap =
  { kind: 'index'; sitemaps: string[] } | { kind: 'urlset'; entries: SitemapEntry[] };

/** What the fetcher returns for a completed request. */
export interface FetchResult {
  requestedUrl: string;
  /** The URL after redirects. */
  finalUrl: string;
  status: number;
  /** True when a conditional GET answered 304: body is empty and nothing was transferred. */
  notModified: boolean;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  body: Buffer;
  /** Bytes read off the wire (after content decoding). */
  bytes: number;
  elapsedMs: number;
}

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}
