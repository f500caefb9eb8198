import { z } from 'zod';
import { AUTH_SCHEMAS } from './auth/api-auth.js';
import { API_POLICY } from './auth/policy.js';
import { bodyLimitFor } from './auth/body-limits.js';
import { BRIEF_SCHEMAS } from './briefs/api-briefs.js';
import { WATCHLIST_SCHEMAS } from './api-watchlists.js';
import { CORRECTION_SCHEMA } from './api-corrections.js';
import { ACTOR_EDIT_SCHEMA } from './api-dictionary.js';
import { PLACE_EDIT_SCHEMA } from './api-gazetteer.js';
import { FEED_SCHEMA } from './api-feeds.js';
import { PREFERENCE_SCHEMA } from './api-preferences.js';

// The team routes (accounts, watchlists, alerts, briefs) in the OpenAPI document: summaries here, request
// bodies from the zod schemas the routes validate with, and the role each needs from the policy table.

const TEAM_ROUTES: Record<string, { summary: string; body?: z.ZodType; query?: z.ZodObject }> = {
  'GET /api/session': {
    summary: 'Who is asking: user, role, CSRF token for changes, whether accounts exist',
  },
  'POST /api/session': {
    summary: 'Log in (sets an httpOnly session cookie); rate-limited',
    body: AUTH_SCHEMAS.login,
  },
  'DELETE /api/session': { summary: 'Log out' },
  'POST /api/me/password': {
    summary: 'Change one’s password (ends one’s sessions)',
    body: AUTH_SCHEMAS.password,
  },
  'GET /api/me/tokens': { summary: 'One’s API tokens' },
  'POST /api/me/tokens': {
    summary: 'Create an API token (the secret is returned once)',
    body: AUTH_SCHEMAS.token,
  },
  'DELETE /api/me/tokens/{id}': { summary: 'Revoke one of one’s tokens' },
  'GET /api/me/preferences': {
    summary: 'One’s preferences (the map’s region; null when unset); 409 without an account',
  },
  'PUT /api/me/preferences': {
    summary: 'Set preferences (names given are changed, null forgets one); 409 without an account',
    body: PREFERENCE_SCHEMA,
  },
  'GET /api/users': { summary: 'Accounts' },
  'POST /api/users': { summary: 'Create an account', body: AUTH_SCHEMAS.newUser },
  'PATCH /api/users/{id}': {
    summary: 'Change role, name, password or disable an account',
    body: AUTH_SCHEMAS.userChange,
  },
  'GET /api/audit': {
    summary: 'The audit log: who changed what, when, before and after',
    query: AUTH_SCHEMAS.audit,
  },
  'GET /api/watchlists': { summary: 'One’s watchlists with unread counts' },
  'POST /api/watchlists': {
    summary: 'Save a search as a watchlist (returns its private feed URL)',
    body: WATCHLIST_SCHEMAS.create,
  },
  'PATCH /api/watchlists/{id}': {
    summary: 'Rename, change the query or the webhook',
    body: WATCHLIST_SCHEMAS.update,
  },
  'DELETE /api/watchlists/{id}': { summary: 'Delete a watchlist and its alerts' },
  'POST /api/watchlists/{id}/feed-token': { summary: 'Replace the private feed URL' },
  'GET /api/watchlists/{id}/atom': {
    summary: 'The watchlist’s alerts as Atom (the token in the URL is the credential)',
  },
  'GET /api/alerts': { summary: 'One’s alert inbox', query: WATCHLIST_SCHEMAS.alerts },
  'POST /api/alerts/read': { summary: 'Mark alerts read', body: WATCHLIST_SCHEMAS.read },
  'POST /api/articles/{id}/corrections': {
    summary: 'Correct an extraction (actor link, place, date, event type, missed or spurious entity)',
    body: CORRECTION_SCHEMA,
  },
  'GET /api/articles/{id}/corrections': { summary: 'An article’s corrections, revoked ones included' },
  'DELETE /api/corrections/{id}': { summary: 'Revoke a correction' },
  'GET /api/corrections/export': { summary: 'Every live correction as JSON lines: training data' },
  'GET /api/digest': { summary: 'One’s daily digest: alerts by day and watchlist (days=1…90, default 7)' },
  'POST /api/digest/feed-token': {
    summary: 'A private Atom feed URL of one’s daily digest (replaces the last)',
  },
  'GET /api/digest.atom': {
    summary: 'The daily digest as Atom, one entry per day (the token in the URL is the credential)',
  },
  'GET /api/dictionary/actors': { summary: 'Find dictionary actors by name, alias or code (q, limit)' },
  'GET /api/dictionary/actors/{id}': {
    summary: 'A dictionary actor: the shipped entry with the team’s edit',
  },
  'PUT /api/dictionary/actors/{id}': {
    summary: 'Edit (or add) a dictionary actor: aliases, codes, roles',
    body: ACTOR_EDIT_SCHEMA,
  },
  'DELETE /api/dictionary/actors/{id}': { summary: 'Revert an actor to its shipped entry' },
  'GET /api/dictionary/places': {
    summary: 'Find gazetteer places by name or alias prefix, most populous first',
  },
  'GET /api/dictionary/places/{id}': { summary: 'A gazetteer place: the shipped row with the team’s edit' },
  'PUT /api/dictionary/places/{id}': {
    summary: 'Edit (or add) a gazetteer place: aliases, coordinates',
    body: PLACE_EDIT_SCHEMA,
  },
  'DELETE /api/dictionary/places/{id}': { summary: 'Revert a place to its shipped row' },
  'GET /api/feeds': { summary: 'The feeds (sources) polled for new articles' },
  'POST /api/feeds': { summary: 'Add a feed (admins)', body: FEED_SCHEMA },
  'DELETE /api/feeds/{id}': { summary: 'Remove a feed (admins)' },
  'GET /api/briefs': { summary: 'Briefs, newest first' },
  'POST /api/briefs': { summary: 'Start a brief (draft)', body: BRIEF_SCHEMAS.create },
  'POST /api/briefs/preview': {
    summary:
      'Render a brief’s text as the editor types, without saving it; lists citations that point at nothing',
    body: BRIEF_SCHEMAS.preview,
  },
  'GET /api/briefs/{id}': { summary: 'A brief with its rendered HTML and resolved citations' },
  'PATCH /api/briefs/{id}': { summary: 'Edit a draft or a brief in review', body: BRIEF_SCHEMAS.update },
  'POST /api/briefs/{id}/status': {
    summary: 'Move a brief: draft → review → published',
    body: BRIEF_SCHEMAS.status,
  },
  'GET /api/briefs/{id}/export.md': { summary: 'The brief as Markdown with footnotes' },
  'GET /api/briefs/{id}/export.pdf': { summary: 'The brief as PDF (printed by headless Chromium)' },
};

