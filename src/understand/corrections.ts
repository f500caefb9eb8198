import type { PloverType } from './events/types.js';
import type { ResolvedPlace } from './places/types.js';
import type { Analysis, AnalysisActor, DatePrecision, EntityType } from './types.js';

// Analysts' corrections of machine output. Each names a span of the text and what it should be; applying is
// idempotent (a correction applied twice changes nothing more), so corrections are re-applied after every
// re-analysis and win over whatever the models say. A correction made on another version of the text
// (different sha256) is stale: it is reported, never applied to words it was not made on.

export type Correction =
  | {
      id: number;
      textSha256: string;
      kind: 'actor';
      start: number;
      end: number;
      action: 'link';
      actor: Pick<AnalysisActor, 'actorId' | 'name' | 'kind' | 'codes' | 'country'>;
    }
  | { id: number; textSha256: string; kind: 'actor'; start: number; end: number; action: 'remove' }
  | {
      id: number;
      textSha256: string;
      kind: 'place';
      start: number;
      end: number;
      action: 'link';
      place: ResolvedPlace;
    }
  | { id: number; textSha256: string; kind: 'place'; start: number; end: number; action: 'remove' }
  | {
      id: number;
      textSha256: string;
      kind: 'date';
      start: number;
      end: number;
      action: 'set';
      value: { start: string | null; end: string | null; precision: DatePrecision };
    }
  | {
      id: number;
      textSha256: string;
      kind: 'event';
      start: number;
      end: number;
      action: 'set';
      type: PloverType;
    }
  | { id: number; textSha256: string; kind: 'event'; start: number; end: number; action: 'remove' }
  | {
      id: number;
      textSha256: string;
      kind: 'entity';
      start: number;
      end: number;
      action: 'add';
      type: EntityType;
    }
  | { id: number; textSha256: string; kind: 'entity'; start: number; end: number; action: 'remove' };

export interface Corrected {
  analysis: Analysis;
  applied: number[];
  stale: number[];
}

const at = (s: { start: number; end: number }, c: { start: number; end: number }) =>
  s.start === c.start && s.end === c.end;

function sentenceOf(a: Analysis, start: number): number {
  return a.sentences.find((s) => start >= s.start && start < s.end)?.index ?? 0;
}

function span(a: Analysis, text: string, c: { start: number; end: number }) {
  return { sentence: sentenceOf(a, c.start), start: c.start, end: c.end, text: text.slice(c.start, c.end) };
}

/** Drops actors left without mentions, and their ids from events. */
function pruneActors(a: Analysis): void {
  const used = new Set(a.actorMentions.map((m) => m.actor));
  const gone = new Set(a.actors.filter((x) => !used.has(x.id)).map((x) => x.id));
  if (!gone.size) return;
  a.actors = a.actors.filter((x) => !gone.has(x.id));
  for (const e of a.events) {
    e.sources = e.sources.filter((id) => !gone.has(id));
    e.targets = e.targets.filter((id) => !gone.has(id));
  }
}

function nextId(prefix: string, ids: readonly string[]): string {
  let n = ids.length + 1;
  while (ids.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** The analysis with the corrections applied, in id order (a later correction of the same span wins). */
export function applyCorrections(
  analysis: Analysis,
  text: string,
  corrections: readonly Correction[],
): Corrected {
  const a = structuredClone(analysis);
  const applied: number[] = [];
  const stale: number[] = [];
  for (const c of [...corrections].sort((x, y) => x.id - y.id)) {
    if (c.textSha256 !== a.textSha256 || c.end > text.length || c.start >= c.end) {
      stale.push(c.id);
      continue;
    }
    switch (c.kind) {
      case 'actor': {
        if (c.action === 'remove') {
          a.actorMentions = a.actorMentions.filter((m) => !at(m.span, c));
        } else {
          let actor = a.actors.find((x) => x.actorId === c.actor.actorId);
          if (!actor) {
            actor = {
              id: nextId(
                'a',
                a.actors.map((x) => x.id),
              ),
              actorId: c.actor.actorId,
              name: c.actor.name,
              kind: c.actor.kind,
              codes: c.actor.codes,
              country: c.actor.country,
              role: null,
              discovered: false,
              mentions: [],
              confidence: 1,
            };
            a.actors.push(actor);
          }
          const mention = a.actorMentions.find((m) => at(m.span, c));
          if (mention) {
            mention.actor = actor.id;
            mention.confidence = 1;
          } else {
            a.actorMentions.push({
              id: nextId(
                'm',
                a.actorMentions.map((m) => m.id),
              ),
              actor: actor.id,
              span: span(a, text, c),
              entity: null,
              via: 'name',
              confidence: 1,
            });
            a.actorMentions.sort((x, y) => x.span.start - y.span.start);
          }
        }
        for (const x of a.actors)
          x.mentions = a.actorMentions.filter((m) => m.actor === x.id).map((m) => m.id);
        pruneActors(a);
        break;
      }
      case 'place': {
        const mention = a.places.find((p) => at(p.span, c));
        if (c.action === 'remove') {
          if (mention) {
            a.places = a.places.filter((p) => p !== mention);
            for (const e of a.events) if (e.place === mention.id) e.place = null;
          }
        } else if (mention) {
          mention.place = c.place;
          mention.confidence = 1;
          // An analyst's place replaces the machine's guess for a name the gazetteer lacked.
          delete mention.approximate;
        } else {
          a.places.push({
            id: nextId(
              'p',
              a.places.map((p) => p.id),
            ),
            span: span(a, text, c),
            entity: null,
            source: 'gold',
            place: c.place,
            candidates: 1,
            confidence: 1,
          });
          a.places.sort((x, y) => x.span.start - y.span.start);
        }
        break;
      }
      case 'date': {
        let ref = a.dates.find((d) => at(d.span, c));
        if (!ref) {
          ref = {
            id: nextId(
              't',
              a.dates.map((d) => d.id),
            ),
            span: span(a, text, c),
            start: null,
            end: null,
            precision: c.value.precision,
            kind: 'absolute',
            future: false,
            confidence: 1,
          };
          a.dates.push(ref);
          a.dates.sort((x, y) => x.span.start - y.span.start);
        }
        ref.start = c.value.start;
        ref.end = c.value.end;
        ref.precision = c.value.precision;
        ref.confidence = 1;
        for (const e of a.events) if (e.dateRef === ref.id) e.date = c.value.start;
        break;
      }
      case 'event': {
        if (c.action === 'remove') a.events = a.events.filter((e) => !at(e.trigger, c));
        else
          for (const e of a.events.filter((x) => at(x.trigger, c))) {
            if (e.type !== c.type) e.mode = null;
            e.type = c.type;
            e.confidence = 1;
          }
        break;
      }
      case 'entity': {
        if (c.action === 'remove') a.entities = a.entities.filter((m) => !at(m.span, c));
        else {
          const existing = a.entities.find((m) => at(m.span, c));
          if (existing) {
            existing.type = c.type;
            existing.confidence = 1;
          } else {
            a.entities.push({
              id: nextId(
                'e',
                a.entities.map((m) => m.id),
              ),
              type: c.type,
              span: span(a, text, c),
              tokenStart: 0,
              tokenEnd: 0,
              confidence: 1,
            });
            a.entities.sort((x, y) => x.span.start - y.span.start);
          }
        }
        break;
      }
    }
    applied.push(c.id);
  }
  return { analysis: a, applied, stale };
}

/** A correction before it has an id (Omit over each member of the union). */
export type CorrectionInput = Correction extends infer C
  ? C extends Correction
    ? Omit<C, 'id'>
    : never
  : never;
