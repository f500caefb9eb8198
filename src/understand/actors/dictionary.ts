import type { ActorRole, DictionaryActor } from './types.js';
import { aliasKey } from './normalise.js';

/**
 * The actor dictionary indexed for linking: names and aliases, country demonyms and capitals, and role
 * phrases with their sector codes. Built once per process from the shipped files.
 */
export class ActorDictionary {
  readonly size: number;
  private readonly byId = new Map<string, DictionaryActor>();
  private readonly byAlias = new Map<string, DictionaryActor[]>();
  private readonly byDemonym = new Map<string, DictionaryActor>();
  private readonly byCapital = new Map<string, DictionaryActor>();
  private readonly agents = new Map<string, string>();
  private readonly byCountry = new Map<string, DictionaryActor[]>();
  readonly longestAgent: number;

  constructor(actors: readonly DictionaryActor[], agents: ReadonlyArray<[string, string]>) {
    this.size = actors.length;
    for (const a of actors) {
      this.byId.set(a.id, a);
      for (const name of new Set([a.name, ...a.aliases].map(aliasKey))) {
        if (!name) continue;
        const list = this.byAlias.get(name) ?? [];
        list.push(a);
        this.byAlias.set(name, list);
      }
      if (a.kind === 'person' && a.country) {
        const list = this.byCountry.get(a.country) ?? [];
        list.push(a);
        this.byCountry.set(a.country, list);
      }
      if (a.kind === 'country') {
        // "American" is also the Northern Marianas' demonym and "French" the Southern Territories': a shared
        // demonym goes to the country the sources say most about (the most names and demonyms).
        const weight = (x: DictionaryActor): number => (x.demonyms?.length ?? 0) + x.aliases.length;
        for (const d of a.demonyms ?? []) {
          const had = this.byDemonym.get(aliasKey(d));
          if (!had || weight(a) > weight(had)) this.byDemonym.set(aliasKey(d), a);
        }
        for (const c of a.capitals ?? [])
          if (!this.byCapital.has(aliasKey(c))) this.byCapital.set(aliasKey(c), a);
      }
    }
    let longest = 1;
    for (const [phrase, code] of agents) {
      this.agents.set(phrase, code);
      longest = Math.max(longest, phrase.split(' ').length);
    }
    this.longestAgent = longest;
  }

  static fromFiles(actorsJsonl: string, agentsTsv: string): ActorDictionary {
    const actors = actorsJsonl
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as DictionaryActor);
    const agents = agentsTsv
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => l.split('\t') as [string, string]);
    return new ActorDictionary(actors, agents);
  }

  get(id: string): DictionaryActor | undefined {
    return this.byId.get(id);
  }

  lookup(name: string): DictionaryActor[] {
    return this.byAlias.get(aliasKey(name)) ?? [];
  }

  /** Actors by an already normalised key (`aliasKey`), for scanners that key the text themselves. */
  lookupKey(key: string): DictionaryActor[] {
    return this.byAlias.get(key) ?? [];
  }

  /** Every name and alias key: the Arabic and Persian scanner indexes those in Arabic script. */
  aliasKeys(): IterableIterator<string> {
    return this.byAlias.keys();
  }

  /** "Iranian", and the plural "Iranians". */
  countryByDemonym(word: string): DictionaryActor | undefined {
    const key = aliasKey(word);
    return this.byDemonym.get(key) ?? (key.endsWith('s') ? this.byDemonym.get(key.slice(0, -1)) : undefined);
  }

  countryByCapital(word: string): DictionaryActor | undefined {
    return this.byCapital.get(aliasKey(word));
  }

  /**
   * Who held a role in a country on a date: "Syria's defence minister" in a 2020 article is Ali Ayoub, in
   * a 2016 one Fahd al-Freij. Curated roles first; null when nobody or several people match.
   */
  holder(country: string, title: string, date: string | null): DictionaryActor | null {
    const wanted = title.toLowerCase().replace(/defense/g, 'defence');
    const found = (this.byCountry.get(country) ?? []).filter((a) =>
      activeRoles(a, date).some((r) => {
        const t = r.title.toLowerCase();
        // "army chief of staff" is the "chief of staff of the armed forces"; a "deputy foreign minister" is
        // not a foreign minister.
        return t === wanted || coreTitle(t) === coreTitle(wanted);
      }),
    );
    const curated = found.filter((a) => a.sources.includes('curated'));
    const pool = curated.length > 0 ? curated : found;
    return pool.length === 1 ? (pool[0] ?? null) : null;
  }

  /** The sector code of a role phrase ("defence minister" → GOVMIL), if the agents list knows it. */
  agentCode(phrase: string): string | undefined {
    return this.agents.get(phrase.toLowerCase().replace(/\s+/g, ' ').trim());
  }
}

/** A title without the organisation around it: "army chief of staff" and "chief of staff of the armed forces". */
function coreTitle(title: string): string {
  return title
    .replace(/\s+of\s+(the\s+)?.*$/, (m) =>
      /^\s+of\s+staff/.test(m) ? m.replace(/\s+of\s+(the\s+)?(armed forces|army|general staff).*$/, '') : '',
    )
    .replace(/^(army|armed forces|military|the)\s+/, '')
    .trim();
}

/** Roles held on `date` (ISO); with no date, the roles still open. */
export function activeRoles(actor: DictionaryActor, date: string | null): ActorRole[] {
  if (!date) return actor.roles.filter((r) => r.to === null);
  // A day, or a month or year an undated article's text reports (dates/anchor.ts): a role held at any time
  // of that period. ISO strings of one length compare as dates.
  const day = date.slice(0, 10);
  const first = day.length === 4 ? `${day}-01-01` : day.length === 7 ? `${day}-01` : day;
  const last = day.length === 4 ? `${day}-12-31` : day.length === 7 ? `${day}-31` : day;
  return actor.roles.filter(
    (r) => (!r.from || r.from.slice(0, 10) <= last) && (!r.to || r.to.slice(0, 10) >= first),
  );
}
