import type { EventDictionaryFile, VerbPattern, VerbSection } from './dictionary-file.js';

export interface VerbHit {
  section: VerbSection;
  /** The verb's own code (or its section's), used when no pattern matches. */
  code: string | null;
  /** Token range of the verb (multi-word verbs such as "call off" span several). */
  start: number;
  end: number;
}

export interface PatternHit {
  pattern: VerbPattern;
  /** Words the pattern matched besides the verb: more is more specific. */
  matched: number;
  /** Token range the match covers, verb included. */
  start: number;
  end: number;
}

/** How far a pattern looks on each side of its verb, in tokens; PETRARCH's parse limits it to the clause. */
const POST_WINDOW = 12;
const PRE_WINDOW = 8;
const CLAUSE_END = new Set([';', '.', '?', '!', ':']);
/** Determiners a pattern does not spell out: "necessity of withdrawal" matches "necessity of the withdrawal". */
const SKIPPABLE = new Set(['the', 'a', 'an', '“', '”', '"']);

const plural = (w: string, t: string): boolean =>
  t === w || t === `${w}s` || t === `${w}es` || (w.endsWith('y') && t === `${w.slice(0, -1)}ies`);

/**
 * The PETRARCH2 / Phoenix CAMEO verb dictionary: verbs grouped in sections with a default code, and
 * patterns of words around the verb that refine it ("sign * {&MILITARY &TREATY}" → 0312).
 */
export class EventDictionary {
  private readonly byFirst = new Map<
    string,
    Array<{ section: VerbSection; code: string | null; form: string[] }>
  >();
  private readonly synsets: ReadonlyMap<string, string[][]>;

  constructor(file: EventDictionaryFile) {
    this.synsets = new Map(Object.entries(file.synsets).map(([k, v]) => [k, v.map((w) => w.split(' '))]));
    for (const section of file.sections) {
      for (const verb of section.verbs) {
        for (const f of verb.forms) {
          const form = f.split(' ');
          const first = form[0] ?? '';
          const list = this.byFirst.get(first) ?? [];
          list.push({ section, code: verb.code, form });
          this.byFirst.set(first, list);
        }
      }
    }
    // Longer forms first, so "call off" wins over "call".
    for (const list of this.byFirst.values()) list.sort((a, b) => b.form.length - a.form.length);
  }

  /** The dictionary verb starting at token `i` of the lower-cased sentence, if any. */
  verbAt(words: readonly string[], i: number): VerbHit | null {
    const list = this.byFirst.get(words[i] ?? '');
    if (!list) return null;
    const found = list.filter((v) => v.form.every((w, k) => words[i + k] === w));
    const v = found[0];
    if (!v) return null;
    // A verb listed twice in its section (PETRARCH's entry, then the supplement's) takes the entry with a
    // code: the supplement gives a default to a verb PETRARCH codes only through patterns ("reject").
    const coded = found.find((x) => x.section === v.section && x.form.length === v.form.length && x.code);
    const code = v.code ?? coded?.code ?? null;
    return { section: v.section, code, start: i, end: i + v.form.length };
  }

  /** The most specific pattern of the verb's section that the sentence matches (and `accept` allows). */
  bestPattern(
    words: readonly string[],
    verb: VerbHit,
    accept: (hit: PatternHit) => boolean = () => true,
  ): PatternHit | null {
    let best: PatternHit | null = null;
    for (const pattern of verb.section.patterns) {
      const hit = this.match(words, verb, pattern);
      if (hit && (!best || hit.matched > best.matched) && accept(hit)) best = hit;
    }
    return best;
  }

  private match(words: readonly string[], verb: VerbHit, pattern: VerbPattern): PatternHit | null {
    let matched = 0;
    let end = verb.end;
    let limit = verb.end;
    while (limit < words.length && limit < verb.end + POST_WINDOW && !CLAUSE_END.has(words[limit] ?? ''))
      limit++;
    for (const unit of pattern.post) {
      let found = -1;
      let len = 0;
      for (let p = end; p < limit && found < 0; p++) {
        len = this.unitAt(words, p, unit, limit);
        if (len > 0) found = p;
      }
      if (found < 0) return null;
      matched += unit.length;
      end = found + len;
    }
    let start = verb.start;
    const floor = Math.max(0, verb.start - PRE_WINDOW);
    for (let u = pattern.pre.length - 1; u >= 0; u--) {
      const unit = pattern.pre[u] ?? [];
      let found = -1;
      for (let p = start - 1; p >= floor && found < 0; p--) {
        const len = this.unitAt(words, p, unit, start);
        if (len > 0 && p + len <= start) found = p;
      }
      if (found < 0) return null;
      matched += unit.length;
      start = found;
    }
    return { pattern, matched, start, end };
  }

  /** Length in tokens of `unit` matched at `p` (synonym sets may match several words), or 0. */
  private unitAt(words: readonly string[], p: number, unit: readonly string[], limit: number): number {
    let q = p;
    for (let k = 0; k < unit.length; k++) {
      const w = unit[k] ?? '';
      if (k > 0) while (q < limit && SKIPPABLE.has(words[q] ?? '')) q++;
      if (q >= limit) return 0;
      if (w.startsWith('&')) {
        const alts = this.synsets.get(w) ?? [];
        const alt = alts.find((a) => a.every((x, k) => q + k < limit && plural(x, words[q + k] ?? '')));
        if (!alt) return 0;
        q += alt.length;
      } else {
        if (!plural(w, words[q] ?? '')) return 0;
        q++;
      }
    }
    return q - p;
  }
}
