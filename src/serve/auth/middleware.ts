import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Team } from '../../store/team/team.js';
import { roleAtLeast, type Role, type User } from '../../store/team/types.js';
import { namesLoopback, relayedByProxy } from './hosts.js';
import { accessFor } from './policy.js';
import { randomToken, sameSecret, sha256 } from './secrets.js';

export interface Principal {
  /**
   * `local`: no account exists yet and the request comes from this machine (the quick start): a loopback
   * socket, no proxy header, and a Host that names loopback (a DNS-rebinding page names its own).
   */
  via: 'session' | 'token' | 'local';
  user: User | null;
  role: Role;
  /** The session id hash, to log out. */
  sessionHash?: string;
  csrf?: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'wf_session';
export const SESSION_IDLE_MS = 12 * 3600_000;
/** Without accounts there is no session to hold a CSRF token; one per process stands in. */
const LOCAL_CSRF = randomToken();

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function remoteAddress(c: Context): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

/** In-process requests (tests, `app.request`) have no socket: they are local by construction. */
function isLocal(address: string | null): boolean {
  return (
    address === null || address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1'
  );
}

async function resolvePrincipal(c: Context, team: Team): Promise<Principal | null> {
  const auth = c.req.header('authorization');
  if (auth?.startsWith('Bearer ')) {
    const found = await team.accounts.findToken(sha256(auth.slice(7).trim()));
    if (!found) return null;
    // A token never carries more than its user has now.
    const role = roleAtLeast(found.user.role, found.token.role) ? found.token.role : found.user.role;
    return { via: 'token', user: found.user, role };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const hash = sha256(cookie);
    const s = await team.accounts.getSession(hash);
    if (s) {
      // Sliding expiry, written at most every five minutes.
      if (Date.now() - Date.parse(s.lastSeenAt) > 5 * 60_000) {
        await team.accounts.touchSession(hash, new Date(Date.now() + SESSION_IDLE_MS).toISOString());
      }
      return { via: 'session', user: s.user, role: s.user.role, sessionHash: hash, csrf: s.csrf };
    }
  }
  // A request relayed by a proxy on this machine arrives from loopback but comes from elsewhere; a page
  // of another site rebound to 127.0.0.1 arrives from loopback too, but under its own name.
  const local = isLocal(remoteAddress(c)) && !relayedByProxy(c.req.raw.headers) && namesLoopback(c);
  if (local && (await team.accounts.countUsers()) === 0) {
    return { via: 'local', user: null, role: 'admin', csrf: LOCAL_CSRF };
  }
  return null;
}

const refuse = (c: Context, status: 401 | 403, error: string, message: string) =>
  c.json({ error, message }, status);

/** Resolves who is asking, then applies the route's access and, for changes made with a cookie, CSRF. */
export function authMiddleware(team: () => Promise<Team>): MiddlewareHandler {
  return async (c, next) => {
    const t = await team();
    const principal = await resolvePrincipal(c, t);
    c.set('principal', principal);
    const access = accessFor(c.req.method, c.req.path);
    if (access !== 'public') {
      if (!principal) {
        const none = (await t.accounts.countUsers()) === 0;
        return refuse(
          c,
          401,
          'unauthenticated',
          none
            ? 'No account exists yet and this request is not from this machine (another address, a proxy, or a host name other than localhost): create the first admin with `watchfloor users add NAME --role admin`.'
            : 'Log in (POST /api/session) or send an API token (Authorization: Bearer …).',
        );
      }
      if (!roleAtLeast(principal.role, access)) {
        return refuse(c, 403, 'forbidden', `This needs the ${access} role; you are ${principal.role}.`);
      }
    }
    // A bearer token is never sent by a browser on its own, so only ambient credentials need the check.
    if (UNSAFE.has(c.req.method) && principal && principal.via !== 'token' && c.req.path !== '/api/session') {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!principal.csrf || !sameSecret(sent, principal.csrf)) {
        return refuse(c, 403, 'csrf', 'Missing or wrong X-CSRF-Token header: read it from GET /api/session.');
      }
    }
    await next();
  };
}
