import type { Analysis } from '../understand/types.js';
import { versionsKey } from '../understand/versions.js';
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

const SPAN: Array<[string, string]> = [
  ['sentence', 'int'],
  ['start', 'int'],
  ['"end"', 'int'],
  ['confidence', 'float8'],
];

/**
 * Where each kind of row goes: its table and columns in the rows' order, with the PostgreSQL array type its
 * batched insert unnests (SQLite binds the same columns one row at a time). In the order they are written:
 * event_actors after their events.
 */
export const ANALYSIS_TABLES: ReadonlyArray<{
  rows: keyof AnalysisRows;
  table: string;
  columns: Array<[name: string, type: string]>;
  /** What follows the insert: the same actor twice in one event's role is one row. */
  onConflict?: string;
}> = [
  {
    rows: 'entities',
    table: 'entity_mentions',
    columns: [
      ['article_id', 'bigint'],
      ['idx', 'int'],
      ['type', 'text'],
      ['text', 'text'],
      ['norm', 'text'],
      ...SPAN,
    ],
  },
  {
    rows: 'actorMentions',
    table: 'actor_mentions',
    columns: [
      ['article_id', 'bigint'],
      ['idx', 'int'],
      ['actor_id', 'text'],
      ['name', 'text'],
      ['kind', 'text'],
      ['codes', 'text'],
      ['via', 'text'],
      ...SPAN,
    ],
  },
  {
    rows: 'places',
    table: 'place_mentions',
    columns: [
      ['article_id', 'bigint'],
      ['idx', 'int'],
      ['place_id', 'text'],
      ['geonameid', 'int'],
      ['name', 'text'],
      ['norm', 'text'],
      ['country', 'text'],
      ['admin1', 'text'],
      ['fcode', 'text'],
      ['lat', 'float8'],
      ['lon', 'float8'],
      ...SPAN,
    ],
  },
  {
    rows: 'events',
    table: 'events',
    columns: [
      ['article_id', 'bigint'],
      ['idx', 'int'],
      ['type', 'text'],
      ['mode', 'text'],
      ['cameo', 'text'],
      ['quad_class', 'int'],
      ['goldstein', 'float8'],
      ['date', 'text'],
      ['date_precision', 'text'],
      ['place_id', 'text'],
      ['place_name', 'text'],
      ['country', 'text'],
      ['lat', 'float8'],
      ['lon', 'float8'],
      ['negated', 'bool'],
      ['intended', 'bool'],
      ...SPAN,
    ],
  },
  {
    rows: 'eventActors',
    table: 'event_actors',
    onConflict: 'ON CONFLICT DO NOTHING',
    columns: [
      ['article_id', 'bigint'],
      ['event_idx', 'int'],
      ['role', 'text'],
      ['actor_id', 'text'],
      ['name', 'text'],
      ['codes', 'text'],
    ],
  },
  {
    rows: 'quotes',
    table: 'quotes',
    columns: [
      ['article_id', 'bigint'],
      ['idx', 'int'],
      ['published_at', 'text'],
      ['text', 'text'],
      ['speaker_actor_id', 'text'],
      ['speaker_name', 'text'],
      ['speaker_codes', 'text'],
      ['speaker_text', 'text'],
      ['cue', 'text'],
      ['partial', 'bool'],
      ...SPAN,
    ],
  },
  {
    rows: 'claims',
    table: 'claims',
    columns: [
      ['article_id', 'bigint'],
      ['idx', 'int'],
      ['published_at', 'text'],
      ['kind', 'text'],
      ['value', 'float8'],
      ['value_max', 'float8'],
      ['qualifier', 'text'],
      ['unit', 'text'],
      ['cue', 'text'],
      ['text', 'text'],
      ...SPAN,
    ],
  },
];

/** The analysis itself, replacing the one stored: arguments are analysisRecord's. */
export const UPSERT_ANALYSIS = `INSERT INTO analyses (article_id, schema_version, versions_key, text_sha256, analysis,
    analyzed_at) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (article_id) DO UPDATE SET schema_version = excluded.schema_version,
    versions_key = excluded.versions_key, text_sha256 = excluded.text_sha256,
    analysis = excluded.analysis, analyzed_at = excluded.analyzed_at`;

export function analysisRecord(articleId: number, analysis: Analysis, now: string): Cell[] {
  const key = versionsKey(
    Object.fromEntries(Object.entries(analysis.stages).map(([k, v]) => [k, v.version])),
  );
  return [articleId, analysis.schemaVersion, key, analysis.textSha256, JSON.stringify(analysis), now];
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
