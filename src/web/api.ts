import type { VolumeBucket, VolumeResult } from '../store/volume.js';
import type {
  ActorGraph,
  ActorProfile,
  Article,
  ArticleSummary,
  EventRow,
  PlaceProfile,
  SearchResult,
  SearchSort,
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

/** The session's CSRF token, sent with every change (the server refuses changes made with a cookie without it). */
let csrfToken: string | null = null;
export const setCsrf = (token: string | null) => {
  csrfToken = token;
};
/** Called when the server answers 401: the session ended, so the app shows the login form. */
let onUnauthenticated: () => void = () => undefined;
export const setOnUnauthenticated = (fn: () => void) => {
  onUnauthenticated = fn;
};

async function send<T>(method: string, path: string, payload?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
    },
    ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
  });
  return read<T>(res, path);
}

async function read<T>(res: Response, path: string): Promise<T> {
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const b = (body ?? {}) as { error?: string; message?: string; position?: number };
    if (res.status === 401 && path !== '/api/session') onUnauthenticated();
    throw new ApiError(
      res.status,
      b.error ?? 'http_error',
      b.message ?? `${res.status} ${res.statusText}`,
      b.position ?? null,
    );
  }
  return body as T;
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal: signal ?? null });
  return read<T>(res, path);
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

/** One actor found by /api/actors: what the dictionary says, and how often stored articles name it. */
export interface ActorListItem {
  id: string;
  name: string;
  kind: string;
  aliases: string[];
  codes: string[];
  country: string | null;
  /** What the name resolves to in `actor:` and `?actor=`: a code, or the id. */
  term: string;
  articles: number;
  events: number;
}

