import { ApiError, type EventFilterQuery } from './api.js';
import type { MapClusters } from '../store/map-clusters.js';

// The actor and place pages' maps read /api/events.geojson (up to 5,000 events a request, where the JSON list
// stops at 500) and cluster them in the browser; the map page reads its view clustered by the server.

export interface EventPoint {
  id: string;
  lat: number;
  lon: number;
  type: string;
  label: string;
  date: string | null;
  articleId: number;
  sentence: number;
}

interface Feature {
  id?: string | number;
  geometry: { type: string; coordinates: [number, number] } | null;
  properties: {
    type?: string;
    mode?: string | null;
    date?: string | null;
    place?: string | null;
    sources?: string[];
    targets?: string[];
    articleId?: number;
    evidence?: string;
  };
}

export function pointsOf(collection: { features?: Feature[] }): EventPoint[] {
  const out: EventPoint[] = [];
  for (const f of collection.features ?? []) {
    if (f.geometry?.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates;
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const p = f.properties;
    const who = `${(p.sources ?? []).join(', ') || '?'} → ${(p.targets ?? []).join(', ') || '?'}`;
    out.push({
      id: String(f.id ?? out.length),
      lat,
      lon,
      type: p.type ?? 'UNKNOWN',
      label: `${p.type ?? ''}${p.mode ? `/${p.mode}` : ''}: ${who}${p.place ? `, ${p.place}` : ''}`,
      date: p.date ?? null,
      articleId: p.articleId ?? 0,
      sentence: Number(/#s(\d+)$/.exec(p.evidence ?? '')?.[1] ?? 0),
    });
  }
  return out;
}

/** The placed events loaded, and how many placed events the filter has in all (more when truncated). */
export interface EventPoints {
  points: EventPoint[];
  total: number;
}

export async function loadEventPoints(
  filter: EventFilterQuery,
  signal: AbortSignal,
  limit = 5000,
): Promise<EventPoints> {
  const body = await getJson<{ features?: Feature[]; total?: number }>(
    `/api/events.geojson?${params({ ...filter, limit })}`,
    signal,
  );
  const points = pointsOf(body);
  return { points, total: body.total ?? points.length };
}

/** The query string of the given parameters, leaving out the empty ones. */
function params(query: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

/** GET as JSON; an error answer becomes an ApiError with the server's code, message and query position. */
async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal: signal ?? null, headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as T & {
    message?: string;
    error?: string;
    position?: number;
  };
  if (!res.ok)
    throw new ApiError(
      res.status,
      body.error ?? 'http_error',
      body.message ?? res.statusText,
      body.position ?? null,
    );
  return body;
}

// The map page reads its view from /api/map/clusters: grid clusters of the events in a box and the newest
// events in it, so the first markers come from one small answer instead of every event the filter has.

export type { MapCluster, MapClusters, MapEvent } from '../store/map-clusters.js';

/** A lon/lat box, [west, south, east, north]. */
export type Box = [number, number, number, number];

export interface MapViewQuery {
  box: Box;
  zoom: number;
  /** The newest events in view to list. */
  feed: number;
  /** Also the filter's first and last event date over the whole map. */
  span: boolean;
}

/** Screen pixels per grid cell the map asks for: about a cluster disc's diameter plus a gap. */
const CELL_PX = 64;

/**
 * The server's grid level for a view `width` pixels wide showing `box`: its cells are 360 / 2^(zoom + 2)
 * degrees (src/store/map-clusters.ts), the finest level whose cells are still at least CELL_PX wide.
 */
export function gridZoom(box: Box, width: number): number {
  const degPerPx = Math.max(box[2] - box[0], 1e-6) / Math.max(width, 1);
  const z = Math.floor(Math.log2(360 / (CELL_PX * degPerPx))) - 2;
  return Math.min(16, Math.max(0, z));
}

/** The newest events in view the map page lists beside the map. */
export const MAP_FEED = 50;

function mapViewUrl(filter: EventFilterQuery, view: MapViewQuery): string {
  return `/api/map/clusters?${params({
    ...filter,
    // Six decimals is about 10 cm: enough, and it keeps the URL short.
    bbox: view.box.map((d) => Math.round(d * 1e6) / 1e6).join(','),
    zoom: view.zoom,
    feed: view.feed,
    span: view.span ? 1 : undefined,
  })}`;
}

/** A view asked for before the page was drawn (primeMapView), waiting for the page's first ask. */
let primed: { url: string; answer: Promise<MapClusters> } | null = null;

/**
 * Asks for a view now, before the map page exists: the page's first loadMapView of the same URL takes this
 * answer instead of asking again. Only the first ask may take it (a later one wants fresh data), and a
 * failed one is dropped so the page asks itself (signed out, it is asked again after the login).
 */
export function primeMapView(filter: EventFilterQuery, view: MapViewQuery): void {
  const url = mapViewUrl(filter, view);
  const answer = getJson<MapClusters>(url);
  primed = { url, answer };
  answer.catch(() => {
    if (primed?.url === url) primed = null;
  });
}

export async function loadMapView(
  filter: EventFilterQuery,
  view: MapViewQuery,
  signal: AbortSignal,
): Promise<MapClusters> {
  const url = mapViewUrl(filter, view);
  const early = primed;
  primed = null;
  // The caller drops an answer once its signal aborts, so the early ask needs no signal of its own.
  if (early?.url === url) return early.answer;
  return getJson<MapClusters>(url, signal);
}
