import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Team } from '../store/team/team.js';
import type { DictionaryActor } from '../understand/actors/types.js';
import { actorOf } from './auth/api-auth.js';
import { shippedActors } from './actor-info.js';
import { parseBody } from './validate.js';

// The actor dictionary, editable by analysts: an edit (aliases, codes, roles…) is stored as a team overlay
// over the shipped file and used by every analysis from then on; `watchfloor reanalyze` redoes older ones.

const date = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
  .nullable();
export const ACTOR_EDIT_SCHEMA = z.object({
  kind: z.enum(['country', 'person', 'group', 'organisation', 'igo']),
  name: z.string().min(1).max(200),
  aliases: z.array(z.string().min(1).max(200)).max(200).default([]),
  codes: z
    .array(z.string().regex(/^[A-Z0-9]{3,15}$/, 'a CAMEO-style code: capitals and digits'))
    .max(50)
    .default([]),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 3166 alpha-3')
    .nullable()
    .default(null),
  roles: z
    .array(
      z.object({
        title: z.string().min(1).max(200),
        code: z.string().regex(/^[A-Z0-9]{3,15}$/),
        from: date,
        to: date,
      }),
    )
    .max(100)
    .default([]),
});

/** Case- and accent-blind form for matching names as analysts type them. */
export const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function registerDictionaryApi(app: Hono, team: () => Promise<Team>, onChange: () => void): void {
  const merged = async (id: string) => {
    const edit = await (await team()).actorEdits.get(id);
    const base = shippedActors().get(id) ?? null;
    return { base, edit, actor: edit ? { ...(base ?? {}), ...edit } : base };
  };

  app.get('/api/dictionary/actors', async (c) => {
    const q = fold((c.req.query('q') ?? '').trim());
    const limit = Math.min(Math.max(Number(c.req.query('limit')) || 20, 1), 100);
    if (q.length < 2)
      return c.json({ error: 'bad_request', message: 'q: give at least two characters.' }, 400);
    const edits = await (await team()).actorEdits.live();
    const all = new Map(shippedActors());
    for (const e of edits) all.set(e.id, { ...(all.get(e.id) ?? {}), ...e });
    const items = [...all.values()]
      .filter(
        (a) =>
          fold(a.name).includes(q) ||
          a.aliases.some((x) => fold(x).includes(q)) ||
          a.codes.some((x) => fold(x) === q),
      )
      // Names that start with the query first, then shorter names: "Iran" before "Iranian Red Crescent".
      .sort(
        (a, b) =>
          Number(!fold(a.name).startsWith(q)) - Number(!fold(b.name).startsWith(q)) ||
          a.name.length - b.name.length,
      )
      .slice(0, limit)
      .map((a) => ({ id: a.id, name: a.name, kind: a.kind, codes: a.codes, country: a.country }));
    return c.json({ items });
  });

  app.get('/api/dictionary/actors/:id', async (c) => {
    const id = decodeURIComponent(c.req.param('id'));
    const m = await merged(id);
    if (!m.actor) return c.json({ error: 'not_found', message: `No actor "${id}" in the dictionary.` }, 404);
    return c.json({ actor: m.actor, edited: m.edit !== null, shipped: m.base });
  });

  app.put('/api/dictionary/actors/:id', async (c: Context) => {
    const id = decodeURIComponent(c.req.param('id') ?? '');
    if (!/^[a-z]+:[\w.-]{1,100}$/i.test(id)) {
      return c.json(
        { error: 'bad_request', message: 'An actor id looks like kind:name, e.g. person:mohammad-bagheri.' },
        400,
      );
    }
    const r = await parseBody(c, ACTOR_EDIT_SCHEMA);
    if (!r.ok) return r.res;
    const m = await merged(id);
    const actor: DictionaryActor = { ...r.value, id, sources: ['team-edit'] };
    await (
      await team()
    ).actorEdits.save(actor, (m.actor as DictionaryActor | null) ?? null, actorOf(c.get('principal'), c));
    onChange();
    return c.json({
      actor: { ...(m.base ?? {}), ...actor },
      edited: true,
      message: 'Saved: new analyses use it; `watchfloor reanalyze` redoes older ones.',
    });
  });

  app.delete('/api/dictionary/actors/:id', async (c) => {
    const id = decodeURIComponent(c.req.param('id'));
    const m = await merged(id);
    if (!m.edit)
      return c.json({ error: 'not_found', message: `Actor "${id}" has no team edit to revert.` }, 404);
    await (await team()).actorEdits.save({ id, revert: true }, m.edit, actorOf(c.get('principal'), c));
    onChange();
    return c.json({ actor: m.base, edited: false });
  });
}
