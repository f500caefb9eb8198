import type {
  ActorGraph,
  ActorProfile,
  Article,
  ArticleSummary,
  EventRow,
  PlaceProfile,
  SearchResult,
  Story,
  StoreStatus,
  TimelinePoint,
} from '../store/types.js';
import type { Analysis } from '../understand/types.js';

// The typed client of the JSON API: the web app reads nothing else.

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For `bad_query`: where in the query the parser stopped. */
    readonly position: number | null,
  ) {
    super(message);
  }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal: signal ?? null });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const b = (body ?? {}) as { error?: string; message?: string; position?: number };
    throw new ApiError(
      res.status,
      b.error ?? 'http_error',
      b.message ?? `${res.status} ${res.statusText}`,
      b.position ?? null,
    );
  }
  return body as T;
}

export type Query = Record<string, string | number | undefined | null>;
const qs = (query: Query) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export interface EventFilterQuery extends Query {
  q?: string;
  type?: string;
  actor?: string;
  country?: string;
  from?: string;
  to?: string;
}

/** The dictionary's knowledge of an actor, when the API has it (older servers answer without). */
export interface ActorDictionaryInfo {
  aliases?: string[];
  country?: string | null;
  roles?: Array<{
    title?: string | null;
    organisation?: string | null;
    code?: string | null;
    from?: string | null;
    to?: string | null;
    country?: string | null;
  }>;
}

export interface QuoteRow {
  articleId: number;
  articleTitle: string | null;
  text: string;
  speaker: { actorId: string | null; name: string | null; text: string | null } | null;
  sentence: number;
  start: number;
  end: number;
  confidence: number;
}

export const api = {
  search: (q: string, offset: number, signal?: AbortSignal) =>
    get<SearchResult>(`/api/search${qs({ q, offset, limit: 20, facets: 1 })}`, signal),
  articles: (offset: number, signal?: AbortSignal) =>
    get<{ total: number; items: ArticleSummary[] }>(`/api/articles${qs({ offset, limit: 20 })}`, signal),
  article: (id: number, signal?: AbortSignal) => get<Article>(`/api/articles/${id}`, signal),
  analysis: (id: number, signal?: AbortSignal) => get<Analysis>(`/api/articles/${id}/analysis`, signal),
  story: (id: number, signal?: AbortSignal) => get<Story>(`/api/stories/${id}`, signal),
  actor: (id: string, signal?: AbortSignal) =>
    get<ActorProfile & ActorDictionaryInfo>(`/api/actors/${encodeURIComponent(id)}`, signal),
  place: (id: string, signal?: AbortSignal) =>
    get<PlaceProfile>(`/api/places/${encodeURIComponent(id)}`, signal),
  events: (f: EventFilterQuery & { limit?: number; offset?: number }, signal?: AbortSignal) =>
    get<{ total: number; items: EventRow[]; limit: number; offset: number }>(`/api/events${qs(f)}`, signal),
  timeline: (f: EventFilterQuery & { bucket?: string }, signal?: AbortSignal) =>
    get<{ bucket: string; points: TimelinePoint[] }>(`/api/timeline${qs(f)}`, signal),
  graph: (f: EventFilterQuery & { limit?: number }, signal?: AbortSignal) =>
    get<ActorGraph>(`/api/graph${qs(f)}`, signal),
  quotes: (f: Query, signal?: AbortSignal) =>
    get<{ total: number; items: QuoteRow[] }>(`/api/quotes${qs(f)}`, signal),
  status: (signal?: AbortSignal) => get<StoreStatus>('/api/status', signal),
};

export const exportUrl = (q: string, format: 'csv' | 'json' | 'geojson') => `/api/export${qs({ q, format })}`;
