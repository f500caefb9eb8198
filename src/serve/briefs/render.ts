import MarkdownIt from 'markdown-it';
import { escapeHtml } from '../../store/search-query.js';
import type { Brief } from '../../store/team/briefs.js';
import type { Store } from '../../store/types.js';
import { PRINT_CSP } from './pdf.js';

// Briefs are Markdown with citations of the evidence: [@article:12#s4] (sentence 4 of article 12) or
// [@event:12-3] (an event, which carries its sentence). Each renders as a numbered footnote quoting the cited
// sentence and linking to it. Raw HTML in a brief is shown as text (markdown-it with html off), and link
// targets are limited to http(s), mailto and relative ones. Printed briefs show images as their alt text and
// address instead: the printer fetches nothing (see pdf.ts), so a brief cannot make the server request an
// address of the author's choosing, which the collector's SSRF policy would have refused.

export const CITATION = /\[@(?:article:(\d+)#s(\d+)|event:(\d+-\d+))\]/g;

export interface ResolvedCitation {
  ref: string;
  number: number;
  articleId: number;
  sentence: number;
  title: string | null;
  url: string;
  site: string | null;
  publishedAt: string | null;
  /** The cited sentence, or null when the article or sentence no longer exists. */
  text: string | null;
  event: string | null;
  /** Why the citation points at nothing (no such event, article or sentence); null when it resolves. */
  missing: string | null;
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string) => /^(https?:|mailto:|\/|#)/i.test(url.trim()) && defaultValidate(url);
interface RenderEnv {
  print?: boolean;
}
const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env: RenderEnv, self) => {
  if (!env.print) return defaultImage(tokens, idx, options, env, self);
  const image = tokens[idx]!;
  const src = image.attrGet('src') ?? '';
  const alt = self.renderInlineAsText(image.children ?? [], options, env);
  return `<span class="image">[image${alt ? `: ${escapeHtml(alt)}` : ''}] <a href="${escapeHtml(src)}">${escapeHtml(src)}</a></span>`;
};

/** The citations of a body in order of first appearance, each resolved against the store. */
export async function resolveCitations(body: string, store: Store): Promise<ResolvedCitation[]> {
  const out: ResolvedCitation[] = [];
  const seen = new Set<string>();
  for (const m of body.matchAll(CITATION)) {
    const ref = m[0];
    if (seen.has(ref)) continue;
    seen.add(ref);
    let articleId: number;
    let sentence: number;
    let event: string | null = null;
    if (m[3]) {
      const e = await store.getEvent(m[3]);
      articleId = e?.articleId ?? Number(m[3].split('-')[0]);
      sentence = e?.sentence ?? -1;
      event = e
        ? `${e.type}${e.mode ? `/${e.mode}` : ''}: ${e.sources.map((s) => s.name).join(', ') || '?'} → ${e.targets.map((t) => t.name).join(', ') || '?'}${e.date ? `, ${e.date}` : ''}`
        : null;
    } else {
      articleId = Number(m[1]);
      sentence = Number(m[2]);
    }
    const article = await store.getArticle(articleId);
    const analysis = article ? await store.getAnalysis(articleId) : null;
    const s = analysis?.sentences[sentence];
    const missing =
      m[3] && !event
        ? `no stored analysis has event "${m[3]}"`
        : !article
          ? `there is no article ${articleId}`
          : !s
            ? `article ${articleId} has no sentence ${sentence}`
            : null;
    out.push({
      ref,
      number: out.length + 1,
      articleId,
      sentence,
      title: article?.title ?? null,
      url: article?.url ?? '',
      site: article?.site ?? null,
      publishedAt: article?.publishedAt ?? null,
      text: s ? s.text : null,
      event,
      missing,
    });
  }
  return out;
}

/**
 * A cited sentence in quotation marks, unless it opens with its own: `"We will respond," he said.` is
 * shown as it stands, not as `“"We will respond," he said.”`.
 */
export function quoted(text: string): string {
  return /^\s*["“”„«‘'‹]/.test(text) ? text.trim() : `“${text}”`;
}

/**
 * HTML of the brief's body with numbered citation marks, and its footnotes. `base` prefixes evidence links;
 * `print` shows images as text. `links: 'source'` (the public page) links each footnote to the article's own
 * address: the desk's /articles pages need an account a reader of a published brief does not have.
 */
export function renderBriefHtml(
  brief: Pick<Brief, 'body'>,
  citations: readonly ResolvedCitation[],
  base = '',
  print = false,
  links: 'desk' | 'source' = 'desk',
): string {
  const byRef = new Map(citations.map((c) => [c.ref, c]));
  // Placeholders pass through Markdown untouched (no markup characters), then become the footnote marks.
  const body = brief.body.replace(CITATION, (ref) => `\u27E6cite${byRef.get(ref)?.number ?? 0}\u27E7`);
  const env: RenderEnv = { print };
  const html = md
    .render(body, env)
    .replace(
      /\u27E6cite(\d+)\u27E7/g,
      (_m, n: string) => `<sup class="cite"><a href="#fn-${n}" id="ref-${n}">[${n}]</a></sup>`,
    );
  if (!citations.length) return html;
  const notes = citations
    .map((c) => {
      const where = [c.site, c.publishedAt?.slice(0, 10)].filter(Boolean).join(', ');
      const quote = c.text
        ? escapeHtml(quoted(c.text))
        : '<em>the cited sentence is no longer in the store</em>';
      const name = escapeHtml(
        c.title ?? (links === 'source' ? (c.site ?? 'source') : `article ${c.articleId}`),
      );
      const target =
        links === 'desk'
          ? `<a href="${escapeHtml(`${base}/articles/${c.articleId}#s${c.sentence}`)}">${name}</a>`
          : /^https?:\/\//i.test(c.url)
            ? `<a href="${escapeHtml(c.url)}" rel="noopener noreferrer nofollow">${name}</a>`
            : name;
      return `<li id="fn-${c.number}">${c.event ? `${escapeHtml(c.event)}. ` : ''}${quote} — ${target}${where ? `, ${escapeHtml(where)}` : ''} <a href="#ref-${c.number}" aria-label="back to the text">↩</a></li>`;
    })
    .join('\n');
  return `${html}<section class="footnotes"><h2>Sources</h2><ol>\n${notes}\n</ol></section>`;
}

/** Markdown for export: citations become Markdown footnotes carrying the cited sentence and its source. */
export function renderBriefMarkdown(
  brief: Pick<Brief, 'title' | 'body' | 'author' | 'publishedAt'>,
  citations: readonly ResolvedCitation[],
): string {
  const byRef = new Map(citations.map((c) => [c.ref, c]));
  const body = brief.body.replace(CITATION, (ref) => `[^${byRef.get(ref)?.number ?? 0}]`);
  const notes = citations.map(
    (c) =>
      `[^${c.number}]: ${c.event ? `${c.event}. ` : ''}${c.text ? quoted(c.text) : '(sentence no longer stored)'} — ${c.title ?? `article ${c.articleId}`}${c.site ? `, ${c.site}` : ''}${c.publishedAt ? `, ${c.publishedAt.slice(0, 10)}` : ''}. ${c.url}`,
  );
  const byline = [brief.author, brief.publishedAt?.slice(0, 10)].filter(Boolean).join(', ');
  return `# ${brief.title}\n\n${byline ? `*${byline}*\n\n` : ''}${body.trim()}\n${notes.length ? `\n${notes.join('\n')}\n` : ''}`;
}

const PAGE_STYLE = `body{font:17px/1.6 Georgia,serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1a1f24}
h1{font:700 1.8rem/1.2 system-ui,sans-serif}header .meta,.meta{color:#5b6570;font:0.9rem system-ui,sans-serif}
sup.cite a{text-decoration:none}section.footnotes{border-top:1px solid #ccd;margin-top:2rem;font-size:.9rem}
blockquote{border-left:3px solid #ccd;margin-left:0;padding-left:1rem;color:#333}a{color:#1f5fbf}
@media (prefers-color-scheme:dark){body{background:#0f141a;color:#e6eaef}a{color:#7fb0ff}}`;

/** A standalone page: the public view, and what is printed to PDF (with a CSP, first in the head). */
export function briefPage(brief: Brief, bodyHtml: string, extraHead = '', csp = ''): string {
  const byline = [
    brief.author,
    brief.publishedAt?.slice(0, 10) ?? `${brief.status} ${brief.updatedAt.slice(0, 10)}`,
  ].join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${csp ? `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">` : ''}<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(brief.title)}</title><style>${PAGE_STYLE}</style>${extraHead}</head>
<body><article><header><h1>${escapeHtml(brief.title)}</h1><p class="meta">${escapeHtml(byline)}</p></header>
${bodyHtml}</article></body></html>`;
}

/** The page printed to PDF: images as text, evidence links absolute from `base`, and the print CSP. */
export function briefPrintPage(brief: Brief, citations: readonly ResolvedCitation[], base: string): string {
  return briefPage(brief, renderBriefHtml(brief, citations, base, true), '', PRINT_CSP);
}
