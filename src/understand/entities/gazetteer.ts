import { readFileSync } from 'node:fs';

/** Case- and diacritic-insensitive key for a token sequence. */
export function gazetteerKey(tokens: readonly string[]): string {
  return tokens
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Name lists (people, organisations, places, nationalities) matched against token sequences. Matches only
 * become features: the tagger learns how far to trust each list, so an ambiguous entry ("Jordan") costs
 * little.
 */
export class Gazetteer {
  readonly maxTokens: number;
  private readonly entries: Map<string, string[]>;

  constructor(entries: Map<string, string[]>, maxTokens: number) {
    this.entries = entries;
    this.maxTokens = maxTokens;
  }

  static fromTsv(text: string, maxTokens = 6): Gazetteer {
    const entries = new Map<string, string[]>();
    let longest = 1;
    for (const line of text.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab <= 0) continue;
      const tokens = line.slice(0, tab).split(/\s+/).filter(Boolean);
      if (tokens.length === 0 || tokens.length > maxTokens) continue;
      longest = Math.max(longest, tokens.length);
      const key = gazetteerKey(tokens);
      const types = line
        .slice(tab + 1)
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const known = entries.get(key);
      entries.set(key, known ? [...new Set([...known, ...types])].sort() : types);
    }
    return new Gazetteer(entries, longest);
  }

  static load(path: string): Gazetteer {
    return Gazetteer.fromTsv(readFileSync(path, 'utf8'));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Per token, `TYPE:P` for every list entry covering it, P being its BILU position in the entry. */
  match(words: readonly string[]): string[][] {
    const out = words.map(() => [] as string[]);
    for (let i = 0; i < words.length; i++) {
      for (let len = 1; len <= this.maxTokens && i + len <= words.length; len++) {
        const types = this.entries.get(gazetteerKey(words.slice(i, i + len)));
        if (!types) continue;
        for (const type of types) {
          if (len === 1) out[i]?.push(`${type}:U`);
          else {
            out[i]?.push(`${type}:B`);
            for (let k = i + 1; k < i + len - 1; k++) out[k]?.push(`${type}:I`);
            out[i + len - 1]?.push(`${type}:L`);
          }
        }
      }
    }
    return out;
  }
}
