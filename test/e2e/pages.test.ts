import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  assertE2eReady,
  demoStoreCopy,
  launchChromium,
  serveDesk,
  stopDesk,
  type Desk,
} from '../helpers/e2e.js';

// Every page of the web app on the demo store at a phone's width (390 px) and a desktop's (1440 px), in
// Debian's Chromium (issue 18 part 6): no horizontal overflow, filters and facets reachable, a screenshot
// of each in test-artifacts/pages/. It also records medians of 5 cold loads (time to results on /, to the
// first drawing of /graph and /timeline) into test-artifacts/timings.json: figures, never asserted.

const SHOTS = join(ARTIFACTS, 'pages');
const WIDTHS: ReadonlyArray<readonly [name: string, width: number, height: number]> = [
  ['phone', 390, 844],
  ['desktop', 1440, 900],
];

let desk: Desk | undefined;
let base = '';
let browser: Browser | undefined;
/** Every route of src/web/App.tsx, with ids found in the demo store for the ones that take one. */
let routes: Array<[name: string, path: string]> = [];

async function json<T>(path: string): Promise<T> {
  const res = await fetch(`${base}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  assertE2eReady();
  mkdirSync(SHOTS, { recursive: true });
  desk = await serveDesk(await demoStoreCopy('pages'));
  base = desk.base;
  const found = await json<{
    hits: Array<{ id: number; storyId: number }>;
    facets: { place: Array<{ value: string }> };
  }>('/api/search?q=Damascus&facets=1&limit=1');
  const actors = await json<{ items: Array<{ id: string }> }>('/api/actors?limit=1');
  const hit = found.hits[0]!;
  // A brief citing the first hit's first sentence, so /briefs/:id has a rendered brief with a footnote.
  const { csrf } = await json<{ csrf: string }>('/api/session');
  const made = await fetch(`${base}/api/briefs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({
      title: 'Damascus this week',
      body: `# Damascus this week\n\nTalks resumed, officials said [@article:${hit.id}#s0].`,
    }),
  });
  if (!made.ok) throw new Error(`POST /api/briefs: ${made.status} ${await made.text()}`);
  const brief = (await made.json()) as { id: number };
  routes = [
    ['search', '/'],
    ['search-results', '/?q=Iran'],
    ['events', '/events'],
    ['map', '/map'],
    ['timeline', '/timeline'],
    ['graph', '/graph'],
    ['actors', '/actors'],
    ['actor', `/actors/${encodeURIComponent(actors.items[0]!.id)}`],
    ['place', `/places/${encodeURIComponent(found.facets.place[0]!.value)}`],
    ['article', `/articles/${hit.id}`],
    ['story', `/stories/${hit.storyId}`],
    ['watchlists', '/watchlists'],
    ['briefs', '/briefs'],
    ['brief', `/briefs/${brief.id}`],
    ['status', '/status'],
    ['account', '/account'],
    ['admin', '/admin'],
    ['not-found', '/no-such-page'],
  ];
  browser = await launchChromium();
}, 720_000);

afterAll(() => stopDesk(browser, desk));

