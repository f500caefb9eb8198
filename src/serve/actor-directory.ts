import type { DictionaryActor } from '../understand/actors/types.js';
import { aliasKey } from '../understand/actors/normalise.js';
import { shippedActors } from './actor-info.js';

// The actor dictionary as the desk looks names up in it: the shipped file with the team's edits over it,
// indexed by every name and alias (in any script, through the linker's own aliasKey), and by code.

/** CAMEO's sector codes: the three letters after a country's code (IRN + MIL = Iran's military). */
export const SECTORS: Readonly<Record<string, string>> = {
  GOV: 'government',
  MIL: 'military',
  REB: 'rebels',
  OPP: 'opposition',
  PTY: 'political parties',
  COP: 'police',
  JUD: 'judiciary',
  LEG: 'legislature',
  SPY: 'intelligence',
  UAF: 'unidentified armed forces',
  MED: 'media',
  EDU: 'education',
  BUS: 'business',
  CRM: 'criminals',
  CVL: 'civilians',
  LAB: 'labour',
  HLH: 'health',
  REF: 'refugees',
  AGR: 'agriculture',
  DEV: 'development',
  ENV: 'environment',
  HRI: 'human rights',
  ELI: 'elites',
  REL: 'religious',
  SEP: 'separatists',
  INS: 'insurgents',
  IGO: 'intergovernmental',
  NGO: 'non-governmental',
};

export interface DirectoryEntry {
  actor: DictionaryActor;
  /** Every code the actor has or had: its own and its roles'. */
  codes: string[];
  /** What `actor:<name>` and `?actor=<name>` become: a code when it names this actor alone, else its id. */
  term: string;
  /** Its name and aliases as aliasKey folds them, computed once: searching folds only the query. */
  keys: string[];
}

export type NameResolution =
  | { kind: 'keep' }
  | { kind: 'resolved'; term: string; entry: DirectoryEntry }
  | { kind: 'ambiguous' | 'unknown'; candidates: DirectoryEntry[] };

export class ActorDirectory {
  readonly entries: DirectoryEntry[];
  private readonly byId = new Map<string, DirectoryEntry>();
  private readonly byName = new Map<string, DirectoryEntry[]>();
  /** Every code and every prefix of one, so `actor:IRNM` stays the code prefix it always was. */
  private readonly codePrefixes = new Set<string>();

  constructor(actors: Iterable<DictionaryActor>) {
    const list = [...actors];
    // A code held by one non-person actor names it (LBNREBHZB is Hezbollah); one shared by several (TURREB)
    // names none of them, and people's codes are their offices' (IRNMIL is every Iranian officer).
    const holders = new Map<string, number>();
    for (const a of list)
      if (a.kind !== 'person') for (const c of new Set(a.codes)) holders.set(c, (holders.get(c) ?? 0) + 1);
    this.entries = list.map((actor) => {
      const codes = [...new Set([...actor.codes, ...actor.roles.map((r) => r.code)])];
      const own = actor.kind === 'person' ? [] : actor.codes.filter((c) => holders.get(c) === 1);
      const keys = [...new Set([actor.name, ...actor.aliases].map(aliasKey).filter(Boolean))];
      return { actor, codes, term: own.length === 1 ? (own[0] as string) : actor.id, keys };
    });
    for (const e of this.entries) {
      this.byId.set(e.actor.id.toLowerCase(), e);
      for (const name of e.keys) {
        const same = this.byName.get(name);
        if (same) same.push(e);
        else this.byName.set(name, [e]);
      }
      for (const c of e.codes) for (let n = 1; n <= c.length; n++) this.codePrefixes.add(c.slice(0, n));
    }
  }

  get(id: string): DirectoryEntry | null {
    return this.byId.get(id.toLowerCase()) ?? null;
  }

  /**
   * What an actor value the analyst typed stands for. Names and aliases come first ("Iran" is a name, not a
   * code prefix); then ids and codes are kept as they are; anything else is unknown, with the nearest names.
   */
  resolve(value: string): NameResolution {
    const v = value.trim();
    if (this.byId.has(v.toLowerCase()) || /^discovered:|^sector:/i.test(v)) return { kind: 'keep' };
    const named = narrow(this.byName.get(aliasKey(v)) ?? [], aliasKey(v));
    const terms = new Map(named.map((e) => [e.term, e]));
    if (terms.size === 1) {
      const [term, entry] = [...terms][0] as [string, DirectoryEntry];
      return { kind: 'resolved', term, entry };
    }
    if (terms.size > 1) return { kind: 'ambiguous', candidates: [...terms.values()] };
    if (/^[A-Za-z0-9]{3,15}$/.test(v) && this.codePrefixes.has(v.toUpperCase())) return { kind: 'keep' };
    return { kind: 'unknown', candidates: this.near(v, 5) };
  }

