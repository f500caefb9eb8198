/**
 * Contracts of the understand pipeline. Every stage reads the document and the slots of the stages before
 * it and writes only its own slot, so a stage can be run, tested and scored alone, and a version bump on one
 * stage re-runs only what depends on it.
 */

/** What the pipeline reads: the article text and what collect knows about it. */
export interface AnalysisDocument {
  text: string;
  /** ISO date or date-time of publication; anchors relative dates in later stages. */
  publishedAt?: string | null;
  language?: string | null;
  title?: string | null;
}

/** Character offsets into `AnalysisDocument.text` (end exclusive) with the sentence they fall in. */
export interface Span {
  sentence: number;
  start: number;
  end: number;
  text: string;
}

export type SentenceKind = 'body' | 'dateline' | 'caption' | 'heading';

export interface Sentence {
  index: number;
  start: number;
  end: number;
  text: string;
  kind: SentenceKind;
  /** The text ends without closing punctuation: the body was cut off mid-sentence. */
  truncated: boolean;
}

export interface Token {
  text: string;
  start: number;
  end: number;
  sentence: number;
}

export type EntityType = 'PER' | 'ORG' | 'LOC' | 'MISC';
export const ENTITY_TYPES: readonly EntityType[] = ['PER', 'ORG', 'LOC', 'MISC'];

export interface EntityMention {
  /** Stable within one analysis: `e1`, `e2`… in text order. */
  id: string;
  type: EntityType;
  span: Span;
  /** Index range into the sentence's tokens, end exclusive. */
  tokenStart: number;
  tokenEnd: number;
  /** Probability-like score in [0,1] from the tagger's margin. */
  confidence: number;
}

export interface StageInfo {
  version: string;
  ms: number;
}

/** Everything understand produced for one article: what the store saves and `analyze --json` prints. */
export interface Analysis {
  schemaVersion: 1;
  language: string | null;
  publishedAt: string | null;
  textLength: number;
  /** sha256 of the text, so a stored analysis can be checked against the text it was made from. */
  textSha256: string;
  stages: Record<string, StageInfo>;
  sentences: Sentence[];
  tokenCount: number;
  entities: EntityMention[];
}
