import type { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/types.js';
import type { Team } from '../store/team/team.js';
import { actorDirectory, sectorOf, SECTORS, type DirectoryEntry } from './actor-directory.js';
import { parseQueryParams } from './validate.js';

// Finding actors: search and browse the dictionary (with the team's edits) by name, alias in any script,
// code, country and sector, each with how often the stored articles name it. And the hierarchy CAMEO codes
// imply: a country's code prefixes its sectors' (IRN ⊃ IRNGOV, IRNMIL), so a country's page counts what
// `actor=IRN` counts everywhere else.

export const ACTORS_SCHEMA = z.object({
  q: z.string().trim().max(200).optional().describe('name, alias (any script) or code'),
  country: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'an ISO 3166 alpha-3 code')
    .transform((s) => s.toUpperCase())
    .optional()
    .describe('the actor’s country, ISO 3166 alpha-3 (IRN)'),
  sector: z
    .string()
    .regex(/^([A-Za-z]{3})?[A-Za-z]{3}$/, 'a sector code (MIL) or a country’s sector (IRNMIL)')
    .transform((s) => s.toUpperCase())
    .optional()
    .describe('a CAMEO sector (MIL) or a country’s sector (IRNMIL): actors holding such a code'),
  kind: z.enum(['country', 'person', 'group', 'organisation', 'igo']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

function inSector(e: DirectoryEntry, sector: string): boolean {
  return e.codes.some((c) => (sector.length === 6 ? c.startsWith(sector) : sectorOf(c)?.sector === sector));
}

/** How often stored articles name an actor, from the store's per-actor counters (cheap per actor). */
async function counts(store: Store, id: string): Promise<{ articles: number; events: number }> {
  const p = await store.getActor(id);
  return {
    articles: p?.articles ?? 0,
    events: p?.eventTypes.reduce((n, t) => n + t.count, 0) ?? 0,
  };
}

export function registerActorApi(app: Hono, store: Store, team: () => Promise<Team>): void {
  app.get('/api/actors', async (c) => {
    const p = parseQueryParams(c, ACTORS_SCHEMA);
    if (!p.ok) return p.res;
    const { q, country, sector, kind, limit, offset } = p.value;
    const directory = actorDirectory(await (await team()).actorEdits.live());
    // With a query, best matches first; browsing, by name.
    const pool = q
      ? directory.search(q)
      : [...directory.entries].sort((a, b) => a.actor.name.localeCompare(b.actor.name));
    const matched = pool.filter(
      (e) =>
        (!country || e.actor.country === country) &&
        (!sector || inSector(e, sector)) &&
        (!kind || e.actor.kind === kind),
    );
    const items = await Promise.all(
      matched.slice(offset, offset + limit).map(async (e) => ({
        id: e.actor.id,
        name: e.actor.name,
        kind: e.actor.kind,
        aliases: e.actor.aliases,
        codes: e.codes,
        country: e.actor.country,
        /** What `actor:` in a query and `?actor=` resolve this actor's name to. */
        term: e.term,
        ...(await counts(store, e.actor.id)),
      })),
    );
    return c.json({ total: matched.length, limit, offset, items });
  });
}

export interface ActorRollup {
  /** The code every counted event's actor starts with: IRN, or IRNMIL. */
  code: string;
  label: string;
  /** Events of every actor coded under `code` (what /timeline?actor=IRN counts) and the articles they are in. */
  events: number;
  articles: number;
  /** For a country: its sectors with events, each linking to its sector page. */
  sectors: Array<{ id: string; code: string; label: string; events: number }>;
}

/** Whether an actor id heads a branch of the code tree: a country (country:IRN) or a sector (sector:IRNMIL). */
export function rollupCode(id: string): { code: string; label: string; kind: 'country' | 'sector' } | null {
  const country = /^country:([A-Z]{3})$/i.exec(id);
  if (country) return { code: (country[1] as string).toUpperCase(), label: '', kind: 'country' };
  const sector = /^sector:([A-Z]{6,15})$/i.exec(id);
  const s = sector ? sectorOf((sector[1] as string).toUpperCase()) : null;
  return sector && s ? { code: (sector[1] as string).toUpperCase(), label: s.label, kind: 'sector' } : null;
}

/**
 * A country's or sector's totals under its code, and a country's sectors: composed from the same event
 * filter the timeline, map and event list use, so the page and /timeline?actor=IRN cannot disagree.
 */
export async function actorRollup(store: Store, id: string): Promise<ActorRollup | null> {
  const head = rollupCode(id);
  if (!head) return null;
  const counted = await store.codeRollup(head.code, head.kind === 'country' ? 6 : head.code.length);
  const sectors =
    head.kind === 'country'
      ? counted.children.flatMap(({ code, events: n }) =>
          sectorOf(code)?.country === head.code
            ? [{ id: `sector:${code}`, code, label: SECTORS[code.slice(3)] ?? code.slice(3), events: n }]
            : [],
        )
      : [];
  return {
    code: head.code,
    label: head.label,
    events: counted.events,
    articles: counted.articles,
    sectors: sectors.sort((a, b) => a.code.localeCompare(b.code)),
  };
}
