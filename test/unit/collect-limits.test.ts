import { closeSync, mkdtempSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/collect/article.js';
import { MAX_HTML_DEPTH, markupShape } from '../../src/collect/budget.js';
import { CollectError } from '../../src/collect/errors.js';
import { createExtractPool } from '../../src/collect/extract-pool.js';
import { parseFeed } from '../../src/collect/feeds.js';
import { readLocalFile } from '../../src/collect/files.js';
import { parseSitemap } from '../../src/collect/sitemaps.js';
import { printable } from '../../src/cli/progress.js';
import { toArticleInput } from '../../src/jobs/article-input.js';

// Issue 15: hostile content costs one item a bounded time and a clear error, never the process.

const SENTENCE = 'Officials in the region described the talks in detail, citing witnesses and documents. ';
const PARA = `<p>${SENTENCE.repeat(5)}</p>`;
const nested = (depth: number) =>
  `<html><head><title>Deep</title></head><body>${'<div>'.repeat(depth)}${PARA}${'</div>'.repeat(depth)}</body></html>`;
const URL_A = 'https://news.example/2020/07/08/deep';

function thrown(fn: () => unknown): CollectError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CollectError) return err;
    throw err;
  }
  throw new Error('expected a CollectError');
}

async function rejected(p: Promise<unknown>): Promise<CollectError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CollectError) return err;
    throw err;
  }
  throw new Error('expected a CollectError');
}

