// Helpers that build search-language text, so clicking a facet or using the form never produces a query
// the parser would reject.

export { PLOVER_TYPES } from '../understand/events/types.js';

/** `field:value`, quoted when the value holds anything but word characters, dots and dashes. */
export function fieldTerm(field: string, value: string): string {
  const v = value.trim();
  return /^[\p{L}\p{N}._-]+$/u.test(v) ? `${field}:${v}` : `${field}:"${v.replace(/"/g, '')}"`;
}

/** Whether an OR stands outside every parenthesis and phrase: `a OR b c` means `a OR (b c)`. */
function orAtTop(query: string): boolean {
  let depth = 0;
  for (const m of query.matchAll(/"[^"]*"?|\(|\)|[^\s()"]+/g)) {
    const t = m[0];
    if (t === '(') depth++;
    else if (t === ')') depth = Math.max(0, depth - 1);
    else if (t === 'OR' && depth === 0) return true;
  }
  return false;
}

/**
 * Adds a term to a query unless it is already there. A query with an OR at its top is bracketed first:
 * `Iran OR Syria` and a place is `(Iran OR Syria) place:…`, not `Iran OR (Syria AND place:…)`.
 */
export function addTerm(query: string, term: string): string {
  const q = query.trim();
  if (!q) return term;
  if (q.split(/\s+/).includes(term)) return q;
  return orAtTop(q) ? `(${q}) ${term}` : `${q} ${term}`;
}

/**
 * Place facets add `place:<gazetteer id>`, the one form that counts what the facet counted (a name may be
 * another place's, or a mention's surface form). The search box shows the name instead: `readableQuery`
 * swaps ids whose names are known for `place:"Name"`, and `canonicalQuery` swaps them back on submit, so a
 * typed `place:Damascus` keeps meaning the name.
 */
const placeNames = new Map<string, string>();

/** Remembers a gazetteer id's name (from facets and place pages) for `readableQuery`. */
export function rememberPlace(id: string, name: string): void {
  if (/^\d+$/.test(id) && name.trim() && name !== id) placeNames.set(id, name.trim());
}

export interface ReadableQuery {
  text: string;
  /** [shown term, query term] for each id shown as a name. */
  swaps: Array<[string, string]>;
}

export function readableQuery(query: string, names: ReadonlyMap<string, string> = placeNames): ReadableQuery {
  const swaps: Array<[string, string]> = [];
  // Phrases are skipped whole, so an id inside quotes is left as typed.
  const text = query.replace(/"[^"]*"?|(?<![^\s(-])place:(\d+)(?![^\s)])/g, (whole, id?: string) => {
    const name = id === undefined ? undefined : names.get(id);
    if (name === undefined) return whole;
    const shown = fieldTerm('place', name);
    swaps.push([shown, whole]);
    return shown;
  });
  return { text, swaps };
}

/** The query a readable text stands for: each swapped name back to its id, in order. */
export function canonicalQuery(text: string, swaps: ReadableQuery['swaps']): string {
  let out = text;
  let from = 0;
  for (const [shown, term] of swaps) {
    const at = termIndex(out, shown, from);
    if (at < 0) continue;
    out = out.slice(0, at) + term + out.slice(at + shown.length);
    from = at + term.length;
  }
  return out;
}

/** Where `term` stands as a whole term (not inside a longer word) at or after `from`; -1 when nowhere. */
function termIndex(text: string, term: string, from: number): number {
  for (let at = text.indexOf(term, from); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = text[at - 1];
    const after = text[at + term.length];
    if ((before === undefined || /[\s(-]/.test(before)) && (after === undefined || /[\s)]/.test(after)))
      return at;
  }
  return -1;
}

/** Removes every occurrence of a term (a quoted one whole), and parentheses left empty. */
export function removeTerm(query: string, term: string): string {
  let out = query;
  for (let at = termIndex(out, term, 0); at >= 0; at = termIndex(out, term, at)) {
    out = out.slice(0, at) + out.slice(at + term.length);
  }
  return out
    .replace(/\(\s*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The last day of a YYYY, YYYY-MM or YYYY-MM-DD period. */
export function periodEnd(period: string): string {
  if (/^\d{4}$/.test(period)) return `${period}-12-31`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return `${period}-${String(last).padStart(2, '0')}`;
  }
  return period;
}
