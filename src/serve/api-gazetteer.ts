import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { packageRoot } from '../config/config.js';
import type { Team } from '../store/team/team.js';
import { parsePlaceRow, toResolvedPlace } from '../understand/places/gazetteer-file.js';
import type { PlaceEdit } from '../understand/places/overlay.js';
import type { ResolvedPlace } from '../understand/places/types.js';
import { RESOURCE_FILES } from '../understand/resources.js';
import { actorOf } from './auth/api-auth.js';
import { fold } from './api-dictionary.js';
import { parseBody } from './validate.js';

// The place gazetteer, editable by analysts like the actor dictionary: aliases, coordinates, new places.

export const PLACE_EDIT_SCHEMA = z.object({
  name: z.string().min(1).max(200),
  aliases: z.array(z.string().min(1).max(200)).max(200).default([]),
  fclass: z.enum(['A', 'P', 'H', 'T', 'L', 'S', 'R', 'U', 'V']).default('P'),
  fcode: z
    .string()
    .regex(/^[A-Z0-9]{1,10}$/)
    .default('PPL'),
  cc: z
    .string()
    .regex(/^([A-Z]{2})?$/, 'ISO 3166-1 alpha-2, or empty across borders')
    .default(''),
  admin1: z.string().max(20).default(''),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  population: z.number().int().min(0).default(0),
});

let shipped: Map<string, PlaceEdit> | null = null;
/** The shipped rows without their precomputed keys: read on first use, kept for the process. */
function shippedPlaces(): Map<string, PlaceEdit> {
  if (!shipped) {
    const lines = gunzipSync(readFileSync(join(packageRoot(), RESOURCE_FILES.places)))
      .toString('utf8')
      .split('\n');
    shipped = new Map();
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]) continue;
      const { keys: _keys, ...p } = parsePlaceRow(lines[i] as string, i + 1);
      shipped.set(p.id, p);
    }
  }
  return shipped;
}

/** The place as extraction results carry it, from the shipped gazetteer with the team's edits. */
export async function resolvePlaceId(team: Team, id: string): Promise<ResolvedPlace | null> {
  const p = (await team.placeEdits.get(id)) ?? shippedPlaces().get(id) ?? null;
  return p ? toResolvedPlace(p) : null;
}

export function registerGazetteerApi(app: Hono, team: () => Promise<Team>, onChange: () => void): void {
  app.get('/api/dictionary/places', async (c) => {
    const q = fold((c.req.query('q') ?? '').trim());
    const limit = Math.min(Math.max(Number(c.req.query('limit')) || 20, 1), 100);
    if (q.length < 2)
      return c.json({ error: 'bad_request', message: 'q: give at least two characters.' }, 400);
    const all = new Map(shippedPlaces());
    for (const e of await (await team()).placeEdits.live()) all.set(e.id, e);
    const hits: PlaceEdit[] = [];
    for (const p of all.values()) {
      if (fold(p.name).startsWith(q) || p.aliases.some((a) => fold(a).startsWith(q))) hits.push(p);
    }
    // The most populous first: "Tripoli" is Libya's before Lebanon's.
    hits.sort((a, b) => b.population - a.population);
    return c.json({ items: hits.slice(0, limit) });
  });

  app.get('/api/dictionary/places/:id', async (c) => {
    const id = decodeURIComponent(c.req.param('id'));
    const edit = await (await team()).placeEdits.get(id);
    const base = shippedPlaces().get(id) ?? null;
    const place = edit ?? base;
    if (!place) return c.json({ error: 'not_found', message: `No place "${id}" in the gazetteer.` }, 404);
    return c.json({ place, edited: edit !== null, shipped: base });
  });

  app.put('/api/dictionary/places/:id', async (c: Context) => {
    const id = decodeURIComponent(c.req.param('id') ?? '');
    if (!/^(\d{1,12}|[a-z][\w-]*:[\w.-]{1,100})$/i.test(id)) {
      return c.json(
        { error: 'bad_request', message: 'A place id is a GeoNames id or prefixed, e.g. team:al-tanf-base.' },
        400,
      );
    }
    const r = await parseBody(c, PLACE_EDIT_SCHEMA);
    if (!r.ok) return r.res;
    const t = await team();
    const before = (await t.placeEdits.get(id)) ?? shippedPlaces().get(id) ?? null;
    const place: PlaceEdit = { ...r.value, id, iso3: before?.iso3 ?? '' };
    await t.placeEdits.save(place, before, actorOf(c.get('principal'), c));
    onChange();
    return c.json({
      place,
      edited: true,
      message: 'Saved: new analyses use it; `watchfloor reanalyze` redoes older ones.',
    });
  });

  app.delete('/api/dictionary/places/:id', async (c) => {
    const id = decodeURIComponent(c.req.param('id'));
    const t = await team();
    const edit = await t.placeEdits.get(id);
    if (!edit)
      return c.json({ error: 'not_found', message: `Place "${id}" has no team edit to revert.` }, 404);
    await t.placeEdits.save({ id, revert: true }, edit, actorOf(c.get('principal'), c));
    onChange();
    return c.json({ place: shippedPlaces().get(id) ?? null, edited: false });
  });
}
