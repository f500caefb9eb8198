import { LABELS } from './labels.js';

/**
 * Features for the second tagger, from the first tagger's labels over the whole document (stacking, after
 * Krishnan & Manning 2006 and Ratinov & Roth 2009): the token's own first-pass label and its neighbours',
 * and how the first pass labelled the same word elsewhere. A name tagged PER in "Mohammad Bagheri said"
 * pulls a bare "Bagheri" in a headline towards PER; a word the first pass left out everywhere else pushes
 * a doubtful capital back to O.
 */
export function stackedFeatures(
  doc: readonly (readonly string[])[],
  firstPass: readonly (readonly number[])[],
): string[][][] {
  const byWord = new Map<string, Map<string, number>>();
  doc.forEach((words, s) => {
    words.forEach((w, i) => {
      if (!/[A-Z]/.test(w)) return;
      const key = w.toLowerCase();
      const label = LABELS[firstPass[s]?.[i] ?? 0] ?? 'O';
      const type = label === 'O' ? 'O' : label.slice(2);
      let counts = byWord.get(key);
      if (!counts) {
        counts = new Map();
        byWord.set(key, counts);
      }
      counts.set(type, (counts.get(type) ?? 0) + 1);
    });
  });
  return doc.map((words, s) => {
    const labels = firstPass[s] ?? [];
    return words.map((w, i) => {
      const own = LABELS[labels[i] ?? 0] ?? 'O';
      const prev = i > 0 ? (LABELS[labels[i - 1] ?? 0] ?? 'O') : '<s>';
      const next = i + 1 < words.length ? (LABELS[labels[i + 1] ?? 0] ?? 'O') : '</s>';
      const f = [`x:own=${own}`, `x:prev=${prev}`, `x:next=${next}`, `x:own|next=${own}|${next}`];
      const counts = byWord.get(w.toLowerCase());
      if (counts && /[A-Z]/.test(w)) {
        // Discount this occurrence so the feature speaks only for the rest of the document.
        const ownType = own === 'O' ? 'O' : own.slice(2);
        let best = '';
        let bestCount = 0;
        let total = 0;
        for (const [type, count] of counts) {
          const c = type === ownType ? count - 1 : count;
          if (c <= 0) continue;
          total += c;
          f.push(`x:has=${type}`);
          if (c > bestCount || (c === bestCount && type < best)) {
            best = type;
            bestCount = c;
          }
        }
        if (total > 0) f.push(`x:maj=${best}`, `x:maj|own=${best}|${ownType}`);
        else f.push('x:alone');
      }
      return f;
    });
  });
}