const roleOf = (method: string, path: string) =>
  API_POLICY.find(([m, p]) => m === method && p === path.replace(/\{(\w+)\}/g, ':$1'))?.[2] ?? 'admin';

/** Path items keyed by OpenAPI path, methods in lower case. */
export function teamPaths(error: object): Record<string, Record<string, object>> {
  const out: Record<string, Record<string, object>> = {};
  for (const [key, route] of Object.entries(TEAM_ROUTES)) {
    const [method, path] = key.split(' ') as [string, string];
    const access = roleOf(method, path);
    const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = route.query
      ? Object.entries(
          (z.toJSONSchema(route.query, { io: 'input' }) as { properties?: Record<string, object> })
            .properties ?? {},
        ).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))
      : [];
    // GET bodies are never read; every other method's body is capped before authentication.
    const limit = method === 'GET' ? null : bodyLimitFor(path);
    (out[path] ??= {})[method.toLowerCase()] = {
      summary: route.summary,
      ...(limit === null ? {} : { 'x-body-limit': limit }),
      'x-required-role': access,
      security: access === 'public' ? [] : [{ session: [] }, { token: [] }],
      parameters: [...pathParams, ...query],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              description: `JSON, at most ${limit} bytes (413 payload_too_large beyond)`,
              content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'OK' },
        '400': error,
        '401': error,
        '403': error,
        '404': error,
        ...(limit === null ? {} : { '413': error }),
      },
    };
  }
  return out;
}

export const SECURITY_SCHEMES = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'wf_session',
    description: 'From POST /api/session; changes need the X-CSRF-Token header',
  },
  token: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token: watchfloor users token NAME, or POST /api/me/tokens',
  },
};
