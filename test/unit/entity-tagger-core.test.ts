import { describe, expect, it } from 'vitest';
import { emissions, marginals, viterbi } from '../../src/understand/entities/decode.js';
import { sentenceFeatures } from '../../src/understand/entities/features.js';
import { Gazetteer } from '../../src/understand/entities/gazetteer.js';
import { LABEL_COUNT, LABELS, labelsToSpans, spansToLabels } from '../../src/understand/entities/labels.js';
import { decodeModel, encodeModel, ModelFileError } from '../../src/understand/entities/model-file.js';
import { shortShape, wordShape } from '../../src/understand/entities/shape.js';
import { EntityTagger } from '../../src/understand/entities/tagger.js';
import { trainPerceptron, type TrainingSentence } from '../../src/understand/entities/train.js';

const L = LABEL_COUNT;

describe('BILOU labels', () => {
  it('round-trip spans of every length', () => {
    const spans = [
      { type: 'PER', start: 0, end: 3 },
      { type: 'LOC', start: 3, end: 4 },
      { type: 'ORG', start: 5, end: 7 },
    ];
    const labels = spansToLabels(8, spans);
    expect(labels.map((l) => LABELS[l])).toEqual([
      'B-PER',
      'I-PER',
      'L-PER',
      'U-LOC',
      'O',
      'B-ORG',
      'L-ORG',
      'O',
    ]);
    expect(labelsToSpans(labels)).toEqual(spans);
  });
});

describe('decoding', () => {
  it('never outputs an ill-formed sequence, even when emissions favour one', () => {
    // Emissions that alone would say I-PER, O, L-LOC: impossible under BILOU.
    const em = new Float64Array(3 * L);
    em[0 * L + LABELS.indexOf('I-PER')] = 5;
    em[1 * L + LABELS.indexOf('O')] = 1;
    em[2 * L + LABELS.indexOf('L-LOC')] = 5;
    const path = viterbi(em, 3, new Float32Array((L + 1) * L)).map((l) => LABELS[l]);
    for (let i = 0; i < path.length; i++) {
      const p = path[i] ?? 'O';
      if (p.startsWith('I-') || p.startsWith('L-')) expect(path[i - 1]?.slice(2)).toBe(p.slice(2));
    }
    expect(path[0]?.startsWith('I-') || path[0]?.startsWith('L-')).toBe(false);
  });

  it('gives label marginals that sum to one at every token', () => {
    const em = new Float64Array(4 * L).map((_, i) => Math.sin(i) * 3);
    const m = marginals(em, 4, new Float32Array((L + 1) * L), 2);
    for (let t = 0; t < 4; t++) {
      let sum = 0;
      for (let l = 0; l < L; l++) sum += m[t * L + l] ?? 0;
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('sums feature weights into emissions', () => {
    const w = new Float32Array(2 * L);
    w[0 * L + 1] = 2;
    w[1 * L + 1] = 3;
    const em = emissions([Int32Array.from([0, 1]), Int32Array.from([1])], w);
    expect(em[1]).toBe(5);
    expect(em[L + 1]).toBe(3);
  });
});

describe('features', () => {
  it('describes word shapes', () => {
    expect(wordShape('Al-Assad')).toBe('Xx-Xxxxx');
    expect(shortShape('Al-Assad')).toBe('Xx-Xx');
    expect(shortShape('1996-08-22')).toBe('d-d-d');
  });

  it('marks gazetteer matches with their position in the name', () => {
    const gaz = Gazetteer.fromTsv('Mohammad Bagheri\tPER\nSyria\tLOC\nUnited Nations\tORG\n');
    const m = gaz.match(['Gen.', 'Mohammad', 'Bagheri', 'visited', 'SYRIA']);
    expect(m).toEqual([[], ['PER:B'], ['PER:L'], [], ['LOC:U']]);
    // Case and diacritics do not matter: transliterations vary.
    expect(gaz.match(['Mohammad', 'Bāgherī'])).toEqual([['PER:B'], ['PER:L']]);
    const feats = sentenceFeatures(['Bagheri'], [{ gazetteer: ['PER:U'], commonWord: false, document: [] }]);
    expect(feats[0]).toContain('g=PER:U');
    expect(feats[0]).toContain('g&cap=PER:U|1');
  });
});

/** A toy language: capitalised words after "in" are places, after "Mr." people. */
function toyCorpus(): TrainingSentence[] {
  const places = ['Damascus', 'Aleppo', 'Tehran', 'Beirut', 'Baghdad', 'Amman'];
  const people = ['Bagheri', 'Ayoub', 'Assad', 'Rouhani', 'Zarif', 'Aoun'];
  const out: TrainingSentence[] = [];
  for (let i = 0; i < 60; i++) {
    const place = places[i % places.length] ?? '';
    const person = people[(i * 7) % people.length] ?? '';
    const words = ['Mr.', person, 'arrived', 'in', place, 'today', '.'];
    out.push({
      features: sentenceFeatures(words),
      labels: spansToLabels(words.length, [
        { type: 'PER', start: 1, end: 2 },
        { type: 'LOC', start: 4, end: 5 },
      ]),
    });
  }
  return out;
}

describe('training', () => {
  it('learns a toy corpus and generalises to unseen names by context and shape', () => {
    const model = trainPerceptron(toyCorpus(), { epochs: 5, seed: 7, minCount: 1 });
    const tagger = new EntityTagger([model], { gazetteer: null, commonWords: null });
    const [spans] = tagger.tagDocument([['Mr.', 'Qassemi', 'arrived', 'in', 'Mosul', 'today', '.']]);
    expect(spans?.map((s) => [s.type, s.start, s.end])).toEqual([
      ['PER', 1, 2],
      ['LOC', 4, 5],
    ]);
    for (const s of spans ?? []) expect(s.confidence).toBeGreaterThan(0.5);
  });

  it('is deterministic: same data and seed give identical weights', () => {
    const a = trainPerceptron(toyCorpus(), { epochs: 3, seed: 3, minCount: 1 });
    const b = trainPerceptron(toyCorpus(), { epochs: 3, seed: 3, minCount: 1 });
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect([...a.featureIndex.keys()]).toEqual([...b.featureIndex.keys()]);
  });

  it('keeps the best epoch chosen by the development score', () => {
    const scores = [0.5, 0.9, 0.7];
    const result = trainPerceptron(toyCorpus(), {
      epochs: 3,
      seed: 1,
      minCount: 1,
      evaluate: (_snap, epoch) => scores[epoch - 1] ?? 0,
    });
    expect(result.bestEpoch).toBe(2);
    expect(result.bestScore).toBe(0.9);
  });
});

describe('model file', () => {
  it('round-trips weights within int16 quantisation and refuses other files', () => {
    const model = trainPerceptron(toyCorpus(), { epochs: 2, seed: 1, minCount: 1 });
    const meta = {
      format: 'watchfloor-entities' as const,
      formatVersion: 1,
      version: 'test',
      labels: [...LABELS],
      featureCount: model.featureIndex.size,
      temperature: 2,
      training: {},
    };
    const decoded = decodeModel(encodeModel({ meta, stages: [model, model] }));
    expect(decoded.stages).toHaveLength(2);
    expect(decoded.meta.temperature).toBe(2);
    const max = Math.max(...model.weights.map(Math.abs));
    decoded.stages[1]?.weights.forEach((w, i) =>
      expect(Math.abs(w - (model.weights[i] ?? 0))).toBeLessThan(max / 30000),
    );
    expect(() => decodeModel(Buffer.from('not a model'), 'x.bin')).toThrow(ModelFileError);
  });
});
