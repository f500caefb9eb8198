import { describe, expect, it } from 'vitest';
import { CollectError } from '../../src/collect/errors.js';
import { checkAddress, checkHost, classifyAddress } from '../../src/collect/ssrf.js';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['0.0.0.0', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (ip, cls) => expect(classifyAddress(ip)).toBe(cls));
});

describe('address policy', () => {
  const closed = { allowLoopback: false, allowPrivate: false };
  const open = { allowLoopback: true, allowPrivate: true };

  it('refuses everything but public addresses by default', () => {
    expect(() => checkAddress('8.8.8.8', closed, 'x')).not.toThrow();
    for (const ip of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '0.0.0.0']) {
      expect(() => checkAddress(ip, closed, 'x')).toThrow(CollectError);
    }
  });

  it('opens loopback and private ranges only when configured, never metadata or link-local', () => {
    expect(() => checkAddress('127.0.0.1', open, 'x')).not.toThrow();
    expect(() => checkAddress('192.168.0.10', open, 'x')).not.toThrow();
    expect(() => checkAddress('169.254.169.254', open, 'x')).toThrow(/metadata/);
    expect(() => checkAddress('fe80::1', open, 'x')).toThrow(/link-local/);
  });

  it('checks IP literals and special names before any DNS lookup', () => {
    expect(() => checkHost('[::1]', closed, 'x')).toThrow(CollectError);
    expect(() => checkHost('localhost', closed, 'x')).toThrow(/loopback/);
    expect(() => checkHost('metadata.google.internal', open, 'x')).toThrow(/metadata/);
    expect(() => checkHost('example.org', closed, 'x')).not.toThrow();
  });
});
