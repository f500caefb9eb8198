import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dateFromDateline, extractArticle, guessLanguage, normalizeDate } from './article.js';
import { checkSize, DEFAULT_COLLECT_LIMITS, type CollectLimits } from './budget.js';
import { decodeBody, hasBinaryMagic, looksBinary } from './charset.js';
import { CollectError } from './errors.js';
import type { ExtractedArticle } from './types.js';

/** HTML → article; the handlers pass the extraction pool's, which runs it off the main thread. */
export type Extract = (html: string, url: string) => Promise<ExtractedArticle>;

export interface LocalFileOptions {
  limits?: Partial<Pick<CollectLimits, 'maxFileBytes' | 'maxItemBytes'>>;
  extract?: Extract;
}

const extractHere: Extract = async (html, url) => extractArticle(html, url);

export type LocalRecord =
  { key: string; ok: true; article: ExtractedArticle } | { key: string; ok: false; error: CollectError };

const HTML = new Set(['.html', '.htm', '.xhtml']);
const TEXT = new Set(['.txt', '.text', '.md']);
const JSON_EXT = new Set(['.json']);
const JSONL = new Set(['.jsonl', '.ndjson']);

/** A file, or every regular file under a folder in sorted order (hidden entries skipped). */
export async function* listFiles(root: string): AsyncGenerator<string> {
  const path = resolve(root);
  const s = await stat(path);
  if (s.isFile()) {
    yield path;
    return;
  }
  if (!s.isDirectory()) return;
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const child = join(path, e.name);
    if (e.isDirectory()) yield* listFiles(child);
    else if (e.isFile()) yield child;
  }
}

const DATE_IN_NAME = /((?:19|20)\d{2})-?(\d{2})-?(\d{2})/;