  /** Actors whose name, alias or code matches `q`: exact names first, then prefixes, then substrings. */
  search(q: string): DirectoryEntry[] {
    const key = aliasKey(q);
    const code = q.trim().toUpperCase();
    if (!key && !code) return [];
    const scored: Array<[number, DirectoryEntry]> = [];
    for (const e of this.entries) {
      let score = Infinity;
      for (const n of e.keys) {
        if (n === key) score = Math.min(score, 0);
        else if (n.startsWith(key)) score = Math.min(score, 1);
        else if (key.length >= 2 && n.includes(key)) score = Math.min(score, 2);
      }
      if (e.codes.some((c) => c === code)) score = Math.min(score, 0);
      else if (code.length >= 3 && e.codes.some((c) => c.startsWith(code))) score = Math.min(score, 3);
      if (score < Infinity) scored.push([score, e]);
    }
    // Equal matches: the main name before an alias's owner of a longer name ("Iran" before "Iran Air").
    return scored
      .sort(([a, x], [b, y]) => a - b || x.actor.name.length - y.actor.name.length)
      .map(([, e]) => e);
  }

  /** The actors whose names are nearest a misspelt one (substring matches, then two edits at most). */
  private near(value: string, n: number): DirectoryEntry[] {
    const found = this.search(value).slice(0, n);
    if (found.length) return found;
    const key = aliasKey(value);
    const close: Array<[number, DirectoryEntry]> = [];
    for (const [name, entries] of this.byName) {
      if (Math.abs(name.length - key.length) > 2) continue;
      const d = editDistance(name, key, 2);
      if (d <= 2) for (const e of entries) close.push([d, e]);
    }
    close.sort(([a], [b]) => a - b);
    return [...new Set(close.map(([, e]) => e))].slice(0, n);
  }
}

/**
 * The actors a name most likely means when several bear it. The imported dictionaries repeat names across
 * kinds ("Iraq" is also a person entry whose aliases are Iraqi cities; "Bashar al-Assad" is also the Syrian
 * government's entry): a country over anything else, an actor's own name over another's alias, a person
 * over an organisation named after them. What is left is really ambiguous.
 */
function narrow(named: DirectoryEntry[], key: string): DirectoryEntry[] {
  if (named.length < 2) return named;
  const countries = named.filter((e) => e.actor.kind === 'country');
  if (countries.length === 1) return countries;
  const own = named.filter((e) => aliasKey(e.actor.name) === key);
  const pool = own.length ? own : named;
  const people = pool.filter((e) => e.actor.kind === 'person');
  return people.length === 1 ? people : pool;
}

/** Levenshtein distance, stopping at `max` + 1 (only near misses matter). */
function editDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length] as number;
}

let cached: { key: string; directory: ActorDirectory } | null = null;

/**
 * The directory over the shipped dictionary and the team's live edits. Rebuilt only when the edits change:
 * they are few, and their JSON is the cheapest fingerprint of them.
 */
export function actorDirectory(edits: readonly DictionaryActor[]): ActorDirectory {
  const key = JSON.stringify(edits);
  if (cached?.key === key) return cached.directory;
  const all = new Map(shippedActors());
  for (const e of edits) all.set(e.id, { ...(all.get(e.id) ?? {}), ...e });
  cached = { key, directory: new ActorDirectory(all.values()) };
  return cached.directory;
}

/** A country's sector codes: IRN + MIL. Codes of sub-units (IRNMILIRG…) roll up into their sector. */
export function sectorOf(code: string): { country: string; sector: string; label: string } | null {
  const m = /^([A-Z]{3})([A-Z]{3})/.exec(code);
  const label = m ? SECTORS[m[2] as string] : undefined;
  return m && label ? { country: m[1] as string, sector: m[2] as string, label } : null;
}
