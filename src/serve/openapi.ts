import { z } from 'zod';
import { escapeHtml } from '../store/search-query.js';
import { VOLUME_SCHEMA } from './api-volume.js';
import { PATH_SCHEMAS, ROUTE_SCHEMAS } from './api-explore.js';
import { ACTORS_SCHEMA } from './api-actors.js';
import { SECURITY_SCHEMES, teamPaths } from './openapi-team.js';
import { BODY_LIMITS } from './auth/body-limits.js';
import { SEARCH_DEADLINE_MS } from '../store/query/parse.js';

// The OpenAPI 3.1 document of the JSON API. Query parameters of the validated routes come from the same zod
// schemas the routes check requests with, so the document cannot promise what the server refuses.

interface Param {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  description?: string;
  schema: object;
}

function params(schema: z.ZodObject, where: Param['in']): Param[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(s.description ? { description: s.description } : {}),
    schema: s,
  }));
}

const queryParams = (schema: z.ZodObject): Param[] => params(schema, 'query');

const pathParam = (name: string, description: string): Param => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

const errorBody = {
  description: 'error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error', 'message'],
        properties: {
          error: { type: 'string', examples: ['bad_request', 'bad_query', 'query_timeout', 'not_found'] },
          message: { type: 'string' },
          position: { type: 'integer', description: 'for bad_query: where in q the problem is' },
          details: { type: 'array', items: { type: 'object' } },
        },
      },
    },
  },
};

/** What a route taking the search language (`q`) answers when its query runs past the deadline. */
const queryTimeout = {
  ...errorBody,
  description:
    `query_timeout: a well-formed query stopped after ${SEARCH_DEADLINE_MS / 1000} s. A server-side bound, ` +
    'hence 5xx, but retrying it unchanged will most likely be stopped again: narrow the query.',
};

function op(summary: string, parameters: Param[], contentType = 'application/json'): object {
  return {
    get: {
      summary,
      parameters,
      responses: {
        '200': { description: 'OK', content: { [contentType]: {} } },
        '400': errorBody,
        '404': errorBody,
        ...(parameters.some((p) => p.name === 'q') ? { '503': queryTimeout } : {}),
      },
    },
  };
}

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Watchfloor API',
      version: '0.1.0',
      description:
        'Read access to collected articles and what Watchfloor understood of them. Every fact carries its ' +
        'article, sentence and character offsets. Errors: { error, message, … } with a 4xx status, except ' +
        `503 query_timeout: a search stopped at its ${SEARCH_DEADLINE_MS / 1000} s deadline (narrow it). ` +
        `Request bodies are capped before authentication (x-body-limit on each operation): ${BODY_LIMITS.accounts} ` +
        `bytes for sessions, one’s account and users, ${BODY_LIMITS.briefs} for briefs, ${BODY_LIMITS.default} ` +
        'otherwise; a larger one answers 413 payload_too_large. A request naming a Host the server was not ' +
        'configured for (publicUrl, allowedHosts; loopback names always) answers 421 host_not_allowed.',
    },
    paths: {
      '/api/search': op(
        'Search articles with the search language; optional facets',
        queryParams(ROUTE_SCHEMAS['/api/search']),
      ),
      '/api/search/volume': op(
        'Articles matching 1-4 queries counted by publication date (every match), one series each; undated apart',
        queryParams(VOLUME_SCHEMA),
      ),
      '/api/articles': op(
        'List articles, newest first',
        queryParams(z.object({ limit: z.number(), offset: z.number() })),
      ),
      '/api/articles/{id}': op('One article: text, sources, story', [pathParam('id', 'article id')]),
      '/api/articles/{id}/analysis': op(
        'The article’s analysis: entities, actors, places, quotes, dates, claims, events',
        [pathParam('id', 'article id')],
      ),
      '/api/stories/{id}': op('A story and the outlets that carried it', [pathParam('id', 'story id')]),
      '/api/events': op('Events, filtered, newest first', queryParams(ROUTE_SCHEMAS['/api/events'])),
      '/api/events/{id}': op(
        'One event: type, CAMEO code, actors, place, date and its evidence in the article',
        params(PATH_SCHEMAS['/api/events/{id}'], 'path'),
      ),
      '/api/quotes': op(
        'Quotes with their speaker and evidence, newest article first',
        queryParams(ROUTE_SCHEMAS['/api/quotes']),
      ),
      '/api/claims': op(
        'Numeric claims (fatalities, displaced, money …) with their evidence, newest article first',
        queryParams(ROUTE_SCHEMAS['/api/claims']),
      ),
      '/api/events.geojson': op(
        'Events with a place, as GeoJSON',
        queryParams(ROUTE_SCHEMAS['/api/events.geojson']),
        'application/geo+json',
      ),
      '/api/map/clusters': op(
        'The map’s view: placed events in a box as grid clusters (count, centroid, extent, type counts, the ' +
          'events of clusters of 8 or fewer with their evidence sentence) and the newest events in view',
        queryParams(ROUTE_SCHEMAS['/api/map/clusters']),
      ),
      '/api/events.csv': op(
        'Events as CSV (the /api/events filter, newest first; X-Total-Count says how many matched)',
        queryParams(ROUTE_SCHEMAS['/api/events.csv']),
        'text/csv',
      ),
      '/api/timeline': op(
        'Event counts by time bucket and type',
        queryParams(ROUTE_SCHEMAS['/api/timeline']),
      ),
      '/api/graph': op(
        'Actor graph: actors as nodes, events as weighted edges',
        queryParams(ROUTE_SCHEMAS['/api/graph']),
      ),
      '/api/actors': op(
        'Find actors by name, alias (any script), code, country or sector, with event and article counts',
        queryParams(ACTORS_SCHEMA),
      ),
      '/api/actors/{id}': op(
        'An actor: codes, mentions, event types, partners, recent articles, and what the actor dictionary ' +
          'knows (aliases, codes, country, roles with dates)',
        params(PATH_SCHEMAS['/api/actors/{id}'], 'path'),
      ),
      '/api/places/{id}': op(
        'A place: coordinates, mentions, events, recent articles',
        params(PATH_SCHEMAS['/api/places/{id}'], 'path'),
      ),
      '/api/export': op(
        'A search as CSV or JSON (articles), or GeoJSON (events)',
        queryParams(ROUTE_SCHEMAS['/api/export']),
      ),
      '/api/status': op('Store counts, jobs and recent failures', []),
      ...teamPaths(errorBody),
    },
    components: { securitySchemes: SECURITY_SCHEMES },
    // Reading needs the viewer role once accounts exist; each team route states its own (x-required-role).
    security: [{ session: [] }, { token: [] }],
  };
}

