import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/collect/article.js';
import { MAX_HTML_DEPTH, markupShape } from '../../src/collect/budget.js';
import { decodeBody, looksBinary } from '../../src/collect/charset.js';
import { CollectError } from '../../src/collect/errors.js';
import { createExtractPool } from '../../src/collect/extract-pool.js';
import { parseFeed } from '../../src/collect/feeds.js';
import { parseSitemap } from '../../src/collect/sitemaps.js';

// Property-based tests of the collect parsers against hostile input (issue 15): random Unicode and bytes,
// deep nesting, huge tokens, JavaScript prototype words as tag and attribute names. Each call gives a
// result or a CollectError (anything else is a crash) within a bounded time. Seeded, so a failure
// reproduces; fast-check prints the seed and the shrunk case.

const SEED = 15;
/** Per call, in-process; generous for a loaded two-core CI runner (typical cases take milliseconds). */
const BOUND_MS = 5000;
const PROTO = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isPrototypeOf',
];

/** Runs `fn`, failing on anything but a result or a CollectError, or past the time bound. */
function bounded(fn: () => unknown): void {
  const t = performance.now();
  try {
    fn();
  } catch (err) {
    if (!(err instanceof CollectError)) throw err;
  }
  expect(performance.now() - t).toBeLessThan(BOUND_MS);
}

const hugeToken = fc
  .tuple(
    fc.constantFrom('a', 'é', '٣', '<', '&', '\u0000', '"', ' '),
    fc.integer({ min: 10_000, max: 100_000 }),
  )
  .map(([c, n]) => c.repeat(n));
const text = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
  { weight: 1, arbitrary: hugeToken },
);
const attrValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...PROTO, '2020-07-08', 'en'));

