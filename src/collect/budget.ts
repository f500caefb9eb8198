import { CollectError } from './errors.js';

// The budget one untrusted item may spend. Readability's cost grows much faster than the nesting depth
// (1,000 nested <div>s took about a minute), so pathological markup is measured with a cheap linear scan
// and refused before any DOM is built; the time budget of the extraction pool covers whatever the scan
// cannot foresee.

export interface CollectLimits {
  /** Largest local file read at all (record files: JSON lines, JSON arrays); checked before reading. */
  maxFileBytes: number;
  /** Largest single document (a page, a text file, one JSON record), like fetch.maxBytes for a URL. */
  maxItemBytes: number;
  /** Wall-clock budget for extracting one item off the main thread. */
  extractTimeoutMs: number;
}

export const DEFAULT_COLLECT_LIMITS: Readonly<CollectLimits> = Object.freeze({
  maxFileBytes: 256 * 1024 * 1024,
  maxItemBytes: 10 * 1024 * 1024,
  extractTimeoutMs: 10_000,
});

/** News pages nest 15 to 60 levels deep; Readability takes seconds past a few hundred. */
export const MAX_HTML_DEPTH = 256;
/** Heavy news pages carry 5,000 to 20,000 elements. */
export const MAX_HTML_ELEMENTS = 60_000;

/** Never nest: no content and no end tag (the budget scan and the extractor's tree). */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  '!doctype',
]);

/** End tags the parser supplies itself (a new <p> closes the open one), so they do not deepen the tree. */
const IMPLIED_END = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'option',
  'optgroup',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'rt',
  'rp',
  'colgroup',
  'caption',
]);

/** Their content is text up to the matching end tag: a "<div>" inside a script is not an element. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

export interface MarkupShape {
  /** Deepest nesting of elements, as an HTML parser would build it (near enough). */
  depth: number;
  elements: number;
}

const TAG = /<(\/?)([a-zA-Z][^\s/>]*)|<!--|<!\[CDATA\[/g;

/**
 * One pass over the markup, no DOM: how deep and how many elements the page would have. In 'xml' mode
 * (feeds, sitemaps) no element is void, implied or raw text, and every "/>" closes its element.
 */
export function markupShape(html: string, mode: 'html' | 'xml' = 'html'): MarkupShape {
  const xml = mode === 'xml';
  let depth = 0;
  let maxDepth = 0;
  let elements = 0;
  // Inside <svg> and <math> a "<path/>" is self-closing; in HTML a "<div/>" is an open <div>.
  let foreign = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const start = m.index + m[0].length;
    if (m[0] === '<!--' || m[0] === '<![CDATA[') {
      const end = html.indexOf(m[0] === '<!--' ? '-->' : ']]>', start);
      if (end < 0) break;
      TAG.lastIndex = end + 3;
      continue;
    }
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    const gt = html.indexOf('>', start);
    if (gt < 0) break;
    TAG.lastIndex = gt + 1;
    if (!xml && (VOID_ELEMENTS.has(name) || IMPLIED_END.has(name))) {
      if (!closing) elements++;
      continue;
    }
    if (closing) {
      if (depth > 0) depth--;
      if ((name === 'svg' || name === 'math') && foreign > 0) foreign--;
      continue;
    }
    elements++;
    if ((xml || foreign > 0) && html.charCodeAt(gt - 1) === 0x2f /* "/>" */) continue;
    if (name === 'svg' || name === 'math') foreign++;
    depth++;
    if (depth > maxDepth) maxDepth = depth;
    if (!xml && RAW_TEXT.has(name)) {
      const endTag = new RegExp(`</${name}`, 'gi');
      endTag.lastIndex = gt + 1;
      const end = endTag.exec(html);
      if (!end) break;
      TAG.lastIndex = end.index;
    }
  }
  return { depth: maxDepth, elements };
}

/**
 * Throws content.too_complex for markup past the depth or element cap. Feeds and sitemaps are checked as
 * XML for depth only: their parsers recurse per level (100,000 levels overflowed the stack after 7 s), while
 * a sitemap of 50,000 URLs is legitimately 150,000 elements.
 */
export function checkMarkup(html: string, where: string, mode: 'html' | 'xml' = 'html'): void {
  const shape = markupShape(html, mode);
  if (shape.depth > MAX_HTML_DEPTH) {
    throw new CollectError(
      'content.too_complex',
      where,
      `the document nests elements ${shape.depth} levels deep (cap ${MAX_HTML_DEPTH})`,
    );
  }
  if (mode === 'html' && shape.elements > MAX_HTML_ELEMENTS) {
    throw new CollectError(
      'content.too_complex',
      where,
      `the document has ${shape.elements} elements (cap ${MAX_HTML_ELEMENTS})`,
    );
  }
}

/** Throws content.too_large for an item past `max` bytes. */
export function checkSize(bytes: number, max: number, where: string, what = 'the item'): void {
  if (bytes > max) {
    throw new CollectError(
      'content.too_large',
      where,
      `${what} is ${formatBytes(bytes)}, over the cap of ${formatBytes(max)}`,
    );
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${n} bytes`;
}
