import { Parser } from 'htmlparser2';
import { VOID_ELEMENTS } from '../budget.js';

// One streaming pass over the HTML (htmlparser2's tokenizer) builds a small tree of only what extraction
// can use, and pulls the page's metadata out on the way. Subtrees that can never be article text are not
// built at all: scripts, styles, forms controls, embedded frames, SVG, and hidden elements (`hidden`,
// `aria-hidden="true"`, inline `display:none` / `visibility:hidden`), which are also where hover cards
// that repeat a name inside a sentence live ("Rep. Ilhan OmarIlhan Omar…").

export interface El {
  tag: string;
  /** class and id, lower-cased, space separated: what the class-name rules read. */
  names: string;
  attrs: Record<string, string>;
  parent: El | null;
  children: Array<El | string>;
  // Filled by content.ts: text length (whitespace collapsed), text inside links, commas, score.
  len: number;
  link: number;
  commas: number;
  score: number;
  scored: boolean;
  removed: boolean;
  /** Descendant counts for conditional cleaning: p, img, li, input, heading text, list text. */
  nP: number;
  nImg: number;
  nLi: number;
  nInput: number;
  headingLen: number;
  listLen: number;
}

export function newEl(tag: string, names: string, attrs: Record<string, string>, parent: El | null): El {
  return {
    tag,
    names,
    attrs,
    parent,
    children: [],
    len: 0,
    link: 0,
    commas: 0,
    score: 0,
    scored: false,
    removed: false,
    nP: 0,
    nImg: 0,
    nLi: 0,
    nInput: 0,
    headingLen: 0,
    listLen: 0,
  };
}

/** What the head and the body carry besides text: read by metadata.ts. */
export interface PageData {
  root: El;
  lang: string | null;
  title: string | null;
  /** Every <meta>: its attributes. */
  metas: Array<Record<string, string>>;
  /** <link rel=…> elements: rel (lower-cased) and href. */
  links: Array<{ rel: string; href: string }>;
  /** The text of every <script type="application/ld+json">. */
  jsonLd: string[];
  /** The first <h1>, and every <time> or itemprop-dated element, in document order (for metadata.ts). */
  h1: El | null;
  dated: El[];
}

/** Never text: not built. */
const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'math',
  'canvas',
  'button',
  'select',
  'textarea',
  'object',
  'embed',
  'video',
  'audio',
  'map',
  'title',
  'dialog',
]);
/** Attributes kept on built elements (the rest are never read). */
const KEEP_ATTRS = ['href', 'datetime', 'itemprop', 'role', 'rel', 'content', 'pubdate', 'property', 'alt'];

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

export function isHiddenElement(attrs: Record<string, string>): boolean {
  if ('hidden' in attrs) return true;
  if (attrs['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  const style = attrs.style;
  return style !== undefined && HIDDEN_STYLE.test(style);
}

/** HTML → a pruned tree and the page's metadata, in one pass. */
export function buildTree(html: string): PageData {
  const root = newEl('#root', '', {}, null);
  const data: PageData = {
    root,
    lang: null,
    title: null,
    metas: [],
    links: [],
    jsonLd: [],
    h1: null,
    dated: [],
  };
  let current = root;
  // While > 0 we are inside a dropped subtree: only the depth is tracked.
  let dropDepth = 0;
  let inTitle = false;
  let titleText = '';
  let ldText: string | null = null;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'meta') {
          data.metas.push(attrs);
          return;
        }
        if (name === 'link') {
          if (attrs.rel && attrs.href) data.links.push({ rel: attrs.rel.toLowerCase(), href: attrs.href });
          return;
        }
        if (name === 'html' && attrs.lang && data.lang === null) data.lang = attrs.lang;
        if (name === 'title' && data.title === null && dropDepth === 0) {
          inTitle = true;
          titleText = '';
        }
        if (name === 'script' && attrs.type?.toLowerCase().trim() === 'application/ld+json') ldText = '';
        if (dropDepth > 0) {
          if (!VOID_ELEMENTS.has(name)) dropDepth++;
          return;
        }
        if (VOID_ELEMENTS.has(name)) {
          if (name === 'br' || name === 'hr' || name === 'img')
            current.children.push(
              newEl(name, '', name === 'img' && attrs.alt ? { alt: attrs.alt } : {}, current),
            );
          return;
        }
        if (DROP.has(name) || isHiddenElement(attrs)) {
          dropDepth = 1;
          return;
        }
        const kept: Record<string, string> = {};
        for (const k of KEEP_ATTRS) if (attrs[k] !== undefined) kept[k] = attrs[k];
        const names = `${attrs.class ?? ''} ${attrs.id ?? ''}`.toLowerCase().trim();
        const el = newEl(name, names, kept, current);
        if (name === 'h1' && data.h1 === null) data.h1 = el;
        if (name === 'time' || (kept.itemprop && /^date(?:Published|Modified)$/.test(kept.itemprop)))
          data.dated.push(el);
        current.children.push(el);
        current = el;
      },
      ontext(text) {
        if (inTitle) titleText += text;
        if (ldText !== null) ldText += text;
        if (dropDepth > 0) return;
        const last = current.children[current.children.length - 1];
        if (typeof last === 'string') current.children[current.children.length - 1] = last + text;
        else current.children.push(text);
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          data.title = titleText;
        }
        if (name === 'script' && ldText !== null) {
          data.jsonLd.push(ldText);
          ldText = null;
        }
        if (VOID_ELEMENTS.has(name)) return;
        if (dropDepth > 0) {
          dropDepth--;
          return;
        }
        // htmlparser2 closes implied and unclosed elements with their own close events, innermost first.
        if (current.tag === name && current.parent) current = current.parent;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return data;
}

/** Text of an element, whitespace not yet collapsed. */
export function rawText(el: El): string {
  let out = '';
  const walk = (e: El) => {
    for (const c of e.children) {
      if (typeof c === 'string') out += c;
      else walk(c);
    }
  };
  walk(el);
  return out;
}

export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
