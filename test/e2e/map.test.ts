import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliWithStdin } from '../helpers/cli.js';
import {
  ARTIFACTS,
  assertE2eReady,
  demoStoreCopy,
  launchChromium,
  serveDesk,
  stopDesk,
  type Desk,
} from '../helpers/e2e.js';

// The map-first event feed (issue 18) on the demo store, in Debian's Chromium: the feed follows the view,
// a cluster click zooms, the time slider narrows the feed, the region preset is remembered, and the page
// fits a phone. It also measures the time to the first marker (median of 5 cold loads) into
// test-artifacts/timings.json: a figure to report, never asserted.

let desk: Desk | undefined;
let base = '';
let data = '';
let browser: Browser | undefined;
const errors: string[] = [];

beforeAll(async () => {
  assertE2eReady();
  mkdirSync(ARTIFACTS, { recursive: true });
  data = await demoStoreCopy('map');
  desk = await serveDesk(data);
  base = desk.base;
  browser = await launchChromium();
}, 720_000);

afterAll(() => stopDesk(browser, desk));

/** A fresh context: no cache, no localStorage, as a first visit. */
async function open(width: number, height: number): Promise<Page> {
  const ctx = await browser!.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return page;
}

const MAP = '[data-testid="event-map"]';
const MARKER = '[data-testid="map-cluster"]';

/** The feed once it answers for the map's current box: its total, the box, and each card's id and date. */
async function feedState(page: Page) {
  return page.evaluate((map) => {
    const svg = document.querySelector(map);
    const head = document.querySelector('[data-testid="map-feed-count"]');
    const cards = [...document.querySelectorAll('[data-testid="map-feed"] [data-testid="event-card"]')];
    return {
      map: svg?.getAttribute('data-bbox') ?? '',
      // The box the feed answers for (the map's own may differ by a pixel's worth).
      bbox: document.querySelector('[data-testid="map-feed"]')?.getAttribute('data-bbox') ?? '',
      k: Number(svg?.getAttribute('data-k') ?? 0),
      total: head?.getAttribute('data-total') === '' ? null : Number(head?.getAttribute('data-total')),
      busy: document.querySelector('[data-testid="map-feed"]')?.getAttribute('aria-busy') === 'true',
      cards: cards.map((c) => ({
        id: c.getAttribute('data-id') ?? '',
        date: c.getAttribute('data-date') ?? '',
        lat: Number(c.getAttribute('data-lat')),
        lon: Number(c.getAttribute('data-lon')),
      })),
    };
  }, MAP);
}

/** Boxes "w,s,e,n" within 1% of their size of each other. */
function near(a: string, b: string): boolean {
  const x = a.split(',').map(Number);
  const y = b.split(',').map(Number);
  if (x.length !== 4 || y.length !== 4) return false;
  const size = Math.max(x[2]! - x[0]!, x[3]! - x[1]!);
  return x.every((d, i) => Math.abs(d - y[i]!) <= size * 0.01);
}

