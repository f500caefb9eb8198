import type { FacetCount, SearchFacets } from '../store/types.js';
import { fieldTerm, periodEnd } from './query.js';

// What a facet adds to the query, and what the facets leave out, for the search page.

export type FacetKind = keyof Omit<SearchFacets, 'counted'>;

/** The terms a facet value adds: a place by its gazetteer id, the one form that counts what it counted. */
export function facetTerm(kind: FacetKind, f: FacetCount): string[] {
  switch (kind) {
    case 'source':
    case 'actor':
    case 'type':
      return [fieldTerm(kind, f.value)];
    case 'place':
      return [fieldTerm('place', /^\d+$/.test(f.value) ? f.value : f.label)];
    case 'date':
      return [`from:${f.value}-01`, `to:${periodEnd(f.value)}`];
  }
}

/** Counted results with no publication date: the month facet has no bucket for them. */
export function undatedCount(facets: SearchFacets): number {
  return Math.max(0, facets.counted - facets.date.reduce((n, f) => n + f.count, 0));
}