/** A country's or sector's totals over every actor coded under it (IRN ⊃ IRNGOV, IRNMIL). */
export interface ActorRollup {
  code: string;
  label: string;
  events: number;
  articles: number;
  sectors: Array<{ id: string; code: string; label: string; events: number }>;
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

export type Role = 'admin' | 'analyst' | 'viewer';
export interface Account {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface SessionInfo {
  user: Account | null;
  role: Role | null;
  via: 'session' | 'token' | 'local' | null;
  csrf: string | null;
  accounts: boolean;
}
/** An account's preferences (GET/PUT /api/me/preferences); null when unset. */
export interface Preferences {
  mapRegion: string | null;
}
export interface TokenInfo {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface WatchlistInfo {
  id: number;
  name: string;
  query: string;
  webhookUrl: string | null;
  createdAt: string;
  unread?: number;
}
export interface AlertRow {
  id: number;
  watchlistId: number;
  watchlistName: string;
  articleId: number;
  title: string | null;
  url: string;
  site: string | null;
  publishedAt: string | null;
  createdAt: string;
  readAt: string | null;
}

export const watch = {
  list: () => get<{ items: WatchlistInfo[] }>('/api/watchlists'),
  create: (w: { name: string; query: string; webhookUrl?: string | null }) =>
    send<{ watchlist: WatchlistInfo; feedUrl: string; webhookSecret: string | null }>(
      'POST',
      '/api/watchlists',
      w,
    ),
  remove: (id: number) => send<{ ok: boolean }>('DELETE', `/api/watchlists/${id}`),
  rotateFeed: (id: number) => send<{ feedUrl: string }>('POST', `/api/watchlists/${id}/feed-token`, {}),
  alerts: (offset: number, unread: boolean) =>
    get<{ total: number; unread: number; items: AlertRow[] }>(
      `/api/alerts?limit=50&offset=${offset}${unread ? '&unread=1' : ''}`,
    ),
  read: (body: { ids?: number[]; all?: boolean }) =>
    send<{ marked: number }>('POST', '/api/alerts/read', body),
  digest: (days: number) =>
    get<{
      days: Array<{
        day: string;
        total: number;
        watchlists: Array<{
          id: number;
          name: string;
          articles: Array<{ id: number; title: string | null; site: string | null }>;
        }>;
      }>;
    }>(`/api/digest?days=${days}`),
  digestFeed: () => send<{ feedUrl: string }>('POST', '/api/digest/feed-token', {}),
};

export interface BriefInfo {
  id: number;
  author: string;
  title: string;
  status: 'draft' | 'review' | 'published';
  slug: string | null;
  publishedBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}
export interface BriefFull extends BriefInfo {
  body: string;
  html: string;
  citations: Array<{
    ref: string;
    number: number;
    articleId: number;
    sentence: number;
    title: string | null;
    text: string | null;
  }>;
}

export const briefs = {
  list: () => get<{ items: BriefInfo[] }>('/api/briefs'),
  get: (id: number) => get<BriefFull>(`/api/briefs/${id}`),
  create: (title: string) => send<BriefInfo>('POST', '/api/briefs', { title, body: '' }),
  save: (id: number, change: { title?: string; body?: string }) =>
    send<BriefInfo>('PATCH', `/api/briefs/${id}`, change),
  preview: (body: string) =>
    send<{ html: string; problems: Array<{ ref: string; reason: string }> }>('POST', '/api/briefs/preview', {
      body,
    }),
  setStatus: (id: number, status: BriefInfo['status']) =>
    send<BriefInfo>('POST', `/api/briefs/${id}/status`, { status }),
};

export interface DictActor {
  id: string;
  kind: 'country' | 'person' | 'group' | 'organisation' | 'igo';
  name: string;
  aliases: string[];
  codes: string[];
  country: string | null;
  roles: Array<{ title: string; code: string; from: string | null; to: string | null }>;
}

export const dictionary = {
  find: (q: string) =>
    get<{ items: Array<Pick<DictActor, 'id' | 'name' | 'kind' | 'codes' | 'country'>> }>(
      `/api/dictionary/actors?q=${encodeURIComponent(q)}&limit=8`,
    ),
  get: (id: string) =>
    get<{ actor: DictActor; edited: boolean }>(`/api/dictionary/actors/${encodeURIComponent(id)}`),
  save: (id: string, a: Omit<DictActor, 'id'>) =>
    send<{ actor: DictActor }>('PUT', `/api/dictionary/actors/${encodeURIComponent(id)}`, a),
  revert: (id: string) =>
    send<{ edited: boolean }>('DELETE', `/api/dictionary/actors/${encodeURIComponent(id)}`),
};

export interface GazPlace {
  id: string;
  name: string;
  aliases: string[];
  fclass: string;
  fcode: string;
  cc: string;
  admin1: string;
  lat: number;
  lon: number;
  population: number;
}

export const gazetteer = {
  find: (q: string) =>
    get<{ items: GazPlace[] }>(`/api/dictionary/places?q=${encodeURIComponent(q)}&limit=8`),
  get: (id: string) =>
    get<{ place: GazPlace; edited: boolean }>(`/api/dictionary/places/${encodeURIComponent(id)}`),
  save: (id: string, p: Omit<GazPlace, 'id'>) =>
    send<{ place: GazPlace }>('PUT', `/api/dictionary/places/${encodeURIComponent(id)}`, p),
  revert: (id: string) =>
    send<{ edited: boolean }>('DELETE', `/api/dictionary/places/${encodeURIComponent(id)}`),
};

export const feeds = {
  add: (url: string) => send<{ id: number }>('POST', '/api/feeds', { url }),
  remove: (id: number) => send<{ ok: boolean }>('DELETE', `/api/feeds/${id}`),
};

export const corrections = {
  add: (articleId: number, body: Record<string, unknown>) =>
    send<{ applied: number[]; stale: number[] }>('POST', `/api/articles/${articleId}/corrections`, body),
};

export const auth = {
  session: () => get<SessionInfo>('/api/session'),
  login: (username: string, password: string) =>
    send<SessionInfo>('POST', '/api/session', { username, password }),
  logout: () => send<{ ok: boolean }>('DELETE', '/api/session'),
  changePassword: (current: string, next: string) =>
    send<{ message: string }>('POST', '/api/me/password', { current, next }),
  tokens: () => get<{ items: TokenInfo[] }>('/api/me/tokens'),
  createToken: (name: string, role: Role) =>
    send<{ token: TokenInfo; secret: string }>('POST', '/api/me/tokens', { name, role }),
  revokeToken: (id: number) => send<{ ok: boolean }>('DELETE', `/api/me/tokens/${id}`),
  preferences: (signal?: AbortSignal) => get<Preferences>('/api/me/preferences', signal),
  setPreferences: (change: Partial<Preferences>) => send<Preferences>('PUT', '/api/me/preferences', change),
  users: () => get<{ items: Account[] }>('/api/users'),
  createUser: (u: { username: string; role: Role; password: string; displayName?: string }) =>
    send<Account>('POST', '/api/users', u),
  updateUser: (id: number, change: { role?: Role; disabled?: boolean; password?: string }) =>
    send<Account>('PATCH', `/api/users/${id}`, change),
  audit: (offset: number) =>
    get<{ total: number; items: AuditRow[] }>(`/api/audit?limit=50&offset=${offset}`),
};

export const api = {
  search: (q: string, offset: number, signal?: AbortSignal, sort?: SearchSort) =>
    get<SearchResult>(`/api/search${qs({ q, offset, limit: 20, facets: 1, sort })}`, signal),
  articles: (offset: number, signal?: AbortSignal) =>
    get<{ total: number; items: ArticleSummary[] }>(`/api/articles${qs({ offset, limit: 20 })}`, signal),
  article: (id: number, signal?: AbortSignal) => get<Article>(`/api/articles/${id}`, signal),
  analysis: (id: number, signal?: AbortSignal) => get<Analysis>(`/api/articles/${id}/analysis`, signal),
  story: (id: number, signal?: AbortSignal) =>
    get<Story & { articles: ArticleSummary[] }>(`/api/stories/${id}`, signal),
  actor: (id: string, signal?: AbortSignal) =>
    get<ActorProfile & ActorDictionaryInfo & { rollup?: ActorRollup | null }>(
      `/api/actors/${encodeURIComponent(id)}`,
      signal,
    ),
  actors: (
    f: { q?: string; country?: string; sector?: string; limit?: number; offset?: number },
    signal?: AbortSignal,
  ) =>
    get<{ total: number; limit: number; offset: number; items: ActorListItem[] }>(
      `/api/actors${qs(f)}`,
      signal,
    ),
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
  /** One series per query (repeated q: qs() keeps one value per key). */
  volume: (queries: readonly string[], signal?: AbortSignal) =>
    get<VolumeAnswer>(`/api/search/volume?${new URLSearchParams(queries.map((q) => ['q', q]))}`, signal),
};

export interface VolumeAnswer {
  /** What is counted, in words. */
  counts: string;
  bucket: VolumeBucket;
  series: VolumeResult[];
}

export const exportUrl = (q: string, format: 'csv' | 'json' | 'geojson') => `/api/export${qs({ q, format })}`;
