import type { Analysis } from '../understand/types.js';
import { normaliseName } from './search-query.js';

// The rows an analysis puts in the mention, place, event, quote and claim tables, in their column order:
// derived once here, so both engines index an analysis the same way. Flags stay booleans; SQLite binds 0/1.

export type Cell = string | number | boolean | null;

export interface AnalysisRows {
  entities: Cell[][];
  actorMentions: Cell[][];
  places: Cell[][];
  events: Cell[][];
  /** article_id, event_idx, role, actor_id, name, codes. */
  eventActors: Cell[][];
  quotes: Cell[][];
  claims: Cell[][];
}

/** Analyses stored before a stage existed lack its slot; those rows are simply absent. */
export function analysisRows(
  articleId: number,
  analysis: Analysis,
  publishedAt: string | null,
): AnalysisRows {
  const actors = new Map((analysis.actors ?? []).map((a) => [a.id, a]));
  const places = new Map((analysis.places ?? []).map((p) => [p.id, p]));
  const entities = analysis.entities.map((m, i) => [
    articleId,
    i,
    m.type,
    m.span.text,
    normaliseName(m.span.text),
    m.span.sentence,
    m.span.start,
    m.span.end,
    m.confidence,
  ]);
  const actorMentions: Cell[][] = [];
  (analysis.actorMentions ?? []).forEach((m, i) => {
    const a = actors.get(m.actor);
    if (!a) return;
    actorMentions.push([
      articleId,
      i,
      a.actorId,
      a.name,
      a.kind,
      a.codes.join(' '),
      m.via,
      m.span.sentence,
      m.span.start,
      m.span.end,
      m.confidence,
    ]);
  });
  const placeRows = (analysis.places ?? []).map((m, i) => {
    const p = m.place;
    return [
      articleId,
      i,
      p?.id ?? null,
      p?.geonameId ?? null,
      p?.name ?? null,
      normaliseName(m.span.text),
      p?.country ?? null,
      p?.admin1 ?? null,
      p?.featureCode ?? null,
      p?.lat ?? null,
      p?.lon ?? null,
      m.span.sentence,
      m.span.start,
      m.span.end,
      m.confidence,
    ];
  });
  const events: Cell[][] = [];
  const eventActors: Cell[][] = [];
  (analysis.events ?? []).forEach((e, i) => {
    const place = e.place ? places.get(e.place)?.place : null;
    events.push([
      articleId,
      i,
      e.type,
      e.mode,
      e.cameo,
      e.quadClass,
      e.goldstein,
      e.date,
      e.datePrecision,
      place?.id ?? null,
      place?.name ?? null,
      place?.country ?? null,
      place?.lat ?? null,
      place?.lon ?? null,
      e.negated,
      e.intended,
      e.span.sentence,
      e.trigger.start,
      e.trigger.end,
      e.confidence,
    ]);
    for (const [role, ids] of [
      ['source', e.sources],
      ['target', e.targets],
    ] as const) {
      for (const id of ids) {
        const a = actors.get(id);
        if (a) eventActors.push([articleId, i, role, a.actorId, a.name, a.codes.join(' ')]);
      }
    }
  });
  const quotes = (analysis.quotes ?? []).map((q, i) => {
    const speaker = q.speaker ? actors.get(q.speaker) : undefined;
    return [
      articleId,
      i,
      publishedAt,
      q.text,
      speaker?.actorId ?? null,
      speaker?.name ?? null,
      speaker?.codes.join(' ') ?? '',
      q.speakerSpan?.text ?? null,
      q.cue,
      q.partial,
      q.span.sentence,
      q.span.start,
      q.span.end,
      q.confidence,
    ];
  });
  const claims = (analysis.claims ?? []).map((c, i) => [
    articleId,
    i,
    publishedAt,
    c.kind,
    c.value,
    c.valueMax,
    c.qualifier,
    c.unit,
    c.cue,
    c.span.text,
    c.span.sentence,
    c.span.start,
    c.span.end,
    c.confidence,
  ]);
  return { entities, actorMentions, places: placeRows, events, eventActors, quotes, claims };
}
