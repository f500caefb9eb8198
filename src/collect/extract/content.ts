import { boilerplateElement, filterParagraphs } from './boilerplate.js';
import type { El } from './tree.js';

// The article body from the pruned tree: Readability's scoring (Mozilla's algorithm: paragraphs score
// their parent and ancestors by commas and length, class names weigh ±25, link density discounts, the
// best candidate gathers its qualifying siblings, then link-heavy and list-like blocks are cleaned out),
// run on a light tree built in one pass instead of a DOM, then boilerplate rules (boilerplate.ts).

const UNLIKELY =
  /-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscribe|modal/;
const MAYBE = /and|article|body|column|content|main|mathjax|shadow/;
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/;
const NEGATIVE =
  /-ad-|(?:^| )(?:hidden|is-hidden|d-none|hid)(?: |$)|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|teaser|newsletter/;
const UNLIKELY_ROLES = new Set([
  'menu',
  'menubar',
  'complementary',
  'navigation',
  'alert',
  'alertdialog',
  'dialog',
  'banner',
  'contentinfo',
  'search',
]);
const UNLIKELY_TAGS = new Set(['nav', 'aside', 'footer', 'form']);

/** Elements that end a paragraph in the text. */
export const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'address',
  'hr',
  'form',
  'fieldset',
  'legend',
  'details',
  'summary',
  'center',
  'body',
  'html',
  'hgroup',
  'option',
  'noscript',
]);

const TABLE_PARTS = new Set(['tr', 'tbody', 'thead', 'tfoot']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SCORE_TAGS = new Set(['p', 'pre', 'td', 'section', 'h2', 'h3', 'h4', 'h5', 'h6']);
const WRAPPERS = new Set(['div', 'article', 'main', 'span', 'font', 'center', 'blockquote']);

function countCommas(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 0x060c || c === 0xff0c || c === 0x3001) n++;
  }
  return n;
}

/** Text length, link text length and commas of every element, bottom-up; also the own (inline) text. */
function measure(el: El, inLink: boolean, own: Map<El, number>): void {
  let len = 0;
  let link = 0;
  let commas = 0;
  let ownLen = 0;
  const isLink = inLink || el.tag === 'a';
  for (const c of el.children) {
    if (typeof c === 'string') {
      const l = c.replace(/\s+/g, ' ').length;
      len += l;
      ownLen += c.trim() ? l : 0;
      if (isLink) link += l;
      commas += countCommas(c);
    } else {
      measure(c, isLink, own);
      len += c.len;
      link += c.link;
      commas += c.commas;
      if (!BLOCK_TAGS.has(c.tag)) ownLen += c.len;
      el.nP += c.nP + (c.tag === 'p' ? 1 : 0);
      el.nImg += c.nImg + (c.tag === 'img' ? 1 : 0);
      el.nLi += c.nLi + (c.tag === 'li' ? 1 : 0);
      el.nInput += c.nInput + (c.tag === 'input' ? 1 : 0);
      el.headingLen += HEADINGS.has(c.tag) ? c.len : c.headingLen;
      el.listLen += c.tag === 'ul' || c.tag === 'ol' ? c.len : c.listLen;
    }
  }
  el.len = len;
  el.link = link;
  el.commas = commas;
  if (ownLen >= 25 && WRAPPERS.has(el.tag)) own.set(el, ownLen);
}

export function linkDensity(el: El): number {
  return el.len > 0 ? el.link / el.len : 0;
}

export function classWeight(el: El): number {
  if (!el.names) return 0;
  let w = 0;
  if (NEGATIVE.test(el.names)) w -= 25;
  if (POSITIVE.test(el.names)) w += 25;
  return w;
}

export function isUnlikely(el: El): boolean {
  if (UNLIKELY_TAGS.has(el.tag)) return true;
  const role = el.attrs.role;
  if (role && UNLIKELY_ROLES.has(role.toLowerCase())) return true;
  if (!el.names || el.tag === 'body' || el.tag === 'a' || el.tag === 'article' || el.tag === 'main')
    return false;
  return UNLIKELY.test(el.names) && !MAYBE.test(el.names);
}

function initScore(el: El): void {
  el.scored = true;
  let s = 0;
  switch (el.tag) {
    case 'div':
      s = 5;
      break;
    case 'pre':
    case 'td':
    case 'blockquote':
      s = 3;
      break;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      s = -3;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      s = -5;
      break;
  }
  el.score = s + classWeight(el);
}

interface Pass {
  strict: boolean;
  weighClasses: boolean;
  clean: boolean;
}

