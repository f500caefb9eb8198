import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { parseDuration } from '../../src/cli/common.js';

describe('loadConfig', () => {
  it('blocks loopback and private addresses by default', () => {
    const c = loadConfig({ dataDir: mkdtempSync(join(tmpdir(), 'wf-cfg-')) }, {});
    expect(c.fetch.allowLoopback).toBe(false);
    expect(c.fetch.allowPrivate).toBe(false);
    expect(c.fetch.respectRobots).toBe(true);
  });

  it('takes flags over environment over the data folder config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-cfg-'));
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ port: 9000, fetch: { userAgent: 'file-ua', retries: 5 } }),
    );
    const c = loadConfig(
      { dataDir: dir, fetch: { userAgent: 'flag-ua' } },
      { WATCHFLOOR_PORT: '9100', WATCHFLOOR_ALLOW_LOOPBACK: '1' },
    );
    expect(c.port).toBe(9100);
    expect(c.fetch.userAgent).toBe('flag-ua');
    expect(c.fetch.retries).toBe(5);
    expect(c.fetch.allowLoopback).toBe(true);
  });

  it('reports invalid values with their path', () => {
    expect(() => loadConfig({ dataDir: tmpdir() }, { WATCHFLOOR_PORT: 'eighty' })).toThrow(/port/);
    const dir = mkdtempSync(join(tmpdir(), 'wf-cfg-'));
    writeFileSync(join(dir, 'config.json'), '{not json');
    expect(() => loadConfig({ dataDir: dir }, {})).toThrow(ConfigError);
  });
});

describe('parseDuration', () => {
  it.each([
    ['15m', 900_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['2h30m', 9_000_000],
    ['500ms', 500],
  ])('%s', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', '15', 'fifteen minutes', '0m', '5x'])('rejects %j', (text) =>
    expect(() => parseDuration(text)).toThrow(ConfigError),
  );
});
