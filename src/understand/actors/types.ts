/** An office or position held between two dates (ISO; null = open). */
export interface ActorRole {
  title: string;
  /** CAMEO-style code while in this role, e.g. IRNMIL. */
  code: string;
  from: string | null;
  to: string | null;
}

export type ActorKind = 'country' | 'person' | 'group' | 'organisation' | 'igo';

/** One entry of the shipped actor dictionary (data/actors/actors.jsonl). */
export interface DictionaryActor {
  id: string;
  kind: ActorKind;
  name: string;
  /** Other names, transliterations and scripts; matched without case, diacritics or the article al-. */
  aliases: string[];
  codes: string[];
  /** ISO 3166 alpha-3 of the actor's country, when it has one. */
  country: string | null;
  roles: ActorRole[];
  /** Countries only: adjectival forms ("Iranian") and capitals, used as metonyms ("Tehran said"). */
  demonyms?: string[];
  capitals?: string[];
  rank?: string;
  sources: string[];
}
