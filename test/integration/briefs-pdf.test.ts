import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import { hashPassword, randomToken, sha256 } from '../../src/serve/auth/secrets.js';
import {
  chromiumPath,
  PdfBusyError,
  PdfPrinter,
  PdfTimeoutError,
  PdfUnavailableError,
  pdfPrinter,
  printPdf,
  PRINT_CSP,
  PRINTER_LIMITS,
} from '../../src/serve/briefs/pdf.js';
import { briefPage, briefPrintPage } from '../../src/serve/briefs/render.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Brief } from '../../src/store/team/briefs.js';
import { openTeam } from '../../src/store/team/team.js';
import { assertBuilt, startCli } from '../helpers/cli.js';

// Issue 15, item 2: printing a brief must not fetch anything (the printer would otherwise be a way around the
// collector's SSRF policy), and many exports at once must not start a browser each.

/** Processes descended from this one (the test's browsers and their helpers), read from /proc. */
function descendantPids(root = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const todo = [root];
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    const kids = children.get(pid) ?? [];
    found.push(...kids);
    todo.push(...kids);
  }
  return found;
}
const descendants = (root = process.pid) => descendantPids(root).length;

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
    if (condition()) return true;
  return condition();
}

const isPdf = (b: Buffer) => b.subarray(0, 5).toString() === '%PDF-';

/** Everything a page could load from the loopback server, with no CSP of its own. */
const hostile = (base: string) => `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${base}/style.css"><link rel="icon" href="${base}/favicon.ico">
<link rel="preload" as="image" href="${base}/preload.png"><link rel="prefetch" href="${base}/prefetch">
<style>@font-face{font-family:Remote;src:url(${base}/font.woff2)} @import url(${base}/import.css);
body{font-family:Remote;background:url(${base}/background.png)}</style>
<script src="${base}/script.js"></script></head><body><p>Brief</p>
<img src="${base}/img.png"><img srcset="${base}/srcset.png 2x"><picture><source srcset="${base}/source.png"><img alt=""></picture>
<iframe src="${base}/frame.html"></iframe><object data="${base}/object.svg"></object><embed src="${base}/embed.svg">
<video poster="${base}/poster.png" src="${base}/video.mp4"></video><audio src="${base}/audio.mp3"></audio>
<svg><image href="${base}/svg-image.png" width="10" height="10"/></svg>
<div style="background-image:url(${base}/inline.png)">x</div></body></html>`;

