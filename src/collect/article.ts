import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { checkMarkup } from './budget.js';
import { CollectError } from './errors.js';
import type { DateSource, ExtractedArticle } from './types.js';

// HTML → article. Metadata is read before Readability runs, because Readability rewrites the document.

const MIN_TEXT = 80;
const DEFAULT_MAX_HTML = 5_000_000;

type Doc = Document;

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

function validYmd(y: number, m: number, d: number): string | null {
  const maxYear = new Date().getUTCFullYear() + 1;
  if (y < 1990 || y > maxYear || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return dt.toISOString();
}

/** Any date string a page may carry → ISO 8601 UTC, or null. Date-only values become midnight UTC. */
export function normalizeDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (!v) return null;
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (ymd) return validYmd(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (compact) return validYmd(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  // A timestamp without a zone is read as UTC, never in whatever zone the server happens to run in.
  const zoneless = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v);
  const t = Date.parse(zoneless ? `${v.replace(' ', 'T')}Z` : v);
  if (!Number.isFinite(t)) return dateFromDateline(v);
  const d = new Date(t);
  const y = d.getUTCFullYear();
  if (y < 1990 || y > new Date().getUTCFullYear() + 1) return null;
  return d.toISOString();
}

/** /2020/07/08/, /2020-07-08/, 20200708 in a path segment. */
export function dateFromUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const slashed = /\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})(?:\/|$)/.exec(path);
  if (slashed) return validYmd(Number(slashed[1]), Number(slashed[2]), Number(slashed[3]));
  const dashed = /(?:^|[/_-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)/.exec(path);
  if (dashed) return validYmd(Number(dashed[1]), Number(dashed[2]), Number(dashed[3]));
  const compact = /(?:^|[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)/.exec(path);
  if (compact) return validYmd(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  return null;
}

const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

/** A full date written in prose near the top: "July 8, 2020", "8 July 2020", "Jul. 8, 2020", "2020-07-08". */
export function dateFromDateline(text: string): string | null {
  const head = text.slice(0, 600);
  const mdy = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+((?:19|20)\\d{2})\\b`, 'i').exec(
    head,
  );
  const dmy = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE},?\\s+((?:19|20)\\d{2})\\b`, 'i').exec(
    head,
  );
  const iso = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/.exec(head);
  const candidates: Array<{ index: number; value: string | null }> = [];
  if (mdy)
    candidates.push({
      index: mdy.index,
      value: validYmd(Number(mdy[3]), MONTHS[mdy[1]!.toLowerCase().replace('.', '')] ?? 0, Number(mdy[2])),
    });
  if (dmy)
    candidates.push({
      index: dmy.index,
      value: validYmd(Number(dmy[3]), MONTHS[dmy[2]!.toLowerCase().replace('.', '')] ?? 0, Number(dmy[1])),
    });
  if (iso)
    candidates.push({ index: iso.index, value: validYmd(Number(iso[1]), Number(iso[2]), Number(iso[3])) });
  candidates.sort((a, b) => a.index - b.index);
  return candidates.find((c) => c.value)?.value ?? null;
}

type MetaIndex = Map<string, string>;

/** Every <meta> by property, name and itemprop (lower-cased), first one wins: one pass over the page. */
function indexMeta(doc: Doc): MetaIndex {
  const index: MetaIndex = new Map();
  for (const el of doc.getElementsByTagName('meta')) {
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !index.has(key)) index.set(key, content);
    }
  }
  return index;
}

function metaContent(meta: MetaIndex, names: string[]): string | null {
  for (const name of names) {
    const v = meta.get(name.toLowerCase());
    if (v) return v;
  }
  return null;
}

type Json = Record<string, unknown>;

function jsonLdNodes(doc: Doc): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      out.push(o);
      if (o['@graph']) visit(o['@graph']);
      if (o.mainEntity && typeof o.mainEntity === 'object') visit(o.mainEntity);
    }
  };
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(s.textContent ?? ''));
    } catch {
      // A broken JSON-LD block is common; the other sources still apply.
    }
  }
  return out;
}

const ARTICLE_TYPES =
  /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BlogPosting|OpinionNewsArticle|BackgroundNewsArticle|LiveBlogPosting|Report|WebPage)$/;

function isArticleNode(n: Json): boolean {
  const t = n['@type'];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === 'string' && ARTICLE_TYPES.test(x) && x !== 'WebPage');
}

