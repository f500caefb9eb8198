import { parseFeed as parseAnyFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { normalizeDate } from './article.js';
import { CollectError } from './errors.js';
import type { FeedFormat, FeedItem, ParsedFeed } from './types.js';

// feedsmith parses RSS 2.0, RSS 1.0/RDF, Atom 1.0 and JSON Feed into their own shapes; this module maps
// them to FeedItem, resolving links and dates and turning titles and summaries into plain text.

type Obj = Record<string, unknown>;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

/** Feed strings may hold HTML, entity-escaped HTML or both: always return plain text. */
export function plainText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const strip = (x: string) =>
    x.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  let s = strip(value);
  // Decode twice at most: publishers double-escape titles ("A &amp;amp; B"); escaped markup is stripped too.
  for (let i = 0; i < 2 && /&[#a-z0-9]+;/i.test(s); i++) s = strip(decodeEntities(s));
  s = s.replace(/\s+/g, ' ').trim();
  return s || null;
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (v && typeof v === 'object' && typeof (v as Obj).value === 'string')
    return ((v as Obj).value as string).trim() || null;
  return null;
}

function resolveHttp(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function baseOf(node: Obj | undefined, fallback: string): string {
  const b = str((node?.xml as Obj | undefined)?.base);
  return b ? (resolveHttp(b, fallback) ?? fallback) : fallback;
}

function firstDate(...values: unknown[]): string | null {
  for (const v of values) {
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) {
      const d = normalizeDate(typeof x === 'string' ? x : null);
      if (d) return d;
    }
  }
  return null;
}

function names(v: unknown): string | null {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  const out = list
    .map((a) => (typeof a === 'string' ? a : str((a as Obj)?.name)))
    .filter((x): x is string => !!x);
  return out.length > 0 ? out.join(', ') : null;
}

function atomLink(links: unknown, base: string): string | null {
  const list = (Array.isArray(links) ? links : []) as Obj[];
  const alt = list.find((l) => !l.rel || l.rel === 'alternate') ?? list[0];
  return resolveHttp(str(alt?.href), base);
}

function mapItems(
  format: FeedFormat,
  feed: Obj,
  feedUrl: string,
): { items: FeedItem[]; siteUrl: string | null; title: string | null; language: string | null } {
  const feedBase = baseOf(feed, feedUrl);
  const language = str(feed.language) ?? str((feed.dc as Obj | undefined)?.language) ?? null;
  if (format === 'atom') {
    const entries = (feed.entries as Obj[] | undefined) ?? [];
    return {
      title: plainText(str(feed.title)),
      siteUrl: atomLink(feed.links, feedBase),
      language,
      items: entries.map((e) => {
        const base = baseOf(e, feedBase);
        const content = e.content as Obj | undefined;
        const ctype = str(content?.type) ?? 'text';
        const cval = str(content);
        return {
          url: atomLink(e.links, base) ?? resolveHttp(str(e.id), base) ?? '',
          guid: str(e.id),
          title: plainText(str(e.title)),
          author: names(e.authors),
          publishedAt: firstDate(e.published, e.updated),
          summary: plainText(str(e.summary)),
          contentHtml: cval && ctype !== 'text' ? cval : null,
          contentText: cval && ctype === 'text' ? cval : null,
          language,
        };
      }),
    };
  }
  if (format === 'json') {
    const items = (feed.items as Obj[] | undefined) ?? [];
    return {
      title: plainText(str(feed.title)),
      siteUrl: resolveHttp(str(feed.home_page_url), feedBase),
      language,
      items: items.map((i) => ({
        url:
          resolveHttp(str(i.url) ?? str(i.external_url), feedBase) ?? resolveHttp(str(i.id), feedBase) ?? '',
        guid: str(i.id),
        title: plainText(str(i.title)),
        author: names(i.authors) ?? names(i.author),
        publishedAt: firstDate(i.date_published, i.date_modified),
        summary: plainText(str(i.summary)),
        contentHtml: str(i.content_html),
        contentText: str(i.content_text),
        language: str(i.language) ?? language,
      })),
    };
  }
  // RSS 2.0 and RSS 1.0/RDF share feedsmith's item shape.
  const items = (feed.items as Obj[] | undefined) ?? [];
  return {
    title: plainText(str(feed.title)),
    siteUrl: resolveHttp(str(feed.link), feedBase),
    language,
    items: items.map((i) => {
      const guid = str(i.guid) ?? str((i.rdf as Obj | undefined)?.about);
      const dc = i.dc as Obj | undefined;
      const link = resolveHttp(str(i.link), feedBase);
      return {
        url: link ?? resolveHttp(guid, feedBase) ?? '',
        guid,
        title: plainText(str(i.title)),
        author: names(i.authors) ?? names(dc?.creators) ?? names(dc?.creator),
        publishedAt: firstDate(i.pubDate, dc?.dates, dc?.date),
        summary: plainText(str(i.description)),
        contentHtml: str((i.content as Obj | undefined)?.encoded),
        contentText: null,
        language: str(dc?.language) ?? language,
      };
    }),
  };
}

export function looksLikeHtml(body: string): boolean {
  return /^\s*(<!--[\s\S]*?-->\s*)*(<!doctype\s+html|<html[\s>])/i.test(body);
}

export function looksLikeFeed(body: string): boolean {
  const head = body.slice(0, 2048);
  if (/^\s*\{/.test(head)) return /jsonfeed\.org\/version/i.test(body.slice(0, 4096));
  return /<(rss|feed|rdf:RDF)[\s>]/i.test(head) && !looksLikeHtml(head);
}

export function parseFeed(body: string, feedUrl: string): ParsedFeed & { dropped: number } {
  const trimmed = body.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new CollectError('content.empty', feedUrl, 'the feed body is empty');
  if (looksLikeHtml(trimmed)) {
    const found = discoverFeeds(trimmed, feedUrl);
    throw new CollectError(
      'feed.not_a_feed',
      feedUrl,
      found.length > 0 ? `an HTML page, which advertises the feed ${found[0]}` : 'an HTML page, not a feed',
    );
  }
  let input: unknown = trimmed;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      input = JSON.parse(trimmed);
    } catch (err) {
      throw new CollectError('feed.malformed', feedUrl, `invalid JSON: ${(err as Error).message}`);
    }
  }
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseAnyFeed(input as string) as unknown as { format: string; feed: unknown };
  } catch (err) {
    throw new CollectError(
      'feed.malformed',
      feedUrl,
      `not a well-formed RSS, Atom, RDF or JSON feed (${(err as Error).message})`,
    );
  }
  const format = parsed.format as FeedFormat;
  const mapped = mapItems(format, parsed.feed as Obj, feedUrl);
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  let dropped = 0;
  for (const item of mapped.items) {
    if (!item.url || seen.has(item.url)) {
      dropped++;
      continue;
    }
    seen.add(item.url);
    items.push(item);
  }
  return { format, title: mapped.title, siteUrl: mapped.siteUrl, language: mapped.language, items, dropped };
}

const FEED_TYPES =
  /^(application\/(rss|atom|rdf)\+xml|application\/feed\+json|application\/json|text\/xml|application\/xml)$/i;

/** Feeds a page advertises with <link rel="alternate">, absolute. */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const { document } = parseHTML(html.slice(0, 500_000)) as unknown as { document: Document };
  const out: string[] = [];
  for (const link of document.querySelectorAll('link[rel~="alternate"]')) {
    const type = (link.getAttribute('type') ?? '').trim();
    if (!FEED_TYPES.test(type)) continue;
    const href = resolveHttp(link.getAttribute('href'), pageUrl);
    if (href && !out.includes(href)) out.push(href);
  }
  return out;
}
