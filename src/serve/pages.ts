import { escapeHtml } from '../store/search-query.js';
import type { Article, ArticleSummary, SearchResult, Story, StoreStatus } from '../store/types.js';
import type { Analysis, EntityMention } from '../understand/types.js';

// Server-rendered pages until the web app lands. Every value is escaped here; article text is rendered as
// text paragraphs, never as HTML, so hostile markup in a source cannot reach the reader's browser.

const STYLE = `
  body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
  header{background:#14202e;color:#fff;padding:.8rem 1.5rem;display:flex;gap:1.5rem;align-items:center}
  header a{color:#fff;text-decoration:none;font-weight:600}
  main{max-width:56rem;margin:1.5rem auto;padding:0 1rem}
  form.search{display:flex;gap:.5rem;margin-bottom:1rem}
  form.search input[type=search]{flex:1;padding:.5rem;font-size:1rem}
  .hit{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.8rem 1rem;margin:.6rem 0}
  .hit h2{font-size:1.05rem;margin:0 0 .2rem}
  .meta{color:#5b6570;font-size:.85rem}
  mark{background:#ffe58a}
  article p{margin:0 0 1rem}
  nav.pager{display:flex;justify-content:space-between;margin:1rem 0}
  table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #dde1e6;text-align:left}
  .ent{border-radius:3px;padding:0 .1rem}.ent.PER{background:#dbeafe}.ent.ORG{background:#fde68a}
  .ent.LOC{background:#d1fae5}.ent.MISC{background:#ede9fe}
  .legend span{margin-right:.6rem}
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · Watchfloor</title><style>${STYLE}</style></head>
<body><header><a href="/">Watchfloor</a><a href="/status">Status</a></header><main>${body}</main></body></html>`;
}

function meta(a: Pick<ArticleSummary, 'publishedAt' | 'site' | 'language' | 'storyId'>): string {
  const date = a.publishedAt ? a.publishedAt.slice(0, 10) : 'undated';
  return `<div class="meta">${escapeHtml(date)} · ${escapeHtml(a.site ?? 'unknown site')}${a.language ? ` · ${escapeHtml(a.language)}` : ''} · <a href="/stories/${a.storyId}">story ${a.storyId}</a></div>`;
}

function searchForm(q: string): string {
  return `<form class="search" method="get" action="/" role="search">
<input type="search" name="q" value="${escapeHtml(q)}" placeholder='Search articles: words, "phrases", OR, -exclude' aria-label="Search articles">
<button type="submit">Search</button></form>`;
}

function pager(q: string, offset: number, limit: number, total: number): string {
  const link = (o: number, label: string) =>
    `<a href="/?${new URLSearchParams({ ...(q ? { q } : {}), offset: String(o) }).toString()}">${label}</a>`;
  const prev = offset > 0 ? link(Math.max(offset - limit, 0), '← newer') : '<span></span>';
  const next = offset + limit < total ? link(offset + limit, 'more →') : '<span></span>';
  return `<nav class="pager">${prev}${next}</nav>`;
}

export function homePage(
  q: string,
  offset: number,
  limit: number,
  list: { total: number; items: ArticleSummary[] },
): string {
  const items = list.items
    .map(
      (a) =>
        `<div class="hit" data-article-id="${a.id}"><h2><a href="/articles/${a.id}">${escapeHtml(a.title ?? '(untitled)')}</a></h2>${meta(a)}</div>`,
    )
    .join('');
  return layout(
    'Articles',
    `${searchForm(q)}<p class="meta">${list.total} article(s), newest first</p>${items}${pager(q, offset, limit, list.total)}`,
  );
}

export function searchPage(q: string, offset: number, limit: number, result: SearchResult): string {
  const items = result.hits
    .map(
      (h) =>
        `<div class="hit" data-article-id="${h.id}"><h2><a href="/articles/${h.id}">${escapeHtml(h.title ?? '(untitled)')}</a></h2>${meta(h)}<p>${h.snippet}</p></div>`,
    )
    .join('');
  return layout(
    `Search: ${q}`,
    `${searchForm(q)}<p class="meta" id="result-count">${result.total} result(s) for “${escapeHtml(q)}”</p>${items}${pager(q, offset, limit, result.total)}`,
  );
}

