/**
 * Contracts of the understand pipeline. Every stage reads the document and the slots of the stages before
 * it and writes only its own slot, so a stage can be run, tested and scored alone, and a version bump on one
 * stage re-runs only what depends on it.
 */

import type { PlaceMention } from './places/types.js';
import type { CodedEvent } from './events/types.js';
export type { CodedEvent, PloverType } from './events/types.js';
export type { PlaceMention, ResolvedPlace } from './places/types.js';

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
  /** Why the stage failed; its slots are empty and the stages that read them are skipped. */
  error?: { message: string; code?: string };
  /** Why the stage did not run: a slot it reads was left empty by a failed or skipped stage. */
  skipped?: string;
}

/** Everything understand produced for one article: what the store saves and `analyze --json` prints. */
export interface Analysis {
  schemaVersion: 1;
  language: string | null;
  /**
   * Each paragraph's language (BCP 47, null when too short to tell), by offsets into the text: only on mixed
   * pages with Arabic script and other letters whose paragraphs differ (issue 20).
   */
  paragraphLanguages?: Array<{ start: number; end: number; language: string | null }>;
  publishedAt: string | null;
  textLength: number;
  /** sha256 of the text, so a stored analysis can be checked against the text it was made from. */
  textSha256: string;
  stages: Record<string, StageInfo>;
  sentences: Sentence[];
  tokenCount: number;
  entities: EntityMention[];
  actors: AnalysisActor[];
  actorMentions: ActorMention[];
  places: PlaceMention[];
  quotes: Quote[];
  dates: TimeRef[];
  /**
   * The time the article and its sentences speak from (issue 17): the article's anchor first, then each
   * sentence that states its own date. Absent from analyses made before dates stage chrono2+rules-7.
   */
  timeAnchors?: TimeAnchor[];
  claims: Claim[];
  events: CodedEvent[];
  /**
   * Per sentence (by index): its parse, or null where the syntax stage did not parse it. Absent from
   * analyses made before the stage existed.
   */
  syntax?: (SentenceSyntax | null)[];
}

/**
 * One sentence's syntax: per token, its UPOS tag, its head (1-based token number, 0 for the root) and its
 * Universal Dependencies v2 relation (with subtypes such as nsubj:pass).
 */
export interface SentenceSyntax {
  upos: string[];
  heads: number[];
  deprels: string[];
}

export type DatePrecision = 'day' | 'month' | 'year' | 'decade' | 'week';

/** A date or time expression normalised against the publication date. */
export interface TimeRef {
  id: string;
  span: Span;
  /** ISO date (YYYY-MM-DD, YYYY-MM or YYYY) of the start; null for an open start ("until 2011"). */
  start: string | null;
  /** ISO date of the end, inclusive; null for an open end ("since 2011"); equal to start for a single day. */
  end: string | null;
  precision: DatePrecision;
  /** How the value was found: a full date, a date relative to publication, or a vague period. */
  kind: 'absolute' | 'relative' | 'range' | 'vague';
  /** True when the expression refers to the future of the publication date ("in the coming months"). */
  future: boolean;
  confidence: number;
}

/**
 * When an article, or one of its sentences, is set (issue 17): an undated article's events are read against
 * this, and a reader can see where it came from. A sentence without an anchor of its own speaks from the
 * article's (`dates/anchor.ts` `anchorFor`).
 */
export interface TimeAnchor {
  /** The sentence (by index) it anchors; null for the article's own anchor. */
  sentence: number | null;
  /** ISO date (YYYY-MM-DD, YYYY-MM or YYYY) by precision. */
  value: string;
  precision: DatePrecision;
  /**
   * The article's: its publication date (`published`), a date a line of its text prints (`updated`,
   * `byline`, `dateline`) or the latest date the text reports (`text`). A sentence's: its own first date
   * expression (`sentence`).
   */
  source: 'published' | 'updated' | 'byline' | 'dateline' | 'text' | 'sentence';
  /** For `sentence`: the date expression (`t1`…) it is. */
  dateRef: string | null;
  /** The words it was read from; null for a publication date the page gave outside its text. */
  evidence: Span | null;
}

export type ClaimKind =
  | 'fatalities'
  | 'injured'
  | 'displaced'
  | 'arrested'
  | 'strikes'
  | 'troops'
  | 'weapons'
  | 'money'
  | 'percentage'
  | 'other';

/** A numeric claim: "killed more than 380,000 people". */
export interface Claim {
  id: string;
  span: Span;
  kind: ClaimKind;
  /** Lower bound of the value (or the value); null when only a magnitude is given ("hundreds of"). */
  value: number | null;
  /** Upper bound for ranges ("between 10 and 20", "hundreds of" → 100..999). */
  valueMax: number | null;
  qualifier: 'exact' | 'more than' | 'less than' | 'about' | 'up to' | 'at least' | 'magnitude' | 'range';
  /** What is counted, as written ("people", "strikes", "dollars"). */
  unit: string | null;
  /** The predicate that frames the number ("killed", "displaced", "launched"). */
  cue: string | null;
  confidence: number;
}

export type ActorVia =
  'name' | 'surname' | 'demonym' | 'metonym' | 'description' | 'title' | 'pronoun' | 'group-reference';

/** A place in the text that refers to an actor. */
export interface ActorMention {
  id: string;
  /** The document actor (`a1`…) it refers to. */
  actor: string;
  span: Span;
  /** The entity mention it came from, when the tagger found one. */
  entity: string | null;
  via: ActorVia;
  confidence: number;
}

export interface ActorRoleInText {
  title: string | null;
  rank: string | null;
  organisation: string | null;
  /** ISO alpha-3 of the country the role belongs to. */
  country: string | null;
  code: string | null;
  /** The dictionary role's dates, when the role was matched to one. */
  from: string | null;
  to: string | null;
}

/** An actor of this article, linked to the dictionary or discovered in the text. */
export interface AnalysisActor {
  id: string;
  /** Dictionary id ("person:mohammad-bagheri", "country:IRN") or a generated "discovered:…" id. */
  actorId: string;
  name: string;
  kind: 'country' | 'person' | 'group' | 'organisation' | 'igo';
  /** CAMEO-style codes valid on the publication date. */
  codes: string[];
  country: string | null;
  role: ActorRoleInText | null;
  discovered: boolean;
  mentions: string[];
  confidence: number;
}

/** A direct quote and who said it. */
export interface Quote {
  id: string;
  /** The words inside the quotation marks (several paragraphs joined by a blank line). */
  text: string;
  /** The quotation, marks included; its sentence is the one it starts in. */
  span: Span;
  /** The document actor (`a1`…) who said it, when found. */
  speaker: string | null;
  /** The words in the text naming the speaker ("he", "Mohammad Bagheri", "an Iranian military spokesman"). */
  speakerSpan: Span | null;
  /** The attribution verb or phrase ("said", "quoted … as saying", "according to"). */
  cue: string | null;
  /** A fragment quoted inside the reporter's own sentence, not a whole statement. */
  partial: boolean;
  confidence: number;
}
