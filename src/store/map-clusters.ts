import type { Analysis } from '../understand/types.js';
import { SEARCH_DEADLINE_MS } from './query/parse.js';
import { EVENT_COLUMNS, type EventDbRow, type Explore, type ExploreEngine } from './explore.js';
import type { SqlClient } from './sql/client.js';
import type { EventFilter, EventRow } from './types.js';

// The map's clusters and feed, written once for both engines (issue 18). The map asks for the events in its
// view: placed events inside a lon/lat box, grouped into a grid whose cells halve with each zoom level, so
// the browser draws a few hundred clusters instead of downloading every event and clustering them itself.
// Beside the clusters come the newest events in view (the feed) and, for clusters small enough to list,
// their events, each with its evidence sentence for the marker's popup.

/** A lon/lat box: west < east (the map does not cross the antimeridian), south < north. */
export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface MapClusterFilter extends EventFilter {
  bbox: BBox;
  /** Grid level: cells of 360 / 2^(zoom + 2) degrees (zoom 0: 90°, zoom 6: 1.4°, zoom 16: about 150 m). */
  zoom: number;
  /** How many of the newest events in view to return as the feed. */
  feedLimit?: number;
  /** Also the first and last event date of the filter over the whole map (for the time slider's range). */
  span?: boolean;
}

/** An event in view, with the sentence it was read from. */
export interface MapEvent extends EventRow {
  /** The evidence sentence; null when the analysis no longer has it. */
  evidence: string | null;
}

export interface TypeCount {
  type: string;
  count: number;
}

export interface MapCluster {
  /** The grid cell, `<column>:<row>` at this zoom: stable while the view pans. */
  key: string;
  count: number;
  /** The mean position of the cluster's events. */
  lat: number;
  lon: number;
  /** The box of its events, [west, south, east, north]: where a click on the cluster zooms to. */
  extent: [number, number, number, number];
  /** Most frequent first. */
  types: TypeCount[];
  /** The cluster's events, newest first, when it has at most MAP_LIMITS.listedCluster of them. */
  events?: MapEvent[];
}

export interface MapClusters {
  zoom: number;
  cellDegrees: number;
  /** Placed events in view matching the filter. */
  total: number;
  clusters: MapCluster[];
  /** True when the view held more cells than MAP_LIMITS.cells: the sparsest were left out. */
  truncated: boolean;
  /** The newest events in view. */
  feed: MapEvent[];
  /** First and last event date of the filter's placed events anywhere (asked with `span`); null if none. */
  span?: { first: string; last: string } | null;
}

export const MAP_LIMITS = {
  minZoom: 0,
  maxZoom: 16,
  /** Grid cells a box may cover at its zoom: a viewport needs a few hundred; more is a wrong zoom. */
  cellsInBox: 16_384,
  /** Clusters returned at most (densest first). */
  cells: 2_000,
  /** A cluster this small lists its events, so the map can draw them as markers with popups. */
  listedCluster: 8,
  /** Events listed inside small clusters, in all. */
  listedEvents: 400,
  feed: 200,
  /** Articles whose analysis is read for evidence sentences in one answer. */
  evidenceArticles: 200,
} as const;

export const cellDegrees = (zoom: number): number => 360 / 2 ** (zoom + 2);

/** How many grid cells the box covers at `zoom` (cells partly inside count). */
export function cellsInBox(b: BBox, zoom: number): number {
  const d = cellDegrees(zoom);
  const cols = Math.floor((b.east + 180) / d) - Math.floor((b.west + 180) / d) + 1;
  const rows = Math.floor((b.north + 90) / d) - Math.floor((b.south + 90) / d) + 1;
  return cols * rows;
}

/** The newest first, undated last: the order of the event list. */
const NEWEST = 'date IS NULL, date DESC, article_id DESC, idx';

export class MapClusterReads {
  constructor(
    private readonly sql: SqlClient,
    private readonly engine: ExploreEngine,
    private readonly explore: Explore,
    /** How long each statement may run: the same bound as a search (tests shorten it). */
    private readonly deadlineMs = SEARCH_DEADLINE_MS,
  ) {}

