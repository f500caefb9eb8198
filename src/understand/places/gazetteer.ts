import { GazetteerFormatError, PLACES_HEADER, parsePlaceRow, type PlaceRecord } from './gazetteer-file.js';
import { placeKey } from './normalise.js';

const NONE: string[] = [];

/** Places known well enough that a three-letter name of theirs is worth matching. */
const prominent = (p: PlaceRecord): boolean =>
  p.population >= 100000 || p.fcode === 'PPLC' || p.fcode === 'PCLI' || p.fcode === 'ADM1';

/** Abbreviations ("Ill.", "B.C.", "UAE") match only exactly as written. */
const isLiteralAlias = (alias: string, key: string): boolean =>
  /\.\s*$/.test(alias) || (key.length <= 5 && /^[A-Z.]+$/.test(alias));

/**
 * The shipped place gazetteer, indexed by normalised name. Abbreviations and very short names are kept in a
 * separate case-sensitive index so that "us", "Ga" or "Mo" in running text do not become places.
 */
export class PlaceGazetteer {
  private readonly byKey = new Map<string, number[]>();
  private readonly byLiteral = new Map<string, number[]>();
  private readonly byIso3 = new Map<string, number>();
  /** Longest name in tokens: the scanner never looks further ahead than this. */
  readonly maxTokens: number;

  readonly places: readonly PlaceRecord[];

  private constructor(records: readonly PlaceRecord[]) {
    let maxTokens = 1;
    const add = (map: Map<string, number[]>, key: string, i: number): void => {
      const list = map.get(key);
      if (!list) map.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    records.forEach((p, i) => {
      if (p.fcode === 'PCLI' && p.iso3) this.byIso3.set(p.iso3, i);
      const names = [p.name, ...p.aliases];
      for (let k = 0; k < names.length; k++) {
        const name = names[k] ?? '';
        const key = p.keys[k] ?? placeKey(name);
        if (!key) continue;
        if (isLiteralAlias(name, key)) add(this.byLiteral, name, i);
        // Other Latin names of three letters or fewer ("God", "Ur") are words more often than places, unless
        // the place is a large one ("Qom", "al-Bab", "al-Kut"); in Arabic script short names are common
        // (حلب, قم) and kept.
        else if (key.length > 3 || /[^ -\u024f]/.test(key) || (key.length === 3 && prominent(p)))
          add(this.byKey, key, i);
        let n = 1;
        for (let c = 0; c < key.length; c++) if (key.charCodeAt(c) === 32) n++;
        if (n > maxTokens && n <= 8) maxTokens = n;
      }
    });
    this.maxTokens = maxTokens;
    // Names are in the index now; keeping every record's alias and key lists would cost a few hundred MB.
    this.places = records.map((p) => ({ ...p, aliases: NONE, keys: NONE }));
  }

  static fromTsv(text: string): PlaceGazetteer {
    const lines = text.split('\n');
    if (lines[0] !== PLACES_HEADER) {
      throw new GazetteerFormatError(`line 1: expected the header "${PLACES_HEADER}"`);
    }
    const places: PlaceRecord[] = [];
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line) places.push(parsePlaceRow(line, i + 1));
    }
    return new PlaceGazetteer(places);
  }

  /** Indices of the places a surface form may name, by normalised key and, for abbreviations, as written. */
  lookup(surface: string): number[] {
    const key = placeKey(surface);
    const byKey = this.byKey.get(key) ?? [];
    const literal = this.byLiteral.get(surface.trim()) ?? [];
    if (!literal.length) return byKey;
    // An acronym written as one ("MENA", "UAE") means what it abbreviates, not a town spelt the same.
    if (/^[A-Z.]+$/.test(surface.trim())) return literal;
    return [...new Set([...byKey, ...literal])];
  }

  /** Every name key: the Arabic and Persian scanner indexes those in Arabic script. */
  nameKeys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  countryByIso3(iso3: string): number | undefined {
    return this.byIso3.get(iso3);
  }

  /**
   * A view for one document that looks each surface form up once: detection, the country and province
   * evidence and the resolver all ask for the same names, and an article repeats its places.
   */
  forDocument(): PlaceIndex {
    const memo = new Map<string, number[]>();
    return {
      places: this.places,
      maxTokens: this.maxTokens,
      lookup: (surface) => {
        let hits = memo.get(surface);
        if (!hits) memo.set(surface, (hits = this.lookup(surface)));
        return hits;
      },
      countryByIso3: (iso3) => this.countryByIso3(iso3),
    };
  }
}

/** What the places stages read from the gazetteer. */
export type PlaceIndex = Pick<PlaceGazetteer, 'places' | 'maxTokens' | 'lookup' | 'countryByIso3'>;
