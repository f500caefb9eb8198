import type { Span } from '../types.js';

/** A stretch of text that names a place, before resolution. */
export interface Toponym {
  span: Span;
  /** The entity mention it came from, or null when the gazetteer scan found it. */
  entity: string | null;
  source: 'tagger' | 'gazetteer' | 'gold';
}

/** A gazetteer entry a toponym was resolved to. */
export interface ResolvedPlace {
  /** Gazetteer id: the GeoNames id as digits, or a prefixed id (`wf:golan-heights`, `us-county:21125`). */
  id: string;
  geonameId: number | null;
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2; null for features across borders. */
  country: string | null;
  /** GeoNames admin-1 code within the country. */
  admin1: string | null;
  featureClass: string;
  featureCode: string;
}

/**
 * Where a name the gazetteer lacks most likely lies: by the document's other places ("Harwinton" in a story
 * whose places are around Torrington, Conn.). A guess, never an identity: the mention keeps `place: null`.
 */
export interface ApproximatePlace {
  lat: number;
  lon: number;
  /** The gazetteer entry at the middle of the document's places. */
  nearId: string;
  nearName: string;
  country: string | null;
  admin1: string | null;
}

/** A place mention of the article: the toponym and what it was resolved to. */
export interface PlaceMention {
  id: string;
  span: Span;
  entity: string | null;
  source: Toponym['source'];
  /** Null when no gazetteer entry carries the name. */
  place: ResolvedPlace | null;
  /** Only for names no gazetteer entry carries: where the document's places suggest it is. */
  approximate?: ApproximatePlace;
  /** How many gazetteer entries carried the name: 1 means there was nothing to choose. */
  candidates: number;
  confidence: number;
}
