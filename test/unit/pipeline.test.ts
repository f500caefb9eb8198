import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { taggerForm } from '../../src/understand/entities/stage.js';
import { createAnalyzer, isStale, STAGES, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources, ResourceError, type UnderstandResources } from '../../src/understand/resources.js';
import { analysisSchema } from '../../src/understand/schema.js';
import { actorStage } from '../../src/understand/actors/link.js';
import type { StageFactory } from '../../src/understand/stage.js';

const seedText = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);

let resources: UnderstandResources;
let analyzer: Analyzer;
beforeAll(() => {
  resources = loadResources(packageRoot());
  analyzer = createAnalyzer(resources);
});

describe('analyze', () => {
  it('runs the stages in order and records their versions', () => {
    const a = analyzer.analyze({ text: seedText, publishedAt: '2020-07-08T00:00:00.000Z', language: 'en' });
    expect(Object.keys(a.stages)).toEqual([
      'sentences',
      'entities',
      'actors',
      'syntax',
      'places',
      'quotes',
      'dates',
      'claims',
      'events',
    ]);
    expect(a.stages.entities?.version).toMatch(/^perceptron-[0-9a-f]{12}$/);
    expect(analyzer.versions).toEqual(
      Object.fromEntries(Object.entries(a.stages).map(([k, v]) => [k, v.version])),
    );
    expect(a.textLength).toBe(seedText.length);
    expect(a.tokenCount).toBeGreaterThan(350);
  });

  it('points every entity at its exact text and sentence, ids in text order', () => {
    const a = analyzer.analyze({ text: seedText });
    a.entities.forEach((e, i) => {
      expect(e.id).toBe(`e${i + 1}`);
      expect(seedText.slice(e.span.start, e.span.end)).toBe(e.span.text);
      const s = a.sentences[e.span.sentence]!;
      expect(e.span.start).toBeGreaterThanOrEqual(s.start);
      expect(e.span.end).toBeLessThanOrEqual(s.end);
      expect(e.confidence).toBeGreaterThan(0);
      expect(e.confidence).toBeLessThanOrEqual(1);
    });
    const people = new Set(a.entities.filter((e) => e.type === 'PER').map((e) => e.span.text));
    expect(people).toContain('Bashar al-Assad');
    expect(people).toContain('Bagheri');
  });

  it('is deterministic apart from timings', () => {
    const strip = (x: ReturnType<Analyzer['analyze']>) => ({ ...x, stages: Object.keys(x.stages) });
    expect(strip(analyzer.analyze({ text: seedText }))).toEqual(strip(analyzer.analyze({ text: seedText })));
  });

  it('abstains from English entities on text declared in another language', () => {
    const a = analyzer.analyze({
      text: 'وصل الرئيس بشار الأسد إلى دمشق. وقال إن الاتفاق مهم.',
      language: 'ar',
    });
    expect(a.sentences).toHaveLength(2);
    expect(a.entities).toEqual([]);
  });

  it('handles empty and whitespace-only text', () => {
    expect(analyzer.analyze({ text: '' })).toMatchObject({ sentences: [], entities: [], tokenCount: 0 });
    expect(analyzer.analyze({ text: ' \n\n ' }).sentences).toEqual([]);
  });
});

describe('a failing stage', () => {
  const failingActors: StageFactory = (r) => ({
    ...actorStage(r),
    run() {
      throw Object.assign(new Error('dictionary exploded'), { code: 'test.boom' });
    },
  });
  const withFailingActors = () =>
    createAnalyzer(
      resources,
      STAGES.map((f) => (f === actorStage ? failingActors : f)),
    );

  it('records its error, leaves its slots empty, skips the stages that read them and keeps the rest', () => {
    const a = withFailingActors().analyze({ text: seedText, publishedAt: '2020-07-08', language: 'en' });
    expect(a.stages.actors?.error).toEqual({ message: 'dictionary exploded', code: 'test.boom' });
    expect(a.actors).toEqual([]);
    expect(a.actorMentions).toEqual([]);
    // Syntax only consults the actors (uses, not reads): it still runs, parsing the quote and number
    // sentences that quotes and claims read.
    expect(a.stages.syntax?.skipped).toBeUndefined();
    expect(a.stages.syntax?.error).toBeUndefined();
    for (const name of ['places', 'quotes', 'events']) {
      expect(a.stages[name]?.skipped).toBe('needs actors, which actors did not write');
      expect(a.stages[name]?.error).toBeUndefined();
    }
    expect(a.places).toEqual([]);
    expect(a.events).toEqual([]);
    // Stages that do not need the actors still ran.
    expect(a.entities.length).toBeGreaterThan(10);
    expect(a.dates.length).toBeGreaterThan(0);
    expect(a.claims.length).toBeGreaterThan(0);
    expect(a.stages.claims).toEqual({ version: expect.any(String), ms: expect.any(Number) });
    // Still a valid Analysis, with the same versions: the store keeps it like any other.
    expect(analysisSchema.safeParse(a).success).toBe(true);
    expect(isStale(a, analyzer.versions)).toBe(false);
  });

  it('takes the reason of a skip from the stage that first emptied the slot', () => {
    const failingSentences: StageFactory = (r) => ({
      ...STAGES[0]!(r),
      run: () => {
        throw 'not an Error';
      },
    });
    const a = createAnalyzer(resources, [failingSentences, ...STAGES.slice(1)]).analyze({ text: seedText });
    expect(a.stages.sentences?.error).toEqual({ message: 'not an Error' });
    expect(a.stages.entities?.skipped).toBe('needs sentences, which sentences did not write');
    expect(a.stages.events?.skipped).toBe('needs sentences, which sentences did not write');
    expect(a).toMatchObject({ sentences: [], tokenCount: 0, entities: [], events: [] });
  });

  it('refuses a stage list whose stages read what no earlier stage writes', () => {
    expect(() => createAnalyzer(resources, STAGES.slice(1))).toThrow(
      'Understand stage "entities" reads "sentences", which no earlier stage writes',
    );
    expect(() => createAnalyzer(resources, [...STAGES, STAGES[0]!])).toThrow(/named "sentences"/);
  });
});

describe('staleness', () => {
  it('calls an analysis stale when any stage version or the schema differs', () => {
    const a = analyzer.analyze({ text: 'Iran and Syria signed a deal in Damascus.' });
    expect(isStale(a, analyzer.versions)).toBe(false);
    expect(
      isStale({ ...a, stages: { ...a.stages, entities: { version: 'old', ms: 1 } } }, analyzer.versions),
    ).toBe(true);
    expect(isStale(a, { ...analyzer.versions, places: 'v1' })).toBe(true);
  });
});

describe('resources', () => {
  it('says which file is missing and how to rebuild it', () => {
    expect(() => loadResources('/nonexistent-root')).toThrow(ResourceError);
    expect(() => loadResources('/nonexistent-root')).toThrow(/npm run train:entities/);
  });

  it('maps typographic punctuation to the forms the tagger learnt', () => {
    expect(['“', '”', '’s', '—', '…', 'Qur’an'].map(taggerForm)).toEqual([
      '"',
      '"',
      "'s",
      '--',
      '...',
      "Qur'an",
    ]);
  });
});
