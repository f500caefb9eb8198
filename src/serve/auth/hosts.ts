import type { Context, MiddlewareHandler } from 'hono';

// Which names a request may address the desk by, and whether it came through a proxy. A DNS-rebinding page
// reaches a loopback server from the analyst's own browser under the attacker's name (`Host: evil.test`),
// with the browser's loopback address as its source: only the Host header tells it apart. Loopback names
// are always served; deployments add theirs (`allowedHosts`, and the host of `publicUrl`).

export interface HostName {
  /** Lower case, as the WHATWG URL parser normalises it: `localhost`, `127.0.0.1`, `[::1]`, `desk.example.org`. */
  name: string;
  /** null: any port. */
  port: string | null;
}

// A host and an optional port, nothing else: no user info, path or spaces can ride along.
const HOST = /^(?<name>\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(?<port>\d{1,5}))?$/i;

/** `name[:port]` (a Host header or a configured entry), or null when it is not one. */
export function parseHost(value: string): HostName | null {
  const m = HOST.exec(value.trim());
  if (!m?.groups?.name) return null;
  try {
    // One spelling per address: `127.1` and `0x7f.0.0.1` are 127.0.0.1, `[0::1]` is [::1].
    return { name: new URL(`http://${m.groups.name}`).hostname, port: m.groups.port ?? null };
  } catch {
    return null;
  }
}

/** Names that can only mean this machine, whoever resolves them. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Every Host the request names: the header, and the request target when it is an absolute URL. */
function requestHosts(c: Context): string[] {
  const out = [new URL(c.req.url).host];
  const header = c.req.header('host');
  if (header !== undefined) out.push(header);
  return out;
}

/** Whether every name the request gives for the server is a loopback name (any port). */
export function namesLoopback(c: Context): boolean {
  return requestHosts(c).every((h) => {
    const parsed = parseHost(h);
    return parsed !== null && isLoopbackName(parsed.name);
  });
}

// Headers proxies and CDNs add for the client they relay; any of them means the request is not from this
// machine, whatever its socket says. `x-forwarded-*` and `x-original-forwarded-*` are matched as prefixes.
const PROXY_HEADERS = new Set([
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'x-originating-ip',
  'x-remote-ip',
  'x-remote-addr',
  'x-proxyuser-ip',
  'client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'cf-connecting-ipv6',
  'fastly-client-ip',
  'akamai-origin-hop',
  'cdn-loop',
  'x-azure-clientip',
  'x-appengine-user-ip',
  'x-envoy-external-address',
]);

/** Whether a proxy relayed the request (so it comes from elsewhere even when its socket is loopback). */
export function relayedByProxy(headers: Headers): boolean {
  for (const name of headers.keys()) {
    if (PROXY_HEADERS.has(name) || name.startsWith('x-forwarded') || name.startsWith('x-original-forwarded'))
      return true;
  }
  return false;
}

function allows(allowed: readonly HostName[], value: string): boolean {
  const host = parseHost(value);
  if (!host) return false;
  return (
    isLoopbackName(host.name) ||
    allowed.some((a) => a.name === host.name && (a.port === null || a.port === host.port))
  );
}

/**
 * Refuses (421) every request that names a host the desk was not told it is reachable at: loopback names,
 * `allowedHosts` and the host of `publicUrl`. Runs first, before bodies are read or anyone is
 * authenticated. `/healthz` answers whatever the name, for load balancers that probe by address.
 */
export function hostGuard(options: {
  allowedHosts: readonly string[];
  publicUrl: () => string;
}): MiddlewareHandler {
  const configured = options.allowedHosts.map(parseHost).filter((h): h is HostName => h !== null);
  let cache: { url: string; allowed: HostName[] } | null = null;
  const allowedNow = () => {
    const url = options.publicUrl();
    if (cache?.url !== url) {
      const own = parseHost(new URL(url).host);
      cache = { url, allowed: own ? [...configured, own] : configured };
    }
    return cache.allowed;
  };
  return async (c, next) => {
    if (c.req.path === '/healthz') return next();
    const allowed = allowedNow();
    const refused = requestHosts(c).find((h) => !allows(allowed, h));
    if (refused === undefined) return next();
    return c.json(
      {
        error: 'host_not_allowed',
        message:
          `This server does not answer to the host "${refused.slice(0, 100)}". Open it at ` +
          `${options.publicUrl()}, or add the name to allowedHosts (WATCHFLOOR_ALLOWED_HOSTS).`,
      },
      421,
    );
  };
}
