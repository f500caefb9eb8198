import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

// How large a request body each route takes, checked before anyone is authenticated: a declared
// Content-Length over the limit is refused before a byte is read, and a body without one (chunked) is
// counted while it streams and refused at the first byte past the limit, so no request makes the server
// hold more than its route's limit. The OpenAPI document states these figures (x-body-limit).

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The largest legitimate bodies: a login or a password change is under 2 KiB; a brief is up to 200,000
 * characters of Markdown, which JSON may escape to 6 bytes each (`\u0001`), so 1.2 MB; everything else
 * (dictionary edits with 200 aliases and 100 roles, 1,000 alert ids, watchlists, corrections) is under
 * 300 KB.
 */
export const BODY_LIMITS = {
  accounts: 16 * KiB,
  briefs: 2 * MiB,
  default: 1 * MiB,
} as const;

const ACCOUNT_PATHS = /^\/api\/(session|me\/|users(\/|$))/;
const BRIEF_PATHS = /^\/api\/briefs(\/|$)/;

/** The body limit of a request path (any method; GET and HEAD bodies are never read). */
export function bodyLimitFor(path: string): number {
  if (ACCOUNT_PATHS.test(path)) return BODY_LIMITS.accounts;
  if (BRIEF_PATHS.test(path)) return BODY_LIMITS.briefs;
  return BODY_LIMITS.default;
}

const shown = (bytes: number) => (bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`);

/** One limit per route family; a body over it answers 413 `payload_too_large`. */
export function bodyLimits(): MiddlewareHandler {
  const byLimit = new Map<number, MiddlewareHandler>();
  for (const maxSize of new Set(Object.values(BODY_LIMITS))) {
    byLimit.set(
      maxSize,
      bodyLimit({
        maxSize,
        onError: (c) => {
          // The rest of the body is not wanted: close the connection rather than read it.
          c.header('Connection', 'close');
          return c.json(
            {
              error: 'payload_too_large',
              message: `The request body is over ${shown(maxSize)}, the most this route takes.`,
              limit: maxSize,
            },
            413,
          );
        },
      }),
    );
  }
  return (c, next) => {
    // A request with neither header has no body (RFC 9112 6.3): nothing to limit. Asking hono's bodyLimit
    // anyway reads `c.req.raw.body`, which makes @hono/node-server build a whole fetch Request for every
    // GET (an AbortController, a listener, a FinalizationRegistry entry): in the soak, the server's heap
    // held thousands of them pending finalization, and allocated far more.
    if (c.req.header('content-length') === undefined && c.req.header('transfer-encoding') === undefined)
      return next();
    return (byLimit.get(bodyLimitFor(c.req.path)) as MiddlewareHandler)(c, next);
  };
}