/** A readable page of the document, for people: no script, no external assets. */
export function apiDocsPage(): string {
  const doc = openApiDocument() as {
    info: { description: string };
    paths: Record<
      string,
      Record<string, { summary: string; parameters: Param[]; 'x-required-role'?: string }>
    >;
  };
  const rows = Object.entries(doc.paths)
    .flatMap(([path, item]) => Object.entries(item).map(([method, o]) => [path, method, o] as const))
    .map(([path, method, o]) => {
      const params = o.parameters
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code>${p.required ? ' (required)' : ''}${p.description ? ` — ${escapeHtml(p.description)}` : ''}</li>`,
        )
        .join('');
      const role = o['x-required-role'] ? ` <small>(${escapeHtml(o['x-required-role'])})</small>` : '';
      return `<section><h2><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code>${role}</h2><p>${escapeHtml(o.summary)}</p>${params ? `<ul>${params}</ul>` : ''}</section>`;
    })
    .join('');
  const language = `<section><h2>Search language</h2><p>Words, <code>"exact phrases"</code>, <code>prefix*</code>,
    <code>AND</code> / <code>OR</code> / <code>NOT</code> / <code>-word</code>, parentheses, and the fields
    <code>actor:IRN</code> <code>person:"Mohammad Bagheri"</code> <code>type:ASSAULT</code> <code>place:Damascus</code>
    <code>country:SY</code> <code>source:example.com</code> <code>from:2020-01-01</code> <code>to:2020-12-31</code>
    <code>lang:en</code>. <code>actor:</code> also takes an actor's name or alias in any script
    (<code>actor:Hezbollah</code>, <code>actor:"حزب الله"</code>); an unknown or ambiguous name answers 400 with
    <code>candidates</code>. A malformed or too costly query answers 400 <code>bad_query</code> with <code>position</code>;
    one stopped at its ${SEARCH_DEADLINE_MS / 1000} s deadline answers 503 <code>query_timeout</code>.</p></section>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Watchfloor API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;overflow-wrap:anywhere}code{background:#0001;padding:0 .2em}</style>
</head><body><h1>Watchfloor API</h1><p>${escapeHtml(doc.info.description)} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>${language}${rows}</body></html>`;
}
