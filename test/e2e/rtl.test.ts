import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import {
  assertE2eReady,
  freshDataDir,
  launchChromium,
  serveDesk,
  stopDesk,
  type Desk,
} from '../helpers/e2e.js';

// Right-to-left text in the web app (issue 20, part 7): an Arabic, a Persian and a mixed English page (texts
// written for this test), ingested and served by the real CLI, read in Debian's Chromium at 1440 and 390 px.
// The checks are on direction and layout, not pixels; screenshots land in test-artifacts/e2e/rtl-*.png.

const SHOTS = join(ROOT, 'test-artifacts', 'e2e');

const page = (lang: string, title: string, date: string, paragraphs: string[]): string =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>
<meta property="article:published_time" content="${date}T09:00:00Z"></head><body><article><h1>${title}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>`;

const ARABIC = page('ar', 'وزير الخارجية السوري يلتقي نظيره الإيراني في دمشق', '2023-03-14', [
  'التقى وزير الخارجية السوري فيصل المقداد في دمشق اليوم الثلاثاء وزير الخارجية الإيراني حسين أمير عبد اللهيان، وبحث الجانبان العلاقات الثنائية والأوضاع في المنطقة.',
  'وأكد المقداد أن التعاون بين البلدين سيتواصل في مجالات الاقتصاد والطاقة والنقل، فيما أشار الوزير الإيراني إلى أهمية إعادة إعمار المناطق المتضررة من الزلزال في حلب واللاذقية.',
]);
const PERSIAN = page('fa', 'دیدار وزیران خارجه ایران و عراق در تهران', '2023-05-10', [
  'حسین امیرعبداللهیان وزیر امور خارجه ایران امروز چهارشنبه ۲۰ اردیبهشت ۱۴۰۲ در تهران با فؤاد حسین همتای عراقی خود دیدار و درباره امنیت مرزها گفت‌وگو کرد.',
  'دو طرف همچنین درباره پروژه راه‌آهن شلمچه به بصره و افزایش پروازهای مستقیم میان مشهد و بغداد رایزنی کردند.',
]);
const MIXED = page('en', 'Syrian minister quoted on reconstruction talks', '2023-03-15', [
  'Syria’s foreign minister spoke in Damascus on Wednesday about reconstruction after the earthquake, and the state agency published his words in Arabic.',
  'وقال المقداد إن إعادة الإعمار في حلب أولوية وطنية، وإن الحكومة السورية ترحب بكل دعم يقدم للمتضررين من الزلزال.',
  'Analysts said the statement was aimed at Gulf governments that have reopened their embassies in Damascus.',
]);

let desk: Desk | undefined;
let base = '';
let browser: Browser | undefined;
let tab: Page;
const errors: string[] = [];

beforeAll(async () => {
  assertE2eReady();
  mkdirSync(SHOTS, { recursive: true });
  // Its own three pages, not the demo corpus.
  const data = freshDataDir('rtl');
  const files = Object.entries({ 'arabic.html': ARABIC, 'persian.html': PERSIAN, 'mixed.html': MIXED }).map(
    ([name, html]) => {
      const file = join(data, name);
      writeFileSync(file, html);
      return file;
    },
  );
  const ingest = await runCli(['ingest', ...files, '--data', data]);
  expect(ingest.code, ingest.stderr).toBe(0);
  desk = await serveDesk(data);
  base = desk.base;
  browser = await launchChromium();
  tab = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
  tab.setDefaultTimeout(20_000);
  tab.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // The ingest loads the analysers: over two minutes when another e2e file builds the demo store beside it.
}, 300_000);

afterAll(() => stopDesk(browser, desk));

/** Opens the first search hit for `q` and waits for the reader's highlights. */
async function openArticle(q: string): Promise<void> {
  await tab.goto(`${base}/?q=${encodeURIComponent(q)}`);
  await tab.getByTestId('hit').first().locator('h3 a').click();
  await tab.locator('[data-testid=reader] .hl').first().waitFor();
}

const direction = (selector: string) =>
  tab.$$eval(selector, (els) => els.map((e) => getComputedStyle(e).direction));

const overflow = () =>
  tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('right-to-left text in Chromium', () => {
  it('reads an Arabic article right to left, its highlights in reading order from the right', async () => {
    await openArticle('المقداد اللاذقية');
    expect(await direction('h1')).toEqual(['rtl']);
    expect(await direction('[data-testid=reader] p')).toEqual(['rtl', 'rtl']);
    // The first two highlights of the first paragraph's first line: the earlier one stands further right.
    const boxes = await tab.$$eval('[data-testid=reader] p:first-child .hl', (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top };
      }),
    );
    expect(boxes.length).toBeGreaterThan(1);
    const [first, second] = boxes;
    expect(Math.abs(first!.top - second!.top)).toBeLessThan(4);
    expect(first!.right).toBeGreaterThan(second!.right);
    // Highlights stay inside the paragraph box.
    const para = await tab.$eval(
      '[data-testid=reader] p',
      (e) => e.getBoundingClientRect().toJSON() as DOMRect,
    );
    for (const b of boxes) {
      expect(b.left).toBeGreaterThanOrEqual(para.left - 1);
      expect(b.right).toBeLessThanOrEqual(para.right + 1);
    }
    expect(await overflow()).toBeLessThanOrEqual(1);
    await tab.screenshot({ path: join(SHOTS, 'rtl-arabic-1440.png'), fullPage: true });
  });

  it('gives each paragraph of a mixed page its own direction', async () => {
    await openArticle('reconstruction');
    expect(await direction('h1')).toEqual(['ltr']);
    expect(await direction('[data-testid=reader] p')).toEqual(['ltr', 'rtl', 'ltr']);
    // The Arabic paragraph of the English page carries its own language, shown as a tag before it.
    expect(
      await tab.$$eval('[data-testid=reader] p', (els) => els.map((e) => e.getAttribute('data-lang'))),
    ).toEqual([null, 'ar', null]);
    expect(await tab.$eval('[data-testid=reader] p:nth-child(2)', (e) => e.getAttribute('lang'))).toBe('ar');
    await tab.screenshot({ path: join(SHOTS, 'rtl-mixed-1440.png'), fullPage: true });
  });

  it('shows Arabic and Persian titles and snippets right to left in search, with their marks', async () => {
    await tab.goto(`${base}/?q=${encodeURIComponent('تهران')}`);
    const hit = tab.getByTestId('hit').first();
    await hit.waitFor();
    expect(await hit.locator('h3').evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    const mark = hit.locator('mark').first();
    expect(await mark.textContent()).toContain('تهران');
    expect(await hit.locator('bdi.snippet').evaluate((e) => getComputedStyle(e).direction)).toBe('rtl');
    await tab.screenshot({ path: join(SHOTS, 'rtl-search-1440.png'), fullPage: true });
  });

  it('fits a phone screen without sideways scrolling', async () => {
    await tab.setViewportSize({ width: 390, height: 844 });
    await openArticle('امیرعبداللهیان');
    expect(await direction('[data-testid=reader] p')).toEqual(['rtl', 'rtl']);
    expect(await overflow()).toBeLessThanOrEqual(1);
    await tab.screenshot({ path: join(SHOTS, 'rtl-persian-390.png'), fullPage: true });
    await tab.goto(`${base}/?q=${encodeURIComponent('دمشق')}`);
    await tab.getByTestId('hit').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(1);
    await tab.screenshot({ path: join(SHOTS, 'rtl-search-390.png'), fullPage: true });
    await tab.setViewportSize({ width: 1440, height: 900 });
    expect(errors).toEqual([]);
  });
});
