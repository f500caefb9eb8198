import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/collect/charset.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

// Issue 20, part 8: Arabic feeds and pages in the charsets outlets send - windows-1256 declared in the XML
// declaration or a <meta>, windows-1256 under a header that says UTF-8, UTF-8 under a header that says a
// single-byte charset, UTF-8 with no charset at all - go fetch → decode → extract → store → search through
// the built CLI against a local server. The texts are written for this test.

const env = {
  WATCHFLOOR_ALLOW_LOOPBACK: '1',
  WATCHFLOOR_PER_HOST_DELAY_MS: '0',
  WATCHFLOOR_RESPECT_ROBOTS: '0',
  WATCHFLOOR_RETRIES: '0',
};

/** Arabic paragraphs long enough for the extractor, each article carrying one word no other text has. */
const body = (word: string): string =>
  [
    `أعلنت وزارة الزراعة في بيان اليوم أن موسم ${word} هذا العام جاء أفضل من المتوقع بعد هطول أمطار غزيرة خلال الشتاء.`,
    'وقال المتحدث باسم الوزارة إن المزارعين في المحافظات الشمالية سيحصلون على دعم إضافي لشراء البذور والأسمدة.',
    'وأضاف أن الحكومة تعمل على إصلاح قنوات الري القديمة وإنشاء سدود صغيرة لحفظ المياه في المناطق الجبلية.',
    'ويأمل المزارعون أن تساعد هذه الخطوات على خفض أسعار الخضار والفواكه في الأسواق المحلية خلال الأشهر المقبلة.',
  ]
    .map((p) => `<p>${p}</p>`)
    .join('\n');

const article = (title: string, word: string, meta: string): string =>
  `<!doctype html><html lang="ar"><head>${meta}<title>${title}</title>
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
<body><article><h1>${title}</h1>${body(word)}</article></body></html>`;

const rss = (decl: string, items: Array<{ title: string; path: string }>, base: string): string =>
  `<?xml version="1.0"${decl}?><rss version="2.0"><channel><title>أخبار الزراعة</title><link>${base}/</link>
<description>نشرة محلية</description>
${items.map((i) => `<item><title>${i.title}</title><link>${base}${i.path}</link><pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate></item>`).join('\n')}
</channel></rss>`;

/** Path → [content type, body bytes]; built once the server's address is known. */
const routes = new Map<string, [string, Buffer]>();
let server: Server;
let base = '';

const cp1256 = (s: string): Buffer => iconv.encode(s, 'windows-1256');
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

interface Page {
  path: string;
  /** the word only this article holds (its title is "موسم <word>") */
  word: string;
  contentType: string;
  encode: (s: string) => Buffer;
  meta: string;
}

/** Serves a feed (its bytes encoded by `encode`) and its articles, each with its own header and bytes. */
const addFeed = (
  path: string,
  contentType: string,
  encode: (s: string) => Buffer,
  decl: string,
  pages: Page[],
): void => {
  const title = (p: Page): string => `موسم ${p.word}`;
  routes.set(path, [
    contentType,
    encode(
      rss(
        decl,
        pages.map((p) => ({ title: title(p), path: p.path })),
        base,
      ),
    ),
  ]);
  for (const p of pages) routes.set(p.path, [p.contentType, p.encode(article(title(p), p.word, p.meta))]);
};

beforeAll(async () => {
  assertBuilt();
  server = createServer((req, res) => {
    const route = routes.get((req.url ?? '/').split('?')[0]!);
    if (!route) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  // A windows-1256 feed, declared only in its XML declaration, and its two windows-1256 articles: one
  // declared in a <meta>, one served as UTF-8 with no <meta> (the charset is detected).
  addFeed('/ar/rss.xml', 'application/rss+xml', cp1256, ' encoding="windows-1256"', [
    {
      path: '/ar/wheat',
      word: 'القمح',
      contentType: 'text/html',
      encode: cp1256,
      meta: '<meta charset="windows-1256">',
    },
    {
      path: '/ar/olives',
      word: 'الزيتون',
      contentType: 'text/html; charset=utf-8',
      encode: cp1256,
      meta: '',
    },
  ]);
  // A UTF-8 feed served as ISO-8859-1, and its UTF-8 articles: one under a windows-1256 header with a
  // <meta charset="utf-8">, one with no charset anywhere.
  addFeed('/fa/rss.xml', 'text/xml; charset=ISO-8859-1', utf8, '', [
    {
      path: '/fa/pomegranate',
      word: 'الرمان',
      contentType: 'text/html; charset=windows-1256',
      encode: utf8,
      meta: '<meta charset="utf-8">',
    },
    { path: '/fa/pistachio', word: 'الفستق', contentType: 'text/html', encode: utf8, meta: '' },
  ]);
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('Arabic feeds and pages in every charset, end to end', () => {
  it.each([
    ['a windows-1256 feed and its pages', '/ar/rss.xml', ['القمح', 'الزيتون']],
    ['a UTF-8 feed and pages under wrong or missing charset headers', '/fa/rss.xml', ['الرمان', 'الفستق']],
  ])(
    '%s',
    async (_, feed, words) => {
      const data = mkdtempSync(join(tmpdir(), 'wf-charset-'));
      const r = await runCli(['ingest', `${base}${feed}`, '--data', data, '--json'], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).articles.created).toBe(2);
      for (const word of words) {
        // The word is in the article's body only, so the page itself was decoded right.
        const s = await runCli(['search', word, '--data', data, '--json']);
        expect(s.code, s.stderr).toBe(0);
        const hits = (JSON.parse(s.stdout) as { hits: Array<{ title: string | null }> }).hits;
        expect(hits.map((h) => h.title)).toEqual([`موسم ${word}`]);
      }
      // Nothing decoded as mojibake: no Latin-1 letters or replacement characters in what was stored.
      const all = await runCli(['search', 'الزراعة', '--data', data, '--json']);
      expect(all.stdout).not.toMatch(/[\u00c0-\u00ff\ufffd]/);
    },
    // Four CLI runs, each loading the analyzer's resources: generous on a shared, busy machine.
    240_000,
  );
});

describe('decodeBody', () => {
  const text = 'قال المتحدث إن الوزارة ستواصل دعم المزارعين';
  it('keeps a valid UTF-8 body with Arabic letters as UTF-8 under a single-byte charset header', () => {
    expect(decodeBody(utf8(`<p>${text}</p>`), 'text/html; charset=windows-1256').text).toBe(`<p>${text}</p>`);
    expect(decodeBody(utf8(`<p>${text}</p>`), 'text/html; charset=iso-8859-1').charset).toBe('utf-8');
  });
  it('still reads a single-byte body as its header says', () => {
    expect(decodeBody(cp1256(`<p>${text}</p>`), 'text/html; charset=windows-1256').text).toBe(
      `<p>${text}</p>`,
    );
    // Latin-1 bytes that happen to form no UTF-8 sequence are Latin-1.
    expect(
      decodeBody(Buffer.from('<p>café résumé</p>', 'latin1'), 'text/html; charset=iso-8859-1').text,
    ).toBe('<p>café résumé</p>');
  });
});
