import { EVENT_NOUNS, SPEECH_VERBS } from '../events/clauses.js';
import type { EventDictionary } from '../events/dictionary.js';
import { defineStage, type StageFactory } from '../stage.js';
import type { Sentence, SentenceSyntax, Token } from '../types.js';
import { SyntaxAnalyzer, type TaggedSentence } from './index.js';

/** Sentences longer than this are left unparsed: they are tables or run-on lists, not clauses. */
const MAX_TOKENS = 150;

/** Quotation marks: quotes.ts finds a quote's speaker as the subject of the speech verb of its sentences. */
const QUOTE_MARK = /[“”"«»„]/;
/** Number words claims.ts reads as counts ("two towns", "hundreds of strikes"), besides digits. */
const NUMBER_WORD =
  /^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|thousand|million|billion|trillion|dozens|scores|hundreds|thousands|millions|billions|tens)$/i;

/**
 * Whether a later stage reads this sentence's parse - the one rule for what the syntax stage parses, kept
 * to what those stages consult, since parsing is the pipeline's costliest step:
 * - quotes (quotes.ts) read the parse of a quote's first and last sentence, which hold its quotation marks;
 * - claims (claims.ts) attach a number phrase (digits or a number word: "two towns") to the noun it counts;
 * - events (events/code.ts) code only sentences with an actor mention and at least three tokens, from a
 *   predicate that is a verb of the CAMEO dictionary other than a speech verb, or an event noun
 *   (clauses.ts EVENT_NOUNS). Most words of the dictionary are also nouns ("state", "march", "fire"), so
 *   this asks the tagger (`upos`, called only here) whether the word is a verb (or the event word a noun);
 *   the tagging is a tenth of the cost of a parse.
 * English body sentences and headings only; datelines, captions and overlong sentences are never parsed.
 */
export function needsParse(
  s: Sentence,
  toks: readonly Token[],
  hasActor: boolean,
  verbs: EventDictionary,
  upos: () => readonly string[],
): boolean {
  if ((s.kind !== 'body' && s.kind !== 'heading') || toks.length === 0 || toks.length > MAX_TOKENS)
    return false;
  if (QUOTE_MARK.test(s.text)) return true;
  if (toks.some((t) => /\d/.test(t.text) || NUMBER_WORD.test(t.text))) return true;
  if (!hasActor || toks.length < 3) return false;
  // Lower-cased with typographic apostrophes folded, as the event coder reads them.
  const words = toks.map((t) => t.text.toLowerCase().replace(/’/g, "'"));
  const candidates = words.flatMap((w, i) =>
    EVENT_NOUNS.has(w) || (!SPEECH_VERBS.has(w) && verbs.verbAt(words, i) !== null) ? [i] : [],
  );
  if (candidates.length === 0) return false;
  const tags = upos();
  return candidates.some(
    (i) => tags[i] === 'VERB' || (tags[i] === 'NOUN' && EVENT_NOUNS.has(words[i] ?? '')),
  );
}

/**
 * The syntax stage: per sentence (by index), UPOS tags and a labelled dependency tree over its tokens, or
 * null where it does not parse: non-English text, and sentences no later stage reads (needsParse).
 */
export const syntaxStage: StageFactory = (resources) => {
  const analyzer = new SyntaxAnalyzer(resources.syntaxModel);
  const verbs = resources.events.dictionary;
  return defineStage({
    name: 'syntax',
    version: `perceptron-${analyzer.version}`,
    reads: ['sentences', 'tokens'],
    // Without actors (their stage failed) the quote and number sentences are still parsed for quotes and
    // claims; only the event sentences, which need actors anyway, are not.
    uses: ['actorMentions'],
    writes: ['syntax'],
    run({ language, sentences, tokens, actorMentions }) {
      const english = !language || /^en\b/i.test(language);
      const withActor = new Set((actorMentions ?? []).map((m) => m.span.sentence));
      const syntax: (SentenceSyntax | null)[] = sentences.map((s) => {
        const toks = tokens[s.index] ?? [];
        if (!english) return null;
        let tagged: TaggedSentence | null = null;
        const upos = (): string[] => (tagged ??= analyzer.tagSentence(toks.map((t) => t.text))).upos;
        if (!needsParse(s, toks, withActor.has(s.index), verbs, upos)) return null;
        return analyzer.parseTagged(tagged ?? analyzer.tagSentence(toks.map((t) => t.text)));
      });
      return { syntax };
    },
  });
};