function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (Array.isArray(v)) {
    const names = v.map(nameOf).filter((x): x is string => !!x);
    return names.length > 0 ? names.join(', ') : null;
  }
  if (v && typeof v === 'object') return nameOf((v as Json).name);
  return null;
}

function httpUrl(href: string | null | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Cheap language guess from the script and English function words, for pages that declare nothing. */
export function guessLanguage(text: string): string | null {
  const sample = text.slice(0, 4000);
  const arabic = (sample.match(/[\u0600-\u06FF]/g) ?? []).length;
  const hebrew = (sample.match(/[\u0590-\u05FF]/g) ?? []).length;
  const latin = (sample.match(/[A-Za-z]/g) ?? []).length;
  const total = arabic + hebrew + latin;
  if (total === 0) return null;
  if (arabic / total > 0.5) {
    const persian = (sample.match(/[پچژگ]/g) ?? []).length;
    return persian / arabic > 0.01 ? 'fa' : 'ar';
  }
  if (hebrew / total > 0.5) return 'he';
  if (latin / total > 0.5) {
    const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
    const stop = words.filter((w) => /^(the|and|of|to|in|is|that|for|was|on|with|said|by)$/.test(w)).length;
    return words.length > 0 && stop / words.length > 0.08 ? 'en' : null;
  }
  return null;
}

const BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'PRE',
  'FIGCAPTION',
  'TD',
  'DT',
  'DD',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'SVG',
  'BUTTON',
  'FORM',
  'SELECT',
  'OBJECT',
  'EMBED',
]);

