import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import { createApp } from '../../src/serve/server.js';
import { openTeam } from '../../src/store/team/team.js';
import type { Store } from '../../src/store/types.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// An account's preferences (issue 18: the map's region preset saved per user), on both engines: the
// accountless desk has none to keep (the web app keeps its choice in the browser), each account its own,
// and only the regions the map knows are accepted.

const SYSTEM = { userId: null, name: 'test' };

describe.each(ENGINES)('GET/PUT /api/me/preferences (%s)', (_kind, make) => {
  let engine: Engine;
  let store: Store;
  let app: Hono;
  const secrets: string[] = [];

  const call = (secret: string | null, method: string, body?: unknown) =>
    app.request('/api/me/preferences', {
      method,
      headers: {
        ...(secret ? { authorization: `Bearer ${secret}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    app = createApp(store, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await engine?.drop();
  });

  it('answers 409 on the accountless desk: there is no account to keep them', async () => {
    const res = await call(null, 'GET');
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toBe('no_account');
    // A change from the local desk carries its CSRF token, as the web app sends it.
    const { csrf } = (await (await app.request('/api/session')).json()) as { csrf: string };
    const put = await app.request('/api/me/preferences', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ mapRegion: 'europe' }),
    });
    expect(put.status).toBe(409);
  });

  it('keeps each account’s region apart, and forgets it on null', async () => {
    const team = await openTeam(store);
    for (const name of ['ana', 'ben']) {
      const user = await team.accounts.createUser(
        { username: name, role: 'viewer', passwordHash: await hashPassword('a long enough passphrase') },
        SYSTEM,
      );
      const secret = randomToken('wf_');
      await team.accounts.createToken(
        { userId: user.id, name: 'test', tokenHash: sha256(secret), role: 'viewer' },
        SYSTEM,
      );
      secrets.push(secret);
    }
    const [ana, ben] = secrets as [string, string];
    expect(await (await call(ana, 'GET')).json()).toEqual({ mapRegion: null });
    const put = await call(ana, 'PUT', { mapRegion: 'europe' });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ mapRegion: 'europe' });
    expect(await (await call(ana, 'GET')).json()).toEqual({ mapRegion: 'europe' });
    // Another account's choice is its own.
    expect(await (await call(ben, 'GET')).json()).toEqual({ mapRegion: null });
    await call(ben, 'PUT', { mapRegion: 'levant' });
    expect(await (await call(ana, 'GET')).json()).toEqual({ mapRegion: 'europe' });
    // A later choice replaces the earlier one; null forgets it.
    await call(ana, 'PUT', { mapRegion: 'gulf' });
    expect(await (await call(ana, 'GET')).json()).toEqual({ mapRegion: 'gulf' });
    expect(await (await call(ana, 'PUT', { mapRegion: null })).json()).toEqual({ mapRegion: null });
    expect(await (await call(ben, 'GET')).json()).toEqual({ mapRegion: 'levant' });
  }, 30_000);

  it('refuses an unknown region, an unknown name and a body that is not JSON, with the reason', async () => {
    const [ana] = secrets as [string];
    const bad = await call(ana, 'PUT', { mapRegion: 'atlantis' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; details: Array<{ parameter: string }> };
    expect(body.error).toBe('bad_request');
    expect(body.details[0]!.parameter).toBe('mapRegion');
    expect((await call(ana, 'PUT', { theme: 'dark' })).status).toBe(400);
    expect((await call(ana, 'PUT', '{not json')).status).toBe(400);
    expect((await call(ana, 'PUT', { mapRegion: 7 })).status).toBe(400);
    // Nothing was changed by the refused requests.
    expect(await (await call(ana, 'GET')).json()).toEqual({ mapRegion: null });
  });

  it('is in the OpenAPI document, with its body schema and the role it needs', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-required-role': string; requestBody?: unknown }>>;
    };
    const path = doc.paths['/api/me/preferences']!;
    expect(path.get!['x-required-role']).toBe('viewer');
    expect(path.put!['x-required-role']).toBe('viewer');
    expect(JSON.stringify(path.put!.requestBody)).toContain('middle-east');
  });
});
