import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

// Issue 18: pages that name no icon (the API docs, published briefs) made browsers ask for /favicon.ico
// and log a 404. The server answers it with the built app's icon.

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16"/></svg>';

describe('/favicon.ico', () => {
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-favicon-')));
  afterAll(() => store.close());

  it('answers the built app’s icon as SVG', async () => {
    const web = mkdtempSync(join(tmpdir(), 'wf-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(web, 'assets', 'favicon-AbC_12-x.svg'), ICON);
    const res = await createApp(store, { webRoot: web }).request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toBe(ICON);
  });

  it('is a plain 404 when the app is not built', async () => {
    const res = await createApp(store, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) }).request(
      '/favicon.ico',
    );
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('not built');
  });
});