  /** Throws RangeError on a box or zoom outside MAP_LIMITS, QueryError on a bad or too slow query. */
  async clusters(f: MapClusterFilter): Promise<MapClusters> {
    const { bbox: b, zoom } = f;
    if (!Number.isInteger(zoom) || zoom < MAP_LIMITS.minZoom || zoom > MAP_LIMITS.maxZoom)
      throw new RangeError(`zoom must be an integer from ${MAP_LIMITS.minZoom} to ${MAP_LIMITS.maxZoom}`);
    if (!(
      b.west >= -180 &&
      b.east <= 180 &&
      b.west < b.east &&
      b.south >= -90 &&
      b.north <= 90 &&
      b.south < b.north
    ))
      throw new RangeError('bbox must be west < east within ±180 and south < north within ±90');
    if (cellsInBox(b, zoom) > MAP_LIMITS.cellsInBox)
      throw new RangeError(`the bbox covers more than ${MAP_LIMITS.cellsInBox} grid cells at zoom ${zoom}`);
    const d = cellDegrees(zoom);
    // Cell columns and rows count from the south-west corner, so they are never negative: SQLite's CAST
    // truncates toward zero, which is the floor there; PostgreSQL's CAST would round.
    const floor = (x: string) =>
      this.sql.dialect === 'sqlite' ? `CAST(${x} AS INTEGER)` : `CAST(floor(${x}) AS INTEGER)`;
    const cx = floor(`(v.lon + 180.0) / ${d}`);
    const cy = floor(`(v.lat + 90.0) / ${d}`);
    const read = this.engine.bounded(this.deadlineMs);
    const inView = (): { where: string; values: unknown[] } => {
      const p = this.engine.placeholders();
      const where = this.explore.eventWhere({ ...f, placed: true }, p);
      const box = `v.lon >= ${p.add(b.west)} AND v.lon <= ${p.add(b.east)} AND v.lat >= ${p.add(b.south)} AND v.lat <= ${p.add(b.north)}`;
      return { where: `${where} AND ${box}`, values: p.values };
    };
    const feedLimit = Math.min(Math.max(f.feedLimit ?? 50, 0), MAP_LIMITS.feed);

    const cells = inView();
    const feed = inView();
    const listed = inView();
    const [cellRows, feedRows, listedRows, span] = await Promise.all([
      read<CellRow>(
        `SELECT cx, cy, type, count(*) AS n, sum(lat) AS slat, sum(lon) AS slon,
           min(lon) AS w, min(lat) AS s, max(lon) AS e, max(lat) AS nn,
           sum(count(*)) OVER (PARTITION BY cx, cy) AS cell_n
         FROM (SELECT ${cx} AS cx, ${cy} AS cy, v.type AS type, v.lat AS lat, v.lon AS lon
               FROM events v JOIN articles a ON a.id = v.article_id WHERE ${cells.where}) t
         GROUP BY cx, cy, type ORDER BY cell_n DESC, cx, cy, n DESC, type`,
        cells.values,
      ),
      feedLimit === 0
        ? Promise.resolve([])
        : read<EventDbRow>(
            `SELECT ${EVENT_COLUMNS} FROM events v JOIN articles a ON a.id = v.article_id
             WHERE ${feed.where} ORDER BY v.date IS NULL, v.date DESC, v.article_id DESC, v.idx
             LIMIT ${feedLimit}`,
            feed.values,
          ),
      // The events of small cells: counted per cell in the same pass that reads them.
      read<EventDbRow & { cx: number; cy: number; cell_n: number }>(
        `SELECT * FROM (
           SELECT t.*, count(*) OVER (PARTITION BY cx, cy) AS cell_n FROM (
             SELECT ${EVENT_COLUMNS}, ${cx} AS cx, ${cy} AS cy
             FROM events v JOIN articles a ON a.id = v.article_id WHERE ${listed.where}) t) u
         WHERE cell_n <= ${MAP_LIMITS.listedCluster} ORDER BY ${NEWEST} LIMIT ${MAP_LIMITS.listedEvents}`,
        listed.values,
      ),
      f.span ? this.span(f) : Promise.resolve(undefined),
    ]);

    // Cells arrive densest first, each as one row per event type.
    const byCell = new Map<string, MapCluster & { slat: number; slon: number }>();
    let total = 0;
    let truncated = false;
    for (const r of cellRows) {
      const key = `${Number(r.cx)}:${Number(r.cy)}`;
      const n = Number(r.n);
      total += n;
      let c = byCell.get(key);
      if (!c) {
        if (byCell.size >= MAP_LIMITS.cells) {
          truncated = true;
          continue;
        }
        c = { key, count: 0, lat: 0, lon: 0, slat: 0, slon: 0, extent: [180, 90, -180, -90], types: [] };
        byCell.set(key, c);
      }
      c.count += n;
      c.slat += Number(r.slat);
      c.slon += Number(r.slon);
      c.extent = [
        Math.min(c.extent[0], Number(r.w)),
        Math.min(c.extent[1], Number(r.s)),
        Math.max(c.extent[2], Number(r.e)),
        Math.max(c.extent[3], Number(r.nn)),
      ];
      c.types.push({ type: r.type, count: n });
    }

    const events = await this.withEvidence([...feedRows, ...listedRows]);
    const listedByCell = new Map<string, MapEvent[]>();
    listedRows.forEach((r, i) => {
      const key = `${Number(r.cx)}:${Number(r.cy)}`;
      const e = events[feedRows.length + i];
      if (!e) return;
      const list = listedByCell.get(key);
      if (list) list.push(e);
      else listedByCell.set(key, [e]);
    });

    const clusters = [...byCell.values()].map(({ slat, slon, ...c }): MapCluster => {
      const listedEvents = listedByCell.get(c.key);
      return {
        ...c,
        lat: slat / c.count,
        lon: slon / c.count,
        types: c.types.sort((x, y) => y.count - x.count || x.type.localeCompare(y.type)),
        // Only when every one of its events was listed (the listing has its own cap).
        ...(listedEvents && listedEvents.length === c.count ? { events: listedEvents } : {}),
      };
    });
    return {
      zoom,
      cellDegrees: d,
      total,
      clusters,
      truncated,
      feed: events.slice(0, feedRows.length),
      ...(span !== undefined ? { span } : {}),
    };
  }

