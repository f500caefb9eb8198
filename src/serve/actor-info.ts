import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/config.js';
import type { ActorKind, ActorRole, DictionaryActor } from '../understand/actors/types.js';
import { RESOURCE_FILES } from '../understand/resources.js';

/** What the shipped actor dictionary says of one actor, as actor pages show it. */
export interface ActorDictionaryInfo {
  name: string;
  kind: ActorKind;
  aliases: string[];
  /** Every code the actor has had; the profile's own `codes` are those valid when stored articles named it. */
  codes: string[];
  /** ISO 3166 alpha-3. */
  country: string | null;
  /** Offices held, with their codes and dates (ISO; null = open). */
  roles: ActorRole[];
}

export type ActorLookup = (actorId: string) => ActorDictionaryInfo | null;

export function actorLookupFrom(actors: readonly DictionaryActor[]): ActorLookup {
  const byId = new Map<string, ActorDictionaryInfo>(
    actors.map((a) => [
      a.id,
      { name: a.name, kind: a.kind, aliases: a.aliases, codes: a.codes, country: a.country, roles: a.roles },
    ]),
  );
  return (id) => byId.get(id) ?? null;
}

let shipped: Map<string, DictionaryActor> | null = null;

/** The shipped dictionary, read once per process on first use (actor pages, dictionary editing). */
export function shippedActors(): Map<string, DictionaryActor> {
  shipped ??= new Map(
    readFileSync(join(packageRoot(), RESOURCE_FILES.actors), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const a = JSON.parse(l) as DictionaryActor;
        return [a.id, a];
      }),
  );
  return shipped;
}

let lookup: ActorLookup | null = null;

/** What actor pages show of the shipped dictionary (not demonyms, capitals, sources). */
export function shippedActorLookup(): ActorLookup {
  lookup ??= actorLookupFrom([...shippedActors().values()]);
  return lookup;
}
