import type { TimeRef } from '../types.js';
import type { CodedType } from './codebook.js';
import type { CodedEvent } from './types.js';

// The parts of a coded event that every coder (English from the parse, Arabic and Persian from word order)
// fills the same way: what the codebook says of its CAMEO code, and when it happened.

/** The event's type, mode, context, CAMEO code, quad class and Goldstein score. */
export function codedFields(
  code: CodedType,
  cameo: string,
): Pick<CodedEvent, 'type' | 'mode' | 'context' | 'cameo' | 'quadClass' | 'goldstein'> {
  return {
    type: code.type,
    mode: code.mode,
    context: code.context,
    cameo,
    quadClass: code.quadClass,
    goldstein: code.goldstein,
  };
}

/** The first date expression of the sentence, else the publication day, else none. */
export function eventWhen(
  dates: readonly TimeRef[],
  sentence: number,
  publishedAt: string | null,
): Pick<CodedEvent, 'date' | 'dateRef' | 'datePrecision'> {
  const date = dates.find((d) => d.span.sentence === sentence);
  if (date) return { date: date.start, dateRef: date.id, datePrecision: date.precision };
  return publishedAt
    ? { date: publishedAt.slice(0, 10), dateRef: null, datePrecision: 'day' }
    : { date: null, dateRef: null, datePrecision: null };
}
