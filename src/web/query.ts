// Helpers that build search-language text, so clicking a facet or using the form never produces a query
// the parser would reject.

export { PLOVER_TYPES } from '../understand/events/types.js';

/** `field:value`, quoted when the value holds anything but word characters, dots and dashes. */
export function fieldTerm(field: string, value: string): string {
  const v = value.trim();
  return /^[\p{L}\p{N}._-]+$/u.test(v) ? `${field}:${v}` : `${field}:"${v.replace(/"/g, '')}"`;
}

/** Adds a term to a query unless it is already there. */
export function addTerm(query: string, term: string): string {
  const q = query.trim();
  if (!q) return term;
  if (q.split(/\s+/).includes(term)) return q;
  return `${q} ${term}`;
}

/** Removes every occurrence of a term. */
export function removeTerm(query: string, term: string): string {
  return query
    .split(/\s+/)
    .filter((t) => t && t !== term)
    .join(' ');
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
