import type { Span } from '../types.js';

export const PLOVER_TYPES = [
  'AGREE',
  'CONSULT',
  'SUPPORT',
  'CONCEDE',
  'COOPERATE',
  'AID',
  'RETREAT',
  'REQUEST',
  'ACCUSE',
  'REJECT',
  'THREATEN',
  'PROTEST',
  'SANCTION',
  'MOBILIZE',
  'COERCE',
  'ASSAULT',
] as const;
export type PloverType = (typeof PLOVER_TYPES)[number];

/** A coded event: who did what to whom, where and when, read from one sentence. */
export interface CodedEvent {
  id: string;
  /** The sentence the event was read from; `trigger` is the verb or phrase that coded it. */
  span: Span;
  trigger: Span;
  type: PloverType;
  /** PLOVER mode where the codebook defines one ("heavy-weapons", "visit", "assist"…). */
  mode: string | null;
  /** PLOVER context(s) from the CAMEO mapping ("military", "diplomatic"…), `;`-separated. */
  context: string | null;
  cameo: string;
  /** CAMEO quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  quadClass: 1 | 2 | 3 | 4;
  goldstein: number;
  /** Document actor ids (`a1`…). */
  sources: string[];
  targets: string[];
  /** Place mention id (`p1`…) where the sentence places the event. */
  place: string | null;
  /** Date of the event: a date expression of the sentence (`dateRef`), else the publication date. */
  date: string | null;
  dateRef: string | null;
  datePrecision: 'day' | 'week' | 'month' | 'year' | 'decade' | null;
  negated: boolean;
  /** Planned, promised or intended, not done: "plans to strengthen", "will send". */
  intended: boolean;
  /** The actor the report is attributed to ("…, the ministry said"), when not the source. */
  reportedBy: string | null;
  confidence: number;
}
