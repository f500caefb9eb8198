import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runCliWithStdin } from '../helpers/cli.js';
import {
  assertE2eReady,
  demoStoreCopy,
  launchChromium,
  serveDesk,
  stopDesk,
  type Desk,
} from '../helpers/e2e.js';

// The quick start's store (the demo corpus, plus one hostile page), served by the real CLI and driven in
// Debian's Chromium. Screenshots of every page land in test-artifacts/e2e/.

const SHOTS = join(ROOT, 'test-artifacts', 'e2e');
const PASSWORD = 'a long enough passphrase';

const HOSTILE = `<!doctype html><html><head><title>Hostile &lt;img src=x onerror=window.__pwned=1&gt; page</title>
<meta property="article:published_time" content="2020-07-09T10:00:00Z"></head><body><article>
<h1>Hostile <img src=x onerror="window.__pwned=1"> page</h1>
<p>Officials in Damascus said the <script>window.__pwned=2</script> talks with Iranian envoys would resume on Monday, after a week of delays blamed on both sides.</p>
<p>The text mentions &lt;script&gt;window.__pwned=3&lt;/script&gt; as literal words, which the reader must show as text and never run.</p>
<p><a href="javascript:window.__pwned=4">a javascript link</a> and <iframe src="https://evil.example/"></iframe> an iframe.</p>
</article></body></html>`;

let desk: Desk | undefined;
let data = '';
let base = '';
let browser: Browser | undefined;
let page: Page;
const errors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  assertE2eReady();
  mkdirSync(SHOTS, { recursive: true });
  data = await demoStoreCopy('web');
  const file = join(data, 'hostile.html');
  writeFileSync(file, HOSTILE);
  const ingest = await runCli(['ingest', file, '--data', data]);
  expect(ingest.code, ingest.stderr).toBe(0);
  desk = await serveDesk(data);
  base = desk.base;
  browser = await launchChromium();
  page = await browser!.newPage({ viewport: { width: 1366, height: 900 } });
  // Under the test's own 30 s limit, so a wait that fails names its locator instead of timing the test out.
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
}, 720_000);

afterAll(() => stopDesk(browser, desk));

