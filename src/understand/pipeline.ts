import { createHash } from 'node:crypto';
import { packageRoot } from '../config/config.js';
import { actorStage } from './actors/link.js';
import { claimStage } from './claims.js';
import { dateStage } from './dates.js';
import { entityStage } from './entities/stage.js';
import { eventStage } from './events/code.js';
import { withArabicScriptEvents } from './language/events.js';
import { articleLanguage, mixedParagraphLanguages } from './language/identify.js';
import { placeStage } from './places/geoparse.js';
import { quoteStage } from './quotes.js';
import { loadResources, type UnderstandResources } from './resources.js';
import { sentenceStage } from './sentences.js';
import { syntaxStage } from './syntax/stage.js';
import type { AnyStage, ArticleContext, SlotName, Slots, StageFactory } from './stage.js';
import type { Analysis, AnalysisDocument, StageInfo } from './types.js';

export const ANALYSIS_SCHEMA_VERSION = 1;

/**
 * The stages in order. Adding one is a line here and its own module (see docs/UNDERSTAND.md): versions,
 * timings, the `stages` record and error handling all come from this list.
 */
export const STAGES: readonly StageFactory[] = [
  sentenceStage,
  entityStage,
  actorStage,
  syntaxStage,
  placeStage,
  quoteStage,
  dateStage,
  claimStage,
  // The English coder, then the Arabic and Persian one on Arabic-script sentences (issue 20).
  withArabicScriptEvents(eventStage),
];

/** Slots the stages pass to each other that the Analysis does not keep (it keeps their count). */
const WORKING_SLOTS: ReadonlySet<SlotName> = new Set(['tokens']);

/** Longest error message kept in an analysis: enough to find the cause, never the article itself. */
const MAX_ERROR_MESSAGE = 500;

export interface Analyzer {
  /** Stage name → version; an analysis whose `stages` differ from this is stale. */
  readonly versions: Record<string, string>;
  readonly loadMs: number;
  /** Never throws because of a stage: a failing stage is recorded in `stages[name].error`. */
  analyze(doc: AnalysisDocument): Analysis;
}

/** A list whose stages read what no earlier stage writes is a programming error: refused at start-up. */
function checkOrder(stages: readonly AnyStage[]): void {
  const written = new Set<SlotName>();
  const names = new Set<string>();
  for (const stage of stages) {
    if (names.has(stage.name)) throw new Error(`Two understand stages are named "${stage.name}"`);
    names.add(stage.name);
    for (const slot of [...stage.reads, ...(stage.uses ?? [])]) {
      if (!written.has(slot)) {
        throw new Error(`Understand stage "${stage.name}" reads "${slot}", which no earlier stage writes`);
      }
    }
    for (const slot of stage.writes) {
      if (written.has(slot))
        throw new Error(`Understand stage "${stage.name}" writes "${slot}" a second time`);
      written.add(slot);
    }
  }
}

function stageError(err: unknown): NonNullable<StageInfo['error']> {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_MESSAGE);
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { message, code } : { message };
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 1000) / 1000;

/** Runs the stages of `factories` (the shipped list unless a test gives its own) over one article at a time. */
export function createAnalyzer(
  resources: UnderstandResources,
  factories: readonly StageFactory[] = STAGES,
): Analyzer {
  const stages = factories.map((make) => make(resources));
  checkOrder(stages);
  const versions = Object.fromEntries(stages.map((s) => [s.name, s.version]));
  return {
    versions,
    loadMs: resources.loadMs,
    analyze(doc) {
      const context: ArticleContext = {
        text: doc.text,
        // The page's language unless its text says otherwise; detected when the page states none (issue 20).
        language: articleLanguage(doc.language, doc.text),
        publishedAt: doc.publishedAt ?? null,
      };
      const slots: Partial<Slots> = {};
      // Which stage left a slot empty, so a skipped stage can say why.
      const emptiedBy = new Map<SlotName, string>();
      const record: Record<string, StageInfo> = {};
      for (const stage of stages) {
        const info: StageInfo = { version: stage.version, ms: 0 };
        record[stage.name] = info;
        const missing = stage.reads.find((slot) => slots[slot] === undefined);
        if (missing) {
          info.skipped = `needs ${missing}, which ${emptiedBy.get(missing)} did not write`;
          for (const slot of stage.writes) emptiedBy.set(slot, stage.name);
          continue;
        }
        const started = performance.now();
        try {
          const out = stage.run({ ...context, ...slots } as Parameters<AnyStage['run']>[0]);
          for (const slot of stage.writes) {
            if (!Array.isArray(out[slot])) throw new Error(`stage ${stage.name} wrote no ${slot}`);
          }
          Object.assign(slots, out);
        } catch (err) {
          info.error = stageError(err);
          for (const slot of stage.writes) emptiedBy.set(slot, stage.name);
        }
        info.ms = elapsed(started);
      }
      // Every slot a stage writes goes into the Analysis, empty when its stage failed or was skipped.
      const kept: Record<string, unknown[]> = {};
      for (const stage of stages) {
        for (const slot of stage.writes) {
          if (slot !== 'sentences' && !WORKING_SLOTS.has(slot)) kept[slot] = slots[slot] ?? [];
        }
      }
      const paragraphLanguages = mixedParagraphLanguages(context.text, context.language);
      return {
        schemaVersion: ANALYSIS_SCHEMA_VERSION,
        language: context.language,
        // Mixed pages only (issue 20): each paragraph's language, shown in the reader.
        ...(paragraphLanguages ? { paragraphLanguages } : {}),
        publishedAt: context.publishedAt,
        textLength: context.text.length,
        textSha256: createHash('sha256').update(context.text).digest('hex'),
        stages: record,
        sentences: slots.sentences ?? [],
        tokenCount: (slots.tokens ?? []).reduce((n, s) => n + s.length, 0),
        ...kept,
      } as Analysis;
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
