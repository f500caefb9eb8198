import type { Role } from '../../store/team/types.js';

// Who may call what: one table for every API route, so a route cannot be added without deciding who may
// reach it (test/integration/roles.test.ts fails on a route missing here, and checks each entry's refusals).

export type Access = 'public' | Role;

export const API_POLICY: ReadonlyArray<readonly [method: string, path: string, access: Access]> = [
  ['GET', '/api/openapi.json', 'public'],
  ['GET', '/api/docs', 'public'],
  ['GET', '/api/session', 'public'],
  ['POST', '/api/session', 'public'],
  ['DELETE', '/api/session', 'public'],

  ['GET', '/api/search', 'viewer'],
  ['GET', '/api/search/volume', 'viewer'],
  ['GET', '/api/articles', 'viewer'],
  ['GET', '/api/articles/:id', 'viewer'],
  ['GET', '/api/articles/:id/analysis', 'viewer'],
  ['GET', '/api/stories/:id', 'viewer'],
  ['GET', '/api/events', 'viewer'],
  ['GET', '/api/events/:id', 'viewer'],
  ['GET', '/api/events.geojson', 'viewer'],
  ['GET', '/api/events.csv', 'viewer'],
  ['GET', '/api/map/clusters', 'viewer'],
  ['GET', '/api/quotes', 'viewer'],
  ['GET', '/api/claims', 'viewer'],
  ['GET', '/api/timeline', 'viewer'],
  ['GET', '/api/graph', 'viewer'],
  ['GET', '/api/actors', 'viewer'],
  ['GET', '/api/actors/:id', 'viewer'],
  ['GET', '/api/places/:id', 'viewer'],
  ['GET', '/api/export', 'viewer'],
  ['GET', '/api/status', 'viewer'],

  ['POST', '/api/me/password', 'viewer'],
  ['GET', '/api/me/tokens', 'viewer'],
  ['POST', '/api/me/tokens', 'viewer'],
  ['DELETE', '/api/me/tokens/:id', 'viewer'],
  ['GET', '/api/me/preferences', 'viewer'],
  ['PUT', '/api/me/preferences', 'viewer'],

  ['GET', '/api/watchlists', 'analyst'],
  ['POST', '/api/watchlists', 'analyst'],
  ['PATCH', '/api/watchlists/:id', 'analyst'],
  ['DELETE', '/api/watchlists/:id', 'analyst'],
  ['POST', '/api/watchlists/:id/feed-token', 'analyst'],
  // The feed's own token is its credential (feed readers cannot log in); the route checks it.
  ['GET', '/api/watchlists/:id/atom', 'public'],
  ['GET', '/api/alerts', 'analyst'],
  ['GET', '/api/digest', 'analyst'],
  ['POST', '/api/digest/feed-token', 'analyst'],
  ['GET', '/api/digest.atom', 'public'],
  ['POST', '/api/alerts/read', 'analyst'],

  ['GET', '/api/briefs', 'analyst'],
  ['POST', '/api/briefs', 'analyst'],
  ['POST', '/api/briefs/preview', 'analyst'],
  ['GET', '/api/briefs/:id', 'analyst'],
  ['PATCH', '/api/briefs/:id', 'analyst'],
  ['POST', '/api/briefs/:id/status', 'analyst'],
  ['GET', '/api/briefs/:id/export.md', 'analyst'],
  ['GET', '/api/briefs/:id/export.pdf', 'analyst'],

  ['POST', '/api/articles/:id/corrections', 'analyst'],
  ['GET', '/api/articles/:id/corrections', 'viewer'],
  ['DELETE', '/api/corrections/:id', 'analyst'],
  ['GET', '/api/corrections/export', 'analyst'],

  ['GET', '/api/dictionary/actors', 'viewer'],
  ['GET', '/api/dictionary/actors/:id', 'viewer'],
  ['PUT', '/api/dictionary/actors/:id', 'analyst'],
  ['DELETE', '/api/dictionary/actors/:id', 'analyst'],
  ['GET', '/api/dictionary/places', 'viewer'],
  ['GET', '/api/dictionary/places/:id', 'viewer'],
  ['PUT', '/api/dictionary/places/:id', 'analyst'],
  ['DELETE', '/api/dictionary/places/:id', 'analyst'],

  ['GET', '/api/feeds', 'viewer'],
  ['POST', '/api/feeds', 'admin'],
  ['DELETE', '/api/feeds/:id', 'admin'],

  ['GET', '/api/users', 'admin'],
  ['POST', '/api/users', 'admin'],
  ['PATCH', '/api/users/:id', 'admin'],
  ['GET', '/api/audit', 'admin'],
];

const compiled = API_POLICY.map(([method, path, access]) => ({
  method,
  path,
  access,
  re: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/:[a-z]+/gi, '[^/]+')}/?$`),
}));

/** The access a request needs; routes missing from the table need admin, so a forgotten one fails closed. */
export function accessFor(method: string, path: string): Access {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.find((r) => r.method === m && r.re.test(path))?.access ?? 'admin';
}

export function policyEntry(method: string, routePath: string): Access | undefined {
  return API_POLICY.find(([m, p]) => m === method && p === routePath)?.[2];
}
