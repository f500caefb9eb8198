import { ApiError, type EventFilterQuery } from './api.js';

// The map reads /api/events.geojson (up to 5,000 events a request, where the JSON list stops at 500).

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
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, limit }))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const res = await fetch(`/api/events.geojson?${q.toString()}`, { signal });
  const body = (await res.json()) as {
    features?: Feature[];
    total?: number;
    message?: string;
    error?: string;
    position?: number;
  };
  if (!res.ok) {
    throw new ApiError(
      res.status,
      body.error ?? 'http_error',
      body.message ?? res.statusText,
      body.position ?? null,
    );
  }
  const points = pointsOf(body);
  return { points, total: body.total ?? points.length };
}
