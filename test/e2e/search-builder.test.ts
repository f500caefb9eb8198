import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertE2eReady,
  freshDataDir,
  launchChromium,
  serveDesk,
  stopDesk,
  type Desk,
} from '../helpers/e2e.js';

// Issue 18: "Add to query" in the query builder dropped what was typed in the search box and not yet
// searched. The builder works on the box's text, so an empty store is enough (no demo corpus to ingest).

let desk: Desk | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  assertE2eReady();
  desk = await serveDesk(freshDataDir('builder'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(20_000);
}, 120_000);

afterAll(() => stopDesk(browser, desk));

describe('the query builder in Chromium', () => {
  it('adds its terms to what is typed in the search box, searched or not', async () => {
    await page.goto(`${desk!.base}/`);
    const box = page.getByRole('searchbox', { name: 'Search query' });
    // Typed, never searched: the URL has no query yet.
    await box.fill('Damascus OR Aleppo');
    await page.getByText('Build a query').click();
    const builder = page.getByRole('form', { name: 'Query builder' });
    await builder.getByLabel('Country (ISO)').fill('SY');
    await builder.getByLabel('Language').fill('en');
    await builder.getByRole('button', { name: 'Add to query' }).click();
    await page.waitForURL(/\?q=/);
    const q = new URL(page.url()).searchParams.get('q') ?? '';
    // The typed alternatives kept (bracketed or not, both still there), and both builder terms added.
    expect(q).toContain('Damascus OR Aleppo');
    expect(q).toMatch(/country:"?SY"?/);
    expect(q).toMatch(/lang:"?en"?/);
    await expect.poll(() => box.inputValue()).toBe(q);
  }, 60_000);
});
