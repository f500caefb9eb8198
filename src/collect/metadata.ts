import { CalendarDate, GregorianCalendar, PersianCalendar, toCalendar } from '@internationalized/date';
import type { DateSource } from './types.js';
import type { El, PageData } from './extract/tree.js';

// Article metadata from what the one-pass parser collected (tree.ts): the head's <meta>, <link> and
// JSON-LD, the <html lang>, <time> and <h1> elements, the URL, and the byline and dateline lines the
// boilerplate rules took out of the text. One rule per field, most trusted source first:
//   title      og:title, JSON-LD headline, <title>, <h1>; the site's name cut from either end
//   byline     JSON-LD author, <meta name=author> (and article:author, parsely, sailthru), a "By …" line
//   published  JSON-LD datePublished, OpenGraph / <meta> published time, <time>, URL, dateline
//   updated    JSON-LD dateModified, OpenGraph / <meta> modified time, <time itemprop=dateModified>
//   language   <html lang>, Content-Language, og:locale, JSON-LD inLanguage, else guessed from the text
//   site name  og:site_name, application-name, JSON-LD publisher
//   canonical  <link rel=canonical>, og:url, JSON-LD url / mainEntityOfPage

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
  // Iranian outlets date their paths in the Solar Hijri calendar: "/1402/03/30/" is 2023-06-20 (issue 20).
  const jalali = /\/(1[34]\d{2})\/(\d{1,2})\/(\d{1,2})(?:\/|$)/.exec(path);
  if (jalali) {
    const [y, m, d] = [Number(jalali[1]), Number(jalali[2]), Number(jalali[3])];
    // CalendarDate constrains a day the month lacks (31 Mehr): such a path is not a date.
    const day = new CalendarDate(new PersianCalendar(), y, m, d);
    if (day.month !== m || day.day !== d) return null;
    const g = toCalendar(day, new GregorianCalendar());
    return validYmd(g.year, g.month, g.day);
  }
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

type Json = Record<string, unknown>;

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

type MetaIndex = Map<string, string>;

/** Every <meta> by property, name, itemprop and http-equiv (lower-cased); the first one wins. */
export function indexMeta(metas: PageData['metas']): MetaIndex {
  const index: MetaIndex = new Map();
  for (const m of metas) {
    const content = m.content?.trim();
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = m[attr]?.trim().toLowerCase();
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

/** Every object in the page's JSON-LD, @graph and mainEntity included; broken blocks are skipped. */
export function jsonLdNodes(blocks: string[]): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 6) return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      out.push(o);
      if (o['@graph']) visit(o['@graph'], depth + 1);
      if (o.mainEntity && typeof o.mainEntity === 'object') visit(o.mainEntity, depth + 1);
    }
  };
  for (const s of blocks) {
    try {
      visit(JSON.parse(s.trim().replace(/^<!--|-->$/g, '')), 0);
    } catch {
      // A broken JSON-LD block is common; the other sources still apply.
    }
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const SEPARATOR = /\s+[|\-–—:·•»«]\s+|:\s+/;

/** A site's short name from its host: "www.nytimes.com" → "nytimes". */
function hostName(url: string): string | null {
  try {
    const parts = new URL(url).hostname
      .toLowerCase()
      .replace(/^www\d?\./, '')
      .split('.');
    return parts.length >= 2 ? parts[parts.length - 2]! : (parts[0] ?? null);
  } catch {
    return null;
  }
}

const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The title without the site's name at its end (or start): "Headline | The Times" → "Headline". */
export function stripSiteSuffix(title: string, site: string | null, url = ''): string {
  const t = squash(title);
  const parts = t.split(SEPARATOR);
  if (parts.length < 2) return t;
  const names = [site, hostName(url)]
    .filter((n): n is string => !!n)
    .map(compact)
    .filter((n) => n.length >= 2);
  const isSite = (part: string) => {
    const c = compact(part);
    return c.length > 0 && names.some((n) => c === n || c.includes(n) || n.includes(c));
  };
  const last = parts[parts.length - 1]!;
  const first = parts[0]!;
  if (isSite(last))
    return (
      t
        .slice(0, t.lastIndexOf(last))
        .replace(/\s+[|\-–—:·•»«]\s*$/, '')
        .trim() || t
    );
  if (isSite(first) && parts.length >= 2)
    return (
      t
        .slice(first.length)
        .replace(/^\s*[|\-–—:·•»«]\s*/, '')
        .trim() || t
    );
  return t;
}

/** The article's own text from JSON-LD articleBody (paywalled pages often carry the full text only there). */
export function jsonLdArticleBody(blocks: string[]): string[] | null {
  if (blocks.length === 0 || !blocks.some((b) => b.includes('articleBody'))) return null;
  const article = jsonLdNodes(blocks).find((n) => isArticleNode(n) && typeof n.articleBody === 'string');
  const body = article?.articleBody as string | undefined;
  if (!body || /<[a-z][^>]*>/i.test(body)) return null;
  const paragraphs = body
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return paragraphs.length > 0 ? paragraphs : null;
}

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  language: string | null;
  publishedAt: string | null;
  publishedAtSource: DateSource | null;
  updatedAt: string | null;
  excerpt: string | null;
}

