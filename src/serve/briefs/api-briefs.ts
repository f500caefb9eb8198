import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { escapeHtml } from '../../store/search-query.js';
import { TRANSITIONS, type Brief } from '../../store/team/briefs.js';
import type { Team } from '../../store/team/team.js';
import type { Store } from '../../store/types.js';
import { actorOf } from '../auth/api-auth.js';
import { PdfBusyError, PdfTimeoutError, PdfUnavailableError, printPdf } from './pdf.js';
import {
  briefPage,
  briefPrintPage,
  renderBriefHtml,
  renderBriefMarkdown,
  resolveCitations,
} from './render.js';
import { parseBody } from '../validate.js';
import { atomResponse, atomXml } from '../atom.js';

// Briefs for analysts under /api/briefs, and the public, read-only face of published ones under /published
// (HTML pages and an Atom feed): those read only published briefs, never anything else.

export const BRIEF_SCHEMAS = {
  create: z.object({ title: z.string().min(1).max(300), body: z.string().max(200_000).default('') }),
  update: z.object({
    title: z.string().min(1).max(300).optional(),
    body: z.string().max(200_000).optional(),
  }),
  status: z.object({ status: z.enum(['draft', 'review', 'published']) }),
  preview: z.object({ body: z.string().max(200_000) }),
} as const;

const fileName = (b: Brief) => (b.slug ?? `brief-${b.id}`).replace(/[^a-z0-9-]/gi, '');

