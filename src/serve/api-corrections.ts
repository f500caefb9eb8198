import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Team } from '../store/team/team.js';
import type { Store } from '../store/types.js';
import { applyCorrections, type Correction, type CorrectionInput } from '../understand/corrections.js';
import { PLOVER_TYPES } from '../understand/events/types.js';
import type { Analysis } from '../understand/types.js';
import { shippedActorLookup } from './actor-info.js';
import { actorOf } from './auth/api-auth.js';
import { resolvePlaceId } from './api-gazetteer.js';
import { parseBody } from './validate.js';

// Corrections over HTTP. A correction is stored apart (with what the machine had said), applied to the stored
// analysis at once so search, pages and exports show it, and re-applied after every re-analysis.

const spanFields = { start: z.number().int().min(0), end: z.number().int().min(1) };
export const CORRECTION_SCHEMA = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('actor'),
    action: z.enum(['link', 'remove']),
    ...spanFields,
    actorId: z.string().max(200).optional(),
  }),
  z.object({
    kind: z.literal('place'),
    action: z.enum(['link', 'remove']),
    ...spanFields,
    placeId: z.string().max(120).optional().describe('a gazetteer id: the place is looked up'),
    place: z
      .object({
        id: z.string().min(1).max(100),
        geonameId: z.number().int().nullable().default(null),
        name: z.string().min(1).max(200),
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
        country: z.string().length(2).nullable().default(null),
        admin1: z.string().max(20).nullable().default(null),
        featureClass: z.string().max(1).default('P'),
        featureCode: z.string().max(10).default('PPL'),
      })
      .optional(),
  }),
  z.object({
    kind: z.literal('date'),
    action: z.literal('set'),
    ...spanFields,
    value: z.object({
      start: z
        .string()
        .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
        .nullable(),
      end: z
        .string()
        .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
        .nullable(),
      precision: z.enum(['day', 'week', 'month', 'year', 'decade']),
    }),
  }),
  z.object({
    kind: z.literal('event'),
    action: z.enum(['set', 'remove']),
    ...spanFields,
    type: z.enum(PLOVER_TYPES).optional(),
  }),
  z.object({
    kind: z.literal('entity'),
    action: z.enum(['add', 'remove']),
    ...spanFields,
    type: z.enum(['PER', 'ORG', 'LOC', 'MISC']).optional(),
  }),
]);

/** What the machine said at a span, for the record (and as the negative example in training data). */
function machineAt(a: Analysis, kind: Correction['kind'], start: number, end: number): unknown {
  const here = (s: { start: number; end: number }) => s.start === start && s.end === end;
  switch (kind) {
    case 'actor': {
      const m = a.actorMentions.find((x) => here(x.span));
      const actor = m ? a.actors.find((x) => x.id === m.actor) : undefined;
      return actor
        ? {
            actorId: actor.actorId,
            name: actor.name,
            codes: actor.codes,
            via: m?.via,
            confidence: m?.confidence,
          }
        : null;
    }
    case 'place':
      return a.places.find((x) => here(x.span))?.place ?? null;
    case 'date': {
      const d = a.dates.find((x) => here(x.span));
      return d ? { start: d.start, end: d.end, precision: d.precision } : null;
    }
    case 'event': {
      const e = a.events.find((x) => here(x.trigger));
      return e ? { type: e.type, mode: e.mode, cameo: e.cameo } : null;
    }
    case 'entity': {
      const m = a.entities.find((x) => here(x.span));
      return m ? { type: m.type, confidence: m.confidence } : null;
    }
  }
}