function textOf(el: El | null): string | null {
  if (!el) return null;
  let out = '';
  const walk = (e: El) => {
    for (const c of e.children) out += typeof c === 'string' ? c : (walk(c), '');
  };
  walk(el);
  return squash(out) || null;
}

const BYLINE_LINE =
  /^(?:by|von|par|text:|autor(?:in)?\s*:?|auteur\s*:?|author\s*:?|reporting by|written by)\s+(.+)$/iu;

/** The page's metadata; `removed` are the byline and dateline lines the boilerplate rules took out. */
export function readMetadata(page: PageData, url: string, text: string, removed: string[]): PageMetadata {
  const meta = indexMeta(page.metas);
  const ld = jsonLdNodes(page.jsonLd);
  const article = ld.find(isArticleNode) ?? null;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

  const siteName =
    metaContent(meta, ['og:site_name', 'application-name']) ??
    nameOf((article?.publisher as Json | undefined)?.name) ??
    null;
  const canonical = page.links.find((l) => l.rel.split(/\s+/).includes('canonical'))?.href;
  const mainEntity = article?.mainEntityOfPage;
  const canonicalUrl =
    httpUrl(canonical, url) ??
    httpUrl(metaContent(meta, ['og:url']), url) ??
    httpUrl(str(article?.url), url) ??
    httpUrl(
      typeof mainEntity === 'string' ? mainEntity : str((mainEntity as Json | undefined)?.['@id']),
      url,
    );

  const h1 = textOf(page.h1);
  const rawTitle =
    metaContent(meta, ['og:title', 'twitter:title']) ??
    str(article?.headline) ??
    (page.title ? squash(page.title) || null : null) ??
    h1;

  const bylineLine = removed.map((l) => BYLINE_LINE.exec(l)?.[1]?.trim()).find((b) => !!b) ?? null;
  const byline =
    [
      nameOf(article?.author),
      metaContent(meta, [
        'author',
        'article:author',
        'byl',
        'parsely-author',
        'sailthru.author',
        'dc.creator',
      ]),
      bylineLine,
    ].find((b) => b && !/^https?:\/\//i.test(b) && b.length < 200) ?? null;

  const timeEl = (prop: string) =>
    page.dated.find((el) => el.tag === 'time' && el.attrs.itemprop === prop && !!el.attrs.datetime) ??
    page.dated.find((el) => el.attrs.itemprop === prop && !!(el.attrs.content ?? el.attrs.datetime));
  const published = timeEl('datePublished');
  const anyTime =
    published ??
    page.dated.find((el) => el.tag === 'time' && 'pubdate' in el.attrs && !!el.attrs.datetime) ??
    page.dated.find((el) => el.tag === 'time' && !!el.attrs.datetime);
  const dateline = dateFromDateline(removed.join('\n')) ?? dateFromDateline(text);
  const dates: Array<[DateSource, string | null]> = [
    ['json-ld', normalizeDate(str(article?.datePublished))],
    [
      'meta',
      normalizeDate(
        metaContent(meta, [
          'article:published_time',
          'og:article:published_time',
          'og:published_time',
          'datePublished',
          'pubdate',
          'publishdate',
          'publish-date',
          'dc.date.issued',
          'dc.date',
          'parsely-pub-date',
          'sailthru.date',
        ]),
      ),
    ],
    ['time', normalizeDate(anyTime?.attrs.datetime ?? anyTime?.attrs.content)],
    ['url', dateFromUrl(url)],
    ['dateline', dateline],
  ];
  const date = dates.find(([, v]) => v !== null);
  const modifiedEl = timeEl('dateModified');
  const updatedAt =
    normalizeDate(str(article?.dateModified)) ??
    normalizeDate(
      metaContent(meta, ['article:modified_time', 'og:updated_time', 'dateModified', 'last-modified']),
    ) ??
    normalizeDate(modifiedEl?.attrs.datetime ?? modifiedEl?.attrs.content);

  const declared =
    page.lang ??
    metaContent(meta, ['content-language', 'og:locale', 'language', 'dc.language']) ??
    str(article?.inLanguage);
  const lang = declared ? declared.trim().toLowerCase().split(/[-_]/)[0]! : null;

  return {
    title: rawTitle ? stripSiteSuffix(rawTitle, siteName, url) : null,
    byline,
    siteName,
    canonicalUrl,
    language: lang && /^[a-z]{2,3}$/.test(lang) ? lang : guessLanguage(text),
    publishedAt: date ? date[1] : null,
    publishedAtSource: date ? date[0] : null,
    updatedAt: updatedAt && (!date?.[1] || updatedAt >= date[1]) ? updatedAt : null,
    excerpt: metaContent(meta, ['description', 'og:description', 'twitter:description']),
  };
}
