import type { EntityType } from '../types.js';
import { stackedFeatures } from './aggregate.js';
import { documentContexts, type EntityResources } from './context.js';
import { emissions, marginals, viterbi } from './decode.js';
import { sentenceFeatures } from './features.js';
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
  constructor(
    private readonly stages: readonly TaggerWeights[],
    private readonly resources: EntityResources,
    private readonly temperature = 1,
  ) {
    if (stages.length === 0 || stages.length > 2) throw new Error('An entity model has one or two stages');
  }

  /** First-pass labels for a document; the trainer needs them to build second-stage features. */
  firstPass(doc: readonly (readonly string[])[]): { features: string[][][]; labels: number[][] } {
    const contexts = documentContexts(doc, this.resources);
    const features = doc.map((words, s) => sentenceFeatures(words, contexts[s]));
    const first = this.stages[0] as TaggerWeights;
    return { features, labels: features.map((f) => decodeStage(f, first).path) };
  }

  tagDocument(doc: readonly (readonly string[])[], withConfidence = true): TaggedSpan[][] {
    const { features, labels } = this.firstPass(doc);
    const last = this.stages[this.stages.length - 1] as TaggerWeights;
    const stacked = this.stages.length === 2 ? stackedFeatures(doc, labels) : null;
    return doc.map((words, s) => {
      const base = features[s] ?? [];
      const feats = stacked ? base.map((f, i) => f.concat(stacked[s]?.[i] ?? [])) : base;
      const { path, em } = decodeStage(feats, last);
      const marg = withConfidence ? marginals(em, words.length, last.transitions, this.temperature) : null;
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
