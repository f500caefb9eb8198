import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  goldActorMatches,
  readNewsGold,
  scoreNewsGold,
  type CodedActor,
  type CodedPair,
  type NewsGoldSentence,
} from '../../eval/events.js';

const text = 'Iran plans to strengthen Syria’s air defense, state television said.';
const iran = { text: 'Iran', start: 0, end: 4, code: 'IRN' };
const syria = { text: 'Syria', start: 25, end: 30, code: 'SYR' };
const tv = { text: 'state television', start: 45, end: 61 };

const actor = (codes: string[], start: number, end: number): CodedActor => ({
  codes,
  spans: [{ start, end }],
});
const pair = (over: Partial<CodedPair>): CodedPair => ({
  event: 0,
  trigger: 14,
  type: 'AID',
  source: actor(['IRNMIL'], 0, 4),
  target: actor(['SYR'], 25, 30),
  negated: false,
  intended: true,
  reportedBy: actor([], 45, 61),
  ...over,
});

const sentence = (events: NewsGoldSentence['events'], doc = 'd1'): NewsGoldSentence => ({
  doc,
  url: 'u',
  start: 0,
  end: text.length,
  text,
  events,
});

describe('news gold actor matching', () => {
  it('matches by country when both sides have codes, by span otherwise', () => {
    expect(goldActorMatches(iran, actor(['IRNMIL'], 100, 104))).toBe(true); // codes agree, span elsewhere
    expect(goldActorMatches(iran, actor(['SYR'], 0, 4))).toBe(false); // codes disagree though spans overlap
    expect(goldActorMatches({ text: 'gunmen', start: 0, end: 6 }, actor(['IRN'], 3, 9))).toBe(true);
    expect(goldActorMatches(iran, actor([], 2, 10))).toBe(true); // no coded code: overlap decides
    expect(goldActorMatches(iran, actor([], 5, 10))).toBe(false);
  });

  it('keeps an international code’s organisation', () => {
    const un = { text: 'the UN', start: 0, end: 6, code: 'IGOUNO' };
    expect(goldActorMatches(un, actor(['IGOUNOIAE'], 50, 54))).toBe(true);
    expect(goldActorMatches(un, actor(['IGOEU'], 0, 6))).toBe(false);
  });

  it('an empty gold role matches only an empty coded role', () => {
    expect(goldActorMatches(null, null)).toBe(true);
    expect(goldActorMatches(null, actor(['IRN'], 0, 4))).toBe(false);
    expect(goldActorMatches(iran, null)).toBe(false);
  });
});

describe('news gold scoring', () => {
  const aid = { type: 'AID', source: iran, target: syria, negated: false, intention: true, reportedBy: tv };

  it('scores a right event, a false event and a missed one', () => {
    const gold = [sentence([aid], 'd1'), sentence([], 'd2'), sentence([aid], 'd3')];
    const coded = (s: NewsGoldSentence): CodedPair[] =>
      s.doc === 'd1'
        ? [pair({})]
        : s.doc === 'd2'
          ? [pair({ event: 0, type: 'ASSAULT' }), pair({ event: 0, type: 'ASSAULT', target: null })]
          : [];
    const r = scoreNewsGold(gold, coded);
    expect(r.goldEvents).toBe(2);
    expect(r.codedEvents).toBe(3); // pairs
    expect(r.precision).toBeCloseTo(1 / 3);
    expect(r.recall).toBe(0.5);
    expect(r.tupleAccuracy).toBe(0.5);
    expect(r.falseEventRate).toBe(1); // one event (two pairs) on one no-event sentence
    expect(r.falseEventSentenceShare).toBe(1);
    expect(r.flagAccuracy).toBe(1);
    expect(r.reportedByRecall).toBe(1);
  });

  it('aligns each gold event with its best pair and matches one to one', () => {
    const gold = [sentence([aid, { ...aid, reportedBy: undefined }])];
    // One right pair for two identical gold events: recall 1/2, but both align with it for the accuracies.
    const r = scoreNewsGold(gold, () => [pair({ source: actor(['RUS'], 50, 54) }), pair({})]);
    expect(r.recall).toBe(0.5);
    expect(r.precision).toBe(0.5);
    expect(r.typeAccuracy).toBe(1);
    expect(r.sourceAccuracy).toBe(1);
    expect(r.tupleAccuracy).toBe(1);
  });

  it('counts a wrong source, a wrong type and a reporter taken as target', () => {
    const gold = [sentence([aid])];
    const r = scoreNewsGold(gold, () => [pair({ type: 'ASSAULT', target: actor([], 45, 61) })]);
    expect(r.typeAccuracy).toBe(0);
    expect(r.sourceAccuracy).toBe(1);
    expect(r.targetAccuracy).toBe(0);
    expect(r.precision).toBe(0);
    expect(r.reportedByRecall).toBe(0); // not counted: the aligned pair's type is wrong
  });
});

describe('news gold files', () => {
  const dir = join(import.meta.dirname, '..', '..', 'eval', 'gold', 'news-events');
  const dev = readNewsGold(readFileSync(join(dir, 'dev.jsonl'), 'utf8'));
  const test = readNewsGold(readFileSync(join(dir, 'test.jsonl'), 'utf8'));
  const all = [...dev, ...test];
  const articles = new Map(
    readFileSync(join(import.meta.dirname, '..', '..', 'data', 'demo', 'articles.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; text: string })
      .map((a) => [a.id, a.text]),
  );

  it('meets the counts and keeps dev and test apart by article', () => {
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(all.filter((s) => s.events.length === 0).length).toBeGreaterThanOrEqual(50);
    const devDocs = new Set(dev.map((s) => s.doc));
    expect(test.filter((s) => devDocs.has(s.doc))).toEqual([]);
  });

  it('points at the demo corpus text, with valid events', () => {
    const types = new Set([
      'AGREE',
      'CONSULT',
      'SUPPORT',
      'CONCEDE',
      'COOPERATE',
      'AID',
      'RETREAT',
      'REQUEST',
      'ACCUSE',
      'REJECT',
      'THREATEN',
      'PROTEST',
      'SANCTION',
      'MOBILIZE',
      'COERCE',
      'ASSAULT',
    ]);
    for (const s of all) {
      expect(articles.get(s.doc)?.slice(s.start, s.end)).toBe(s.text);
      for (const e of s.events) {
        expect(types.has(e.type)).toBe(true);
        expect(typeof e.negated).toBe('boolean');
        expect(typeof e.intention).toBe('boolean');
        for (const a of [e.source, e.target, e.reportedBy ?? null]) {
          if (!a) continue;
          expect(a.start >= s.start && a.end <= s.end).toBe(true);
          expect(articles.get(s.doc)?.slice(a.start, a.end)).toBe(a.text);
        }
      }
    }
  });
});
