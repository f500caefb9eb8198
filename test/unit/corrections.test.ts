import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { applyCorrections, type Correction } from '../../src/understand/corrections.js';
import { createAnalyzer } from '../../src/understand/pipeline.js';
import { loadResources } from '../../src/understand/resources.js';

const TEXT =
  'Iran’s armed forces chief of staff Mohammad Bagheri signed a military agreement in Damascus on Wednesday. Israel has launched hundreds of strikes in Syria since 2011.';
const analysis = createAnalyzer(loadResources(packageRoot())).analyze({
  text: TEXT,
  publishedAt: '2020-07-08',
});
const sha = analysis.textSha256;
const spanOf = (word: string) => ({ start: TEXT.indexOf(word), end: TEXT.indexOf(word) + word.length });

describe('corrections', () => {
  it('relinks an actor mention, and the actor the machine had goes once nothing names it', () => {
    const c: Correction = {
      id: 1,
      textSha256: sha,
      kind: 'actor',
      action: 'link',
      ...spanOf('Mohammad Bagheri'),
      actor: {
        actorId: 'person:test-person',
        name: 'Test Person',
        kind: 'person',
        codes: ['TSTGOV'],
        country: 'TST',
      },
    };
    const { analysis: a, applied } = applyCorrections(analysis, TEXT, [c]);
    expect(applied).toEqual([1]);
    const m = a.actorMentions.find((x) => x.span.start === c.start && x.span.end === c.end);
    expect(a.actors.find((x) => x.id === m?.actor)?.actorId).toBe('person:test-person');
    expect(m?.confidence).toBe(1);
    // Idempotent: re-applying (as after every re-analysis) changes nothing more.
    expect(applyCorrections(a, TEXT, [c]).analysis).toEqual(a);
    expect(analysis.actors.some((x) => x.actorId === 'person:test-person')).toBe(false);
  });

  it('retypes and removes events, fixes dates, adds and removes entities', () => {
    const trigger = analysis.events.find((e) => e.type === 'ASSAULT')?.trigger;
    expect(trigger).toBeDefined();
    const date = analysis.dates.find((d) => d.span.text.includes('Wednesday'));
    expect(date).toBeDefined();
    const fixes: Correction[] = [
      {
        id: 1,
        textSha256: sha,
        kind: 'event',
        action: 'set',
        start: trigger!.start,
        end: trigger!.end,
        type: 'COERCE',
      },
      {
        id: 2,
        textSha256: sha,
        kind: 'date',
        action: 'set',
        start: date!.span.start,
        end: date!.span.end,
        value: { start: '2020-07-01', end: '2020-07-01', precision: 'day' },
      },
      {
        id: 3,
        textSha256: sha,
        kind: 'entity',
        action: 'add',
        ...spanOf('military agreement'),
        type: 'MISC',
      },
      { id: 4, textSha256: sha, kind: 'entity', action: 'remove', ...spanOf('Israel') },
    ];
    const { analysis: a } = applyCorrections(analysis, TEXT, fixes);
    expect(a.events.find((e) => e.trigger.start === trigger!.start)?.type).toBe('COERCE');
    expect(a.dates.find((d) => d.id === date!.id)).toMatchObject({ start: '2020-07-01', confidence: 1 });
    expect(a.entities.find((e) => e.span.text === 'military agreement')?.type).toBe('MISC');
    expect(a.entities.some((e) => e.span.text === 'Israel')).toBe(false);
    const removed = applyCorrections(analysis, TEXT, [
      { id: 5, textSha256: sha, kind: 'event', action: 'remove', start: trigger!.start, end: trigger!.end },
    ]);
    expect(removed.analysis.events.some((e) => e.trigger.start === trigger!.start)).toBe(false);
  });

  it("links a place, replacing the machine's approximate guess", () => {
    // As if the gazetteer had lacked Damascus: the resolver would have left an approximate point.
    const guessed = structuredClone(analysis);
    const m = guessed.places.find((p) => p.span.text === 'Damascus')!;
    m.place = null;
    m.approximate = {
      lat: 35,
      lon: 38,
      nearId: '163843',
      nearName: 'Syria',
      country: 'SY',
      admin1: null,
    };
    const damascus = analysis.places.find((p) => p.span.text === 'Damascus')!.place!;
    const c: Correction = {
      id: 1,
      textSha256: sha,
      kind: 'place',
      action: 'link',
      ...spanOf('Damascus'),
      place: damascus,
    };
    const { analysis: a } = applyCorrections(guessed, TEXT, [c]);
    const fixed = a.places.find((p) => p.span.text === 'Damascus')!;
    expect(fixed.place?.id).toBe(damascus.id);
    expect(fixed.approximate).toBeUndefined();
  });

  it('never applies a correction made on another version of the text', () => {
    const r = applyCorrections(analysis, TEXT, [
      { id: 9, textSha256: 'f'.repeat(64), kind: 'entity', action: 'remove', ...spanOf('Israel') },
    ]);
    expect(r.stale).toEqual([9]);
    expect(r.applied).toEqual([]);
    expect(r.analysis).toEqual(analysis);
  });
});
