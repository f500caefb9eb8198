import type { Context, MiddlewareHandler } from 'hono';
import type { Team } from '../store/team/team.js';
import { actorDirectory, type ActorDirectory, type DirectoryEntry } from './actor-directory.js';

// `actor:Hezbollah` and `?actor=Hezbollah`: names and aliases an analyst types are turned into what the
// stores match (a code or a dictionary id) before any store sees the query, so both engines agree and
// neither needs the dictionary. The team's edits count: an alias added on an actor page works at once.

export interface ActorTerm {
  /** Where `actor:…` starts and ends in the query, and where its value starts (for error positions). */
  start: number;
  end: number;
  valueAt: number;
  value: string;
}

/**
 * The `actor:` terms of a query, read the way the query parser reads them (quotes, parentheses, `-`), so a
 * phrase that contains "actor:x" is left alone. A query the parser would refuse (an unclosed quote) gives
 * the terms before the problem; the store reports the problem itself.
 */
export function actorTerms(input: string): ActorTerm[] {
  const out: ActorTerm[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/[\s()]/.test(c) || (c === '-' && i + 1 < input.length && !/[\s)]/.test(input[i + 1] ?? ''))) {
      i++;
      continue;
    }
    if (c === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) break;
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < input.length && !/[\s()"]/.test(input[j] ?? '')) j++;
    const word = input.slice(i, j);
    if (/^actor:/i.test(word)) {
      if (word.length === 6 && input[j] === '"') {
        const close = input.indexOf('"', j + 1);
        if (close < 0) break;
        out.push({ start: i, end: close + 1, valueAt: j, value: input.slice(j + 1, close) });
        i = close + 1;
        continue;
      }
      if (word.length > 6) out.push({ start: i, end: j, valueAt: i + 6, value: word.slice(6) });
    }
    i = j;
  }
  return out;
}

export class ActorNameError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly candidates: DirectoryEntry[],
  ) {
    super(message);
    this.name = 'ActorNameError';
  }
}

const candidateList = (cs: readonly DirectoryEntry[]) =>
  cs.map((c) => `${c.actor.name} (actor:${termText(c.actor.id)})`).join(', ');
/** An id holds a colon, so it is quoted in the query language; a code is not. */
const termText = (term: string) => (term.includes(':') ? `"${term}"` : term);

/** One actor value: what it stands for, or an error that names the candidates. */
export function resolveActorValue(directory: ActorDirectory, value: string, position: number): string {
  const r = directory.resolve(value);
  if (r.kind === 'keep') return value;
  if (r.kind === 'resolved') return r.term;
  if (r.kind === 'ambiguous') {
    throw new ActorNameError(
      `"${value}" names ${r.candidates.length} actors: ${candidateList(r.candidates)}. Write the one you mean by its id.`,
      position,
      r.candidates,
    );
  }
  throw new ActorNameError(
    r.candidates.length
      ? `No actor is called "${value}". Did you mean ${candidateList(r.candidates)}?`
      : `No actor is called "${value}", and no actor code starts with it.`,
    position,
    r.candidates,
  );
}

/** The query with every actor name or alias replaced by the code or id it stands for. */
export function rewriteActorNames(directory: ActorDirectory, query: string): string {
  let out = query;
  // From the last term back, so earlier positions stay right.
  for (const t of actorTerms(query).reverse()) {
    if (!t.value.trim()) continue;
    const resolved = resolveActorValue(directory, t.value, t.valueAt);
    if (resolved === t.value) continue;
    out = `${out.slice(0, t.start)}actor:${termText(resolved)}${out.slice(t.end)}`;
  }
  return out;
}

function candidatesJson(cs: readonly DirectoryEntry[]) {
  return cs.map((c) => ({
    id: c.actor.id,
    name: c.actor.name,
    kind: c.actor.kind,
    country: c.actor.country,
    codes: c.codes,
  }));
}

/**
 * Middleware over the read API: rewrites `q` (the search language) and `actor` (an event or quote filter)
 * in the request's URL when they name actors, and answers 400 with the candidates when a name is unknown
 * or ambiguous. Requests without an actor term pass untouched, without the dictionary being read.
 */
export function resolveActorNames(team: () => Promise<Team>): MiddlewareHandler {
  return async (c: Context, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const url = new URL(c.req.url);
    // Every q: /api/search/volume compares several queries.
    const qs = url.searchParams.getAll('q');
    const actor = url.searchParams.get('actor');
    // Longer values are refused by the routes' own schemas, with their usual message.
    const named = (q: string) => q.length <= 4000 && /actor:/i.test(q);
    const hasTerms = qs.some(named);
    const hasFilter = actor !== null && actor.trim() !== '' && actor.length <= 200;
    if (!hasTerms && !hasFilter) return next();
    const directory = actorDirectory(await (await team()).actorEdits.live());
    let stage: 'q' | 'actor' = 'q';
    try {
      if (hasTerms) {
        url.searchParams.delete('q');
        for (const q of qs) url.searchParams.append('q', named(q) ? rewriteActorNames(directory, q) : q);
      }
      stage = 'actor';
      if (hasFilter) url.searchParams.set('actor', resolveActorValue(directory, actor, 0));
    } catch (err) {
      if (!(err instanceof ActorNameError)) throw err;
      const candidates = candidatesJson(err.candidates);
      return stage === 'q'
        ? c.json({ error: 'bad_query', message: err.message, position: err.position, candidates }, 400)
        : c.json(
            {
              error: 'bad_request',
              message: `actor: ${err.message}`,
              details: [{ parameter: 'actor', message: err.message }],
              candidates,
            },
            400,
          );
    }
    if (url.href !== c.req.url)
      c.req.raw = new Request(url, { method: c.req.method, headers: c.req.raw.headers });
    return next();
  };
}