/** Walks the tree, skipping unlikely subtrees in strict passes, collecting the nodes that score. */
function collectScorable(root: El, pass: Pass, own: Map<El, number>): Array<[El, number, number]> {
  const out: Array<[El, number, number]> = [];
  const walk = (el: El) => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (pass.strict && isUnlikely(c)) continue;
      if (SCORE_TAGS.has(c.tag)) {
        if (c.len >= 25) out.push([c, c.len, c.commas]);
        if (c.tag !== 'section') {
          walk(c);
          continue;
        }
      } else {
        const ownLen = own.get(c);
        if (ownLen !== undefined) out.push([c, ownLen, c.commas]);
      }
      walk(c);
    }
  };
  walk(root);
  return out;
}

function resetScores(el: El): void {
  el.score = 0;
  el.scored = false;
  el.removed = false;
  for (const c of el.children) if (typeof c !== 'string') resetScores(c);
}

function topCandidate(root: El, pass: Pass, own: Map<El, number>): El | null {
  const candidates: El[] = [];
  for (const [node, len, commas] of collectScorable(root, pass, own)) {
    const score = 1 + commas + Math.min(Math.floor(len / 100), 3);
    let anc = node.parent;
    for (let level = 0; anc && anc.tag !== '#root' && level < 5; level++, anc = anc.parent) {
      if (!anc.scored) {
        initScore(anc);
        if (!pass.weighClasses) anc.score -= classWeight(anc);
        candidates.push(anc);
      }
      anc.score += level === 0 ? score : level === 1 ? score / 2 : score / (level * 3);
    }
  }
  if (candidates.length === 0) return null;
  for (const c of candidates) c.score *= 1 - linkDensity(c);
  candidates.sort((a, b) => b.score - a.score);
  let top = candidates[0]!;
  if (top.tag === 'html' || top.tag === 'body') return top;

  // Several strong candidates under one ancestor: the ancestor is the article.
  const alternatives = candidates.slice(1, 5).filter((c) => c.score / top.score >= 0.75);
  if (alternatives.length >= 3) {
    for (let anc = top.parent; anc && anc.tag !== 'body' && anc.tag !== '#root'; anc = anc.parent) {
      let contained = 0;
      for (const alt of alternatives) if (contains(anc, alt)) contained++;
      if (contained >= 3) {
        top = anc;
        break;
      }
    }
  }
  if (!top.scored) initScore(top);
  // Climb while the parent scores higher.
  let last = top.score;
  const threshold = last / 3;
  for (let p = top.parent; p && p.tag !== 'body' && p.tag !== '#root'; p = p.parent) {
    if (!p.scored) continue;
    if (p.score < threshold) break;
    if (p.score > last) {
      top = p;
      break;
    }
    last = p.score;
  }
  // A table row or body is part of a table, not a container of its own: the table stands for it, so
  // the paragraphs beside the table are gathered with it.
  while (TABLE_PARTS.has(top.tag) && top.parent && top.parent.tag !== '#root') {
    top = top.parent;
    if (!top.scored) initScore(top);
  }
  // An only child stands for its parent.
  while (top.parent && top.parent.tag !== 'body' && top.parent.tag !== '#root') {
    const siblings = top.parent.children.filter((c) => typeof c !== 'string' || c.trim());
    if (siblings.length !== 1) break;
    top = top.parent;
    if (!top.scored) initScore(top);
  }
  return top;
}

function contains(anc: El, el: El): boolean {
  for (let p: El | null = el; p; p = p.parent) if (p === anc) return true;
  return false;
}

/** The top candidate and its siblings that look like more of the article. */
function gather(top: El): El[] {
  const parent = top.parent;
  if (!parent || top.tag === 'body' || top.tag === 'html') return [top];
  const threshold = Math.max(10, top.score * 0.2);
  const out: El[] = [];
  for (const s of parent.children) {
    if (typeof s === 'string') continue;
    if (s === top) {
      out.push(s);
      continue;
    }
    let bonus = 0;
    if (top.names && s.names === top.names) bonus += top.score * 0.2;
    if (s.scored && s.score + bonus >= threshold) {
      out.push(s);
      continue;
    }
    // A block of the same kind as the container (same tag and class: the CMS's next body part), with
    // text and few links, is more of the article even when its own paragraphs are too short to score.
    if (top.names && s.names === top.names && s.tag === top.tag && s.len >= 25 && linkDensity(s) < 0.25) {
      out.push(s);
      continue;
    }
    if (s.tag === 'p') {
      const ld = linkDensity(s);
      if (s.len > 80 && ld < 0.25) out.push(s);
      else if (s.len < 80 && s.len > 0 && ld === 0) {
        const t = flatText(s);
        if (/\.( |$)/.test(t)) out.push(s);
      }
    }
  }
  return out;
}

