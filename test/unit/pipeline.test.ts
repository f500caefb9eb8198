import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { taggerForm } from '../../src/understand/entities/stage.js';
import { createAnalyzer, isStale, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources, ResourceError } from '../../src/understand/resources.js';

const seedText = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = createAnalyzer(loadResources(packageRoot()));
});

describe('analyze', () => {
  it('runs the stages in order and records their versions', () => {
    const a = analyzer.analyze({ text: seedText, publishedAt: '2020-07-08T00:00:00.000Z', language: 'en' });
    expect(Object.keys(a.stages)).toEqual([
      'sentences',
      'entities',
      'actors',
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
