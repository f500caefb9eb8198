import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSyntaxModel, SyntaxModelError, type SyntaxModel } from './model.js';
import { Parser } from './parser.js';
import { parseInput } from './parse-features.js';
import { Tagger } from './tagger.js';
import { wordHashes } from './words.js';
import type { SentenceSyntax } from '../types.js';

export { decodeSyntaxModel, SyntaxModelError, type SyntaxModel } from './model.js';

/** The shipped model, relative to the package root. */
export const SYNTAX_MODEL_FILE = join('models', 'syntax.bin.gz');

export type { SentenceSyntax } from '../types.js';

/** The tagger and the parser over one model: tokens in, tags and a labelled tree out. */
export class SyntaxAnalyzer {
  private readonly tagger: Tagger;
  private readonly parser: Parser;

  constructor(readonly model: SyntaxModel) {
    this.tagger = new Tagger(
      model.tagger,
      new Map(model.meta.tagDictionary),
      new Map(model.meta.ambiguityLexicon),
    );
    this.parser = new Parser(model.moves, model.labeler);
  }

  get version(): string {
    return this.model.meta.version;
  }

  /** Tags and parses one tokenised sentence; the parser reads the predicted tags. */
  parseSentence(tokens: readonly string[]): SentenceSyntax {
    return this.parseTagged(this.tagSentence(tokens));
  }

  /** The tagging half of parseSentence, for callers that look at the tags before deciding to parse. */
  tagSentence(tokens: readonly string[]): TaggedSentence {
    const hashes = wordHashes(tokens);
    const amb = this.tagger.ambiguity(tokens);
    const tags = tokens.length === 0 ? new Int32Array(0) : this.tagger.tagIds(tokens, hashes, amb);
    const { upos } = this.model.meta;
    return { words: hashes.lower, tags, amb, upos: Array.from(tags, (t) => upos[t] ?? 'X') };
  }

  /** The parsing half: the same result as parseSentence on the tokens that were tagged. */
  parseTagged(tagged: TaggedSentence): SentenceSyntax {
    if (tagged.tags.length === 0) return { upos: [], heads: [], deprels: [] };
    const { heads, labels } = this.parser.parse(parseInput(tagged.words, tagged.tags, tagged.amb));
    const { deprels } = this.model.meta;
    return {
      upos: tagged.upos,
      heads: Array.from(heads),
      deprels: Array.from(labels, (l) => deprels[l] ?? 'dep'),
    };
  }
}

/** A tagged sentence waiting for its parse. */
export interface TaggedSentence {
  /** lower-cased word hashes */
  words: Uint32Array;
  tags: Int32Array;
  /** the words' ambiguity classes (Tagger.ambiguity), which tagger and parser both read */
  amb: Uint32Array;
  upos: string[];
}

export function loadSyntaxModel(path: string): SyntaxModel {
  if (!existsSync(path)) {
    throw new SyntaxModelError(
      `Missing ${path}. It ships with Watchfloor; restore it from git or run npm run train:syntax.`,
    );
  }
  return decodeSyntaxModel(readFileSync(path), path);
}