function flatText(el: El): string {
  let out = '';
  const walk = (e: El) => {
    for (const c of e.children) out += typeof c === 'string' ? c : (walk(c), '');
  };
  walk(el);
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * A class or id part that names the standfirst of an article ("story-lead", "chapo", "article-intro",
 * "field-perex", "texto-bajada"): sites often put it in the header, beside the body's container rather
 * than inside it, so the scoring misses it though it is the article's first paragraph.
 */
const LEAD_PART =
  /^(?:lead|leadin|lede|intro|introduction|teaser|chapo|chapeau|excerpt|summary|standfirst|perex|abstract|subtitle|description|bajada|entradilla|sapo|dek|subheadline|subhead|strapline)$/;
/** Parts that make a lead-like name something else: an author's blurb, a list of other stories, an image. */
const NOT_LEAD_PART =
  /^(?:author|bio|image|img|photo|picture|caption|video|media|meta|list|listing|item|items|card|cards|related|more|widget|sidebar|nav|menu|footer|seo|product|newsletter|comment|comments)$/;
/** How far above the article container a standfirst is looked for, and how much text it may have. */
const LEAD_LEVELS = 4;
const LEAD_MIN = 40;
const LEAD_MAX = 1500;

function leadName(names: string): boolean {
  if (!names) return false;
  let lead = false;
  for (const token of names.split(/\s+/)) {
    const parts = token.split(/[-_]+/).filter(Boolean);
    if (parts.some((x) => NOT_LEAD_PART.test(x))) return false;
    if (parts.some((x) => LEAD_PART.test(x))) lead = true;
  }
  return lead;
}

/** Never searched for a standfirst: navigation, asides, forms, boilerplate and unlikely blocks (a page header excepted). */
function leadBarrier(el: El): boolean {
  if (el.removed || UNLIKELY_TAGS.has(el.tag) || el.tag === 'a' || el.tag === 'li') return true;
  const role = el.attrs.role;
  if (role && UNLIKELY_ROLES.has(role.toLowerCase())) return true;
  if (boilerplateElement(el)) return true;
  return !!el.names && UNLIKELY.test(el.names.replace(/header/g, '')) && !MAYBE.test(el.names);
}

/**
 * The standfirst before the article's container: elements named as a lead (LEAD_PART) in the blocks that
 * precede the container under its nearest ancestors, nearest ancestor first, text-like (few links).
 */
function findLeads(first: El): El[] {
  const found: El[] = [];
  const scan = (el: El) => {
    for (const c of el.children) {
      if (typeof c === 'string' || leadBarrier(c)) continue;
      if (leadName(c.names) && c.len >= LEAD_MIN && c.len <= LEAD_MAX && linkDensity(c) < 0.25) found.push(c);
      else scan(c);
    }
  };
  let child = first;
  for (let level = 0; level < LEAD_LEVELS; level++) {
    const anc = child.parent;
    if (!anc || anc.tag === 'body' || anc.tag === 'html' || anc.tag === '#root') break;
    for (const c of anc.children) {
      if (c === child) break;
      if (typeof c === 'string' || leadBarrier(c)) continue;
      if (leadName(c.names) && c.len >= LEAD_MIN && c.len <= LEAD_MAX && linkDensity(c) < 0.25) found.push(c);
      else scan(c);
    }
    if (found.length > 0) break;
    child = anc;
  }
  let total = 0;
  return found.filter((el) => (total += el.len) <= LEAD_MAX);
}

const CLEAN_TAGS = new Set(['form', 'fieldset', 'table', 'ul', 'ol', 'div', 'section', 'dl', 'aside']);

function isDataTable(el: El): boolean {
  let rows = 0;
  let cells = 0;
  const walk = (e: El) => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (c.tag === 'tr') rows++;
      else if (c.tag === 'td' || c.tag === 'th') cells++;
      if (c.tag === 'table') return;
      walk(c);
    }
  };
  walk(el);
  return rows >= 3 && cells >= 6 && linkDensity(el) < 0.5;
}

/**
 * Plain text per image above which an image-rich block is text with pictures (recipe steps, a how-to)
 * rather than a gallery or a strip of teasers.
 */
const TEXT_PER_IMAGE = 50;
/** Plain text from which a block with few links is prose whatever its class name says. */
const PROSE_MIN = 400;

/**
 * Readability's conditional cleaning, bottom-up: blocks that look like lists of links, forms or ads.
 * Counts are of the whole subtree as parsed (a cleaned-out descendant still counts, unlike Readability).
 */