function titleFromFileName(path: string): string | null {
  const name = basename(path, extname(path))
    .replace(DATE_IN_NAME, ' ')
    .replace(/[-_.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) return null;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function dateFromFileName(path: string): string | null {
  const m = DATE_IN_NAME.exec(basename(path));
  return m ? normalizeDate(`${m[1]}-${m[2]}-${m[3]}`) : null;
}

const STANDALONE_DATE =
  /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?([A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})$/i;

/** Plain text (like a copied article): headline, standalone date line, body, site footer. */
export function articleFromText(text: string, url: string, path: string): ExtractedArticle {
  let paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/[ \t]+/g, ' ')
        .replace(/\s*\n\s*/g, ' ')
        .trim(),
    )
    .filter(Boolean);
  let publishedAt: string | null = null;
  let dateIdx = paragraphs.slice(0, 5).findIndex((p) => STANDALONE_DATE.test(p));
  if (dateIdx >= 0) {
    publishedAt = dateFromDateline(paragraphs[dateIdx]!);
    if (publishedAt) paragraphs.splice(dateIdx, 1);
    else dateIdx = -1;
  }
  // A trailing "About <site>" block is the outlet's boilerplate, not the story.
  const about = paragraphs.findIndex(
    (p, i) => i >= paragraphs.length - 3 && i > 0 && /^about\s+\S.{0,60}$/i.test(p),
  );
  let siteName: string | null = null;
  if (about > 0) {
    siteName = paragraphs[about]!.replace(/^about\s+/i, '').trim() || null;
    paragraphs = paragraphs.slice(0, about);
  }
  const first = paragraphs[0] ?? '';
  const headline = first.length <= 160 && !/[.!?]["”’)]?$/.test(first) && paragraphs.length > 1;
  const title = headline ? first : titleFromFileName(path);
  if (headline) paragraphs = paragraphs.slice(1);
  const body = paragraphs.join('\n\n');
  let source: ExtractedArticle['publishedAtSource'] = publishedAt ? 'dateline' : null;
  if (!publishedAt) {
    publishedAt = dateFromDateline(body);
    if (publishedAt) source = 'dateline';
  }
  if (!publishedAt) {
    publishedAt = dateFromFileName(path);
    if (publishedAt) source = 'file';
  }
  return {
    url,
    canonicalUrl: null,
    title,
    byline: null,
    siteName,
    language: guessLanguage(body),
    publishedAt,
    publishedAtSource: source,
    text: body,
    excerpt: null,
  };
}

function field(o: Record<string, unknown>, ...names: string[]): string | null {
  for (const n of names) {
    const v = o[n];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

async function articleFromJson(
  o: unknown,
  fallbackUrl: string,
  path: string,
  extract: Extract,
  maxItemBytes: number,
): Promise<ExtractedArticle> {
  if (!o || typeof o !== 'object' || Array.isArray(o)) {
    throw new CollectError('json.malformed', fallbackUrl, 'a record must be a JSON object');
  }
  const r = o as Record<string, unknown>;
  const rawUrl = field(r, 'url', 'link');
  const url = rawUrl && /^https?:\/\//i.test(rawUrl) ? rawUrl : fallbackUrl;
  const html = field(r, 'html', 'content_html');
  const text = field(r, 'text', 'content', 'body', 'content_text');
  // Characters, not bytes: a cheap bound that never reads more than the cap would let through.
  checkSize(Math.max(html?.length ?? 0, text?.length ?? 0), maxItemBytes, fallbackUrl, 'the record');
  let base: ExtractedArticle;
  if (html) base = await extract(html, url);
  else if (text) base = { ...articleFromText(text, url, path), title: null };
  else throw new CollectError('json.malformed', fallbackUrl, 'the record has neither "text" nor "html"');
  const publishedAt = normalizeDate(field(r, 'publishedAt', 'published_at', 'date', 'datePublished'));
  return {
    ...base,
    title: field(r, 'title', 'headline') ?? base.title ?? titleFromFileName(path),
    byline: field(r, 'byline', 'author') ?? base.byline,
    siteName: field(r, 'siteName', 'site', 'source') ?? base.siteName,
    language: field(r, 'language', 'lang') ?? base.language,
    publishedAt: publishedAt ?? base.publishedAt,
    publishedAtSource: publishedAt ? 'file' : base.publishedAtSource,
    canonicalUrl: field(r, 'canonicalUrl') ?? base.canonicalUrl,
  };
}

function fail(key: string, err: unknown, fallback: CollectError['code'], where: string): LocalRecord {
  const error =
    err instanceof CollectError
      ? err
      : new CollectError(fallback, where, (err as Error).message, { cause: err });
  return { key, ok: false, error };
}

/**
 * Reads one local file into article records; bad input becomes error records, never an exception.
 * The size is checked before a byte is read: a document file (HTML, text, one JSON object) against the
 * item cap, a record file (JSON lines, a JSON array) against the file cap and each of its lines against
 * the item cap.
 */
export async function readLocalFile(input: string, options: LocalFileOptions = {}): Promise<LocalRecord[]> {
  const { maxFileBytes, maxItemBytes } = { ...DEFAULT_COLLECT_LIMITS, ...options.limits };
  const extract = options.extract ?? extractHere;
  const path = resolve(input);
  const fileUrl = pathToFileURL(path).href;
  const ext = extname(path).toLowerCase();
  if (!HTML.has(ext) && !TEXT.has(ext) && !JSON_EXT.has(ext) && !JSONL.has(ext)) {
    return [
      fail(
        path,
        new CollectError('file.unsupported', path, `cannot read "${ext || 'no extension'}" files`),
        'file.unsupported',
        path,
      ),
    ];
  }
  const records = JSONL.has(ext) || JSON_EXT.has(ext);
  let body: Buffer;
  try {
    const size = (await stat(path)).size;
    checkSize(size, records ? maxFileBytes : maxItemBytes, path, 'the file');
    body = await readFile(path);
  } catch (err) {
    if (err instanceof CollectError) return [fail(path, err, 'content.too_large', path)];
    return [
      fail(path, new CollectError('file.unreadable', path, (err as Error).message), 'file.unreadable', path),
    ];
  }
  if (body.length === 0)
    return [fail(path, new CollectError('content.empty', path, 'the file is empty'), 'content.empty', path)];
  // A stray NUL in one JSON line spoils that line only: the lines are judged one by one below.
  if (JSONL.has(ext) ? hasBinaryMagic(body) : looksBinary(body))
    return [
      fail(
        path,
        new CollectError('content.binary', path, 'the file is binary, not text'),
        'content.binary',
        path,
      ),
    ];

  if (HTML.has(ext)) {
    try {
      return [{ key: path, ok: true, article: await extract(decodeBody(body, null, 'html').text, fileUrl) }];
    } catch (err) {
      return [fail(path, err, 'article.no_content', path)];
    }
  }
  const text = decodeBody(body, null, 'text').text;
  if (TEXT.has(ext)) {
    const article = articleFromText(text, fileUrl, path);
    if (article.text.length < 20)
      return [
        fail(path, new CollectError('content.empty', path, 'the file holds no text'), 'content.empty', path),
      ];
    return [{ key: path, ok: true, article }];
  }
  if (JSON_EXT.has(ext)) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      return [
        fail(
          path,
          new CollectError('json.malformed', path, `invalid JSON: ${(err as Error).message}`),
          'json.malformed',
          path,
        ),
      ];
    }
    const list = Array.isArray(doc) ? doc : [doc];
    const out: LocalRecord[] = [];
    for (const [i, o] of list.entries()) {
      const key = Array.isArray(doc) ? `${path}#${i}` : path;
      const at = Array.isArray(doc) ? `${fileUrl}#${i}` : fileUrl;
      try {
        out.push({ key, ok: true, article: await articleFromJson(o, at, path, extract, maxItemBytes) });
      } catch (err) {
        out.push(fail(key, err, 'json.malformed', key));
      }
    }
    return out;
  }
  const out: LocalRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const key = `${path}#L${i + 1}`;
    try {
      checkSize(Buffer.byteLength(line), maxItemBytes, key, `line ${i + 1}`);
      if (line.includes('\0'))
        throw new CollectError('content.binary', key, `line ${i + 1} holds a NUL byte: binary, not JSON`);
      const record: unknown = JSON.parse(line);
      out.push({
        key,
        ok: true,
        article: await articleFromJson(record, `${fileUrl}#L${i + 1}`, path, extract, maxItemBytes),
      });
    } catch (err) {
      const e =
        err instanceof SyntaxError
          ? new CollectError('json.malformed', key, `invalid JSON on line ${i + 1}: ${err.message}`)
          : err;
      out.push(fail(key, e, 'json.malformed', key));
    }
  }
  if (out.length === 0)
    return [
      fail(
        path,
        new CollectError('content.empty', path, 'no JSON records in the file'),
        'content.empty',
        path,
      ),
    ];
  return out;
}
