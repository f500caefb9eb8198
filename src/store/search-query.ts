// Display helpers for search results: HTML escaping and the snippet markers the store puts around matches.
// The search language itself is parsed in ./query/parse.ts.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Marks the store puts around matches; chosen because article text never contains them. */
export const MARK_OPEN = '\u0002';
export const MARK_CLOSE = '\u0003';

/**
 * The ORDER BY of a search sorted by publication date (both engines; `a` is the articles table): undated
 * articles last, then by id so pages never overlap.
 */
export function dateOrder(sort: 'newest' | 'oldest'): string {
  const dir = sort === 'oldest' ? 'ASC' : 'DESC';
  return `a.published_at IS NULL, a.published_at ${dir}, a.id ${dir}`;
}

/** Escapes the snippet text, then turns the match markers into <mark> elements. */
export function snippetToHtml(raw: string): string {
  return escapeHtml(raw.replace(/\s+/g, ' ').trim())
    .split(MARK_OPEN)
    .join('<mark>')
    .split(MARK_CLOSE)
    .join('</mark>');
}

/** Lower case, no diacritics, single spaces: the form entity pages group mentions by. */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** How many of the best results facets count: counting every match of a common word took seconds. */
export const FACET_SAMPLE = 1000;