function cleanConditionally(el: El, pass: Pass, inFigure = false, inCode = false): void {
  const figure = inFigure || el.tag === 'figure';
  const code = inCode || el.tag === 'code' || el.tag === 'pre';
  for (const c of el.children) if (typeof c !== 'string') cleanConditionally(c, pass, figure, code);
  if (!CLEAN_TAGS.has(el.tag) || el.removed || inCode) return;
  if (el.tag === 'table' && isDataTable(el)) return;
  if (/twitter-tweet|instagram-media|tiktok-embed/.test(el.names)) return;
  const weight = pass.weighClasses ? classWeight(el) : 0;
  // A negative class name ("media", "teaser", "widget") does not outweigh a long run of plain prose.
  if (weight < 0 && !(el.len - el.link >= PROSE_MIN && linkDensity(el) < 0.1)) {
    el.removed = true;
    return;
  }
  if (el.commas >= 10) return;
  const isList = el.tag === 'ul' || el.tag === 'ol' || (el.len > 0 && el.listLen / el.len > 0.9);
  const ld = linkDensity(el);
  const headingDensity = el.len > 0 ? el.headingLen / el.len : 0;
  const remove =
    (el.nImg > 1 && el.nP / el.nImg < 0.5 && el.len - el.link < TEXT_PER_IMAGE * el.nImg && !inFigure) ||
    (!isList && el.nLi - 100 > el.nP) ||
    el.nInput > Math.floor(el.nP / 3) ||
    (!isList && headingDensity < 0.9 && el.len < 25 && (el.nImg === 0 || el.nImg > 2) && !inFigure) ||
    (!isList && weight < 25 && ld > 0.2) ||
    (weight >= 25 && ld > 0.5) ||
    (isList && ld > 0.5 && el.len < 600);
  if (remove) el.removed = true;
}

/** Content elements → paragraphs, block elements ending paragraphs, boilerplate elements skipped. */
function toParagraphs(els: El[], pass: Pass, dropLinkOnly: boolean): string[] {
  const paragraphs: string[] = [];
  let buf = '';
  let linkChars = 0;
  const flush = () => {
    const t = buf
      .replace(/[ \t\r\f\v\u00a0]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n+/g, '\n')
      .trim();
    // A short paragraph that is one link and nothing else is a teaser or a menu entry, not text.
    if (t && !(dropLinkOnly && t.length < LINK_ONLY_MAX && linkChars >= 0.9 * t.length)) paragraphs.push(t);
    buf = '';
    linkChars = 0;
  };
  const walk = (el: El, inLink: boolean) => {
    for (const c of el.children) {
      if (typeof c === 'string') {
        const t = c.replace(/\s+/g, ' ');
        buf += t;
        if (inLink) linkChars += t.length;
        continue;
      }
      if (c.removed) continue;
      if (c.tag === 'br') {
        buf += '\n';
        continue;
      }
      if (pass.strict && isUnlikely(c)) continue;
      // Navigation is never article text, even in the looser passes that keep other unlikely blocks.
      if (c.tag === 'nav' || c.attrs.role?.toLowerCase() === 'navigation') continue;
      if (boilerplateElement(c)) continue;
      const block = BLOCK_TAGS.has(c.tag);
      if (block) flush();
      walk(c, inLink || c.tag === 'a');
      if (block) flush();
    }
  };
  for (const el of els) {
    flush();
    walk(el, false);
    flush();
  }
  return paragraphs;
}

/** Longest paragraph dropped for being a single link. */
const LINK_ONLY_MAX = 300;

const PASSES: Pass[] = [
  { strict: true, weighClasses: true, clean: true },
  { strict: false, weighClasses: true, clean: true },
  { strict: false, weighClasses: false, clean: true },
  { strict: false, weighClasses: false, clean: false },
];

/** Enough text to stop retrying with looser rules (Readability's charThreshold). */
const ENOUGH = 500;

/** The article's paragraphs, best of Readability's progressively looser passes. */
export function articleParagraphs(root: El, metadata?: string[]): string[] {
  const own = new Map<El, number>();
  measure(root, false, own);
  let best: string[] = [];
  let bestLen = 0;
  for (const [i, pass] of PASSES.entries()) {
    if (i > 0) resetScores(root);
    const top = topCandidate(root, pass, own);
    if (!top) continue;
    const gathered = gather(top);
    if (pass.clean) for (const el of gathered) cleanConditionally(el, pass);
    // The standfirst is looked for after cleaning: its own class ("teaser", "summary") would clean it out.
    const els = [...findLeads(gathered[0]!), ...gathered];
    const lines: string[] = [];
    const paragraphs = filterParagraphs(toParagraphs(els, pass, pass.clean), lines);
    const len = paragraphs.reduce((n, p) => n + p.length, 0);
    if (len > bestLen) {
      best = paragraphs;
      bestLen = len;
      if (metadata) metadata.splice(0, metadata.length, ...lines);
    }
    if (len >= ENOUGH) break;
  }
  return best;
}