export function registerCorrectionApi(app: Hono, store: Store, team: () => Promise<Team>): void {
  const bad = (c: Context, message: string) => c.json({ error: 'bad_request', message }, 400);

  app.post('/api/articles/:id/corrections', async (c) => {
    const articleId = Number(c.req.param('id'));
    const r = await parseBody(c, CORRECTION_SCHEMA);
    if (!r.ok) return r.res;
    const article = Number.isSafeInteger(articleId) ? await store.getArticle(articleId) : null;
    if (!article) return c.json({ error: 'not_found', message: 'No article with this id.' }, 404);
    const analysis = await store.getAnalysis(articleId);
    if (!analysis)
      return c.json({ error: 'not_analysed', message: 'This article has no analysis to correct yet.' }, 409);
    const v = r.value;
    if (v.end > article.text.length || v.start >= v.end)
      return bad(c, `The span ${v.start}–${v.end} is not inside the text.`);
    const base = { textSha256: analysis.textSha256, start: v.start, end: v.end };
    let correction: CorrectionInput;
    if (v.kind === 'actor' && v.action === 'link') {
      const info = v.actorId ? shippedActorLookup()(v.actorId) : null;
      if (!info || !v.actorId) return bad(c, `actorId: "${v.actorId ?? ''}" is not in the actor dictionary.`);
      correction = {
        ...base,
        kind: 'actor',
        action: 'link',
        actor: {
          actorId: v.actorId,
          name: info.name,
          kind: info.kind,
          codes: info.codes,
          country: info.country,
        },
      };
    } else if (v.kind === 'place' && v.action === 'link') {
      const place = v.placeId ? await resolvePlaceId(await team(), v.placeId) : (v.place ?? null);
      if (!place)
        return bad(
          c,
          v.placeId
            ? `placeId: "${v.placeId}" is not in the gazetteer.`
            : 'place: give placeId or the place.',
        );
      correction = { ...base, kind: 'place', action: 'link', place };
    } else if (v.kind === 'event' && v.action === 'set') {
      if (!v.type) return bad(c, 'type: give the PLOVER event type.');
      correction = { ...base, kind: 'event', action: 'set', type: v.type };
    } else if (v.kind === 'entity' && v.action === 'add') {
      if (!v.type) return bad(c, 'type: give the entity type.');
      correction = { ...base, kind: 'entity', action: 'add', type: v.type };
    } else if (v.kind === 'date') {
      correction = { ...base, kind: 'date', action: 'set', value: v.value };
    } else {
      correction = { ...base, kind: v.kind, action: 'remove' } as CorrectionInput;
    }
    const t = await team();
    const stored = await t.corrections.add(
      articleId,
      correction,
      article.text.slice(v.start, v.end),
      machineAt(analysis, v.kind, v.start, v.end),
      actorOf(c.get('principal'), c),
    );
    const all = (await t.corrections.forArticle(articleId)).map((x) => x.correction);
    const result = applyCorrections(analysis, article.text, all);
    await store.saveAnalysis(articleId, result.analysis);
    return c.json({ correction: stored, applied: result.applied, stale: result.stale }, 201);
  });

  app.get('/api/articles/:id/corrections', async (c) => {
    const articleId = Number(c.req.param('id'));
    return c.json({
      items: await (
        await team()
      ).corrections.forArticle(Number.isSafeInteger(articleId) ? articleId : -1, true),
    });
  });

  app.delete('/api/corrections/:id', async (c) => {
    const r = await (
      await team()
    ).corrections.revoke(Number(c.req.param('id')), actorOf(c.get('principal'), c));
    return r
      ? c.json({
          ok: true,
          message:
            'Revoked: the machine’s reading returns at the next re-analysis (`watchfloor reanalyze --all`).',
        })
      : c.json({ error: 'not_found', message: 'No live correction with this id.' }, 404);
  });

  // Training data: one JSON object per line, the machine's reading and the analyst's, with the sentence.
  app.get('/api/corrections/export', async (c) => {
    const t = await team();
    const lines: string[] = [];
    const texts = new Map<number, { text: string; analysis: Analysis | null } | null>();
    for (let after = 0; ;) {
      const page = await t.corrections.all({ limit: 500, afterId: after });
      if (!page.length) break;
      for (const s of page) {
        if (!texts.has(s.articleId)) {
          const a = await store.getArticle(s.articleId);
          texts.set(s.articleId, a ? { text: a.text, analysis: await store.getAnalysis(s.articleId) } : null);
        }
        const doc = texts.get(s.articleId);
        const sentence = doc?.analysis?.sentences.find(
          (x) => s.correction.start >= x.start && s.correction.start < x.end,
        );
        const { id: _id, textSha256, kind, action, start, end, ...corrected } = s.correction;
        lines.push(
          JSON.stringify({
            id: s.id,
            articleId: s.articleId,
            textSha256,
            kind,
            action,
            span: { start, end, text: s.spanText },
            sentence: sentence ? { index: sentence.index, start: sentence.start, text: sentence.text } : null,
            machine: s.machine,
            corrected: Object.keys(corrected).length ? corrected : null,
            author: s.author,
            createdAt: s.createdAt,
          }),
        );
        after = s.id;
      }
    }
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="watchfloor-corrections.jsonl"');
    return c.body(lines.length ? `${lines.join('\n')}\n` : '');
  });
}
