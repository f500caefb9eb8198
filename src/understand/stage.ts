import type {
  ActorMention,
  AnalysisActor,
  Claim,
  CodedEvent,
  EntityMention,
  PlaceMention,
  Quote,
  Sentence,
  SentenceSyntax,
  TimeAnchor,
  TimeRef,
  Token,
} from './types.js';
import type { UnderstandResources } from './resources.js';

/**
 * What the stages write and read, by name: every slot but `tokens` is a field of the Analysis. A new stage
 * that writes something new adds its slot here (and to the Analysis, types.ts and schema.ts).
 */
export interface Slots {
  sentences: Sentence[];
  tokens: Token[][];
  syntax: (SentenceSyntax | null)[];
  entities: EntityMention[];
  actors: AnalysisActor[];
  actorMentions: ActorMention[];
  places: PlaceMention[];
  quotes: Quote[];
  dates: TimeRef[];
  timeAnchors: TimeAnchor[];
  claims: Claim[];
  events: CodedEvent[];
}

export type SlotName = keyof Slots;

/** What every stage may read besides the slots: the article itself. */
export interface ArticleContext {
  text: string;
  /** BCP 47 tag of the text's language, when known. */
  language: string | null;
  /** ISO date or date-time of publication; anchors relative dates. */
  publishedAt: string | null;
}

/**
 * One understand stage: a name, a version that changes whenever its output could (code or model), the slots
 * it reads and the slots it writes (usually one), and a pure `run`. The pipeline derives the Analysis'
 * `stages` record and `reanalyze`'s staleness from these; a stage that throws leaves its slots empty and the
 * stages that read them are skipped.
 */
export interface Stage<
  R extends SlotName = SlotName,
  W extends SlotName = SlotName,
  U extends SlotName = never,
> {
  readonly name: string;
  readonly version: string;
  readonly reads: readonly R[];
  /**
   * Slots the stage consults when an earlier stage wrote them and does without otherwise (syntax parses the
   * sentences with actors when the actors are there): their absence never skips it.
   */
  readonly uses?: readonly U[];
  readonly writes: readonly W[];
  run(input: ArticleContext & Pick<Slots, R> & Partial<Pick<Slots, U>>): Pick<Slots, W>;
}

/** A stage as the pipeline holds it, its input and output erased to "some slots". */
export type AnyStage = Stage<SlotName, SlotName>;

/** How a stage module exports its stage: built from the loaded resources (models, dictionaries) or not. */
export type StageFactory = (resources: UnderstandResources) => AnyStage;

/**
 * Checks a stage's `run` against the slots it declares (the compiler infers R and W from `reads` and
 * `writes`), then erases the types so stages of different shapes share one list.
 */
export function defineStage<R extends SlotName, W extends SlotName, U extends SlotName = never>(
  stage: Stage<R, W, U>,
): AnyStage {
  return stage as unknown as AnyStage;
}
