import type { EntityType } from '../types.js';
import { stackedFeatures } from './aggregate.js';
import { documentContexts, type EntityResources } from './context.js';
import { emissions, marginals, viterbi } from './decode.js';
import { sentenceFeatures, wordFeatures } from './features.js';
import { LABEL_COUNT, labelsToSpans } from './labels.js';
import { toIds } from './train.js';

export interface TaggedSpan {
  type: EntityType;
  /** Token indices within the sentence, end exclusive. */
  start: number;
  end: number;
  confidence: number;
}

export interface TaggerWeights {
  featureIndex: ReadonlyMap<string, number>;
  weights: Float32Array;
  transitions: Float32Array;
}

/** Decodes one feature set with one stage's weights. */
export function decodeStage(
  features: readonly string[][],
  stage: TaggerWeights,
): { path: number[]; em: Float64Array } {
  const ids = toIds(features, stage.featureIndex);
  const em = emissions(ids, stage.weights);
  return { path: viterbi(em, features.length, stage.transitions), em };
}

/**
 * Tags whole documents, because the document features look across sentences. With two stages the second
 * reads the first one's labels for the whole document. Pure given its weights and resources.
 */
export class EntityTagger {
  /**
   * One lookup per feature string for both stages: feature → slot, slot → (stage-1 id, stage-2 id).
   * Hashing freshly built strings is most of the tagging time, so each is hashed once.
   */
  private readonly slotOf = new Map<string, number>();
  private readonly slotIds: Int32Array;

  constructor(
    private readonly stages: readonly TaggerWeights[],
    private readonly resources: EntityResources,
    private readonly temperature = 1,
  ) {
    if (stages.length === 0 || stages.length > 2) throw new Error('An entity model has one or two stages');
    for (const stage of stages)
      for (const name of stage.featureIndex.keys())
        if (!this.slotOf.has(name)) this.slotOf.set(name, this.slotOf.size);
    this.slotIds = new Int32Array(this.slotOf.size * 2).fill(-1);
    stages.forEach((stage, k) => {
      for (const [name, id] of stage.featureIndex) this.slotIds[(this.slotOf.get(name) ?? 0) * 2 + k] = id;
    });
  }

  /** Ids of the word-only features, per word: news repeats its words, so most are looked up once. */
  private readonly wordCache = new Map<string, [number[], number[]]>();

  private lookup(f: string, a: number[], b: number[]): void {
    const slot = this.slotOf.get(f);
    if (slot === undefined) return;
    const i1 = this.slotIds[slot * 2] ?? -1;
    const i2 = this.slotIds[slot * 2 + 1] ?? -1;
    if (i1 >= 0) a.push(i1);
    if (i2 >= 0) b.push(i2);
  }

  private wordIds(w: string): [number[], number[]] {
    let hit = this.wordCache.get(w);
    if (!hit) {
      hit = [[], []];
      for (const f of wordFeatures(w)) this.lookup(f, hit[0], hit[1]);
      // A bound keeps a long-running server's memory flat; refilling costs one document's lookups.
      if (this.wordCache.size >= 200_000) this.wordCache.clear();
      this.wordCache.set(w, hit);
    }
    return hit;
  }

  /**
   * Feature ids of each token for each stage: the word's cached ids plus lookups of the features that
   * depend on the context (`features` holds only those).
   */
  private ids(words: readonly string[], features: readonly string[][]): [Int32Array[], Int32Array[]] {
    const first: Int32Array[] = [];
    const second: Int32Array[] = [];
    const a: number[] = [];
    const b: number[] = [];
    features.forEach((tok, i) => {
      const [wa, wb] = this.wordIds(words[i] ?? '');
      a.length = 0;
      b.length = 0;
      for (const f of tok) this.lookup(f, a, b);
      const one = new Int32Array(wa.length + a.length);
      one.set(wa);
      one.set(a, wa.length);
      const two = new Int32Array(wb.length + b.length);
      two.set(wb);
      two.set(b, wb.length);
      first.push(one);
      second.push(two);
    });
    return [first, second];
  }

  private baseFeatures(doc: readonly (readonly string[])[]): string[][][] {
    const contexts = documentContexts(doc, this.resources);
    return doc.map((words, s) => sentenceFeatures(words, contexts[s]));
  }

  /** First-pass labels for a document; the trainer needs them to build second-stage features. */
  firstPass(doc: readonly (readonly string[])[]): { features: string[][][]; labels: number[][] } {
    const features = this.baseFeatures(doc);
    const first = this.stages[0] as TaggerWeights;
    return { features, labels: features.map((f) => decodeStage(f, first).path) };
  }

  tagDocument(doc: readonly (readonly string[])[], withConfidence = true): TaggedSpan[][] {
    const first = this.stages[0] as TaggerWeights;
    const last = this.stages[this.stages.length - 1] as TaggerWeights;
    const contexts = documentContexts(doc, this.resources);
    const ids = doc.map((words, s) => this.ids(words, sentenceFeatures(words, contexts[s], false)));
    const labels = ids.map(([one], s) =>
      viterbi(emissions(one, first.weights), doc[s]?.length ?? 0, first.transitions),
    );
    const stacked = this.stages.length === 2 ? stackedFeatures(doc, labels) : null;
    return doc.map((words, s) => {
      let path = labels[s] ?? [];
      let em: Float64Array | null = null;
      if (stacked) {
        const second = ids[s]?.[1] ?? [];
        const extra = toIds(stacked[s] ?? [], last.featureIndex);
        const all = second.map((base, i) => {
          const more = extra[i];
          if (!more || more.length === 0) return base;
          const merged = new Int32Array(base.length + more.length);
          merged.set(base);
          merged.set(more, base.length);
          return merged;
        });
        em = emissions(all, last.weights);
        path = viterbi(em, words.length, last.transitions);
      } else if (withConfidence) {
        em = emissions(ids[s]?.[0] ?? [], first.weights);
      }
      const marg =
        withConfidence && em ? marginals(em, words.length, last.transitions, this.temperature) : null;
      return labelsToSpans(path).map((sp) => ({
        type: sp.type,
        start: sp.start,
        end: sp.end,
        confidence: marg ? spanConfidence(marg, path, sp.start, sp.end) : 1,
      }));
    });
  }
}

/**
 * The span's probability is approximated by the least certain of its token labels: a product would punish
 * long names for their length, and the weakest token is where the span is likely to be wrong.
 */
function spanConfidence(marg: Float64Array, path: readonly number[], start: number, end: number): number {
  let min = 1;
  for (let t = start; t < end; t++) min = Math.min(min, marg[t * LABEL_COUNT + (path[t] ?? 0)] ?? 0);
  return Math.round(min * 1000) / 1000;
}