/** A query the parser refused: the message, and the query with a marker where the problem is. */
export function queryErrorPage(q: string, message: string, position: number): string {
  const at = Math.max(0, Math.min(position, q.length));
  const marked = `${escapeHtml(q.slice(0, at))}<mark class="error-at">${escapeHtml(q.slice(at, at + 1) || ' ')}</mark>${escapeHtml(q.slice(at + 1))}`;
  return layout(
    `Search: ${q}`,
    `${searchForm(q)}<div class="query-error" id="query-error" role="alert"><p>${escapeHtml(message)}</p><p><code>${marked}</code> (at character ${at + 1})</p></div>`,
  );
}

function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : null;
}

const TYPE_NAMES: Record<string, string> = {
  PER: 'person',
  ORG: 'organisation',
  LOC: 'place',
  MISC: 'other name',
};

/** One paragraph of article text, escaped, with the mentions inside it wrapped in labelled spans. */
function paragraphHtml(text: string, start: number, end: number, mentions: readonly EntityMention[]): string {
  let html = '';
  let at = start;
  for (const m of mentions) {
    if (m.span.start < at || m.span.end > end) continue;
    html += escapeHtml(text.slice(at, m.span.start));
    const label = `${TYPE_NAMES[m.type] ?? m.type} · confidence ${m.confidence.toFixed(2)}`;
    html += `<span class="ent ${m.type}" title="${escapeHtml(label)}" data-entity="${escapeHtml(m.id)}">${escapeHtml(m.span.text)}</span>`;
    at = m.span.end;
  }
  return `<p>${html}${escapeHtml(text.slice(at, end))}</p>`;
}

function paragraphs(text: string, analysis: Analysis | null): string {
  const mentions = analysis && analysis.textLength === text.length ? analysis.entities : [];
  const out: string[] = [];
  const re = /\n{2,}/g;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push(paragraphHtml(text, from, m.index, mentions));
    from = m.index + m[0].length;
  }
  out.push(paragraphHtml(text, from, text.length, mentions));
  return out.join('');
}

export function articlePage(a: Article, analysis: Analysis | null = null): string {
  const legend = analysis
    ? `<div class="meta legend">${Object.entries(TYPE_NAMES)
        .map(([t, n]) => `<span class="ent ${t}">${escapeHtml(n)}</span>`)
        .join('')} · ${analysis.entities.length} entities in ${analysis.sentences.length} sentences</div>`
    : '';
  const sources = a.sourceUrls
    .map((u) => {
      const href = safeHref(u);
      return `<li>${href ? `<a href="${href}" rel="noopener noreferrer nofollow">${escapeHtml(u)}</a>` : escapeHtml(u)}</li>`;
    })
    .join('');
  return layout(
    a.title ?? 'Article',
    `<article><h1>${escapeHtml(a.title ?? '(untitled)')}</h1>${meta(a)}
${a.byline ? `<div class="meta">By ${escapeHtml(a.byline)}</div>` : ''}${legend}
<div class="text">${paragraphs(a.text, analysis)}</div></article>
<h3>Sources (${a.sourceUrls.length})</h3><ul>${sources}</ul>`,
  );
}

export function storyPage(story: Story, articles: Article[]): string {
  const items = articles
    .map(
      (a) =>
        `<div class="hit"><h2><a href="/articles/${a.id}">${escapeHtml(a.title ?? '(untitled)')}</a></h2>${meta(a)}</div>`,
    )
    .join('');
  return layout(
    story.title ?? `Story ${story.id}`,
    `<h1>${escapeHtml(story.title ?? `Story ${story.id}`)}</h1><p class="meta">${articles.length} version(s), ${story.sourceUrls.length} source URL(s)</p>${items}
<h3>Sources</h3><ul>${story.sourceUrls.map((u) => `<li>${escapeHtml(u)}</li>`).join('')}</ul>`,
  );
}

export function statusPage(s: StoreStatus): string {
  const rows = s.recentFailures
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.at)}</td><td>${escapeHtml(f.code)}</td><td>${escapeHtml(f.where)}</td><td>${escapeHtml(f.message)}</td></tr>`,
    )
    .join('');
  return layout(
    'Status',
    `<h1>Status</h1><p>${s.articles} articles in ${s.stories} stories from ${s.sources} source URLs; ${s.feeds} feeds.</p>
<p>Jobs: ${s.jobs.pending} pending, ${s.jobs.running} running, ${s.jobs.done} done, ${s.jobs.failed} failed.</p>
<h2>Recent failures</h2><table><tr><th>when</th><th>reason</th><th>where</th><th>message</th></tr>${rows}</table>`,
  );
}

export function notFoundPage(what: string): string {
  return layout('Not found', `<h1>Not found</h1><p>${escapeHtml(what)}</p>`);
}
