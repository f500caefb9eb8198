// One catalogue of collect failures with stable codes, so `watchfloor status` can count them by reason and
// the job queue can tell bad input (quarantine, never retry) from transient trouble (retry with backoff).

export type FailureKind = 'permanent' | 'transient';

export const COLLECT_ERRORS = {
  'url.invalid': { kind: 'permanent', hint: 'Check the URL: only http(s) and file paths are accepted.' },
  'url.blocked': {
    kind: 'permanent',
    hint: 'The address is loopback, private, link-local or cloud metadata. Allow it explicitly in config if intended.',
  },
  'robots.disallowed': {
    kind: 'permanent',
    hint: "The site's robots.txt disallows this URL for our User-Agent.",
  },
  'fetch.dns': {
    kind: 'transient',
    hint: 'The host name did not resolve; check the spelling or the network.',
  },
  'fetch.connect': {
    kind: 'transient',
    hint: 'The server refused or dropped the connection; it will be retried.',
  },
  'fetch.timeout': {
    kind: 'transient',
    hint: 'The server was too slow (connect or read timeout); it will be retried.',
  },
  'fetch.http_4xx': {
    kind: 'permanent',
    hint: 'The server answered with a client error (e.g. 404); check the URL.',
  },
  'fetch.http_5xx': {
    kind: 'transient',
    hint: 'The server answered with a server error; it will be retried.',
  },
  'fetch.rate_limited': {
    kind: 'transient',
    hint: 'The server asked us to slow down (HTTP 429); it will be retried.',
  },
  'fetch.too_large': { kind: 'permanent', hint: 'The body exceeded the size cap (fetch.maxBytes).' },
  'fetch.redirects': { kind: 'permanent', hint: 'Too many redirects or a redirect loop.' },
  'content.empty': { kind: 'permanent', hint: 'The body was empty.' },
  'content.binary': { kind: 'permanent', hint: 'The body is binary (not text, HTML, XML or JSON).' },
  'content.unsupported': { kind: 'permanent', hint: 'The content type is not one Watchfloor can read.' },
  'content.undecodable': {
    kind: 'permanent',
    hint: 'The body could not be decoded as its Content-Encoding says (corrupt or stacked gzip, deflate or brotli).',
  },
  'content.too_large': {
    kind: 'permanent',
    hint: 'The file or item exceeds the size cap (collect.maxFileBytes for files, fetch.maxBytes for one item).',
  },
  'content.too_complex': {
    kind: 'permanent',
    hint: 'The page is nested too deeply, has too many elements or took too long to extract (collect.extractTimeoutMs).',
  },
  'feed.malformed': { kind: 'permanent', hint: 'The feed is not well-formed RSS, Atom, RDF or JSON Feed.' },
  'feed.not_a_feed': { kind: 'permanent', hint: 'The URL returned HTML or another document, not a feed.' },
  'sitemap.malformed': {
    kind: 'permanent',
    hint: 'The sitemap is not a well-formed urlset or sitemapindex.',
  },
  'article.no_content': { kind: 'permanent', hint: 'No article text could be found on the page.' },
  'file.unreadable': {
    kind: 'permanent',
    hint: 'The file could not be read; check that it exists and is readable.',
  },
  'file.unsupported': {
    kind: 'permanent',
    hint: 'Only .html, .htm, .txt, .md, .json and .jsonl files are read.',
  },
  'json.malformed': { kind: 'permanent', hint: 'A JSON record could not be parsed or lacks text/html.' },
} as const satisfies Record<string, { kind: FailureKind; hint: string }>;

export type CollectErrorCode = keyof typeof COLLECT_ERRORS;

export class CollectError extends Error {
  readonly code: CollectErrorCode;
  readonly kind: FailureKind;
  /** The URL or path the failure is about. */
  readonly where: string;
  readonly hint: string;
  /** The message without the place, so the error can be rebuilt where it is passed on (threads). */
  readonly detail: string;

  constructor(code: CollectErrorCode, where: string, detail: string, options?: { cause?: unknown }) {
    super(`${detail} (${where})`, options);
    this.name = 'CollectError';
    this.code = code;
    this.kind = COLLECT_ERRORS[code].kind;
    this.where = where;
    this.hint = COLLECT_ERRORS[code].hint;
    this.detail = detail;
  }
}

export function isCollectError(err: unknown): err is CollectError {
  return err instanceof CollectError;
}