export function registerBriefApi(app: Hono, store: Store, team: () => Promise<Team>): void {
  const idOf = (c: Context) => {
    const n = Number(c.req.param('id'));
    return Number.isSafeInteger(n) && n > 0 ? n : -1;
  };
  const notFound = (c: Context) => c.json({ error: 'not_found', message: 'No brief with this id.' }, 404);
  // Links in exported and published briefs point at the configured address, never at the request's Host.
  const origin = (c: Context) => c.get('publicUrl');

  /**
   * A 400 naming each citation that points at nothing (`[@event:999-9]`), or null: a brief is not saved or
   * published with evidence a reader cannot follow.
   */
  const badCitations = async (c: Context, body: string): Promise<Response | null> => {
    const bad = (await resolveCitations(body, store)).filter((x) => x.missing);
    if (!bad.length) return null;
    return c.json(
      {
        error: 'bad_citation',
        message: `${bad.map((x) => `${x.ref}: ${x.missing}`).join('; ')}. Cite evidence that is in the store, or remove the citation.`,
        citations: bad.map((x) => ({ ref: x.ref, reason: x.missing })),
      },
      400,
    );
  };

  app.get('/api/briefs', async (c) =>
    c.json({ items: (await (await team()).briefs.list()).map(({ body: _b, ...rest }) => rest) }),
  );

  app.post('/api/briefs', async (c) => {
    const r = await parseBody(c, BRIEF_SCHEMAS.create);
    if (!r.ok) return r.res;
    const refused = await badCitations(c, r.value.body);
    if (refused) return refused;
    return c.json(await (await team()).briefs.create(r.value, actorOf(c.get('principal'), c)), 201);
  });

  // The editor's preview as the analyst types: the same rendering as a saved brief's, nothing stored.
  // Citations that point at nothing are listed (saving refuses them) and rendered as missing.
  app.post('/api/briefs/preview', async (c) => {
    const r = await parseBody(c, BRIEF_SCHEMAS.preview);
    if (!r.ok) return r.res;
    const citations = await resolveCitations(r.value.body, store);
    return c.json({
      html: renderBriefHtml({ body: r.value.body }, citations),
      problems: citations.filter((x) => x.missing).map((x) => ({ ref: x.ref, reason: x.missing })),
    });
  });

  app.get('/api/briefs/:id', async (c) => {
    const b = await (await team()).briefs.get(idOf(c));
    if (!b) return notFound(c);
    const citations = await resolveCitations(b.body, store);
    return c.json({ ...b, html: renderBriefHtml(b, citations), citations });
  });

  app.patch('/api/briefs/:id', async (c) => {
    const r = await parseBody(c, BRIEF_SCHEMAS.update);
    if (!r.ok) return r.res;
    const t = await team();
    const b = await t.briefs.get(idOf(c));
    if (!b) return notFound(c);
    if (b.status === 'published') {
      return c.json(
        {
          error: 'conflict',
          message: 'A published brief is not edited in place: move it back to draft first.',
        },
        409,
      );
    }
    const refused = r.value.body === undefined ? null : await badCitations(c, r.value.body);
    if (refused) return refused;
    return c.json(await t.briefs.update(b.id, r.value, actorOf(c.get('principal'), c)));
  });

  app.post('/api/briefs/:id/status', async (c) => {
    const r = await parseBody(c, BRIEF_SCHEMAS.status);
    if (!r.ok) return r.res;
    const t = await team();
    const b = await t.briefs.get(idOf(c));
    if (!b) return notFound(c);
    if (!TRANSITIONS[b.status].includes(r.value.status)) {
      return c.json(
        {
          error: 'conflict',
          message: `A ${b.status} brief can move to ${TRANSITIONS[b.status].join(' or ')}, not ${r.value.status}.`,
        },
        409,
      );
    }
    const p = c.get('principal');
    // Four eyes: the author's own review does not publish, unless an admin (or the accountless desk) does it.
    if (r.value.status === 'published' && p?.role !== 'admin' && p?.user?.id === b.authorId) {
      return c.json(
        { error: 'forbidden', message: 'Someone other than the author must publish a brief (or an admin).' },
        403,
      );
    }
    // Evidence can go away after a save (an article deleted, reanalysed): checked again before publishing.
    const refused = r.value.status === 'published' ? await badCitations(c, b.body) : null;
    if (refused) return refused;
    return c.json(await t.briefs.setStatus(b.id, r.value.status, actorOf(p, c)));
  });

  app.get('/api/briefs/:id/export.md', async (c) => {
    const b = await (await team()).briefs.get(idOf(c));
    if (!b) return notFound(c);
    c.header('Content-Type', 'text/markdown; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${fileName(b)}.md"`);
    return c.body(renderBriefMarkdown(b, await resolveCitations(b.body, store)));
  });

  app.get('/api/briefs/:id/export.pdf', async (c) => {
    const b = await (await team()).briefs.get(idOf(c));
    if (!b) return notFound(c);
    const html = briefPrintPage(b, await resolveCitations(b.body, store), origin(c));
    try {
      const pdf = await printPdf(html);
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', `attachment; filename="${fileName(b)}.pdf"`);
      return c.body(new Uint8Array(pdf));
    } catch (err) {
      if (err instanceof PdfUnavailableError)
        return c.json({ error: 'unavailable', message: err.message }, 501);
      if (err instanceof PdfBusyError) {
        c.header('Retry-After', String(err.retryAfterSeconds));
        return c.json({ error: 'busy', message: err.message }, 503);
      }
      if (err instanceof PdfTimeoutError) return c.json({ error: 'timeout', message: err.message }, 504);
      throw err;
    }
  });

  // The public face: published briefs only.
  app.get('/published', async (c) => {
    const list = await (await team()).briefs.list('published');
    const items = list
      .map(
        (b) =>
          `<li><a href="/published/${escapeHtml(b.slug ?? '')}">${escapeHtml(b.title)}</a> <span class="meta">${escapeHtml(b.publishedAt?.slice(0, 10) ?? '')}</span></li>`,
      )
      .join('\n');
    return c.html(
      briefPage(
        {
          id: 0,
          authorId: null,
          author: 'Watchfloor',
          title: 'Published briefs',
          body: '',
          status: 'published',
          slug: null,
          publishedBy: null,
          createdAt: '',
          updatedAt: '',
          publishedAt: null,
        },
        `<p><a href="/published.atom">Atom feed</a></p><ul>${items || '<li>None yet.</li>'}</ul>`,
        '<link rel="alternate" type="application/atom+xml" href="/published.atom">',
      ),
    );
  });

  app.get('/published.atom', async (c) => {
    const list = (await (await team()).briefs.list('published')).slice(0, 50);
    const o = origin(c);
    return atomResponse(
      c,
      atomXml({
        id: 'urn:watchfloor:briefs',
        title: 'Watchfloor briefs',
        updated: list[0]?.publishedAt ?? new Date(0).toISOString(),
        self: `${o}/published.atom`,
        entries: list.map((b) => ({
          id: `urn:watchfloor:brief:${b.id}`,
          title: b.title,
          links: [{ rel: 'alternate', href: `${o}/published/${b.slug ?? ''}` }],
          author: b.author,
          published: b.publishedAt ?? b.updatedAt,
          updated: b.publishedAt ?? b.updatedAt,
        })),
      }),
    );
  });

  app.get('/published/:slug', async (c) => {
    const b = await (await team()).briefs.published(c.req.param('slug'));
    if (!b)
      return c.html(
        briefPage(
          {
            id: 0,
            authorId: null,
            author: '',
            title: 'Not found',
            body: '',
            status: 'published',
            slug: null,
            publishedBy: null,
            createdAt: '',
            updatedAt: '',
            publishedAt: null,
          },
          '<p>No published brief here.</p>',
        ),
        404,
      );
    return c.html(
      briefPage(b, renderBriefHtml(b, await resolveCitations(b.body, store), '', false, 'source')),
    );
  });
}
