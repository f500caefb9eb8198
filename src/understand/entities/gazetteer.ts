import { readFileSync } from 'node:fs';

/** Case- and diacritic-insensitive key for a token sequence. */
export function gazetteerKey(tokens: readonly string[]): string {
  return tokens.map(tokenKey).join(' ');
}

function tokenKey(token: string): string {
  const lower = token.toLowerCase();
  // Most tokens are plain ASCII; only the rest pay for Unicode normalisation.
  return !/\P{ASCII}/u.test(lower) ? lower : lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Name lists (people, organisations, places, nationalities) matched against token sequences. Matches only
 * become features: the tagger learns how far to trust each list, so an ambiguous entry ("Jordan") costs
 * little.
 */
export class Gazetteer {
  readonly maxTokens: number;
  private readonly entries: Map<string, string[]>;
  /** First token of every entry → the longest entry it starts, so most positions cost one lookup. */
  private readonly firstTokens: Map<string, number>;

  constructor(entries: Map<string, string[]>, maxTokens: number) {
    this.entries = entries;
    this.maxTokens = maxTokens;
    this.firstTokens = new Map();
    for (const key of entries.keys()) {
      const parts = key.split(' ');
      const first = parts[0] ?? '';
      this.firstTokens.set(first, Math.max(this.firstTokens.get(first) ?? 0, parts.length));
    }
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
    const keys = words.map(tokenKey);
    for (let i = 0; i < words.length; i++) {
      const longest = this.firstTokens.get(keys[i] ?? '');
      if (longest === undefined) continue;
      let key = '';
      for (let len = 1; len <= longest && i + len <= words.length; len++) {
        key = len === 1 ? (keys[i] ?? '') : `${key} ${keys[i + len - 1] ?? ''}`;
        const types = this.entries.get(key);
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
