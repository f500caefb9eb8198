import type { Stage } from '../stage.js';
import type { EntityMention, Sentence, Token } from '../types.js';
import type { EntityResources } from './context.js';
import type { EntityModel } from './model-file.js';
import { EntityTagger } from './tagger.js';

export interface EntityStageInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
}

/**
 * The tagger learnt Reuters' ASCII conventions; news on the web uses typographic quotes and dashes. Mapping
 * them back keeps "Syria’s" tagged like "Syria's" without touching the offsets into the text.
 */
export function taggerForm(token: string): string {
  switch (token) {
    case '“':
    case '”':
    case '„':
    case '«':
    case '»':
      return '"';
    case '‘':
    case '’':
      return "'";
    case '’s':
      return "'s";
    case '—':
    case '–':
      return '--';
    case '…':
      return '...';
    default:
      return token.includes('’') ? token.replace(/’/g, "'") : token;
  }
}

export function createEntityStage(
  model: EntityModel,
  resources: EntityResources,
): Stage<EntityStageInput, EntityMention[]> {
  const tagger = new EntityTagger(model.stages, resources, model.meta.temperature);
  return {
    name: 'entities',
    version: `perceptron-${model.meta.version}`,
    run({ text, sentences, tokens }) {
      const doc = tokens.map((sent) => sent.map((t) => taggerForm(t.text)));
      const tagged = tagger.tagDocument(doc);
      const mentions: EntityMention[] = [];
      tagged.forEach((spans, s) => {
        const sentTokens = tokens[s] ?? [];
        const sentence = sentences[s];
        for (const sp of spans) {
          const first = sentTokens[sp.start];
          const last = sentTokens[sp.end - 1];
          if (!first || !last || !sentence) continue;
          mentions.push({
            id: `e${mentions.length + 1}`,
            type: sp.type,
            span: {
              sentence: sentence.index,
              start: first.start,
              end: last.end,
              text: text.slice(first.start, last.end),
            },
            tokenStart: sp.start,
            tokenEnd: sp.end,
            confidence: sp.confidence,
          });
        }
      });
      return mentions;
    },
  };
}
