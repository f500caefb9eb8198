import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missBacklog, scoreConll } from '../../eval/entities.js';
import { formatTable, mergeResults } from '../../eval/harness.js';
import { scoreSpans } from '../../eval/metrics.js';
import { conllDocuments, parseConll, spansFromIob } from '../../src/understand/entities/conll.js';

const tiny = parseConll(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'conll', 'tiny-gold.txt'), 'utf8'),
);

describe('CoNLL reading', () => {
  it('reads sentences, words and tags from the 4-column format', () => {
    expect(tiny).toHaveLength(4);
    expect(tiny[0]?.words).toEqual(['EU', 'rejects', 'German', 'call', '.']);
    expect(tiny[3]?.tags.slice(1, 3)).toEqual(['B-ORG', 'I-ORG']);
  });

  it('turns IOB1 and IOB2 into the same spans, like conlleval', () => {
    const iob2 = ['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'I-ORG'];
    const iob1 = ['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC', 'I-ORG'];
    const expected = [
      { type: 'PER', start: 0, end: 2 },
      { type: 'LOC', start: 3, end: 4 },
      { type: 'LOC', start: 4, end: 5 },
      { type: 'ORG', start: 5, end: 6 },
    ];
    expect(spansFromIob(iob2)).toEqual(expected);
    expect(spansFromIob(iob1)).toEqual(expected);
  });

  it('starts a document one sentence before each Reuters dateline', () => {
    const docs = conllDocuments(tiny);
    expect(docs.map((d) => d.length)).toEqual([1, 3]);
  });
});

describe('span scoring', () => {
  it('counts only exact type+boundary matches (known scores)', () => {
    const gold = [
      { type: 'PER', start: 0, end: 2 },
      { type: 'LOC', start: 4, end: 5 },
      { type: 'ORG', start: 6, end: 8 },
      { type: 'MISC', start: 9, end: 10 },
    ];
    const predicted = [
      { type: 'PER', start: 0, end: 2 }, // right
      { type: 'LOC', start: 4, end: 6 }, // wrong boundary
      { type: 'ORG', start: 6, end: 8 }, // right
    ];
    const { overall, byType } = scoreSpans([{ gold, predicted }]);
    expect(overall.tp).toBe(2);
    expect(overall.fp).toBe(1);
    expect(overall.fn).toBe(2);
    expect(overall.precision).toBeCloseTo(2 / 3, 10);
    expect(overall.recall).toBeCloseTo(0.5, 10);
    expect(overall.f1).toBeCloseTo(4 / 7, 10);
    expect(byType.LOC?.f1).toBe(0);
    expect(byType.PER?.f1).toBe(1);
    expect(byType.MISC).toMatchObject({ precision: 0, recall: 0, f1: 0, fn: 1 });
  });

  it('scores a tagger on a tiny gold file: perfect, empty and partly wrong taggers', () => {
    const gold = (doc: string[][]) =>
      doc.map((words) => spansFromIob(tiny.find((s) => s.words.join() === words.join())?.tags ?? []));
    expect(scoreConll(tiny, gold).overall.f1).toBe(1);
    const empty = scoreConll(tiny, (doc) => doc.map(() => []));
    expect(empty.overall).toMatchObject({ tp: 0, fp: 0, fn: 5, f1: 0 });
    // Drops both ORGs and calls the MISC a LOC: 2 of 5 gold found, 1 false positive.
    const wrong = scoreConll(tiny, (doc) =>
      gold(doc).map((spans) =>
        spans.filter((s) => s.type !== 'ORG').map((s) => (s.type === 'MISC' ? { ...s, type: 'LOC' } : s)),
      ),
    );
    expect(wrong.overall).toMatchObject({ tp: 2, fp: 1, fn: 3 });
    expect(wrong.overall.f1).toBeCloseTo((2 * (2 / 3) * (2 / 5)) / (2 / 3 + 2 / 5), 10);
    expect(wrong.tokens).toBe(16);
  });
});

describe('miss backlog', () => {
  it('lists misses, type confusions and spurious mentions with counts', () => {
    const md = missBacklog(tiny, (doc) =>
      doc.map((words) => {
        const gold = spansFromIob(tiny.find((s) => s.words.join() === words.join())?.tags ?? []);
        const out = gold
          .filter((s) => s.type !== 'ORG')
          .map((s) => (s.type === 'MISC' ? { ...s, type: 'LOC' } : s));
        return words[0] === 'The' ? [...out, { type: 'ORG', start: 1, end: 2 }] : out;
      }),
    );
    expect(md).toContain('- ORG EU (1)');
    expect(md).toContain('- MISC→LOC German (1)');
    expect(md).toContain('- ORG European (1)');
    expect(md).toContain('## Missed or cut wrong (2)');
  });
});

describe('results file', () => {
  it('replaces one stage and keeps the others', () => {
    const before = { dedup: { synthetic: { recall: 1 } }, entities: { old: { f1: 0.5 } } };
    const after = mergeResults(before, { stage: 'entities', datasets: { 'conll2003-test': { f1: 0.9 } } });
    expect(after).toEqual({
      dedup: { synthetic: { recall: 1 } },
      entities: { 'conll2003-test': { f1: 0.9 } },
    });
  });

  it('prints one table with our figures and the published anchors', () => {
    const table = formatTable([
      {
        stage: 'entities',
        datasets: { 'conll2003-test': { f1: 0.8912, tokensPerSecond: 61234.5 } },
        anchors: { 'CRF (published)': { f1: 0.89 } },
      },
    ]);
    expect(table).toContain('entities');
    expect(table).toContain('f1 0.891');
    expect(table).toContain('tokensPerSecond 61,235');
    expect(table).toContain('(published) CRF (published)');
  });
});
