import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { checkAddress, checkHost, classifyAddress, guardedLookup } from '../../src/collect/ssrf.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.1', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['fec0::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['fd00:ec2:0:0:0:0:0:254', 'metadata'],
    ['fd20:ce::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    // IPv4 inside IPv6: mapped, NAT64 and the deprecated compatible form take the IPv4 address's class.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::808:808', 'public'],
    ['::7f00:1', 'loopback'],
    ['::a00:1', 'private'],
    ['::808:808', 'reserved'],
    ['0.0.0.0', 'reserved'],
    ['0.1.2.3', 'reserved'],
    ['::', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['ff02::1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2002:7f00:1::1', 'reserved'],
    ['::ffff:0:7f00:1', 'reserved'],
    ['not-an-ip', 'reserved'],
    ['', 'reserved'],
  ])('%s is %s', (ip, cls) => expect(classifyAddress(ip)).toBe(cls));
});

describe('address policy', () => {
  const closed = { allowLoopback: false, allowPrivate: false };
  const loopbackOnly = { allowLoopback: true, allowPrivate: false };
  const open = { allowLoopback: true, allowPrivate: true };

  it('refuses everything but public addresses by default', () => {
    expect(() => checkAddress('8.8.8.8', closed)).not.toThrow();
    for (const ip of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '100.64.1.1',
      'fd00::1',
      '169.254.169.254',
      '0.0.0.0',
    ]) {
      expect(() => checkAddress(ip, closed), ip).toThrow(CollectError);
    }
  });

  it('opens loopback and private ranges separately, never metadata, link-local or reserved', () => {
    expect(() => checkAddress('127.0.0.1', loopbackOnly)).not.toThrow();
    expect(() => checkAddress('10.0.0.1', loopbackOnly)).toThrow(/private/);
    expect(() => checkAddress('192.168.0.10', open)).not.toThrow();
    expect(() => checkAddress('169.254.169.254', open)).toThrow(/metadata/);
    expect(() => checkAddress('100.100.100.200', open)).toThrow(/metadata/);
    expect(() => checkAddress('fe80::1', open)).toThrow(/link-local/);
    expect(() => checkAddress('0.0.0.0', open)).toThrow(/reserved/);
  });

  it('reports url.blocked with the given location', () => {
    try {
      checkAddress('10.0.0.1', closed, 'http://10.0.0.1/x');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CollectError);
      expect((err as CollectError).code).toBe('url.blocked');
      expect((err as CollectError).where).toBe('http://10.0.0.1/x');
    }
  });

  it('checks IP literals and special names before any DNS lookup', () => {
    expect(() => checkHost('[::1]', closed)).toThrow(CollectError);
    expect(() => checkHost('[::ffff:7f00:1]', closed)).toThrow(/loopback/);
    expect(() => checkHost('127.0.0.1', closed)).toThrow(/loopback/);
    expect(() => checkHost('localhost', closed)).toThrow(/loopback/);
    expect(() => checkHost('LOCALHOST.', closed)).toThrow(/loopback/);
    expect(() => checkHost('app.localhost', closed)).toThrow(/loopback/);
    expect(() => checkHost('metadata.google.internal', open)).toThrow(/metadata/);
    expect(() => checkHost('169.254.169.254', open)).toThrow(/metadata/);
    expect(() => checkHost('localhost', loopbackOnly)).not.toThrow();
    expect(() => checkHost('example.org', closed)).not.toThrow();
  });
});

describe('guardedLookup', () => {
  const closed = { allowLoopback: false, allowPrivate: false };
  const loopbackOnly = { allowLoopback: true, allowPrivate: false };
  const table: Record<string, LookupAddress[]> = {
    'public.test': [{ address: '93.184.216.34', family: 4 }],
    'rebind.test': [{ address: '127.0.0.1', family: 4 }],
    'mixed.test': [
      { address: '10.0.0.7', family: 4 },
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ],
    'meta.test': [{ address: '169.254.169.254', family: 4 }],
  };
  const resolver = async (host: string) => {
    const found = table[host];
    if (found) return found;
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };

  function run(
    lookup: ReturnType<typeof guardedLookup>,
    host: string,
    options: { all?: boolean; family?: number },
  ): Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }> {
    return new Promise((resolve) =>
      lookup(host, options, (err, address, family) => resolve({ err, address, family })),
    );
  }

  it('passes public addresses through in both callback shapes', async () => {
    const lookup = guardedLookup(closed, resolver);
    expect(await run(lookup, 'public.test', { all: true })).toMatchObject({
      err: null,
      address: [{ address: '93.184.216.34', family: 4 }],
    });
    expect(await run(lookup, 'public.test', {})).toMatchObject({
      err: null,
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('refuses a name that resolves to a blocked address (DNS rebinding)', async () => {
    const lookup = guardedLookup(closed, resolver);
    for (const host of ['rebind.test', 'meta.test', 'mixed.test']) {
      const { err } = await run(lookup, host, { all: true });
      expect(err, host).toBeInstanceOf(CollectError);
      expect((err as unknown as CollectError).code).toBe('url.blocked');
    }
    expect((await run(lookup, 'meta.test', {})).err?.message).toMatch(/169\.254\.169\.254 \(metadata/);
  });

  it('hands the socket only the allowed addresses of a mixed answer, honouring the family asked', async () => {
    const lookup = guardedLookup(loopbackOnly, resolver);
    expect((await run(lookup, 'mixed.test', { all: true })).address).toEqual([
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ]);
    expect(await run(lookup, 'mixed.test', { family: 4 })).toMatchObject({
      address: '127.0.0.1',
      family: 4,
    });
  });

  it('passes resolver failures through unchanged', async () => {
    const { err } = await run(guardedLookup(closed, resolver), 'nowhere.test', { all: true });
    expect(err?.code).toBe('ENOTFOUND');
    expect(err).not.toBeInstanceOf(CollectError);
  });
});