/** Element → plain-text paragraphs: block elements become paragraphs, whitespace is collapsed inside them. */
export function htmlToParagraphs(root: Element): string[] {
  const paragraphs: string[] = [];
  let buf = '';
  const flush = () => {
    const t = buf.replace(/\s+/g, ' ').trim();
    if (t) paragraphs.push(t);
    buf = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      buf += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      buf += ' ';
      return;
    }
    const block =
      BLOCKS.has(tag) ||
      tag === 'DIV' ||
      tag === 'SECTION' ||
      tag === 'ARTICLE' ||
      tag === 'TR' ||
      tag === 'UL' ||
      tag === 'OL' ||
      tag === 'TABLE' ||
      tag === 'FIGURE';
    if (block) flush();
    for (const child of Array.from(el.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return paragraphs;
}

function stripSiteSuffix(title: string, site: string | null): string {
  const m = /^(.*\S)\s+[|\-–—:·]\s+([^|\-–—:·]{2,60})$/.exec(title);
  if (!m) return title;
  const tail = m[2]!.trim().toLowerCase();
  if (
    site &&
    (tail === site.toLowerCase() || tail.includes(site.toLowerCase()) || site.toLowerCase().includes(tail))
  )
    return m[1]!;
  return title;
}

/** Largest run of <p> text, for pages Readability gives up on. */
function fallbackParagraphs(doc: Doc): string[] {
  let best: string[] = [];
  let bestLen = 0;
  const parents = new Set<Element>();
  for (const p of doc.querySelectorAll('p')) if (p.parentElement) parents.add(p.parentElement);
  for (const parent of parents) {
    const ps = Array.from(parent.children)
      .filter((c) => c.tagName === 'P')
      .map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    const len = ps.reduce((n, p) => n + p.length, 0);
    if (len > bestLen) {
      best = ps;
      bestLen = len;
    }
  }
  return best;
}

export function extractArticle(
  html: string,
  url: string,
  options: { maxHtmlChars?: number } = {},
): ExtractedArticle {
  const max = options.maxHtmlChars ?? DEFAULT_MAX_HTML;
  const source = html.length > max ? html.slice(0, max) : html;
  checkMarkup(source, url);
  const { document: doc } = parseHTML(source) as unknown as { document: Doc };
  if (!doc.documentElement) throw new CollectError('article.no_content', url, 'the page has no document');

  const meta = indexMeta(doc);
  const ld = jsonLdNodes(doc);
  const ldArticle = ld.find(isArticleNode) ?? null;

  const siteName =
    metaContent(meta, ['og:site_name', 'application-name']) ??
    nameOf((ldArticle?.publisher as Json | undefined)?.name) ??
    null;
  const canonicalUrl =
    httpUrl(doc.querySelector('link[rel="canonical"]')?.getAttribute('href'), url) ??
    httpUrl(metaContent(meta, ['og:url']), url) ??
    httpUrl(typeof ldArticle?.url === 'string' ? ldArticle.url : null, url) ??
    httpUrl(
      typeof ldArticle?.mainEntityOfPage === 'string'
        ? ldArticle.mainEntityOfPage
        : nameOf(((ldArticle?.mainEntityOfPage as Json | undefined)?.['@id'] as string | undefined) ?? null),
      url,
    );
  const declaredLang =
    doc.documentElement.getAttribute('lang') ??
    metaContent(meta, ['content-language']) ??
    metaContent(meta, ['og:locale']) ??
    (typeof ldArticle?.inLanguage === 'string' ? ldArticle.inLanguage : null);
  const metaAuthor = metaContent(meta, [
    'author',
    'article:author',
    'byl',
    'parsely-author',
    'sailthru.author',
  ]);
  const ldAuthor = nameOf(ldArticle?.author);
  const description = metaContent(meta, ['description', 'og:description', 'twitter:description']);
  const ogTitle = metaContent(meta, ['og:title', 'twitter:title']);
  const ldHeadline = typeof ldArticle?.headline === 'string' ? ldArticle.headline.trim() : null;
  const docTitle = (doc.querySelector('title')?.textContent ?? '').replace(/\s+/g, ' ').trim() || null;
  const h1 = (doc.querySelector('h1')?.textContent ?? '').replace(/\s+/g, ' ').trim() || null;

  const dates: Array<[DateSource, string | null]> = [
    [
      'meta',
      normalizeDate(
        metaContent(meta, [
          'article:published_time',
          'og:article:published_time',
          'datePublished',
          'pubdate',
          'publishdate',
          'publish-date',
          'DC.date.issued',
          'dc.date.issued',
          'parsely-pub-date',
          'sailthru.date',
        ]),
      ),
    ],
    ['json-ld', normalizeDate(typeof ldArticle?.datePublished === 'string' ? ldArticle.datePublished : null)],
    [
      'time',
      normalizeDate(
        (
          doc.querySelector('time[itemprop="datePublished"]') ??
          doc.querySelector('time[pubdate]') ??
          doc.querySelector('article time[datetime]') ??
          doc.querySelector('time[datetime]')
        )?.getAttribute('datetime'),
      ),
    ],
    ['url', dateFromUrl(url)],
  ];

  // Readability mutates the document; everything above has been read already.
  let paragraphs: string[] = [];
  let byline: string | null = null;
  let excerpt: string | null = null;
  try {
    // The serializer hands back the content element itself: no HTML string to build and parse again.
    const parsed = new Readability<Element>(doc, {
      charThreshold: 300,
      serializer: (el) => el as Element,
    }).parse();
    if (parsed?.content) {
      paragraphs = htmlToParagraphs(parsed.content);
      byline = parsed.byline?.trim() || null;
      excerpt = parsed.excerpt?.trim() || null;
    }
  } catch {
    // Readability can throw on pathological markup; the fallback below still applies.
  }
  if (paragraphs.join(' ').length < MIN_TEXT) {
    const { document: fresh } = parseHTML(source) as unknown as { document: Doc };
    paragraphs = fallbackParagraphs(fresh);
  }
  const text = paragraphs.join('\n\n');
  if (text.length < MIN_TEXT)
    throw new CollectError('article.no_content', url, 'no article text found on the page');

  dates.push(['dateline', dateFromDateline(text)]);
  const date = dates.find(([, v]) => v !== null);
  const rawTitle = ogTitle ?? ldHeadline ?? docTitle ?? h1;
  const cleanByline =
    [byline, metaAuthor, ldAuthor].find((b) => b && !/^https?:\/\//i.test(b) && b.length < 200) ?? null;
  const lang = declaredLang ? declaredLang.trim().toLowerCase().split(/[-_]/)[0]! : null;

  return {
    url,
    canonicalUrl,
    title: rawTitle ? stripSiteSuffix(rawTitle, siteName) : null,
    byline: cleanByline,
    siteName,
    language: lang && /^[a-z]{2,3}$/.test(lang) ? lang : guessLanguage(text),
    publishedAt: date ? date[1] : null,
    publishedAtSource: date ? date[0] : null,
    text,
    excerpt: description ?? excerpt,
  };
}