describe('markupShape: the pre-parse scan', () => {
  it.each([
    ['<div><div><span>x</span></div></div>', 3, 3],
    // Parsers close <p>, <li> and <td> themselves; void elements never nest.
    ['<ul><li>a<li>b<li>c</ul><p>x<p>y<br><img src=x>', 1, 8],
    // Tags inside scripts, styles, comments and CDATA are text.
    ['<script>document.write("<div><div><div>")</script><!-- <div><div> --><style>div{}</style>', 1, 2],
    // In SVG "<path/>" closes itself; in HTML "<div/>" is an open <div>, as linkedom builds it.
    ['<svg><g><path/><path/></g></svg>', 2, 4],
    ['<div/><div/><div/>', 3, 3],
    ['<DIV><Div></DIV></div>', 2, 2],
    ['<div attr="a > b">text', 1, 1],
  ])('%s → depth %i, %i elements', (html, depth, elements) => {
    expect(markupShape(html)).toEqual({ depth, elements });
  });

  it('scans 100,000 nested levels (1.1 MB) in linear time', () => {
    const t = performance.now();
    expect(markupShape(nested(100_000)).depth).toBe(100_002);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe('extractArticle refuses pathological markup before building a DOM', () => {
  it('1,000 nested divs: refused under 1 s (a minute of Readability before)', () => {
    const t = performance.now();
    const err = thrown(() => extractArticle(nested(1000), URL_A));
    expect(performance.now() - t).toBeLessThan(1000);
    expect(err.code).toBe('content.too_complex');
    expect(err.kind).toBe('permanent');
    expect(err.message).toMatch(/1002 levels deep/);
  });

  it('100,000 nested divs: content.too_complex quickly', () => {
    const t = performance.now();
    expect(thrown(() => extractArticle(nested(100_000), URL_A)).code).toBe('content.too_complex');
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('too many elements: content.too_complex', () => {
    const html = `<html><body>${PARA}${'<span>x</span>'.repeat(70_000)}</body></html>`;
    expect(thrown(() => extractArticle(html, URL_A)).message).toMatch(/70\d{3} elements/);
  });

  it('an ordinary page nested within the cap is still extracted', () => {
    expect(extractArticle(nested(40), URL_A).text).toContain('Officials in the region');
    expect(markupShape(nested(MAX_HTML_DEPTH - 2)).depth).toBe(MAX_HTML_DEPTH);
  });
});

describe('feeds and sitemaps are measured as XML before parsing', () => {
  const deep = (n: number) => `${'<b>'.repeat(n)}x${'</b>'.repeat(n)}`;

  it('5,000 nested elements in a feed item: content.too_complex, not a stack overflow (RangeError before)', () => {
    const feed = `<rss version="2.0"><channel><title>t</title><item><title>${deep(5000)}</title><link>https://x.example/a</link></item></channel></rss>`;
    expect(thrown(() => parseFeed(feed, 'https://x.example/feed')).code).toBe('content.too_complex');
  });

  it('a deep sitemap is refused the same way; a flat one of 50,000 URLs is not', () => {
    const urlset = (body: string) =>
      `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</urlset>`;
    expect(
      thrown(() => parseSitemap(urlset(`<url><loc>${deep(5000)}</loc></url>`), 'https://x.example/s')).code,
    ).toBe('content.too_complex');
    const many = Array.from(
      { length: 50_000 },
      (_, i) => `<url><loc>https://x.example/${i}</loc></url>`,
    ).join('');
    expect(parseSitemap(urlset(many), 'https://x.example/s')).toMatchObject({ kind: 'urlset', dropped: 0 });
  });
});

describe('the extraction pool', () => {
  const pool = createExtractPool({ size: 1, timeoutMs: 400 });
  afterAll(() => pool.close());

  it('extracts on a worker thread, passes CollectErrors back, and recycles a thread past its deadline', async () => {
    expect((await pool.extract(nested(3), URL_A)).text).toContain('Officials');
    expect((await rejected(pool.extract('<html><body></body></html>', URL_A))).code).toBe(
      'article.no_content',
    );
    // Within the caps (5 MB, 58,800 elements) but seconds of extraction: the same paragraph 56,000 times
    // is dropped as a repeat, so every looser retry runs. The deadline ends it, and the next page gets a
    // new thread.
    const slow = `<html><body><article>${`<div class="x">${'<p>Officials in the region said on Tuesday, after talks, that the agreement would hold.</p>'.repeat(20)}</div>`.repeat(2800)}</article></body></html>`;
    const t = performance.now();
    const err = await rejected(pool.extract(slow, URL_A));
    expect(err.code).toBe('content.too_complex');
    expect(err.message).toMatch(/longer than 400 ms/);
    expect(performance.now() - t).toBeLessThan(8000);
    expect((await pool.extract(nested(3), URL_A)).text).toContain('Officials');
  });
});

describe('local files are measured before they are read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-limits-'));

  it('a 50 MB HTML file: content.too_large at once, without reading it', async () => {
    const path = join(dir, 'huge.html');
    // Sparse: 50 MB by stat, nothing on disk; reading it would take the old 252 s and 2 GB.
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const t = performance.now();
    const [r] = await readLocalFile(path);
    expect(performance.now() - t).toBeLessThan(500);
    expect(r?.ok).toBe(false);
    if (r?.ok === false) {
      expect(r.error.code).toBe('content.too_large');
      expect(r.error.message).toMatch(/50\.0 MB, over the cap of 10\.0 MB/);
    }
  });

  it('the caps are options: a record file against the file cap, each line against the item cap', async () => {
    const path = join(dir, 'records.jsonl');
    const line = (text: string) => JSON.stringify({ url: 'https://x.example/a', title: 'T', text });
    writeFileSync(path, `${line(SENTENCE.repeat(2))}\n${line(SENTENCE.repeat(40))}\n`);
    const whole = await readLocalFile(path, { limits: { maxFileBytes: 1024 } });
    expect(whole.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['content.too_large']);
    const lines = await readLocalFile(path, { limits: { maxItemBytes: 1024 } });
    expect(lines.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'content.too_large']);
  });

  it('a NUL byte in one JSON line fails that line only', async () => {
    const path = join(dir, 'nul.jsonl');
    const rec = (title: string) => JSON.stringify({ title, text: SENTENCE.repeat(2) });
    writeFileSync(
      path,
      [rec('first'), `${rec('second').slice(0, 20)}\0${rec('x').slice(20)}`, rec('third')].join('\n'),
    );
    const records = await readLocalFile(path);
    expect(records.map((r) => (r.ok ? r.article.title : r.error.code))).toEqual([
      'first',
      'content.binary',
      'third',
    ]);
    expect(records[1]!.key).toMatch(/#L2$/);
  });

  it('a gzip file named .jsonl is still refused as binary', async () => {
    const path = join(dir, 'packed.jsonl');
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
    const [r] = await readLocalFile(path);
    expect(r?.ok === false && r.error.code).toBe('content.binary');
  });
});

describe('control characters from input', () => {
  it('are dropped from what is stored: title, byline, site, text', () => {
    const input = toArticleInput(
      {
        url: 'https://x.example/a',
        canonicalUrl: null,
        title: 'Ceasefire\u001b]0;pwned\u0007 talks\u001b[2J',
        byline: 'A\u0000B',
        siteName: 'Site\u009b',
        language: 'en',
        publishedAt: null,
        publishedAtSource: null,
        text: `First paragraph\u001b[31m red.\n\nSecond\ttabbed.`,
        excerpt: null,
      },
      'file',
    );
    expect(input.title).toBe('Ceasefire]0;pwned talks[2J');
    expect(input.byline).toBe('AB');
    expect(input.site).toBe('Site');
    expect(input.text).toBe('First paragraph[31m red.\n\nSecond\ttabbed.');
  });

  it('are shown as escapes, never obeyed, when the CLI prints them', () => {
    expect(printable('evil\u001b[2J\r\nname\u202e')).toBe('evil\\u001b[2J\\u000d\\u000aname\\u202e');
    expect(printable('plain عربي text')).toBe('plain عربي text');
  });
});
