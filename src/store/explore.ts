import { parseQuery, SEARCH_DEADLINE_MS, type QueryNode } from './query/parse.js';
import type { Claim, ClaimKind } from '../understand/types.js';
import type {
  ActorGraph,
  ClaimFilter,
  ClaimRow,
  CodeRollup,
  EventFilter,
  EventParty,
  EventRow,
  QuoteFilter,
  QuoteRow,
  TimelineBucket,
  TimelinePoint,
} from './types.js';

// Events, quotes and claims across articles (the event list, timeline, map and graph), written once for both
// engines. Their statements vary with the filter, and the search-language compilers (sqlite/ and postgres/
// compile-query.ts) emit SQL text with their own placeholders, so they are built as text here with the
// engine's placeholders and its few words (ExploreWords), not compiled once like the fixed statements.

/** Placeholders for one statement: `?` on SQLite, `$n` on PostgreSQL. */
export interface Placeholders {
  add(value: unknown): string;
  readonly values: unknown[];
}

/** Runs one read statement. */
export type Read = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** A party to an event as event_actors holds it. */
export interface PartyRow {
  article_id: number;
  event_idx: number;
  role: string;
  actor_id: string;
  name: string;
  codes: string;
}

/** What the engines say differently in these statements. */
export interface ExploreWords {
  /** True where a 0/1 (SQLite) or boolean (PostgreSQL) column is false. */
  isFalse(column: string): string;
  /** True where a space-separated code list holds a code starting with `code` (upper case). */
  hasCode(column: string, code: string, p: Placeholders): string;
  /** After DESC: where rows without a value go (SQLite puts NULL last in DESC already). */
  readonly descNullsLast: string;
  /** The Monday of the ISO week of a day (YYYY-MM-DD text), NULL where the text is not a day. */
  weekStart(day: string): string;
}

/** The engine side of Explore: placeholders, dialect words, the search language, bounded reads, look-ups. */
export interface ExploreEngine {
  readonly words: ExploreWords;
  placeholders(): Placeholders;
  /** Conditions over `articles a` for a parsed search-language query, its full-text match included. */
  queryWhere(tree: QueryNode, p: Placeholders): string[];
  /**
   * A reader whose statements stop with QueryTimeout once `ms` from now have passed. On SQLite a statement
   * is stopped by `rowCheck` in its WHERE clause; on PostgreSQL by statement_timeout.
   */
  bounded(ms: number): Read;
  /** A WHERE term every row a bounded statement scans passes first ('TRUE' where nothing is needed). */
  readonly rowCheck: string;
  /** Reads by key, unbounded. */
  readonly read: Read;
  /** The parties of these events (one statement per event in-process on SQLite, one in all on PostgreSQL). */
  parties(events: ReadonlyArray<{ article_id: number; idx: number }>): Promise<PartyRow[]>;
  /** A name and codes for each actor id, from one of its event rows. */
  actorNames(ids: readonly string[]): Promise<Map<string, { name: string; codes: string }>>;
}

/** An `events v` row with its article's title and URL, as EVENT_COLUMNS reads it (also map-clusters.ts). */
export interface EventDbRow {
  article_id: number;
  idx: number;
  type: string;
  mode: string | null;
  cameo: string;
  quad_class: number;
  goldstein: number;
  date: string | null;
  date_precision: string | null;
  place_id: string | null;
  place_name: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  /** 0/1 on SQLite, a boolean on PostgreSQL. */
  intended: number | boolean;
  sentence: number;
  start: number;
  end: number;
  confidence: number;
  title: string | null;
  url: string;
}

export const EVENT_COLUMNS = `v.article_id, v.idx, v.type, v.mode, v.cameo, v.quad_class, v.goldstein, v.date,
  v.date_precision, v.place_id, v.place_name, v.country, v.lat, v.lon, v.intended, v.sentence, v.start, v."end",
  v.confidence, a.title, a.url`;

/** An event date ("2011", "2020-07", "2020-07-08") as the first and last day it covers, for range filters. */
const FIRST_DAY = `(CASE length(v.date) WHEN 4 THEN v.date || '-01-01' WHEN 7 THEN v.date || '-01' ELSE v.date END)`;
const LAST_DAY = `(CASE length(v.date) WHEN 4 THEN v.date || '-12-31' WHEN 7 THEN v.date || '-31' ELSE v.date END)`;

const page = (limit: number | undefined, offset: number | undefined, fallback: number, max: number) => ({
  limit: Math.min(Math.max(limit ?? fallback, 1), max),
  offset: Math.max(offset ?? 0, 0),
});

