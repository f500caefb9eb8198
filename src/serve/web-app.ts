import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Hono } from 'hono';

// Serves the built React app (dist/web): hashed assets cached for a year, and index.html for every page
// route so links into the app (an article, an actor) load it directly.

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Paths the app renders; anything else still gets the app (it shows "not found") but with a 404 status. */
const PAGE_ROUTES = [
  /^\/$/,
  /^\/(events|map|timeline|graph|actors|status|account|admin|watchlists|briefs)\/?$/,
  /^\/(articles|stories|briefs)\/\d+\/?$/,
  /^\/(actors|places)\/[^/]+\/?$/,
];

export function registerWebApp(app: Hono, webRoot: string): void {
  const indexPath = join(webRoot, 'index.html');
  let index: string | null = null;
  const indexHtml = (): string | null => {
    // Read once; a build after the server started is picked up when the first read found nothing.
    if (index === null && existsSync(indexPath)) index = readFileSync(indexPath, 'utf8');
    return index;
  };

  app.get('/assets/*', (c) => {
    const rel = normalize(c.req.path).replace(/^[/\\]+/, '');
    const file = join(webRoot, rel);
    if (!file.startsWith(join(webRoot, 'assets') + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return c.text('No such asset.', 404);
    }
    c.header('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    // File names carry a content hash: a changed file is a new name.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(readFileSync(file));
  });

  // Browsers ask for /favicon.ico on pages that name no icon (the API docs, published briefs): the app's
  // own icon (an SVG, which they accept whatever the name), instead of a 404 in every such page's console.
  app.get('/favicon.ico', (c) => {
    const assets = join(webRoot, 'assets');
    const name = existsSync(assets)
      ? readdirSync(assets).find((f) => /^favicon-[\w-]+\.svg$/.test(f))
      : undefined;
    if (!name) return c.text('No icon: the web app is not built.', 404);
    c.header('Content-Type', 'image/svg+xml');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(readFileSync(join(assets, name)));
  });

  app.get('*', (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/healthz') return next();
    const html = indexHtml();
    if (html === null) {
      return c.text(
        `The web app is not built (no ${indexPath}). Run \`npm run build\`; the JSON API works meanwhile: /api/docs\n`,
        503,
      );
    }
    c.header('Cache-Control', 'no-cache');
    return c.html(html, PAGE_ROUTES.some((r) => r.test(c.req.path)) ? 200 : 404);
  });
}