describe('brief PDF export', () => {
  const hits: string[] = [];
  let server: Server;
  let base = '';
  let app: ReturnType<typeof createApp>;
  let token = '';
  let briefId = 0;
  const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-briefs-pdf-')));

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const team = await openTeam(store);
    const user = await team.accounts.createUser(
      { username: 'writer', role: 'analyst', passwordHash: await hashPassword('a long passphrase') },
      { userId: null, name: 'test' },
    );
    token = randomToken('wf_');
    await team.accounts.createToken(
      { userId: user.id, name: 't', tokenHash: sha256(token), role: 'analyst' },
      { userId: null, name: 'test' },
    );
    app = createApp(store, { webRoot: mkdtempSync(join(tmpdir(), 'wf-noweb-')) });
    const body = [
      `A map of the front: ![front line](${base}/map.png "the map") and a [source](${base}/link).`,
      `<img src="${base}/raw.png"> <link rel="stylesheet" href="${base}/raw.css"> <iframe src="${base}/raw.html"></iframe>`,
      `<style>@font-face{font-family:x;src:url(${base}/raw.woff)} body{background:url(${base}/raw-bg.png)}</style>`,
    ].join('\n\n');
    const created = await call('POST', '/api/briefs', { title: 'Remote things', body });
    briefId = ((await created.json()) as { id: number }).id;
  });

  afterAll(async () => {
    await pdfPrinter.close();
    server.close();
    await store.close();
  });

  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('prints a brief with a remote image and hostile markup without one request to its addresses', async () => {
    hits.length = 0;
    const res = await call('GET', `/api/briefs/${briefId}/export.pdf`);
    expect(res.status).toBe(200);
    expect(isPdf(Buffer.from(await res.arrayBuffer()))).toBe(true);
    expect(hits).toEqual([]);
  }, 60_000);

  it('shows images as alt text and address on the printed page, under a CSP that loads nothing', async () => {
    const brief = (await (await call('GET', `/api/briefs/${briefId}`)).json()) as Brief;
    const page = briefPrintPage(brief, [], 'http://desk.test');
    expect(page).toMatch(
      /^<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"/,
    );
    expect(page).toContain(`content="${PRINT_CSP.replaceAll("'", '&#39;')}"`);
    expect(page).not.toMatch(/<img|<link|<iframe|<style>@font/);
    expect(page).toContain(`[image: front line] <a href="${base}/map.png">${base}/map.png</a>`);
    // The web view keeps its images: only printing drops them.
    const view = (await (await call('GET', `/api/briefs/${briefId}`)).json()) as { html: string };
    expect(view.html).toContain(`<img src="${base}/map.png" alt="front line" title="the map">`);
  });

  it('fetches nothing for any page, even one with no CSP of its own', async () => {
    hits.length = 0;
    expect(isPdf(await printPdf(hostile(base)))).toBe(true);
    expect(hits).toEqual([]);
  }, 60_000);

  it('loads nothing under the print CSP even without interception (and the same page without it does)', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
    try {
      const load = async (html: string) => {
        hits.length = 0;
        const page = await browser.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.pdf();
        await page.close();
        return [...hits];
      };
      const brief = { title: 't', author: 'a', status: 'draft', updatedAt: '2026-01-01' } as Brief;
      const body = hostile(base).replace(/^[\s\S]*<body>/, '');
      expect((await load(briefPage(brief, body))).length).toBeGreaterThan(5);
      expect(await load(briefPage(brief, body, '', PRINT_CSP))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('serves 12 exports at once from one browser: a bounded number of processes, the rest told to retry', async () => {
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, descendants())), 20);
    const all = await Promise.all(
      Array.from({ length: 12 }, () => call('GET', `/api/briefs/${briefId}/export.pdf`)),
    );
    clearInterval(sampler);
    const printed = all.filter((r) => r.status === 200);
    const refused = all.filter((r) => r.status === 503);
    expect(printed.length + refused.length).toBe(12);
    expect(printed.length).toBeGreaterThanOrEqual(PRINTER_LIMITS.pages + PRINTER_LIMITS.queue);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await r.json()).toMatchObject({ error: 'busy', message: expect.stringMatching(/try again/) });
    }
    // One browser with two pages is about a dozen processes; a browser per export was 124.
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(20);
  }, 90_000);

  it('queues up to its bound, times out a slow print, closes when idle, and says when Chromium is missing', async () => {
    const before = descendants();
    const small = new PdfPrinter({ pages: 1, queue: 1, timeoutMs: 20_000, idleMs: 100 });
    const tries = await Promise.allSettled([1, 2, 3].map(() => small.print('<p>x</p>')));
    expect(tries.map((t) => t.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((tries[2] as PromiseRejectedResult).reason).toBeInstanceOf(PdfBusyError);
    // Idle for 100 ms, the browser is gone.
    expect(await until(() => descendants() <= before, 10_000)).toBe(true);

    const hasty = new PdfPrinter({ pages: 1, queue: 0, timeoutMs: 1, idleMs: 100 });
    await expect(hasty.print('<p>x</p>')).rejects.toBeInstanceOf(PdfTimeoutError);
    await hasty.close();

    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      await expect(new PdfPrinter().print('<p>x</p>')).rejects.toBeInstanceOf(PdfUnavailableError);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
    expect(await until(() => descendants() <= before, 10_000)).toBe(true);
  }, 60_000);

  it('lets `serve` stop on SIGTERM right after an export, its browser with it', async () => {
    assertBuilt();
    const data = mkdtempSync(join(tmpdir(), 'wf-briefs-pdf-serve-'));
    const seeded = SqliteStore.open(data);
    const brief = await (
      await openTeam(seeded)
    ).briefs.create({ title: 'T', body: 'Text.' }, { userId: null, name: 'test' });
    await seeded.close();
    const child = startCli(['serve', '--port', '0', '--json', '--data', data]);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    expect(await until(() => /"url":/.test(out), 20_000)).toBe(true);
    const url = /"url": "([^"]+)"/.exec(out)![1]!;
    const res = await fetch(`${url}/api/briefs/${brief.id}/export.pdf`);
    expect(res.status).toBe(200);
    const browser = descendantPids(child.pid);
    expect(browser.length).toBeGreaterThan(0);
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Well before the browser's 30 s idle close.
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(await until(() => browser.every((pid) => !existsSync(`/proc/${pid}`)), 5_000)).toBe(true);
  }, 60_000);
});
