import { createHash } from 'node:crypto';
import { packageRoot } from '../config/config.js';
import { linkActors } from './actors/link.js';
import { extractClaims } from './claims.js';
import { extractDates } from './dates.js';
import { extractQuotes } from './quotes.js';
import { geoparse } from './places/geoparse.js';
import { codeEvents } from './events/code.js';
import { createEntityStage } from './entities/stage.js';
import { loadResources, type UnderstandResources } from './resources.js';
import { splitSentences } from './sentences.js';
import type { Stage } from './stage.js';
import { tokenize } from './tokens.js';
import type { Analysis, AnalysisDocument, EntityMention, Sentence, Token } from './types.js';

export const ANALYSIS_SCHEMA_VERSION = 1;

/** Sentences and tokens are one stage: tokens are cut inside sentences, and both are rule-based. */
const sentenceStage: Stage<string, { sentences: Sentence[]; tokens: Token[][] }> = {
  name: 'sentences',
  version: 'rules-1',
  run(text) {
    const sentences = splitSentences(text);
    return { sentences, tokens: tokenize(text, sentences) };
  },
};

export interface Analyzer {
  /** Stage name → version; an analysis whose `stages` differ from this is stale. */
  readonly versions: Record<string, string>;
  readonly loadMs: number;
  analyze(doc: AnalysisDocument): Analysis;
}

/**
 * The stages in order. Each reads the document and earlier outputs and writes one slot, so a later issue
 * adds a stage here without touching the others.
 */
export function createAnalyzer(resources: UnderstandResources): Analyzer {
  const entities = createEntityStage(resources.entityModel, resources.entity);
  const actorStage: Stage<Parameters<typeof linkActors>[0], ReturnType<typeof linkActors>> = {
    name: 'actors',
    version: `link-2+dict-${resources.actorsVersion}`,
    run: (input) => linkActors(input, resources.actors),
  };
  const quoteStage: Stage<Parameters<typeof extractQuotes>[0], ReturnType<typeof extractQuotes>> = {
    name: 'quotes',
    version: 'rules-1',
    run: extractQuotes,
  };
  const dateStage: Stage<Parameters<typeof extractDates>[0], ReturnType<typeof extractDates>> = {
    name: 'dates',
    version: 'chrono2+rules-3',
    run: extractDates,
  };
  const claimStage: Stage<Parameters<typeof extractClaims>[0], ReturnType<typeof extractClaims>> = {
    name: 'claims',
    version: 'rules-1',
    run: extractClaims,
  };
  const placeStage: Stage<Parameters<typeof geoparse>[0], ReturnType<typeof geoparse>> = {
    name: 'places',
    version: `geo-3+gaz-${resources.placesVersion}`,
    run: (input) =>
      geoparse(input, {
        gazetteer: resources.places,
        commonWords: resources.entity.commonWords ?? new Set(),
      }),
  };
  const eventStage: Stage<Parameters<typeof codeEvents>[0], ReturnType<typeof codeEvents>> = {
    name: 'events',
    version: `verbs-1+dict-${resources.eventsVersion}`,
    run: (input) => codeEvents(input, resources.events),
  };
  const versions = {
    [sentenceStage.name]: sentenceStage.version,
    [entities.name]: entities.version,
    [actorStage.name]: actorStage.version,
    [placeStage.name]: placeStage.version,
    [quoteStage.name]: quoteStage.version,
    [dateStage.name]: dateStage.version,
    [claimStage.name]: claimStage.version,
    [eventStage.name]: eventStage.version,
  };
  return {
    versions,
    loadMs: resources.loadMs,
    analyze(doc) {
      const text = doc.text;
      const timed = <T>(fn: () => T): [T, number] => {
        const t = performance.now();
        const out = fn();
        return [out, Math.round((performance.now() - t) * 1000) / 1000];
      };
      const [{ sentences, tokens }, sentMs] = timed(() => sentenceStage.run(text));
      // The tagger learnt English; on other languages it would invent entities, so it abstains.
      const english = !doc.language || /^en\b/i.test(doc.language);
      const [mentions, entMs]: [EntityMention[], number] = timed(() =>
        english ? entities.run({ text, sentences, tokens }) : [],
      );
      const [linked, actMs] = timed(() =>
        actorStage.run({ text, sentences, tokens, entities: mentions, publishedAt: doc.publishedAt ?? null }),
      );
      const [places, placeMs] = timed(() =>
        placeStage.run({
          text,
          sentences,
          tokens,
          entities: mentions,
          actors: linked.actors,
          actorMentions: linked.mentions,
        }),
      );
      const [quotes, quoteMs] = timed(() =>
        quoteStage.run({ text, sentences, tokens, actors: linked.actors, actorMentions: linked.mentions }),
      );
      const [dates, dateMs] = timed(() =>
        dateStage.run({ text, sentences, publishedAt: doc.publishedAt ?? null }),
      );
      const [claims, claimMs] = timed(() => claimStage.run({ text, sentences, tokens }));
      const [events, eventMs] = timed(() =>
        eventStage.run({
          text,
          sentences,
          tokens,
          actors: linked.actors,
          actorMentions: linked.mentions,
          places,
          dates,
          publishedAt: doc.publishedAt ?? null,
        }),
      );
      return {
        schemaVersion: ANALYSIS_SCHEMA_VERSION,
        language: doc.language ?? null,
        publishedAt: doc.publishedAt ?? null,
        textLength: text.length,
        textSha256: createHash('sha256').update(text).digest('hex'),
        stages: {
          [sentenceStage.name]: { version: sentenceStage.version, ms: sentMs },
          [entities.name]: { version: entities.version, ms: entMs },
          [actorStage.name]: { version: actorStage.version, ms: actMs },
          [placeStage.name]: { version: placeStage.version, ms: placeMs },
          [quoteStage.name]: { version: quoteStage.version, ms: quoteMs },
          [dateStage.name]: { version: dateStage.version, ms: dateMs },
          [claimStage.name]: { version: claimStage.version, ms: claimMs },
          [eventStage.name]: { version: eventStage.version, ms: eventMs },
        },
        sentences,
        tokenCount: tokens.reduce((n, s) => n + s.length, 0),
        entities: mentions,
        actors: linked.actors,
        actorMentions: linked.mentions,
        places,
        quotes,
        dates,
        claims,
        events,
      };
    },
  };
}

let shared: Analyzer | null = null;

/** The analyzer over the shipped resources, loaded on first use and shared by the process. */
export function defaultAnalyzer(): Analyzer {
  shared ??= createAnalyzer(loadResources(packageRoot()));
  return shared;
}

/** True when an analysis was made by older stage versions than this analyzer's. */
export function isStale(
  analysis: Pick<Analysis, 'stages' | 'schemaVersion'>,
  versions: Record<string, string>,
): boolean {
  if (analysis.schemaVersion !== ANALYSIS_SCHEMA_VERSION) return true;
  return Object.entries(versions).some(([name, v]) => analysis.stages[name]?.version !== v);
}