/** Markup from a tag vocabulary, recursively; tags are left open at random, as sloppy pages do. */
function markup(names: string[], attrs: string[]) {
  const attr = fc
    .tuple(fc.constantFrom(...attrs), attrValue)
    .map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`);
  return fc.letrec<{ node: string; element: string }>((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, text, tie('element')),
    element: fc
      .tuple(
        fc.constantFrom(...names),
        fc.array(attr, { maxLength: 3 }),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.boolean(),
      )
      .map(([n, a, kids, close]) => `<${n}${a.join('')}>${kids.join('')}${close ? `</${n}>` : ''}`),
  })).node;
}

/** `depth` levels of one tag around some text. */
const nesting = (names: string[], depths: fc.Arbitrary<number>) =>
  fc
    .tuple(fc.constantFrom(...names), depths, text)
    .map(([n, d, t]) => `${`<${n}>`.repeat(d)}${t}${`</${n}>`.repeat(d)}`);

const HTML_TAGS = [
  'html',
  'head',
  'body',
  'title',
  'meta',
  'link',
  'script',
  'style',
  'div',
  'p',
  'span',
  'article',
  'section',
  'h1',
  'time',
  'a',
  'br',
  'img',
  'svg',
  'path',
  'table',
  'tr',
  'td',
  'ul',
  'li',
  'template',
  ...PROTO,
];
const HTML_ATTRS = [
  'class',
  'id',
  'href',
  'lang',
  'content',
  'property',
  'name',
  'itemprop',
  'datetime',
  'rel',
  'type',
  ...PROTO,
];

describe('HTML extraction', () => {
  it('nesting past the cap is refused before parsing, whatever the tag', () => {
    fc.assert(
      fc.property(nesting(HTML_TAGS, fc.integer({ min: MAX_HTML_DEPTH + 3, max: 20_000 })), (html) => {
        fc.pre(markupShape(html).depth > MAX_HTML_DEPTH);
        const t = performance.now();
        expect(() => extractArticle(html, 'https://x.example/a')).toThrow(/levels deep/);
        expect(performance.now() - t).toBeLessThan(BOUND_MS);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  // The production path: within the caps a page can still keep Readability busy (300,000 "<" took 6 s),
  // so the bound is the pool's deadline.
  describe('through the extraction pool', () => {
    const DEADLINE_MS = 1500;
    const pool = createExtractPool({ size: 2, timeoutMs: DEADLINE_MS });
    afterAll(() => pool.close());
    const viaPool = async (html: string) => {
      const t = performance.now();
      try {
        await pool.extract(html, 'https://x.example/a');
      } catch (err) {
        if (!(err instanceof CollectError)) throw err;
      }
      // The deadline plus thread start-up on a busy machine.
      expect(performance.now() - t).toBeLessThan(DEADLINE_MS + BOUND_MS);
    };

    it('random pages, prototype words as tags and attributes, huge tokens: an article or a CollectError', async () => {
      await fc.assert(fc.asyncProperty(markup(HTML_TAGS, HTML_ATTRS), viaPool), { seed: SEED, numRuns: 100 });
    }, 120_000);

    it('any depth, any tag: an article, or content.too_complex before parsing or at the deadline', async () => {
      await fc.assert(
        fc.asyncProperty(
          nesting(['div', 'section', 'span', ...PROTO], fc.integer({ min: 1, max: 2000 })),
          viaPool,
        ),
        { seed: SEED, numRuns: 30 },
      );
    }, 120_000);
  });
});

const FEED_TAGS = [
  'channel',
  'item',
  'entry',
  'title',
  'link',
  'description',
  'pubDate',
  'guid',
  'content:encoded',
  'dc:creator',
  'summary',
  'updated',
  'author',
  'name',
  ...PROTO,
];

describe('feeds', () => {
  const rss = (body: string) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${body}</channel></rss>`;
  const atom = (body: string) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${body}</feed>`;

  it('RSS and Atom with random items, nesting, prototype words and huge tokens: a feed or a CollectError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(rss, atom),
        fc.oneof(
          markup(FEED_TAGS, ['href', 'rel', 'type', 'xml:lang', ...PROTO]),
          nesting(FEED_TAGS, fc.integer({ min: 1, max: 20_000 })),
        ),
        (wrap, body) => bounded(() => parseFeed(wrap(body), 'https://x.example/feed')),
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('JSON feeds with random values and deep arrays, and random text: a feed or a CollectError', () => {
    const jsonFeed = fc
      .tuple(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 50_000 }))
      .map(([items, depth]) =>
        JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', items }).replace(
          '"items":',
          `"items":${'['.repeat(depth)}[]${']'.repeat(depth)},"x":`,
        ),
      );
    fc.assert(
      fc.property(fc.oneof(jsonFeed, text), (body) =>
        bounded(() => parseFeed(body, 'https://x.example/feed')),
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('sitemaps', () => {
  const SITEMAP_TAGS = ['url', 'loc', 'lastmod', 'news:news', 'news:title', 'sitemap', ...PROTO];
  const urlset = (body: string) =>
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</urlset>`;

  it('random urlsets, gzipped or not, and random bytes: a sitemap or a CollectError', () => {
    const xml = fc
      .oneof(
        markup(SITEMAP_TAGS, PROTO),
        nesting(SITEMAP_TAGS, fc.integer({ min: 1, max: 20_000 })),
        fc.webUrl().map((u) => `<url><loc>${u}</loc></url>`),
      )
      .map(urlset);
    const body = fc.oneof(
      xml,
      xml.map((x) => gzipSync(x)),
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.concat([Buffer.from([0x1f, 0x8b]), b])),
    );
    fc.assert(
      fc.property(body, (b) => bounded(() => parseSitemap(b, 'https://x.example/sitemap.xml'))),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('charset decoding', () => {
  it('random bytes under any declared charset: text, never an exception', () => {
    const label = fc.oneof(
      fc.constantFrom('utf-8', 'windows-1256', 'iso-8859-6', 'utf-16le', 'gbk', 'x-unknown', ...PROTO),
      fc.string({ maxLength: 30 }),
    );
    const contentType = fc.oneof(
      fc.constant(null),
      label.map((l) => `text/html; charset=${l}`),
    );
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 4000 }).map((b) => Buffer.from(b)),
      fc
        .tuple(label, fc.string({ unit: 'grapheme', maxLength: 500 }))
        .map(([l, s]) => Buffer.from(`<meta charset="${l}">${s}`)),
    );
    fc.assert(
      fc.property(
        bytes,
        contentType,
        fc.constantFrom('html', 'xml', 'text') as fc.Arbitrary<'html' | 'xml' | 'text'>,
        (b, ct, hint) => {
          const t = performance.now();
          looksBinary(b);
          const r = decodeBody(b, ct, hint);
          expect(typeof r.text).toBe('string');
          expect(typeof r.charset).toBe('string');
          expect(performance.now() - t).toBeLessThan(BOUND_MS);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('no prototype was polluted along the way', () => {
  it('Object.prototype is as it was', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