/** Waits until the feed has answered for the view now on screen (not busy, its box the map's) and `change` holds. */
async function settled(page: Page, change: (s: Awaited<ReturnType<typeof feedState>>) => boolean) {
  await expect
    .poll(
      async () => {
        const s = await feedState(page);
        return !s.busy && s.total !== null && near(s.bbox, s.map) && change(s);
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
  return feedState(page);
}

/** The first marker of a kind whose centre is on the map (one at the edge is drawn, but half hidden). */
async function markOnMap(page: Page, kind: 'event' | 'cluster') {
  const marks = page.locator(`${MARKER}[data-kind="${kind}"]`);
  const i = await page.evaluate(
    ({ map, sel }) => {
      const r = document.querySelector(map)!.getBoundingClientRect();
      return [...document.querySelectorAll(sel)].findIndex((m) => {
        const b = m.getBoundingClientRect();
        const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
        return x > r.left && x < r.right && y > r.top && y < r.bottom;
      });
    },
    { map: MAP, sel: `${MARKER}[data-kind="${kind}"]` },
  );
  return i >= 0 ? marks.nth(i) : null;
}

const inBox = (bbox: string, c: { lat: number; lon: number }) => {
  const [w, s, e, n] = bbox.split(',').map(Number) as [number, number, number, number];
  return c.lon >= w && c.lon <= e && c.lat >= s && c.lat <= n;
};

describe('the map-first event feed in Chromium', () => {
  it('measures the time to the first marker on /map: the median of 5 cold loads', async () => {
    const runs: number[] = [];
    // Where the time goes: when the clusters were asked for, and how long the server took to answer.
    const asked: number[] = [];
    const answered: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await open(1440, 900);
      await page.goto(`${base}/map`);
      // performance.now() in the page counts from the navigation's start; polled every frame.
      const at = await page.waitForFunction(
        (sel) => (document.querySelector(sel) ? performance.now() : 0),
        MARKER,
        { polling: 'raf', timeout: 20_000 },
      );
      runs.push(Math.round((await at.jsonValue()) as number));
      const api = await page.evaluate(() => {
        const r = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes('/api/map/clusters')) as PerformanceResourceTiming | undefined;
        return r ? { start: r.startTime, took: r.responseEnd - r.startTime } : null;
      });
      if (api) {
        asked.push(Math.round(api.start));
        answered.push(Math.round(api.took));
      }
      await page.context().close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
    const file = join(ARTIFACTS, 'timings.json');
    const prior = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          ...prior,
          mapFirstMarker: {
            what: 'ms from navigation start to the first marker on /map, demo store, 1440x900, cold context',
            medianMs: median(runs),
            runsMs: runs,
            clustersAskedAtMedianMs: median(asked),
            clustersAnswerMedianMs: median(answered),
            // The machine's load when measured: the figures are only comparable at a similar load.
            loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
            cpus: cpus().length,
            measuredAt: new Date().toISOString(),
          },
        },
        null,
        2,
      )}\n`,
    );
    expect(runs).toHaveLength(5);
  }, 180_000);

  it('lists the events in view newest first, and the list follows a zoom and a pan', async () => {
    const page = await open(1440, 900);
    await page.goto(`${base}/map`);
    await page.locator(MARKER).first().waitFor();
    const start = await settled(page, (s) => s.cards.length > 0);
    expect(start.total).toBeGreaterThanOrEqual(start.cards.length);
    // Newest first (undated last): the dates never rise down the list.
    const dated = start.cards.map((c) => c.date).filter(Boolean);
    expect(dated).toEqual([...dated].sort().reverse());
    for (const c of start.cards) expect(inBox(start.bbox, c), `${c.id} in ${start.bbox}`).toBe(true);

    // Zoom in three steps on the map's centre: a smaller box, no more events than before, all inside it.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in on the map' }).click();
    const zoomed = await settled(page, (s) => s.bbox !== start.bbox);
    expect(zoomed.total!).toBeLessThanOrEqual(start.total!);
    for (const c of zoomed.cards) expect(inBox(zoomed.bbox, c), `${c.id} in ${zoomed.bbox}`).toBe(true);

    // Drag the map: the box moves west and the list is the new box's.
    const box = (await page.locator(MAP).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 300, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const panned = await settled(page, (s) => s.bbox !== zoomed.bbox);
    expect(Number(panned.bbox.split(',')[0])).toBeLessThan(Number(zoomed.bbox.split(',')[0]));
    for (const c of panned.cards) expect(inBox(panned.bbox, c), `${c.id} in ${panned.bbox}`).toBe(true);
    await page.context().close();
  }, 90_000);

  it('zooms in on a cluster when it is clicked, and opens a single event’s popup with its evidence', async () => {
    const page = await open(1440, 900);
    await page.goto(`${base}/map`);
    await page.locator(MARKER).first().waitFor();
    const before = await settled(page, () => true);
    await (await markOnMap(page, 'cluster'))!.click();
    const after = await settled(page, (s) => s.k > before.k && s.bbox !== before.bbox);
    expect(after.k).toBeGreaterThanOrEqual(before.k * 2 - 1e-3);
    expect(after.bbox).not.toBe(before.bbox);

    // Zoom until a single event shows, then open it.
    let single = await markOnMap(page, 'event');
    for (let i = 0; i < 8 && !single; i++) {
      const prior = await feedState(page);
      await (await markOnMap(page, 'cluster'))!.click();
      await settled(page, (s) => s.bbox !== prior.bbox);
      single = await markOnMap(page, 'event');
    }
    await single!.click();
    const popup = page.getByTestId('map-popup');
    await popup.waitFor();
    await expect.poll(() => popup.locator('.wf-event-evidence').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'map-popup-1440.png') });
    // The source link opens outside, safely.
    const out = popup.locator('a[target="_blank"]').first();
    expect(await out.getAttribute('rel')).toContain('noopener');
    expect(await out.getAttribute('href')).toMatch(/^https?:\/\//);
    await page.context().close();
  }, 90_000);

  it('narrows the feed with the time slider', async () => {
    const page = await open(1440, 900);
    await page.goto(`${base}/map`);
    await page.getByTestId('time-slider').waitFor();
    const before = await settled(page, (s) => s.cards.length > 0);
    const from = page.getByRole('slider', { name: 'From' });
    const [min, max] = [Number(await from.getAttribute('min')), Number(await from.getAttribute('max'))];
    // Move the start to two thirds of the span (the native setter, so React sees an input event).
    const day = Math.round(min + ((max - min) * 2) / 3);
    await from.evaluate((el, v) => {
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, day);
    const after = await settled(page, (s) => s.total !== before.total);
    expect(after.total!).toBeLessThan(before.total!);
    const first = new Date(day * 86_400_000).toISOString().slice(0, 10);
    // An event dated to a month or a year overlaps the range when its last day is inside it.
    for (const c of after.cards.filter((x) => x.date.length === 10))
      expect(c.date >= first, `${c.id} ${c.date} >= ${first}`).toBe(true);
    await page.context().close();
  }, 90_000);

  it('remembers the region preset across visits', async () => {
    const page = await open(1440, 900);
    await page.goto(`${base}/map`);
    const region = page.getByTestId('region');
    expect(await region.inputValue()).toBe('middle-east');
    const before = await settled(page, () => true);
    await region.selectOption('europe');
    const europe = await settled(page, (s) => s.bbox !== before.bbox);
    // Centred on Europe (the box is wider than Europe: the map is wider than tall).
    const [w, s, e, n] = europe.bbox.split(',').map(Number) as [number, number, number, number];
    expect((w + e) / 2).toBeGreaterThan(-12);
    expect((w + e) / 2).toBeLessThan(42);
    expect((s + n) / 2).toBeGreaterThan(34);
    expect((s + n) / 2).toBeLessThan(71);
    await page.reload();
    expect(await page.getByTestId('region').inputValue()).toBe('europe');
    await page.context().close();
  }, 90_000);

  it('fits a phone: the map, then the feed, and no sideways scrolling; screenshots at 1440 and 390 px', async () => {
    const desk = await open(1440, 900);
    await desk.goto(`${base}/map`);
    await settled(desk, (s) => s.cards.length > 0);
    await desk.screenshot({ path: join(ARTIFACTS, 'map-1440.png'), fullPage: true });
    await desk.context().close();

    const phone = await open(390, 844);
    await phone.goto(`${base}/map`);
    await settled(phone, (s) => s.cards.length > 0);
    const layout = await phone.evaluate(() => {
      const map = document.querySelector('[data-testid="event-map"]')!.getBoundingClientRect();
      const feed = document.querySelector('[data-testid="map-feed"]')!.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        mapBottom: map.bottom,
        mapWidth: map.width,
        feedTop: feed.top,
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.feedTop).toBeGreaterThanOrEqual(layout.mapBottom);
    expect(layout.mapWidth).toBeGreaterThan(300);
    // The first screen: the whole page is the feed's fifty cards long.
    await phone.screenshot({ path: join(ARTIFACTS, 'map-390.png') });
    await phone.context().close();
    expect(errors).toEqual([]);
  }, 90_000);

  // Last: once an account exists the desk asks everyone to log in.
  it('keeps a signed-in analyst’s region with the account: another browser opens on it', async () => {
    const password = 'a long enough passphrase';
    const add = await runCliWithStdin(
      ['users', 'add', 'mapper', '--role', 'analyst', '--password-stdin', '--data', data],
      `${password}\n`,
    );
    expect(add.code, add.stderr).toBe(0);
    const login = async (page: Page) => {
      await page.goto(`${base}/map`);
      await page.getByLabel('User name').fill('mapper');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByTestId('region').waitFor();
    };
    const first = await open(1440, 900);
    await login(first);
    expect(await first.getByTestId('region').inputValue()).toBe('middle-east');
    const saved = first.waitForResponse(
      (r) => r.url().endsWith('/api/me/preferences') && r.request().method() === 'PUT',
    );
    await first.getByTestId('region').selectOption('gulf');
    expect((await saved).status()).toBe(200);
    await first.context().close();

    // Another browser (a fresh context: nothing in its localStorage) opens on the account's region.
    const second = await open(1440, 900);
    await login(second);
    await expect.poll(() => second.getByTestId('region').inputValue()).toBe('gulf');
    const gulf = await settled(second, () => true);
    const [w, , e] = gulf.bbox.split(',').map(Number) as [number, number, number, number];
    // Centred on the Gulf and Iran (43-63 E), not the Middle East's 25-63 E.
    expect((w + e) / 2).toBeGreaterThan(48);
    await second.context().close();
  }, 90_000);
});
