import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { CollectError } from './errors.js';

// The SSRF guard. A URL typed by a user or found in a feed must not make Watchfloor read its own host,
// the LAN behind it or the cloud metadata service that hands out credentials.

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

export interface AddressPolicy {
  allowLoopback: boolean;
  allowPrivate: boolean;
}

/** Safe by default: only public addresses. */
export const DEFAULT_ADDRESS_POLICY: AddressPolicy = Object.freeze({
  allowLoopback: false,
  allowPrivate: false,
});

// Cloud instance metadata endpoints (AWS IMDS v4/v6 and ECS, GCP v6, Alibaba). Several sit outside
// link-local space, so they are named one by one; everything in 169.254/16 is refused anyway.
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', 'fd20:ce::254', '100.100.100.200'].map((a) =>
    ipaddr.parse(a).toNormalizedString(),
  ),
);

const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

const NAT64_PREFIX = ipaddr.parse('64:ff9b::') as ipaddr.IPv6;

function parse(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.parse(ip.trim().replace(/^\[|\]$/g, ''));
  } catch {
    return null;
  }
}

/** The IPv4 address an IPv6 address stands for, when the kernel or a NAT64 gateway would use it as one. */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (addr.isIPv4MappedAddress()) return addr.toIPv4Address();
  const p = addr.parts;
  // NAT64 (well-known prefix): DNS64 networks give IPv4-only sites such addresses, and the gateway
  // translates them, so 64:ff9b::a00:1 reaches 10.0.0.1.
  if (addr.match(NAT64_PREFIX, 96)) return ipaddr.fromByteArray(addr.toByteArray().slice(12)) as ipaddr.IPv4;
  // Deprecated IPv4-compatible form (::a.b.c.d), which ipaddr.js reports as ordinary unicast.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || (p[7] ?? 0) > 1)) {
    return ipaddr.fromByteArray(addr.toByteArray().slice(12)) as ipaddr.IPv4;
  }
  return null;
}

/** What kind of address `ip` is. Anything unparsable is 'reserved', so it is never connected to. */
export function classifyAddress(ip: string): AddressClass {
  let addr = parse(ip);
  if (!addr) return 'reserved';
  if (addr.kind() === 'ipv6') {
    const v4 = embeddedIPv4(addr as ipaddr.IPv6);
    if (v4) {
      // An embedded address that is itself special keeps that class; a public one is only public
      // through NAT64 or the mapped form, never through the deprecated compatible form.
      const inner = classifyAddress(v4.toString());
      if (inner !== 'public') return inner;
      if (!(addr as ipaddr.IPv6).isIPv4MappedAddress() && !addr.match(NAT64_PREFIX, 96)) return 'reserved';
      addr = v4;
    }
  }
  if (METADATA_ADDRESSES.has(addr.toNormalizedString())) return 'metadata';
  // As a string: the type declarations lag the runtime's range names (deprecatedSiteLocal).
  switch (addr.range() as string) {
    case 'unicast':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
    case 'deprecatedSiteLocal':
      return 'private';
    case 'linkLocal':
      return 'link-local';
    default:
      // unspecified (0.0.0.0/8 reaches the local host on Linux), broadcast, multicast, documentation,
      // benchmarking, 240/4, discard, 6to4/Teredo tunnels and the other special-purpose blocks.
      return 'reserved';
  }
}

function allowed(cls: AddressClass, policy: AddressPolicy): boolean {
  return (
    cls === 'public' ||
    (cls === 'loopback' && policy.allowLoopback) ||
    (cls === 'private' && policy.allowPrivate)
  );
}

/** Throws url.blocked unless the policy allows connecting to `ip`. Metadata and link-local never are. */
export function checkAddress(ip: string, policy: AddressPolicy, where: string = ip): void {
  const cls = classifyAddress(ip);
  if (!allowed(cls, policy)) {
    throw new CollectError('url.blocked', where, `refusing to connect to ${ip} (${cls} address)`);
  }
}

/**
 * Checks what can be checked before DNS: IP literals (Node connects to those without calling `lookup`)
 * and names that are special whatever they resolve to. `hostname` is URL.hostname (IPv6 in brackets).
 */
export function checkHost(hostname: string, policy: AddressPolicy, where: string = hostname): void {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (METADATA_HOSTS.has(host)) {
    throw new CollectError('url.blocked', where, `refusing ${host} (metadata host)`);
  }
  if ((host === 'localhost' || host.endsWith('.localhost')) && !policy.allowLoopback) {
    throw new CollectError('url.blocked', where, `refusing ${host} (loopback address)`);
  }
  if (isIP(host)) checkAddress(host, policy, where);
}

/** Resolves a host name to every address the socket might use. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), exactly what a socket would use. */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

export type GuardedLookup = (
  hostname: string,
  options: { all?: boolean; family?: number | string },
  callback: LookupCallback,
) => void;

/**
 * A `lookup` for http.request / net.connect. The addresses checked are the ones handed to the socket, so
 * a name that resolves (or re-resolves, DNS rebinding) to a blocked address is refused, and of a mixed
 * answer only the allowed addresses are ever tried. The error passed back is a CollectError 'url.blocked'
 * whose `where` is the host name (the caller knows the URL).
 */
export function guardedLookup(policy: AddressPolicy, resolver: Resolver = systemResolver): GuardedLookup {
  return (hostname, options, callback) => {
    const family =
      options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family) || 0;
    const answer = (addresses: LookupAddress[]): [NodeJS.ErrnoException | null, LookupAddress[]] => {
      const candidates = addresses.filter((a) => family === 0 || a.family === family);
      if (candidates.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        e.code = 'ENOTFOUND';
        return [e, []];
      }
      const ok = candidates.filter((a) => allowed(classifyAddress(a.address), policy));
      if (ok.length > 0) return [null, ok];
      const first = candidates[0]!.address;
      const blocked = new CollectError(
        'url.blocked',
        hostname,
        `${hostname} resolves to ${first} (${classifyAddress(first)} address)`,
      );
      return [blocked as unknown as NodeJS.ErrnoException, []];
    };
    resolver(hostname)
      .then(answer, (err: NodeJS.ErrnoException): [NodeJS.ErrnoException, LookupAddress[]] => [err, []])
      .then(([err, ok]) => {
        // Called outside the promise chain: an exception thrown by the socket code must not become an
        // unhandled rejection here.
        process.nextTick(() => {
          if (err) callback(err, options.all ? [] : '');
          else if (options.all) callback(null, ok);
          else callback(null, ok[0]!.address, ok[0]!.family);
        });
      });
  };
}
