import { DetectError, parseFeed as feedsmithParse, type AnyFeed, type AtomFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { checkMarkup } from './budget.js';
import { CollectError } from './errors.js';
import type { FeedFormat, FeedItem, ParsedFeed } from './types.js';

// feedsmith does the parsing (RSS 2.0, RSS 1.0/RDF, Atom 1.0, JSON Feed, namespaces, CDATA, entities); this
// module decides what counts as a feed, maps feedsmith's shapes to FeedItem and cleans links, dates and text.

export interface FeedParseResult extends ParsedFeed {
  /** Items with neither an http(s) link nor a guid/id that is an absolute http(s) URL. */
  dropped: number;
  /** Items whose resolved url repeated an earlier item's. */
  duplicates: number;
}

// ---------------------------------------------------------------------------------------------------------
// Dates

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

// Only abbreviations with one common meaning; "IST" or "AST" (India/Israel/Irish, Arabia/Atlantic) are
// ambiguous and fall through to UTC like any unknown zone.
const ZONES: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  TRT: 180,
  IRST: 210,
  IRDT: 270,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

/** Minutes east of UTC, or null when the text is not a zone at all. */
function zoneOffset(raw: string): number | null {
  const s = raw
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .toUpperCase();
  if (!s) return 0;
  const num = /^(?:GMT|UTC|UT)?\s*([+-])\s*(\d{1,2})(?::(\d{2})|(\d{2}))?$/.exec(s);
  if (num) {
    const h = Number(num[2]);
    const m = Number(num[3] ?? num[4] ?? 0);
    if (h > 14 || m > 59) return null;
    return (num[1] === '-' ? -1 : 1) * (h * 60 + m);
  }
  if (/^[A-Z]{1,5}$/.test(s)) return ZONES[s] ?? 0;
  return null;
}

function utcIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offset: number | null,
): string | null {
  if (offset === null) return null;
  if (month < 0 || month > 11 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const local = new Date(Date.UTC(year, month, day, hour, minute, Math.min(second, 59)));
  // Date.UTC rolls 31 June over to 1 July; a date that does not exist is a bad date, not the next one.
  if (local.getUTCFullYear() !== year || local.getUTCMonth() !== month || local.getUTCDate() !== day)
    return null;
  const t = local.getTime() - offset * 60_000;
  const y = new Date(t).getUTCFullYear();
  // Before the web, or over a year ahead, is a placeholder (Go's zero time, the Unix epoch) or a typo.
  if (y < 1990 || y > new Date().getUTCFullYear() + 1) return null;
  return new Date(t).toISOString();
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  return n;
}

function monthIndex(word: string): number | null {
  const w = word.toLowerCase();
  const m = MONTHS[w.slice(0, 3)];
  return m !== undefined && w.length <= 9 ? m : null;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === 'pm';
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

const ISO_RE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(.*)$/i;
const RFC822_RE =
  /^(?:[a-z]+\.?,?\s*)?(\d{1,2})[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(.*)$/i;
// "July 8, 2020 10:00 AM EST" and JavaScript's Date#toString "Wed Jul 08 2020 10:00:00 GMT+0300 (...)".
const MDY_RE =
  /^(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*(.*)$/i;

/**
 * A feed or sitemap date as ISO 8601 UTC, or null. Handles RFC 822/1123 with the zones publishers really
 * write ("+0300", "GMT+3", "EEST", "(Arabian Standard Time)"), ISO 8601/W3C datetimes with or without
 * seconds and zone, and US-style "July 8, 2020". A time without a zone is taken as UTC, never server time.
 */
export function parseFeedDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.replace(/\s+/g, ' ').trim();
  if (!v) return null;
  const iso = ISO_RE.exec(v);
  if (iso) {
    return utcIso(
      Number(iso[1]),
      Number(iso[2]) - 1,
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      zoneOffset(iso[7] ?? ''),
    );
  }
  const rfc = RFC822_RE.exec(v);
  if (rfc) {
    const month = monthIndex(rfc[2]!);
    if (month === null) return null;
    return utcIso(
      fullYear(rfc[3]!),
      month,
      Number(rfc[1]),
      Number(rfc[4] ?? 0),
      Number(rfc[5] ?? 0),
      Number(rfc[6] ?? 0),
      zoneOffset(rfc[7] ?? ''),
    );
  }
  const mdy = MDY_RE.exec(v);
  if (mdy) {
    const month = monthIndex(mdy[1]!);
    if (month === null) return null;
    return utcIso(
      Number(mdy[3]),
      month,
      Number(mdy[2]),
      hour12(Number(mdy[4] ?? 0), mdy[7]),
      Number(mdy[5] ?? 0),
      Number(mdy[6] ?? 0),
      zoneOffset(mdy[8] ?? ''),
    );
  }
  return null;
}

function firstDate(...values: Array<string | readonly string[] | undefined>): string | null {
  for (const v of values) {
    for (const x of typeof v === 'string' ? [v] : (v ?? [])) {
      const d = parseFeedDate(x);
      if (d) return d;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Text

const { document: scratch } = parseHTML(
  '<!doctype html><html><head></head><body></body></html>',
) as unknown as {
  document: Document;
};

const TAG_RE = /<\/?[a-z][^>]*>|<!--/i;
const ENTITY_RE = /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);/i;
const BLOCK_TAG_RE =
  /<(?:br|hr|\/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|footer|figure|figcaption|dd|dt))\b[^>]*>/gi;

function fragmentText(html: string): string {
  const el = scratch.createElement('div');
  // Block boundaries would otherwise glue words together ("<p>a</p><p>b</p>" → "ab").
  el.innerHTML = html.replace(BLOCK_TAG_RE, ' $&');
  for (const junk of el.querySelectorAll('script, style, template')) junk.remove();
  return el.textContent ?? '';
}

/**
 * Feed titles and summaries may hold HTML, entity-escaped HTML or double-escaped entities ("A &amp;amp; B");
 * the result is always one line of plain text. A "<" that does not open a tag ("Oil < $50") is kept.
 */
export function plainText(value: string | null | undefined): string | null {
  if (!value) return null;
  let s = value;
  for (let pass = 0; pass < 2 && (TAG_RE.test(s) || ENTITY_RE.test(s)); pass++) s = fragmentText(s);
  s = s.replace(/\s+/g, ' ').trim();
  return s || null;
}

function trimmed(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

// ---------------------------------------------------------------------------------------------------------
// URLs

function resolveHttp(href: string | null | undefined, base: string): string | null {
  const h = href?.trim();
  if (!h) return null;
  try {
    const u = new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A guid or id stands in for a link only when it is itself an absolute http(s) URL: "lw-1001" is not. */
function absoluteHttp(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v || !/^https?:\/\//i.test(v)) return null;
  return resolveHttp(v, v);
}

function baseFrom(xmlBase: string | undefined, parent: string): string {
  return resolveHttp(xmlBase, parent) ?? parent;
}

function language(...values: Array<string | readonly string[] | undefined>): string | null {
  for (const v of values) {
    const s = trimmed(typeof v === 'string' ? v : v?.[0]);
    if (s) return s.replace(/_/g, '-').toLowerCase();
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Mapping feedsmith's shapes

interface Mapped {
  title: string | null;
  siteUrl: string | null;
  language: string | null;
  items: FeedItem[];
}

type Person = { name?: string; email?: string };

/** "jane@example.com (Jane Doe)" is RSS's author form; the name is what a reader wants. */
function personName(p: Person | string | undefined): string | null {
  const raw = typeof p === 'string' ? p : (p?.name ?? p?.email);
  const s = trimmed(raw);
  if (!s) return null;
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(s);
  return plainText(paren ? paren[1] : s);
}

function names(list: ReadonlyArray<Person | string> | undefined): string | null {
  const out = (list ?? []).map(personName).filter((x): x is string => !!x);
  return out.length > 0 ? [...new Set(out)].join(', ') : null;
}

function atomAlternate(links: AtomFeed.Link<string>[] | undefined, base: string): string | null {
  const alternates = (links ?? []).filter((l) => !l.rel || l.rel.toLowerCase() === 'alternate');
  const best = alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
  return resolveHttp(best?.href, base);
}

function mapAtom(feed: AtomFeed.Feed<string>, feedUrl: string): Mapped {
  const feedBase = baseFrom(feed.xml?.base, feedUrl);
  const feedLang = language(feed.xml?.lang, feed.dc?.languages);
  const feedAuthors = names(feed.authors);
  return {
    title: plainText(feed.title?.value),
    siteUrl: atomAlternate(feed.links, feedBase),
    language: feedLang,
    items: (feed.entries ?? []).map((e): FeedItem => {
      const base = baseFrom(e.xml?.base, feedBase);
      const content = e.content;
      const ctype = (content?.type ?? 'text').toLowerCase();
      // Out-of-line content (src=) is a pointer, not the text.
      const value = content?.src ? null : trimmed(content?.value);
      const isHtml = ctype === 'html' || ctype === 'xhtml' || ctype.includes('html');
      const isText = ctype === 'text' || ctype.startsWith('text/');
      return {
        url: atomAlternate(e.links, base) ?? absoluteHttp(e.id) ?? '',
        guid: trimmed(e.id),
        title: plainText(e.title?.value),
        author: names(e.authors) ?? names(e.source?.authors) ?? feedAuthors,
        publishedAt: firstDate(e.published, e.updated, e.dc?.dates),
        summary: plainText(e.summary?.value),
        contentHtml: value && isHtml ? value : null,
        contentText: value && isText && !isHtml ? value : null,
        language: language(e.xml?.lang, e.dc?.languages) ?? feedLang,
      };
    }),
  };
}

function mapJson(feed: Extract<AnyFeed, { format: 'json' }>['feed'], feedUrl: string): Mapped {
  const feedLang = language(feed.language);
  const feedAuthors = names(feed.authors);
  return {
    title: plainText(feed.title),
    siteUrl: resolveHttp(feed.home_page_url, feedUrl),
    language: feedLang,
    items: (feed.items ?? []).map((i): FeedItem => ({
      url:
        resolveHttp(i.url, feedUrl) ??
        resolveHttp(i.external_url, feedUrl) ??
        absoluteHttp(String(i.id)) ??
        '',
      guid: i.id === undefined || i.id === null ? null : trimmed(String(i.id)),
      title: plainText(i.title),
      author: names(i.authors) ?? feedAuthors,
      publishedAt: firstDate(i.date_published, i.date_modified),
      summary: plainText(i.summary),
      contentHtml: trimmed(i.content_html),
      contentText: trimmed(i.content_text),
      language: language(i.language) ?? feedLang,
    })),
  };
}

function mapRss(
  feed: Extract<AnyFeed, { format: 'rss' }>['feed'] | Extract<AnyFeed, { format: 'rdf' }>['feed'],
  feedUrl: string,
): Mapped {
  // RSS 2.0 and RSS 1.0/RDF share item fields; the RDF-only and RSS-only ones are read where present.
  type AnyItem = NonNullable<typeof feed.items>[number] & {
    guid?: { value?: string };
    pubDate?: string;
    authors?: Person[];
    rdf?: { about?: string };
  };
  const channel = feed as typeof feed & { language?: string };
  const feedBase = baseFrom(feed.xml?.base, feedUrl);
  const feedLang = language(channel.language, feed.dc?.languages, feed.xml?.lang);
  return {
    title: plainText(feed.title),
    siteUrl: resolveHttp(feed.link, feedBase),
    language: feedLang,
    items: ((feed.items ?? []) as AnyItem[]).map((i): FeedItem => {
      const base = baseFrom(i.xml?.base, feedBase);
      const guid = trimmed(i.guid?.value) ?? trimmed(i.rdf?.about);
      return {
        url: resolveHttp(i.link, base) ?? absoluteHttp(guid) ?? '',
        guid,
        title: plainText(i.title),
        author: names(i.dc?.creators) ?? names(i.authors),
        publishedAt: firstDate(i.pubDate, i.dc?.dates, i.atom?.published, i.atom?.updated),
        summary: plainText(i.description),
        contentHtml: trimmed(i.content?.encoded),
        contentText: null,
        language: language(i.dc?.languages, i.xml?.lang) ?? feedLang,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sniffing

const PROLOG_RE = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;

/** The qualified name of the first element after the prolog, e.g. "rss", "rdf:RDF", "html". */
export function rootElement(body: string): string | null {
  const s = body.replace(/^\uFEFF/, '');
  const prolog = PROLOG_RE.exec(s)?.[0].length ?? 0;
  return /^<([A-Za-z_][\w.:-]*)/.exec(s.slice(prolog))?.[1] ?? null;
}

export function looksLikeHtml(body: string): boolean {
  const head = body.slice(0, 8192).replace(/^\uFEFF/, '');
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i.test(head))
    return true;
  return /^(?:html|head|body)$/i.test(rootElement(head) ?? '');
}

/** Cheap sniff for routing a fetched body: a feed, not a sitemap or an HTML page. */
export function looksLikeFeed(body: string): boolean {
  const head = body
    .slice(0, 16_384)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('{')) return /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//i.test(head);
  if (looksLikeHtml(head)) return false;
  const root = rootElement(head);
  return !!root && /^(?:[\w.-]+:)?(?:rss|feed|RDF)$/.test(root);
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

function notAFeed(body: string, feedUrl: string): CollectError {
  const found = discoverFeeds(body, feedUrl);
  const detail =
    found.length > 0
      ? `an HTML page, not a feed; the page advertises its feed at ${found.join(', ')}`
      : 'an HTML page, not a feed, and the page advertises no feed with <link rel="alternate">';
  return new CollectError('feed.not_a_feed', feedUrl, detail);
}

function causeMessage(err: unknown): string {
  const e = err as Error & { cause?: unknown };
  const inner = e.cause instanceof Error ? e.cause.message : null;
  return (inner ?? e.message ?? String(err)).replace(/\s+/g, ' ').trim();
}

function parseXml(text: string, feedUrl: string): AnyFeed {
  const root = rootElement(text);
  if (!root) {
    throw new CollectError(
      'feed.malformed',
      feedUrl,
      `neither XML nor JSON: starts with ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  // feedsmith recovers every item from a feed cut off before </channel></rss>; a body that ends early was
  // truncated in transit (or by a size cap), so it is reported rather than half-read.
  const selfClosed = new RegExp(`<${root.replace(/[.]/g, '\\.')}\\b[^>]*/>`).test(text.slice(0, 4096));
  if (!selfClosed && !new RegExp(`</${root.replace(/[.]/g, '\\.')}\\s*>`).test(text.slice(-65_536))) {
    throw new CollectError(
      'feed.malformed',
      feedUrl,
      `truncated XML: the document ends without closing <${root}>`,
    );
  }
  checkMarkup(text, feedUrl, 'xml');
  try {
    return feedsmithParse(text);
  } catch (err) {
    if (err instanceof DetectError) {
      throw new CollectError(
        'feed.malformed',
        feedUrl,
        `XML but not RSS, Atom or RDF: the root element is <${root}>`,
        { cause: err },
      );
    }
    throw new CollectError('feed.malformed', feedUrl, `malformed ${root} feed: ${causeMessage(err)}`, {
      cause: err,
    });
  }
}

function parseJson(text: string, feedUrl: string): AnyFeed {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CollectError('feed.malformed', feedUrl, `malformed JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  try {
    return feedsmithParse(json);
  } catch (err) {
    throw new CollectError(
      'feed.malformed',
      feedUrl,
      `JSON but not a JSON Feed (needs "version": "https://jsonfeed.org/version/1.1" and "items"): ${causeMessage(err)}`,
      { cause: err },
    );
  }
}

/**
 * Parses an RSS 2.0, RSS 1.0/RDF, Atom 1.0 or JSON Feed 1.0/1.1 body. Item urls are absolute http(s) and
 * unique; items without one are counted in `dropped`, repeats in `duplicates`.
 * Throws CollectError 'content.empty', 'feed.not_a_feed' (an HTML page) or 'feed.malformed'.
 */
export function parseFeed(body: string, feedUrl: string): FeedParseResult {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (!text) throw new CollectError('content.empty', feedUrl, 'the feed body is empty');
  if (looksLikeHtml(text)) throw notAFeed(text, feedUrl);

  const parsed =
    text.startsWith('{') || text.startsWith('[') ? parseJson(text, feedUrl) : parseXml(text, feedUrl);
  let mapped: Mapped;
  switch (parsed.format) {
    case 'atom':
      mapped = mapAtom(parsed.feed, feedUrl);
      break;
    case 'json':
      mapped = mapJson(parsed.feed, feedUrl);
      break;
    case 'rss':
    case 'rdf':
      mapped = mapRss(parsed.feed, feedUrl);
      break;
  }

  const seen = new Set<string>();
  const items: FeedItem[] = [];
  let dropped = 0;
  let duplicates = 0;
  for (const item of mapped.items) {
    if (!item.url) dropped++;
    else if (seen.has(item.url)) duplicates++;
    else {
      seen.add(item.url);
      items.push(item);
    }
  }
  const format: FeedFormat = parsed.format;
  return {
    format,
    title: mapped.title,
    siteUrl: mapped.siteUrl,
    language: mapped.language,
    items,
    dropped,
    duplicates,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Discovery

// Lower ranks first, so a caller taking the first one gets RSS or Atom before a JSON alternate.
const FEED_TYPE_RANK: Record<string, number> = {
  'application/rss+xml': 0,
  'application/atom+xml': 0,
  'application/feed+json': 1,
  'application/json': 2,
  'application/rdf+xml': 3,
  'application/xml': 3,
  'text/xml': 3,
};

/**
 * The feeds an HTML page advertises with <link rel="alternate" type="application/rss+xml|atom+xml|
 * feed+json|json">, absolute, RSS/Atom first and otherwise in page order.
 */
export function discoverFeeds(html: string, pageUrl: string): string[] {
  const { document } = parseHTML(html.slice(0, 1_000_000)) as unknown as { document: Document };
  const base = resolveHttp(document.querySelector('base[href]')?.getAttribute('href'), pageUrl) ?? pageUrl;
  const found: Array<{ url: string; rank: number }> = [];
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate')) continue;
    const type = (link.getAttribute('type') ?? '').split(';')[0]!.trim().toLowerCase();
    // hasOwn: type="constructor" is not a feed type, whatever Object.prototype says (issue 15).
    const rank = Object.hasOwn(FEED_TYPE_RANK, type) ? FEED_TYPE_RANK[type] : undefined;
    if (rank === undefined) continue;
    const url = resolveHttp(link.getAttribute('href'), base);
    if (!url || found.some((f) => f.url === url)) continue;
    // WordPress advertises its REST API for every page as an application/json alternate.
    if (type === 'application/json' && /\/wp-json\/|[?&]rest_route=/i.test(url)) continue;
    found.push({ url, rank });
  }
  return found.sort((a, b) => a.rank - b.rank).map((f) => f.url);
}