/** What every quote and claim row has: its place in an article, and its span. */
interface FactRow {
  article_id: number;
  idx: number;
  title: string | null;
  published_at: string | null;
  sentence: number;
  start: number;
  end: number;
  confidence: number;
}

const factOf = (r: FactRow) => ({
  id: `${r.article_id}-${r.idx}`,
  articleId: r.article_id,
  articleTitle: r.title,
  publishedAt: r.published_at,
  sentence: r.sentence,
  start: r.start,
  end: r.end,
  confidence: r.confidence,
});

const codes = (s: string | null | undefined) => (s ?? '').split(' ').filter(Boolean);

/** Events, quotes and claims across articles, filtered by the search language and fields. */
export class Explore {
  constructor(
    private readonly engine: ExploreEngine,
    /** How long one list, timeline or graph may run: the same bound as a search (tests shorten it). */
    private readonly deadlineMs = SEARCH_DEADLINE_MS,
  ) {}

  /** Conditions on `articles a` for a search-language query; throws QueryError on a bad query. */
  private queryWhere(query: string | undefined, where: string[], p: Placeholders): void {
    const tree = query ? parseQuery(query) : null;
    if (tree) where.push(...this.engine.queryWhere(tree, p));
  }

  /**
   * WHERE over `events v` joined to `articles a` for a filter; throws QueryError on a bad query. Public for
   * the map's clusters (map-clusters.ts), which filter events the same way.
   */
  eventWhere(f: EventFilter, p: Placeholders): string {
    const w = this.engine.words;
    const where = [this.engine.rowCheck, w.isFalse('v.negated')];
    this.queryWhere(f.query, where, p);
    if (f.type) where.push(`v.type = ${p.add(f.type.toUpperCase())}`);
    if (f.actor) {
      where.push(`EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = v.article_id AND x.event_idx = v.idx
        AND (x.actor_id = ${p.add(f.actor)} OR ${w.hasCode('x.codes', f.actor.toUpperCase(), p)}))`);
    }
    if (f.country) where.push(`v.country = ${p.add(f.country.toUpperCase())}`);
    if (f.from) where.push(`${LAST_DAY} >= ${p.add(f.from)}`);
    if (f.to) where.push(`${FIRST_DAY} <= ${p.add(`${f.to}\uffff`)}`);
    if (f.placed) where.push('v.place_id IS NOT NULL AND v.lat IS NOT NULL AND v.lon IS NOT NULL');
    return where.join(' AND ');
  }

