/** The shipped event dictionary's shape (data/events/verbs.json), shared by the build script and the loader. */
export interface VerbPattern {
  /** Units before the verb, in order; each unit is consecutive tokens; `&NAME` is any word of a synonym set. */
  pre: string[][];
  post: string[][];
  /** CAMEO code; null where PETRARCH says the phrase is no event ("[---]"). */
  code: string | null;
}

export interface VerbSection {
  name: string;
  code: string | null;
  verbs: Array<{ lemma: string; code: string | null; forms: string[] }>;
  patterns: VerbPattern[];
}

export interface EventDictionaryFile {
  synsets: Record<string, string[]>;
  sections: VerbSection[];
}

/** One row of the CAMEO → PLOVER table. */
export interface CameoEntry {
  type: string;
  mode: string | null;
  context: string | null;
  description: string;
}
