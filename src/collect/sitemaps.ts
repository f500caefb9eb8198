import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { normalizeDate } from './article.js';
import { CollectError } from './errors.js';
import type { ParsedSitemap, SitemapEntry } from './types.js';

const MAX_UNZIPPED = 50 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

type Obj = Record<string, unknown>;

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in (v as Obj)) return text((v as Obj)['#text']);
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
  return /<(?:[\w-]+:)?(urlset|sitemapindex)[\s>]/i.test(body.slice(0, 4096));
}

/** sitemaps.org 0.9 urlset and sitemapindex, Google News extension, gzip bodies. */
export function parseSitemap(body: Buffer | string, sitemapUrl: string): ParsedSitemap {
  let xml: string;
  if (Buffer.isBuffer(body) && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      xml = gunzipSync(body, { maxOutputLength: MAX_UNZIPPED }).toString('utf8');
    } catch (err) {
      throw new CollectError(
        'sitemap.malformed',
        sitemapUrl,
        `cannot gunzip the sitemap (over ${MAX_UNZIPPED / 2 ** 20} MB or corrupt): ${(err as Error).message}`,
      );
    }
  } else {
    xml = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  }
  xml = xml.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new CollectError(
      'sitemap.malformed',
      sitemapUrl,
      `malformed XML at line ${valid.err.line}: ${valid.err.msg}`,
    );
  }
  const doc = parser.parse(xml) as Obj;
  if (doc.sitemapindex) {
    const list = ((doc.sitemapindex as Obj).sitemap as Obj[] | undefined) ?? [];
    const sitemaps = list.map((s) => httpUrl(s.loc, sitemapUrl)).filter((u): u is string => !!u);
    return { kind: 'index', sitemaps: [...new Set(sitemaps)] };
  }
  if (doc.urlset !== undefined) {
    const list = ((doc.urlset as Obj | string as Obj).url as Obj[] | undefined) ?? [];
    const entries: SitemapEntry[] = [];
    const seen = new Set<string>();
    for (const u of list) {
      const url = httpUrl(u.loc, sitemapUrl);
      if (!url || seen.has(url)) continue;
      seen.add(url);
      const news = u.news as Obj | undefined;
      const publication = news?.publication as Obj | undefined;
      entries.push({
        url,
        lastmod: normalizeDate(text(u.lastmod)),
        news: news
          ? {
              title: text(news.title),
              publishedAt: normalizeDate(text(news.publication_date)),
              publication: text(publication?.name),
              language: text(publication?.language),
            }
          : null,
      });
    }
    return { kind: 'urlset', entries };
  }
  const root = Object.keys(doc).find((k) => k !== '?xml') ?? 'nothing';
  throw new CollectError('sitemap.malformed', sitemapUrl, `not a sitemap: the root element is <${root}>`);
}
