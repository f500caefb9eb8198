import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { assertBuilt, runCli, runCliWithStdin } from '../helpers/cli.js';

describe('watchfloor users', () => {
  it('creates the first admin from the shell, refuses weak passwords, and makes tokens that open the API', async () => {
    assertBuilt();
    const data = mkdtempSync(join(tmpdir(), 'wf-users-'));
    const weak = await runCliWithStdin(
      ['users', 'add', 'boss', '--role', 'admin', '--password-stdin', '--data', data],
      'short\n',
    );
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 10 characters');
    const add = await runCliWithStdin(
      ['users', 'add', 'boss', '--role', 'admin', '--password-stdin', '--data', data],
      'a long enough passphrase\n',
    );
    expect(add.code, add.stderr).toBe(0);
    const again = await runCliWithStdin(
      ['users', 'add', 'boss', '--role', 'admin', '--password-stdin', '--data', data],
      'a long enough passphrase\n',
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const badRole = await runCli(['users', 'add', 'x', '--role', 'god', '--data', data]);
    expect(badRole.code).toBe(2);

    const list = await runCli(['users', 'list', '--json', '--data', data]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ username: 'boss', role: 'admin', disabled: false }]);
    const token = await runCli([
      'users',
      'token',
      'boss',
      '--label',
      'script',
      '--role',
      'viewer',
      '--data',
      data,
    ]);
    expect(token.code, token.stderr).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^wf_[\w-]{40,}$/);

    const store = SqliteStore.open(data);
    try {
      const app = createApp(store, { webRoot: data });
      expect((await app.request('/api/status')).status).toBe(401);
      expect(
        (await app.request('/api/status', { headers: { authorization: `Bearer ${secret}` } })).status,
      ).toBe(200);
      // A viewer token cannot reach admin routes even though its account is an admin.
      expect(
        (await app.request('/api/users', { headers: { authorization: `Bearer ${secret}` } })).status,
      ).toBe(403);
      const audit = await app.request('/api/audit', { headers: { authorization: `Bearer ${secret}` } });
      expect(audit.status).toBe(403);
    } finally {
      await store.close();
    }
    const disable = await runCli(['users', 'set', 'boss', '--disable', '--data', data]);
    expect(disable.code, disable.stderr).toBe(0);
    expect(disable.stdout).toContain('disabled');
  }, 60_000);
});