  /** The first and last event date of the filter's placed events, anywhere on the map. */
  private async span(f: EventFilter): Promise<{ first: string; last: string } | null> {
    const p = this.engine.placeholders();
    const where = this.explore.eventWhere({ ...f, placed: true }, p);
    const [r] = await this.engine.bounded(this.deadlineMs)<{ first: string | null; last: string | null }>(
      `SELECT min(v.date) AS first, max(v.date) AS last FROM events v JOIN articles a ON a.id = v.article_id
       WHERE ${where}`,
      p.values,
    );
    return r?.first && r.last ? { first: r.first, last: r.last } : null;
  }

  /** The rows as events with their parties and evidence sentence (one analysis read per article). */
  private async withEvidence(rows: EventDbRow[]): Promise<MapEvent[]> {
    const events = await this.explore.toEventRows(rows);
    const articles = [...new Set(rows.map((r) => r.article_id))].slice(0, MAP_LIMITS.evidenceArticles);
    const sentences = new Map<number, Analysis['sentences']>();
    await Promise.all(
      articles.map(async (id) => {
        const r = await this.sql.get<{ analysis: string }>(
          'SELECT analysis FROM analyses WHERE article_id = ?',
          [id],
        );
        if (r) sentences.set(id, (JSON.parse(r.analysis) as Analysis).sentences);
      }),
    );
    return events.map((e) => ({ ...e, evidence: sentences.get(e.articleId)?.[e.sentence]?.text ?? null }));
  }
}

interface CellRow {
  cx: number;
  cy: number;
  type: string;
  n: number;
  slat: number;
  slon: number;
  w: number;
  s: number;
  e: number;
  nn: number;
  cell_n: number;
}
