import { defineStage, type StageFactory } from '../stage.js';
import type { EntityMention } from '../types.js';
import { EntityTagger } from './tagger.js';

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

export const entityStage: StageFactory = (resources) => {
  const model = resources.entityModel;
  const tagger = new EntityTagger(model.stages, resources.entity, model.meta.temperature);
  return defineStage({
    name: 'entities',
    version: `perceptron-${model.meta.version}`,
    reads: ['sentences', 'tokens'],
    writes: ['entities'],
    run({ text, language, sentences, tokens }) {
      // The tagger learnt English; on other languages it would invent entities, so it abstains.
      if (language && !/^en\b/i.test(language)) return { entities: [] };
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
      return { entities: mentions };
    },
  });
};