  async listEvents(
    f: EventFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: EventRow[] }> {
    const read = this.engine.bounded(this.deadlineMs);
    const p = this.engine.placeholders();
    const where = this.eventWhere(f, p);
    const countParams = [...p.values];
    const { limit, offset } = page(f.limit, f.offset, 50, 5000);
    const [found, total] = await Promise.all([
      read<EventDbRow>(
        `SELECT ${EVENT_COLUMNS} FROM events v JOIN articles a ON a.id = v.article_id
         WHERE ${where} ORDER BY v.date IS NULL, v.date DESC, v.article_id DESC, v.idx
         LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
        p.values,
      ),
      read<{ n: number }>(
        `SELECT count(*) AS n FROM events v JOIN articles a ON a.id = v.article_id WHERE ${where}`,
        countParams,
      ),
    ]);
    return { total: total[0]?.n ?? 0, items: await this.toEventRows(found) };
  }

  async getEvent(id: string): Promise<EventRow | null> {
    const m = /^(\d{1,15})-(\d{1,9})$/.exec(id);
    if (!m) return null;
    const p = this.engine.placeholders();
    const found = await this.engine.read<EventDbRow>(
      `SELECT ${EVENT_COLUMNS} FROM events v JOIN articles a ON a.id = v.article_id
       WHERE v.article_id = ${p.add(Number(m[1]))} AND v.idx = ${p.add(Number(m[2]))}
         AND ${this.engine.words.isFalse('v.negated')}`,
      p.values,
    );
    return (await this.toEventRows(found))[0] ?? null;
  }

  /** Rows read with EVENT_COLUMNS, with their parties (also the map's feed). */
  async toEventRows(found: EventDbRow[]): Promise<EventRow[]> {
    const byEvent = new Map<string, { source: EventParty[]; target: EventParty[] }>();
    for (const x of found.length ? await this.engine.parties(found) : []) {
      const key = `${x.article_id}-${x.event_idx}`;
      let sides = byEvent.get(key);
      if (!sides) byEvent.set(key, (sides = { source: [], target: [] }));
      sides[x.role === 'source' ? 'source' : 'target'].push({
        actorId: x.actor_id,
        name: x.name,
        codes: codes(x.codes),
      });
    }
    return found.map((r): EventRow => {
      const id = `${r.article_id}-${r.idx}`;
      return {
        id,
        articleId: r.article_id,
        articleTitle: r.title,
        articleUrl: r.url,
        type: r.type,
        mode: r.mode,
        cameo: r.cameo,
        quadClass: r.quad_class,
        goldstein: r.goldstein,
        date: r.date,
        datePrecision: r.date_precision,
        place:
          r.place_id && r.lat !== null && r.lon !== null
            ? { id: r.place_id, name: r.place_name, country: r.country, lat: r.lat, lon: r.lon }
            : null,
        intended: Boolean(r.intended),
        sentence: r.sentence,
        start: r.start,
        end: r.end,
        confidence: r.confidence,
        sources: byEvent.get(id)?.source ?? [],
        targets: byEvent.get(id)?.target ?? [],
      };
    });
  }

  /**
   * Rows of `quotes` or `claims` (as `t`) newest article first, with the article's title. Publication dates
   * are copied into those tables, so without a query the page is read from their date index.
   */
  private async listFacts<R extends object>(
    table: 'quotes' | 'claims',
    p: Placeholders,
    conditions: {
      where: string[];
      query?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
    },
    limit: number | undefined,
    offset: number | undefined,
  ): Promise<{ total: number; rows: Array<R & FactRow> }> {
    const read = this.engine.bounded(this.deadlineMs);
    const where = [this.engine.rowCheck, ...conditions.where];
    this.queryWhere(conditions.query, where, p);
    if (conditions.from) where.push(`t.published_at >= ${p.add(conditions.from)}`);
    // Inclusive: "to 2020" covers the whole year, "to 2020-07-08" the whole day.
    if (conditions.to) where.push(`t.published_at <= ${p.add(`${conditions.to}\uffff`)}`);
    const w = where.join(' AND ');
    const { limit: lim, offset: off } = page(limit, offset, 50, 5000);
    const countParams = [...p.values];
    const found = await read<R & FactRow>(
      `SELECT t.*, a.title FROM ${table} t JOIN articles a ON a.id = t.article_id WHERE ${w}
       ORDER BY t.published_at DESC${this.engine.words.descNullsLast}, t.article_id DESC, t.idx
       LIMIT ${p.add(lim)} OFFSET ${p.add(off)}`,
      p.values,
    );
    // A page shorter than the limit tells the total without counting.
    const total =
      found.length < lim && (off === 0 || found.length > 0)
        ? off + found.length
        : ((
            await read<{ n: number }>(
              `SELECT count(*) AS n FROM ${table} t JOIN articles a ON a.id = t.article_id WHERE ${w}`,
              countParams,
            )
          )[0]?.n ?? 0);
    return { total, rows: found };
  }

  async listQuotes(
    f: QuoteFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: QuoteRow[] }> {
    const p = this.engine.placeholders();
    const where: string[] = [];
    if (f.actor)
      where.push(
        `(t.speaker_actor_id = ${p.add(f.actor)} OR ${this.engine.words.hasCode('t.speaker_codes', f.actor.toUpperCase(), p)})`,
      );
    const { total, rows } = await this.listFacts<{
      text: string;
      speaker_actor_id: string | null;
      speaker_name: string | null;
      speaker_text: string | null;
      cue: string | null;
      /** 0/1 on SQLite, a boolean on PostgreSQL. */
      partial: number | boolean;
    }>('quotes', p, { where, query: f.query, from: f.from, to: f.to }, f.limit, f.offset);
    return {
      total,
      items: rows.map((r) => ({
        ...factOf(r),
        text: r.text,
        speaker: { actorId: r.speaker_actor_id, name: r.speaker_name, text: r.speaker_text },
        cue: r.cue,
        partial: Boolean(r.partial),
      })),
    };
  }

  async listClaims(
    f: ClaimFilter & { limit?: number; offset?: number },
  ): Promise<{ total: number; items: ClaimRow[] }> {
    const p = this.engine.placeholders();
    const where: string[] = [];
    if (f.kind) where.push(`t.kind = ${p.add(f.kind)}`);
    const { total, rows } = await this.listFacts<{
      kind: ClaimKind;
      value: number | null;
      value_max: number | null;
      qualifier: Claim['qualifier'];
      unit: string | null;
      cue: string | null;
      text: string;
    }>('claims', p, { where, query: f.query, from: f.from, to: f.to }, f.limit, f.offset);
    return {
      total,
      items: rows.map((r) => ({
        ...factOf(r),
        kind: r.kind,
        value: r.value,
        valueMax: r.value_max,
        qualifier: r.qualifier,
        unit: r.unit,
        cue: r.cue,
        text: r.text,
      })),
    };
  }

  async timeline(f: EventFilter & { bucket?: TimelineBucket }): Promise<TimelinePoint[]> {
    const read = this.engine.bounded(this.deadlineMs);
    const p = this.engine.placeholders();
    const where = this.eventWhere(f, p);
    const bucket = f.bucket ?? 'month';
    // Events dated only to a year are counted in that year's first bucket rather than dropped. Weeks start on
    // Monday (ISO); a date that is not a day is left out of a weekly timeline.
    const expr =
      bucket === 'year'
        ? 'substr(v.date, 1, 4)'
        : bucket === 'month'
          ? `substr(${FIRST_DAY}, 1, 7)`
          : bucket === 'week'
            ? this.engine.words.weekStart(FIRST_DAY)
            : FIRST_DAY;
    return read<TimelinePoint>(
      `SELECT bucket, type, count(*) AS count FROM (
         SELECT ${expr} AS bucket, v.type AS type FROM events v JOIN articles a ON a.id = v.article_id
         WHERE ${where} AND v.date IS NOT NULL) t
       WHERE bucket IS NOT NULL GROUP BY bucket, type ORDER BY bucket, type`,
      p.values,
    );
  }

  /**
   * A code's events and its children's, from one read of the events' parties: a country page asked the
   * event count of the code and of each sector apart, each a scan of every event (seconds on a large store).
   * The filter is eventWhere's, so the totals agree with listEvents({ actor: code }) and the timeline.
   */
  async codeRollup(code: string, childLength: number): Promise<CodeRollup> {
    const read = this.engine.bounded(this.deadlineMs);
    const p = this.engine.placeholders();
    const where = this.eventWhere({ actor: code }, p);
    const rows = await read<{ article_id: number; idx: number; codes: string }>(
      `SELECT v.article_id, v.idx, x.codes FROM events v JOIN articles a ON a.id = v.article_id
       JOIN event_actors x ON x.article_id = v.article_id AND x.event_idx = v.idx
       WHERE ${where}`,
      p.values,
    );
    const prefix = code.toUpperCase();
    const events = new Set<string>();
    const articles = new Set<number>();
    const children = new Map<string, Set<string>>();
    for (const r of rows) {
      const id = `${r.article_id}-${r.idx}`;
      events.add(id);
      articles.add(r.article_id);
      for (const c of codes(r.codes)) {
        if (c.length < childLength || !c.startsWith(prefix)) continue;
        const child = c.slice(0, childLength);
        const seen = children.get(child) ?? new Set<string>();
        seen.add(id);
        children.set(child, seen);
      }
    }
    return {
      events: events.size,
      articles: articles.size,
      children: [...children]
        .map(([child, ids]) => ({ code: child, events: ids.size }))
        .sort((a, b) => b.events - a.events || a.code.localeCompare(b.code)),
    };
  }

  async graph(f: EventFilter & { limit?: number }): Promise<ActorGraph> {
    const read = this.engine.bounded(this.deadlineMs);
    const p = this.engine.placeholders();
    const where = this.eventWhere(f, p);
    const { limit } = page(f.limit, 0, 200, 2000);
    const edges = await read<ActorGraph['edges'][number]>(
      `SELECT s.actor_id AS source, t.actor_id AS target, v.type AS type, count(*) AS count
       FROM events v JOIN articles a ON a.id = v.article_id
       JOIN event_actors s ON s.article_id = v.article_id AND s.event_idx = v.idx AND s.role = 'source'
       JOIN event_actors t ON t.article_id = v.article_id AND t.event_idx = v.idx AND t.role = 'target'
       WHERE ${where} AND s.actor_id != t.actor_id
       GROUP BY s.actor_id, t.actor_id, v.type ORDER BY count DESC, source, target, type LIMIT ${p.add(limit)}`,
      p.values,
    );
    const ids = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
    const names = ids.length ? await this.engine.actorNames(ids) : new Map<string, never>();
    const nodes = ids.map((id) => {
      const r = names.get(id);
      const events = edges.filter((e) => e.source === id || e.target === id).reduce((n, e) => n + e.count, 0);
      return { id, name: r?.name ?? id, codes: codes(r?.codes), events };
    });
    return { nodes, edges };
  }
}
