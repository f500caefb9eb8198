import { serve as serveNode, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { queryErrorResponse, registerExploreApi, ROUTE_SCHEMAS } from './api-explore.js';
import { parseQueryParams } from './validate.js';
import { apiDocsPage, openApiDocument } from './openapi.js';
import type { Store } from '../store/types.js';
import { QueryError } from '../store/query/parse.js';
import { registerWebApp } from './web-app.js';
import { authMiddleware } from './auth/middleware.js';
import { hostGuard } from './auth/hosts.js';
import { bodyLimits } from './auth/body-limits.js';
import { registerAuthApi } from './auth/api-auth.js';
import { registerWatchlistApi } from './api-watchlists.js';
import { registerBriefApi } from './briefs/api-briefs.js';
import { registerCorrectionApi } from './api-corrections.js';
import { registerDictionaryApi } from './api-dictionary.js';
import { registerGazetteerApi } from './api-gazetteer.js';
import { registerFeedApi } from './api-feeds.js';
import { registerActorApi } from './api-actors.js';
import { registerVolumeApi } from './api-volume.js';
import { registerPreferenceApi } from './api-preferences.js';
import { resolveActorNames } from './actor-names.js';
import { openTeam } from '../store/team/team.js';
import { packageRoot } from '../config/config.js';
import { join } from 'node:path';

// Scripts only from our own origin: nothing from an article or a feed can run in the analyst's browser.
// Inline styles stay allowed for the API docs page and React's positioned hover cards.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

declare module 'hono' {
  interface ContextVariableMap {
    /** The origin every URL written into a response starts with: configuration, never the request's Host. */
    publicUrl: string;
  }
}

/** The articles a story answer describes; a story is a handful of reports of one event. */
const STORY_ARTICLES = 200;

function int(value: string | undefined, fallback: number, max: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.min(Math.trunc(n), max) : fallback;
}

/**
 * The HTTP app: the JSON API under /api and the web app (built into dist/web) for every other path. Reads the
 * store; never writes it.
 */
export function createApp(
  store: Store,
  options: {
    webRoot?: string;
    secureCookies?: boolean;
    /**
     * Where people reach the desk (`https://desk.example.org`): the base of URLs in responses, and a host
     * the server answers to. `serve` passes the configured one or the address it listens on.
     */
    publicUrl?: string | (() => string);
    /** Host names (with an optional port) served besides loopback names and publicUrl's host. */
    allowedHosts?: readonly string[];
    /** Told when the actor dictionary is edited, so this process's analyzer is rebuilt. */
    onDictionaryChange?: () => void;
  } = {},
): Hono {
  const app = new Hono();
  const configured = options.publicUrl ?? 'http://localhost';
  const publicUrl = () => new URL(typeof configured === 'function' ? configured() : configured).origin;

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  // The edge, before any body is read or anyone authenticated: the Host the request names, then its size.
  app.use('*', hostGuard({ allowedHosts: options.allowedHosts ?? [], publicUrl }));
  app.use('*', bodyLimits());
  app.use('*', async (c, next) => {
    c.set('publicUrl', publicUrl());
    await next();
  });

  // Clients and proxies may revalidate API answers cheaply: If-None-Match gets a 304 when nothing changed.
  app.use('/api/*', etag());
  // Every API request is checked against src/serve/auth/policy.ts before its route runs.
  const team = () => openTeam(store);
  app.use('/api/*', authMiddleware(team));
  registerAuthApi(
    app,
    team,
    options.secureCookies === undefined ? {} : { secureCookies: options.secureCookies },
  );
  app.get('/healthz', (c) => c.json({ ok: true }));
  // `actor:Hezbollah` and `?actor=Hezbollah` become codes or ids before any route reads them.
  app.use('/api/*', resolveActorNames(team));
  registerActorApi(app, store, team);
  registerExploreApi(app, store);
  registerVolumeApi(app, store);
  registerWatchlistApi(app, team);
  registerPreferenceApi(app, team);
  registerBriefApi(app, store, team);
  registerCorrectionApi(app, store, team);
  registerDictionaryApi(app, team, options.onDictionaryChange ?? (() => undefined));
  registerGazetteerApi(app, team, options.onDictionaryChange ?? (() => undefined));
  registerFeedApi(app, store, team);
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/docs', (c) => c.html(apiDocsPage()));

  app.get('/api/articles', async (c) => {
    const limit = int(c.req.query('limit'), 50, 500);
    const offset = int(c.req.query('offset'), 0, 1e9);
    return c.json(await store.listArticles({ limit, offset }));
  });
  app.get('/api/articles/:id', async (c) => {
    const a = await store.getArticle(int(c.req.param('id'), -1, Number.MAX_SAFE_INTEGER));
    return a ? c.json(a) : c.json({ error: 'not_found', message: 'No article with this id.' }, 404);
  });
  app.get('/api/articles/:id/analysis', async (c) => {
    const id = int(c.req.param('id'), -1, Number.MAX_SAFE_INTEGER);
    const analysis = await store.getAnalysis(id);
    if (analysis) return c.json(analysis);
    const exists = await store.getArticle(id);
    return exists
      ? c.json(
          { error: 'not_analysed', message: 'This article has no analysis yet: run `watchfloor reanalyze`.' },
          404,
        )
      : c.json({ error: 'not_found', message: 'No article with this id.' }, 404);
  });
  app.get('/api/stories/:id', async (c) => {
    const s = await store.getStory(int(c.req.param('id'), -1, Number.MAX_SAFE_INTEGER));
    if (!s) return c.json({ error: 'not_found', message: 'No story with this id.' }, 404);
    // Its articles by title and site, so the story page lists what was written, not ids and raw URLs.
    const found = await Promise.all(s.articleIds.slice(0, STORY_ARTICLES).map((id) => store.getArticle(id)));
    const articles = found.flatMap((a) =>
      a
        ? [
            {
              id: a.id,
              url: a.url,
              site: a.site,
              title: a.title,
              publishedAt: a.publishedAt,
              language: a.language,
              storyId: a.storyId,
              ingestedAt: a.ingestedAt,
            },
          ]
        : [],
    );
    return c.json({ ...s, articles });
  });
  app.get('/api/search', async (c) => {
    // The same validation as every other route: a bad limit or date is a 400 naming it, never clamped.
    const p = parseQueryParams(c, ROUTE_SCHEMAS['/api/search']);
    if (!p.ok) return p.res;
    const { q, limit, offset, site, language, from, to, facets, sort } = p.value;
    try {
      return c.json(
        await store.search(q, {
          limit,
          offset,
          site: site || undefined,
          language: language || undefined,
          from: from || undefined,
          to: to || undefined,
          facets,
          sort,
        }),
      );
    } catch (err) {
      if (err instanceof QueryError) return queryErrorResponse(c, err);
      throw err;
    }
  });
  app.get('/api/status', async (c) => c.json(await store.status()));

  registerWebApp(app, options.webRoot ?? join(packageRoot(), 'dist', 'web'));

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: 'not_found', message: 'No such endpoint.' }, 404)
      : c.text('Not found.', 404),
  );
  app.onError((err, c) => {
    process.stderr.write(`serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`);
    return c.json({ error: 'internal', message: 'Something failed on the server; see its log.' }, 500);
  });
  return app;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

/** Starts listening; resolves once the port is bound, rejects with a clear error when it is taken. */
export function listen(app: Hono, port: number, host: string): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serveNode({ fetch: app.fetch, port, hostname: host }, (info) => {
      const shown =
        host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({ server, url: `http://${shown}:${info.port}` });
    });
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new ListenError(
          err.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use: stop the other server or pass --port <n>.`
            : `Cannot listen on ${host}:${port}: ${err.message}. Check --host and --port.`,
        ),
      );
    });
  });
}
