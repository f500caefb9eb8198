import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { checkMarkup } from './budget.js';
import { CollectError } from './errors.js';
import { looksLikeHtml, parseFeedDate, rootElement } from './feeds.js';
import type { ParsedSitemap, SitemapEntry } from './types.js';

/** sitemaps.org caps an uncompressed sitemap at 50 MB; past that a .gz is a decompression bomb. */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

export interface SitemapOptions {
  /** Cap on the decompressed size of a gzip body, in bytes (default MAX_SITEMAP_BYTES). */
  maxBytes?: number;
}

export type SitemapParseResult = ParsedSitemap & {
  /** <url>/<sitemap> entries without an http(s) <loc>, plus repeats of an earlier loc. */
  dropped: number;
};

// Prefixes are whatever the publisher bound (news:, n:, sm:, none), so they are removed and elements are
// matched by local name. Attributes carry nothing we read.
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  htmlEntities: true,
});

type Node = Record<string, unknown>;

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

function node(v: unknown): Node | null {
  const first = asArray(v)[0];
  return first && typeof first === 'object' ? (first as Node) : null;
}

function text(v: unknown): string | null {
  const first = asArray(v)[0];
  if (typeof first === 'string') return first.replace(/\s+/g, ' ').trim() || null;
  if (typeof first === 'number') return String(first);
  if (first && typeof first === 'object' && '#text' in first) return text((first as Node)['#text']);
  return null;
}

function httpUrl(v: unknown, base: string): string | null {
  const s = text(v);
  if (!s) return null;
  try {
    const u = new URL(s, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export function looksLikeSitemap(body: string): boolean {
  return /<(?:[\w.-]+:)?(?:urlset|sitemapindex)[\s>]/.test(body.slice(0, 8192));
}

/** True for a body that starts with the gzip magic bytes. */
export function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

/**
 * A gzip-compressed sitemap (`.xml.gz`, served as application/x-gzip rather than with a Content-Encoding),
 * decompressed under the cap. Throws 'sitemap.malformed' for a corrupt body or one past the cap.
 */
export function gunzipSitemap(body: Buffer, sitemapUrl: string, maxBytes = MAX_SITEMAP_BYTES): Buffer {
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new CollectError(
        'sitemap.malformed',
        sitemapUrl,
        `the gzipped sitemap decompresses to more than ${maxBytes} bytes (cap ${Math.round(maxBytes / 2 ** 20)} MB)`,
        { cause: err },
      );
    }
    throw new CollectError('sitemap.malformed', sitemapUrl, `corrupt gzip body: ${e.message}`, {
      cause: err,
    });
  }
}

function newsOf(url: Node): SitemapEntry['news'] {
  const news = node(url.news);
  if (!news) return null;
  const publication = node(news.publication);
  const lang = text(publication?.language);
  return {
    title: text(news.title),
    publishedAt: parseFeedDate(text(news.publication_date)),
    publication: text(publication?.name),
    language: lang ? lang.toLowerCase() : null,
  };
}

/**
 * Parses a sitemaps.org 0.9 <urlset> or <sitemapindex>, with the Google News extension, from plain or
 * gzip-compressed bytes. Locs are absolute http(s) and unique; dates are ISO 8601 UTC.
 * Throws CollectError 'content.empty' or 'sitemap.malformed'.
 */
export function parseSitemap(
  body: Buffer | string,
  sitemapUrl: string,
  options: SitemapOptions = {},
): SitemapParseResult {
  const maxBytes = options.maxBytes ?? MAX_SITEMAP_BYTES;
  // The gzip magic bytes, not the .gz name or Content-Type: servers mislabel both.
  let xml =
    Buffer.isBuffer(body) && isGzip(body)
      ? gunzipSitemap(body, sitemapUrl, maxBytes).toString('utf8')
      : Buffer.isBuffer(body)
        ? body.toString('utf8')
        : body;
  xml = xml.replace(/^\uFEFF/, '');
  if (!xml.trim()) throw new CollectError('content.empty', sitemapUrl, 'the sitemap body is empty');
  if (looksLikeHtml(xml)) {
    throw new CollectError(
      'sitemap.malformed',
      sitemapUrl,
      'an HTML page, not a sitemap (<urlset> or <sitemapindex>)',
    );
  }
  // Unescaped "&" in query strings is the commonest sitemap error; repairing it keeps the other URLs.
  xml = xml.replace(/&(?![a-zA-Z][\w.-]*;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;');
  checkMarkup(xml, sitemapUrl, 'xml');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new CollectError(
      'sitemap.malformed',
      sitemapUrl,
      `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  }
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new CollectError('sitemap.malformed', sitemapUrl, `malformed XML: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('!'));

  if (root === 'sitemapindex') {
    const index = node(doc.sitemapindex);
    const sitemaps = new Set<string>();
    let dropped = 0;
    for (const s of asArray(index?.sitemap)) {
      const url = s && typeof s === 'object' ? httpUrl((s as Node).loc, sitemapUrl) : null;
      if (!url || sitemaps.has(url)) dropped++;
      else sitemaps.add(url);
    }
    return { kind: 'index', sitemaps: [...sitemaps], dropped };
  }

  if (root === 'urlset') {
    const urlset = node(doc.urlset);
    const entries: SitemapEntry[] = [];
    const seen = new Set<string>();
    let dropped = 0;
    for (const u of asArray(urlset?.url)) {
      const entry = u && typeof u === 'object' ? (u as Node) : null;
      const url = entry ? httpUrl(entry.loc, sitemapUrl) : null;
      if (!entry || !url || seen.has(url)) {
        dropped++;
        continue;
      }
      seen.add(url);
      entries.push({ url, lastmod: parseFeedDate(text(entry.lastmod)), news: newsOf(entry) });
    }
    return { kind: 'urlset', entries, dropped };
  }

  throw new CollectError(
    'sitemap.malformed',
    sitemapUrl,
    `not a sitemap: the root element is <${rootElement(xml) ?? root ?? 'none'}>, expected <urlset> or <sitemapindex>`,
  );
}