/** A fresh context: no cache, no localStorage, as a first visit. */
async function open(width: number, height: number): Promise<Page> {
  const ctx = await browser!.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** The page's horizontal overflow, and the elements that stick out past the viewport's right edge. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const width = root.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .slice(0, 8)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`,
      );
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  });
}

describe.each(WIDTHS)('every page at %s width in Chromium', (label, width, height) => {
  it('fits the width, with its filters and facets reachable', async () => {
    const page = await open(width, height);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    for (const [name, path] of routes) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      // The page's own content, not the shell: some text in <main> (some pages have no heading).
      await page
        .waitForFunction(() => (document.querySelector('main')?.textContent ?? '').trim().length > 0)
        .catch((err: Error) => {
          throw new Error(`${name} (${path}) at ${width}px drew nothing: ${err.message}`);
        });
      const o = await overflow(page);
      expect(o.scrollWidth, `${name} at ${width}px: ${o.wide.join(', ')}`).toBeLessThanOrEqual(o.clientWidth);
      // Every filter form and facet list can be reached: scrolled to, inside the width, its first control usable.
      for (const sel of ['form.filters', '[data-testid=facets]']) {
        const all = page.locator(sel);
        for (let i = 0; i < (await all.count()); i++) {
          const el = all.nth(i);
          await el.scrollIntoViewIfNeeded();
          const box = (await el.boundingBox())!;
          expect(box.x, `${name}: ${sel} starts inside the page`).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, `${name}: ${sel} ends inside the page`).toBeLessThanOrEqual(width + 0.5);
          if (sel === '[data-testid=facets]') {
            // Folded on a phone: one tap opens it, then a facet value can be clicked.
            if ((await el.getAttribute('open')) === null) await el.locator('summary').click();
            const value = el.locator('button').first();
            await value.scrollIntoViewIfNeeded();
            expect(await value.isVisible(), `${name}: a facet value is visible`).toBe(true);
          } else {
            const control = el.locator('input, select, button').first();
            await control.scrollIntoViewIfNeeded();
            expect(await control.isVisible(), `${name}: ${sel} has a visible control`).toBe(true);
          }
        }
      }
      if (name === 'search-results') {
        expect(await page.locator('[data-testid=facets]').count(), 'facets on a search').toBe(1);
        await page.getByTestId('volume-chart').waitFor();
        // A second query compared on the same chart: a second line and a second legend entry.
        await page.getByLabel('Add a query to compare').fill('Syria');
        await page.getByRole('button', { name: 'Compare' }).click();
        await page.locator('[data-testid=volume-legend] li').nth(1).waitFor();
        expect(await page.locator('[data-testid=volume-chart] polyline').count()).toBe(2);
        expect(await page.getByTestId('volume-legend').textContent()).toMatch(/Syria: \d+ dated/);
        // The comparison is in the URL: a reload (or the link, shared) keeps both lines.
        expect(new URL(page.url()).searchParams.getAll('compare')).toEqual(['Syria']);
        await page.reload();
        await page.locator('[data-testid=volume-legend] li').nth(1).waitFor();
        expect(await page.locator('[data-testid=volume-chart] polyline').count()).toBe(2);
      }
      await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }, 600_000);
});

describe('cold-load timings on the demo store', () => {
  it('records medians of 5 cold loads of /, /graph and /timeline in test-artifacts/timings.json', async () => {
    // ms from navigation start until `selector` is in the page, polled every frame; and first contentful paint.
    const measure = async (path: string, selector: string) => {
      const runs: number[] = [];
      const paints: number[] = [];
      for (let i = 0; i < 5; i++) {
        const page = await open(1440, 900);
        await page.goto(`${base}${path}`);
        const at = await page.waitForFunction(
          (sel) => (document.querySelector(sel) ? performance.now() : 0),
          selector,
          { polling: 'raf', timeout: 60_000 },
        );
        runs.push(Math.round((await at.jsonValue()) as number));
        const fcp = await page.evaluate(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        );
        if (fcp !== null) paints.push(Math.round(fcp));
        await page.context().close();
      }
      return { runs, paints };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
    const results = await measure('/?q=Iran', '[data-testid=hit]');
    const graph = await measure('/graph', '[data-testid=graph-node]');
    const timeline = await measure('/timeline', '[data-testid=timeline-bar]');
    const entry = (what: string, m: { runs: number[]; paints: number[] }) => ({
      what,
      medianMs: median(m.runs),
      runsMs: m.runs,
      firstContentfulPaintMedianMs: median(m.paints),
    });
    const file = join(ARTIFACTS, 'timings.json');
    // The map test writes its own entry (mapFirstMarker) into the same file: merged, not overwritten.
    const prior = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          ...prior,
          searchResults: entry(
            'ms from navigation start to the first result of /?q=Iran, 1440x900, cold',
            results,
          ),
          graphFirstPaint: entry(
            'ms from navigation start to the first node drawn on /graph, 1440x900, cold',
            graph,
          ),
          timelineFirstPaint: entry(
            'ms from navigation start to the first bar drawn on /timeline, 1440x900, cold',
            timeline,
          ),
          pagesMeasuredAt: {
            loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
            cpus: cpus().length,
            at: new Date().toISOString(),
          },
        },
        null,
        2,
      )}\n`,
    );
    expect([results.runs, graph.runs, timeline.runs].map((r) => r.length)).toEqual([5, 5, 5]);
  }, 600_000);
});
