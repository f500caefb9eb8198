import type { TokenContext } from './features.js';
import type { Gazetteer } from './gazetteer.js';
import { isCapitalised } from './shape.js';

export interface EntityResources {
  gazetteer: Gazetteer | null;
  /** Lower-case ordinary English words (no proper nouns). */
  commonWords: ReadonlySet<string> | null;
}

/**
 * Context for every token of one document. Besides the gazetteer, it aggregates what the rest of the
 * document says about each capitalised word (Ratinov & Roth's "context aggregation"): a name is usually
 * introduced once in full ("Mr. Bagheri", "the Syrian city of Aleppo") and then repeated bare, so the other
 * occurrences' neighbours are strong evidence.
 */
export function documentContexts(
  doc: readonly (readonly string[])[],
  resources: EntityResources,
): TokenContext[][] {
  const neighbours = new Map<string, Set<string>>();
  const lowerSeen = new Set<string>();
  const midCap = new Set<string>();
  doc.forEach((words) => {
    words.forEach((w, i) => {
      if (!isCapitalised(w)) {
        lowerSeen.add(w.toLowerCase());
        return;
      }
      if (i > 0) midCap.add(w);
      let set = neighbours.get(w);
      if (!set) {
        set = new Set();
        neighbours.set(w, set);
      }
      const prev = words[i - 1];
      const next = words[i + 1];
      if (prev !== undefined) set.add(`p=${prev.toLowerCase()}`);
      if (next !== undefined) set.add(`n=${next.toLowerCase()}`);
      if (prev !== undefined && isCapitalised(prev)) set.add('pcap');
      if (next !== undefined && isCapitalised(next)) set.add('ncap');
    });
  });
  return doc.map((words) => {
    const gaz = resources.gazetteer?.match(words) ?? words.map(() => []);
    return words.map((w, i) => {
      const document: string[] = [];
      if (isCapitalised(w)) {
        for (const n of neighbours.get(w) ?? []) document.push(n);
        if (lowerSeen.has(w.toLowerCase())) document.push('lowerElsewhere');
        if (i === 0 && midCap.has(w)) document.push('midCapElsewhere');
      }
      return {
        gazetteer: gaz[i] ?? [],
        commonWord: resources.commonWords?.has(w.toLowerCase()) ?? false,
        document,
      };
    });
  });
}
