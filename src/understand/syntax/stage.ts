import { defineStage, type StageFactory } from '../stage.js';
import type { SentenceSyntax } from '../types.js';
import { SyntaxAnalyzer } from './index.js';

/** Sentences longer than this are left unparsed: they are tables or run-on lists, not clauses. */
const MAX_TOKENS = 150;

/**
 * The syntax stage: per sentence (by index), UPOS tags and a labelled dependency tree over its tokens, or
 * null where it does not parse. To keep the pipeline fast it parses only what later stages read: body
 * sentences and headings of English text that mention an actor (events, quotes) or hold a number (claims).
 * Non-English text, datelines, captions and overlong sentences are left unparsed.
 */
export const syntaxStage: StageFactory = (resources) => {
  const analyzer = new SyntaxAnalyzer(resources.syntaxModel);
  return defineStage({
    name: 'syntax',
    version: `perceptron-${analyzer.version}`,
    reads: ['sentences', 'tokens', 'actorMentions'],
    writes: ['syntax'],
    run({ language, sentences, tokens, actorMentions }) {
      const english = !language || /^en\b/i.test(language);
      const withActor = new Set(actorMentions.map((m) => m.span.sentence));
      const syntax: (SentenceSyntax | null)[] = sentences.map((s) => {
        const toks = tokens[s.index] ?? [];
        if (!english || (s.kind !== 'body' && s.kind !== 'heading') || toks.length > MAX_TOKENS) return null;
        if (!withActor.has(s.index) && !toks.some((t) => /\d/.test(t.text))) return null;
        return analyzer.parseSentence(toks.map((t) => t.text));
      });
      return { syntax };
    },
  });
};