describe('web app in Chromium', () => {
  it('searches the demo data, with facets and highlighted snippets', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('searchbox', { name: 'Search query' }).fill('Damascus');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/\?q=Damascus/);
    await page.getByTestId('hit').first().waitFor();
    expect(await page.getByTestId('hit').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid=hit] mark').count()).toBeGreaterThan(0);
    await page.getByTestId('facets').waitFor();
    expect(await page.locator('[data-testid=facets] button').count()).toBeGreaterThan(2);
    await shot('search');
  });

  it('shows where and why an invalid query fails', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('iran colour:red')}`);
    const alert = page.getByTestId('error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Unknown field');
    expect(await alert.locator('pre').textContent()).toMatch(/iran colour:red\n\s{5}\^/);
    await shot('invalid-query');
  });

  it('opens an article with its extractions highlighted and reaches an actor page by clicking a name', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('Bagheri Damascus')}`);
    await page.getByTestId('hit').first().locator('h3 a').click();
    await page.getByTestId('reader').waitFor();
    for (const kind of ['actor', 'place', 'date', 'event']) {
      expect(await page.locator(`[data-testid=reader] .hl.${kind}`).count(), kind).toBeGreaterThan(0);
    }
    const name = page.locator('[data-testid=reader] a.hl.actor', { hasText: 'Bagheri' }).first();
    await name.hover();
    await page.getByTestId('tooltip').waitFor();
    expect(await page.getByTestId('tooltip').textContent()).toMatch(/actor: .*Bagheri/);
    await shot('article');
    await name.click();
    await page.waitForURL(/\/actors\//);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Bagheri');
    // Roles with dates, from the dictionary.
    await page.getByRole('cell', { name: 'IRNMIL' }).first().waitFor();
    await page.locator('[data-testid=event-map]').waitFor();
    await page.getByTestId('map-country').first().waitFor();
    await shot('actor');
  });

  it('reaches a place page from a highlighted place', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('Bagheri Damascus')}`);
    await page.getByTestId('hit').first().locator('h3 a').click();
    await page.locator('[data-testid=reader] a.hl.place', { hasText: 'Damascus' }).first().click();
    await page.waitForURL(/\/places\//);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Damascus');
    await page.getByText('Edit the gazetteer entry').click();
    const form = page.getByRole('form', { name: 'Gazetteer entry' });
    const aliases = form.getByLabel('Aliases and transliterations (one per line)');
    await aliases.fill(`${await aliases.inputValue()}\nDimashq al-Sham`);
    await form.getByRole('button', { name: 'Save entry' }).click();
    await page.getByRole('button', { name: 'Revert to the shipped entry' }).waitFor();
    await shot('place');
  });

  it('never runs or renders markup from an article', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('envoys delays')}`);
    await page.getByTestId('hit').first().locator('h3 a').click();
    await page.getByTestId('reader').waitFor();
    const text = await page.getByTestId('reader').textContent();
    expect(text).toContain('<script>window.__pwned=3</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#root script, #root iframe, #root img').count()).toBe(0);
    expect(await page.locator('#root a[href^="javascript:"]').count()).toBe(0);
    await shot('hostile-article');
  });

  it('draws events on the offline map, clustered, beside the events in view', async () => {
    // The map page's own cases (feed, zoom, slider, presets, phone) are in map.test.ts.
    await page.goto(`${base}/map`);
    await page.getByTestId('map-cluster').first().waitFor();
    // The basemap loads after the first markers.
    await page.getByTestId('map-country').first().waitFor();
    expect(await page.getByTestId('map-country').count()).toBeGreaterThan(100);
    await page.locator('[data-testid=map-feed] [data-testid=event-card]').first().waitFor();
    await shot('map');
  });

  it('draws the actor graph and the timeline', async () => {
    await page.goto(`${base}/graph`);
    await page.getByTestId('actor-graph').waitFor();
    expect(await page.getByTestId('graph-node').count()).toBeGreaterThan(2);
    expect(await page.getByTestId('graph-edge').count()).toBeGreaterThan(0);
    await shot('graph');
    await page.getByTestId('graph-node').first().click();
    await page.waitForURL(/\/actors\//);

    await page.goto(`${base}/timeline`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('timeline-bar').count()).toBeGreaterThan(0);
    await shot('timeline');

    await page.goto(`${base}/events?type=ASSAULT`);
    await page.getByTestId('event-table').waitFor();
    expect(await page.locator('[data-testid=event-table] tbody tr').count()).toBeGreaterThan(0);
    await shot('events');
  });

  it('works in the dark theme and on a phone-sized screen', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/?q=Syria`);
    await page.getByTestId('hit').first().waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(15, 20, 26)');
    await shot('search-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'light' });
    for (const path of ['/?q=Syria', '/map', '/graph']) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(1);
    }
    await shot('phone-graph');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('finds actors by name: autocomplete, actor:Hezbollah, the actors page, a country’s sectors', async () => {
    // The search box offers actor names while `actor:` is typed; the picked name searches.
    await page.goto(`${base}/`);
    const box = page.getByRole('searchbox', { name: 'Search query' });
    await box.fill('actor:Hezb');
    const offered = page.getByTestId('query-suggestions').getByRole('button', { name: /^Hezbollah\b/ });
    await offered.click();
    expect(await box.inputValue()).toBe('actor:Hezbollah ');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('hit').first().waitFor();
    const byCode = await page.evaluate(async () => {
      const r = await fetch('/api/search?q=actor:LBNREBHZB&limit=1');
      return ((await r.json()) as { total: number }).total;
    });
    expect(byCode).toBeGreaterThan(0);
    expect(await page.getByTestId('hit').count()).toBe(byCode);
    // An unknown name says what it might have meant.
    await page.goto(`${base}/?q=${encodeURIComponent('actor:Hezbolah')}`);
    expect(await page.getByTestId('error').textContent()).toContain('Did you mean Hezbollah');

    // Places too, from the gazetteer.
    await page.goto(`${base}/`);
    await box.fill('iran place:Damas');
    await page
      .getByTestId('query-suggestions')
      .getByRole('button', { name: /^Damascus SY/ })
      .first()
      .click();
    expect(await box.inputValue()).toBe('iran place:Damascus ');

    // The events filter suggests names too, and takes them.
    await page.goto(`${base}/events`);
    await page.getByRole('form', { name: 'Filter events' }).getByLabel('Actor').fill('Hezbo');
    await page
      .locator('[data-testid=actor-suggestions] option[value="Hezbollah"]')
      .waitFor({ state: 'attached' });

    // Browsing: by name or alias, then to the actor's page.
    await page.goto(`${base}/actors?q=${encodeURIComponent('حزب الله')}`);
    await page.getByTestId('actors').getByRole('link', { name: 'Hezbollah', exact: true }).click();
    await page.waitForURL(/\/actors\/org%3Ahezbollah|\/actors\/org:hezbollah/);
    await shot('actor-hezbollah');

    // Iran's page counts what /timeline?actor=IRN counts, and names its sectors, each with a page.
    await page.goto(`${base}/actors/country:IRN`);
    const rollup = page.getByTestId('rollup');
    await rollup.waitFor();
    const events = await page.evaluate(async () => {
      const r = await fetch('/api/events?actor=IRN&limit=1');
      return ((await r.json()) as { total: number }).total;
    });
    expect(await rollup.textContent()).toContain(`${events.toLocaleString('en-US')} events`);
    await shot('actor-country-rollup');
    await rollup.getByRole('link', { name: /military \(IRNMIL\)/ }).click();
    await page.waitForURL(/sector/);
    await page.getByTestId('rollup').waitFor();
    expect(await page.locator('h1').textContent()).toContain('Iran');
    await shot('actor-sector');
  });

  it('keeps the header compact and the facets before the results on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/?q=Syria`);
    await page.getByTestId('hit').first().waitFor();
    const header = await page.locator('header.top').boundingBox();
    expect(header?.height).toBeLessThanOrEqual(90);
    const facets = page.getByTestId('facets');
    const [facetsBox, hitBox] = [
      await facets.boundingBox(),
      await page.getByTestId('hit').first().boundingBox(),
    ];
    expect(facetsBox?.y).toBeLessThan(hitBox?.y ?? 0);
    await facets.locator('summary').click();
    await facets.locator('button').first().waitFor();
    await shot('phone-facets');
    for (const path of ['/actors', '/actors/country:IRN', '/api/docs']) {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(1);
    }
    expect(await page.locator('meta[name=viewport]').count()).toBe(1);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('watches a search and shows the alert when a matching article arrives', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('desalination')}`);
    await page.getByRole('button', { name: 'Watch this search' }).click();
    await page.getByRole('link', { name: 'watching: see Watchlists' }).waitFor();
    const file = join(data, 'new.json');
    writeFileSync(
      file,
      JSON.stringify({
        url: 'https://news.example/desalination',
        title: 'Gulf states open a desalination plant',
        publishedAt: '2020-07-10T08:00:00Z',
        text: 'Officials opened a desalination plant on the coast on Friday, saying it would supply water to two cities. Engineers said a second plant would follow within three years if funding allowed.',
      }),
    );
    const ingest = await runCli(['ingest', file, '--data', data]);
    expect(ingest.code, ingest.stderr).toBe(0);
    await page.getByRole('link', { name: 'watching: see Watchlists' }).click();
    await page.getByTestId('watchlists').waitFor();
    await page.getByTestId('alert').first().waitFor();
    expect(await page.getByTestId('alert').first().textContent()).toContain(
      'Gulf states open a desalination plant',
    );
    await shot('watchlists');
    // It runs the CLI (loading the analysers) mid-test: a minute on a loaded two-core machine.
  }, 120_000);

  it('corrects an event type in the reader, and the correction shows at once', async () => {
    await page.goto(`${base}/?q=${encodeURIComponent('Bagheri Damascus')}`);
    await page.getByTestId('hit').first().locator('h3 a').click();
    await page.getByTestId('reader').waitFor();
    await page.getByLabel('Correct', { exact: true }).check();
    await page.locator('[data-testid=reader] .hl.event', { hasText: 'strengthen' }).first().click();
    const panel = page.getByTestId('correction-panel');
    await panel.waitFor();
    await panel.getByLabel('Event type').selectOption('COERCE');
    await panel.getByRole('button', { name: 'Set type' }).click();
    await panel.waitFor({ state: 'detached' });
    await page.locator('aside', { hasText: 'COERCE' }).first().waitFor();
    await shot('correction');
    await page.getByLabel('Correct', { exact: true }).uncheck();
  });

  it('edits an actor’s dictionary entry from its page', async () => {
    await page.goto(`${base}/actors/person:mohammad-bagheri`);
    await page.getByText('Edit the dictionary entry').click();
    const form = page.getByRole('form', { name: 'Dictionary entry' });
    await form.waitFor();
    const aliases = form.getByLabel('Aliases (one per line)');
    await aliases.fill(`${await aliases.inputValue()}\nGeneral Bagheri`);
    await form.getByRole('button', { name: 'Save entry' }).click();
    await page.getByRole('button', { name: 'Revert to the shipped entry' }).waitFor();
    expect(await form.getByLabel('Aliases (one per line)').inputValue()).toContain('General Bagheri');
    await shot('dictionary-edit');
  });

  it('writes a brief citing evidence found from the editor, and publishes it', async () => {
    await page.goto(`${base}/briefs`);
    await page.getByRole('form', { name: 'New brief' }).getByLabel('Title').fill('Weekly: Iran and Syria');
    await page.getByRole('button', { name: 'New brief' }).click();
    await page.waitForURL(/\/briefs\/\d+$/);
    await page.getByLabel('Brief text').fill('Tehran and Damascus agreed to deepen military ties ');
    await page.getByLabel('Search evidence').fill('Bagheri');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByTestId('cite-events').getByRole('button').first().click();
    expect(await page.getByLabel('Brief text').inputValue()).toMatch(/\[@event:\d+-\d+\]$/);
    // The preview follows the typing, before any Save.
    await page.locator('[data-testid=brief-preview] sup.cite').first().waitFor();
    await page.getByLabel('Brief text').press('End');
    await page.getByLabel('Brief text').pressSequentially(' **Live**');
    await page.locator('[data-testid=brief-preview] strong', { hasText: 'Live' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Saved' }).waitFor();
    expect(await page.locator('[data-testid=brief-preview] section.footnotes li').count()).toBe(1);
    await shot('brief');
    await page.getByRole('button', { name: 'Send to review' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('link', { name: 'public page' }).click();
    await page.waitForURL(/\/published\//);
    expect(await page.locator('h1').textContent()).toBe('Weekly: Iran and Syria');
    expect(await page.locator('section.footnotes li').count()).toBe(1);
    await shot('brief-published');
  });

  it('asks for a login once the first account exists, and shows admins the users and the audit log', async () => {
    const add = await runCliWithStdin(
      ['users', 'add', 'chief', '--role', 'admin', '--password-stdin', '--data', data],
      `${PASSWORD}\n`,
    );
    expect(add.code, add.stderr).toBe(0);
    await page.goto(`${base}/?q=Syria`);
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    await shot('login');
    await page.getByLabel('User name').fill('chief');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Wrong user name or password');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('hit').first().waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('chief (admin)');
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByTestId('users').waitFor();
    expect(await page.getByTestId('users').textContent()).toContain('chief');
    await page.getByRole('form', { name: 'New user' }).getByLabel('User name').fill('reader');
    await page.getByRole('form', { name: 'New user' }).getByLabel('Role').selectOption('viewer');
    await page.getByRole('form', { name: 'New user' }).getByLabel('Password').fill('another long passphrase');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid=users] td', { hasText: 'reader' }).waitFor();
    await page.locator('[data-testid=audit] td', { hasText: 'create user' }).first().waitFor();
    expect(await page.getByTestId('audit').textContent()).toContain('cli:');
    await shot('admin');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    // It runs the CLI (loading the analysers) mid-test: a minute on a loaded two-core machine.
  }, 120_000);

  it('raised no script errors in the browser', () => {
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
