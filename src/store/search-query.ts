// Turns what an analyst types into a safe FTS5 MATCH expression. Raw input is never passed through:
// FTS5 syntax errors on stray quotes or operators would otherwise surface as 500s.

export interface ParsedQuery {
  /** The FTS5 expression, or null when the query has no searchable term. */
  match: string | null;
  terms: string[];
}

const TOKEN = /"([^"]*)"?|(\S+)/g;

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Letters and digits only count: punctuation-only words would match nothing or everything. */
function clean(word: string): string {
  return word.replace(/[^\p{L}\p{N}\p{M}'’_-]+/gu, ' ').trim();
}

/**
 * Supports: words (all must match), "exact phrases", OR between two terms, -word or NOT word to exclude,
 * and word* for a prefix. Everything else is treated as literal text.
 */
export function parseSearchQuery(input: string): ParsedQuery {
  const positives: string[] = [];
  const negatives: string[] = [];
  const terms: string[] = [];
  let pendingOr = false;
  let negateNext = false;
  for (const m of input.matchAll(TOKEN)) {
    const phrase = m[1];
    const word = m[2];
    let expr: string | null = null;
    if (phrase !== undefined) {
      const p = clean(phrase);
      if (p) {
        expr = quote(p);
        terms.push(p);
      }
    } else if (word !== undefined) {
      if (word === 'OR') {
        pendingOr = positives.length > 0;
        continue;
      }
      if (word === 'NOT' || word === 'AND') {
        negateNext = word === 'NOT';
        continue;
      }
      let w = word;
      let negate = negateNext;
      if (w.startsWith('-') && w.length > 1) {
        negate = true;
        w = w.slice(1);
      }
      const prefix = w.endsWith('*');
      const c = clean(prefix ? w.slice(0, -1) : w);
      if (!c) continue;
      terms.push(c);
      expr = quote(c) + (prefix ? '*' : '');
      if (negate) {
        negatives.push(expr);
        negateNext = false;
        continue;
      }
    }
    negateNext = false;
    if (!expr) continue;
    if (pendingOr && positives.length > 0) {
      positives[positives.length - 1] = `(${positives[positives.length - 1]} OR ${expr})`;
    } else {
      positives.push(expr);
    }
    pendingOr = false;
  }
  if (positives.length === 0) return { match: null, terms };
  let match = positives.join(' AND ');
  for (const n of negatives) match = `${match} NOT ${n}`;
  return { match, terms };
}

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

/** Escapes the snippet text, then turns the match markers into <mark> elements. */
export function snippetToHtml(raw: string): string {
  return escapeHtml(raw.replace(/\s+/g, ' ').trim())
    .split(MARK_OPEN)
    .join('<mark>')
    .split(MARK_CLOSE)
    .join('</mark>');
}
