import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { CollectError } from './errors.js';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

export interface AddressPolicy {
  allowLoopback: boolean;
  allowPrivate: boolean;
}

const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '169.254.170.2']);
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

export function classifyAddress(ip: string): AddressClass {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip.replace(/^\[|\]$/g, ''));
  } catch {
    return 'reserved';
  }
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  const normal = addr.toNormalizedString();
  if (METADATA.has(normal) || METADATA.has(addr.toString())) return 'metadata';
  const range = addr.range();
  switch (range) {
    case 'unicast':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return 'private';
    case 'linkLocal':
      return 'link-local';
    default:
      // unspecified (0.0.0.0, ::), broadcast, multicast, reserved, 6to4/teredo and other tunnels
      return 'reserved';
  }
}

/** Throws url.blocked unless the policy allows connecting to `ip`. */
export function checkAddress(ip: string, policy: AddressPolicy, where: string): void {
  const cls = classifyAddress(ip);
  if (cls === 'public') return;
  if (cls === 'loopback' && policy.allowLoopback) return;
  if (cls === 'private' && policy.allowPrivate) return;
  throw new CollectError('url.blocked', where, `refusing to connect to ${ip} (${cls} address)`);
}

/** Checks what can be checked before DNS: IP literals (Node skips `lookup` for them) and known names. */
export function checkHost(hostname: string, policy: AddressPolicy, where: string): void {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (METADATA_HOSTS.has(host))
    throw new CollectError('url.blocked', where, `refusing cloud metadata host ${host}`);
  if ((host === 'localhost' || host.endsWith('.localhost')) && !policy.allowLoopback) {
    throw new CollectError('url.blocked', where, `refusing ${host} (loopback)`);
  }
  if (isIP(host)) checkAddress(host, policy, where);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request: the address checked is the address connected to, so a name that resolves
 * (or re-resolves, DNS rebinding) to a blocked address is refused.
 */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), as the socket would use it. */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

export function guardedLookup(policy: AddressPolicy, resolver: Resolver = systemResolver) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    resolver(hostname).then(
      (addresses) => pick(addresses),
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
    const pick = (all: LookupAddress[]) => {
      const list = all.filter((a) => !options.family || a.family === options.family);
      const allowed = list.filter((a) => {
        try {
          checkAddress(a.address, policy, hostname);
          return true;
        } catch {
          return false;
        }
      });
      if (allowed.length === 0) {
        const first = list[0]?.address ?? 'nothing';
        const e = new CollectError(
          'url.blocked',
          hostname,
          `${hostname} resolves to ${first} (${classifyAddress(first)} address)`,
        );
        return callback(e as unknown as NodeJS.ErrnoException, '');
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    };
  };
}
