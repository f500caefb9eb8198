import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/config/config.js';
import { Codebook } from '../../src/understand/events/codebook.js';
import { EventDictionary } from '../../src/understand/events/dictionary.js';
import { createAnalyzer, type Analyzer } from '../../src/understand/pipeline.js';
import { loadResources, type UnderstandResources } from '../../src/understand/resources.js';
import type { Analysis } from '../../src/understand/types.js';
import { readPetrarchGold, readPloverGold, scoreEvents } from '../../eval/events.js';

let res: UnderstandResources;
let analyzer: Analyzer;
beforeAll(() => {
  res = loadResources(packageRoot());
  analyzer = createAnalyzer(res);
});

const analyze = (text: string): Analysis =>
  analyzer.analyze({ text, publishedAt: '2020-07-08', language: 'en' });
const country = (a: Analysis, ids: readonly string[]) =>
  ids.map((id) => a.actors.find((x) => x.id === id)?.country);

describe('event dictionary', () => {
  const dict = new EventDictionary({
    synsets: { '&TREATY': ['treaty', 'agreement'], '&MILITARY': ['military', 'armed forces'] },
    sections: [
      {
        name: 'SIGN',
        code: null,
        verbs: [{ lemma: 'sign', code: null, forms: ['sign', 'signed', 'signs'] }],
        patterns: [
          { pre: [], post: [['&TREATY']], code: '057' },
          { pre: [], post: [['&MILITARY', '&TREATY']], code: '0312' },
        ],
      },
      {
        name: 'CALL_OFF',
        code: '160',
        verbs: [{ lemma: 'call off', code: '160', forms: ['call off', 'called off'] }],
        patterns: [],
      },
    ],
  });
  const words = (s: string) => s.toLowerCase().split(' ');

  it('takes the most specific pattern, synonym sets and plurals included', () => {
    const w = words('iran and syria signed a military agreement');
    const verb = dict.verbAt(w, 3)!;
    expect(dict.bestPattern(w, verb)?.pattern.code).toBe('0312');
    const plain = words('they signed two treaties');
    expect(dict.bestPattern(plain, dict.verbAt(plain, 1)!)?.pattern.code).toBe('057');
  });

  it('matches multi-word verbs and stops a pattern at the end of the clause', () => {
    const w = words('the talks were called off ; a treaty followed');
    expect(dict.verbAt(w, 3)?.end).toBe(5);
    const cut = words('they signed ; the treaty came later');
    expect(dict.bestPattern(cut, dict.verbAt(cut, 1)!)).toBeNull();
  });
});

describe('codebook', () => {
  const book = new Codebook({
    '190': {
      type: 'ASSAULT',
      mode: null,
      context: 'military',
      description: 'Use conventional military force',
    },
    '195': {
      type: 'ASSAULT',
      mode: 'heavy-weapons',
      context: 'military',
      description: 'Employ aerial weapons',
    },
    '042': { type: 'CONSULT', mode: 'visit', context: null, description: 'Make a visit' },
  });

  it('maps CAMEO to PLOVER with quad class and Goldstein weight, walking up to a parent code', () => {
    expect(book.code('195')).toMatchObject({ type: 'ASSAULT', mode: 'aerial', quadClass: 4, goldstein: -10 });
    expect(book.code('1901')?.type).toBe('ASSAULT');
    expect(book.code('042')).toMatchObject({ type: 'CONSULT', quadClass: 1, goldstein: 1 });
    expect(book.code('010')).toBeNull();
  });
});

describe('event coding', () => {
  it('codes source, target, type, place and date', () => {
    const a = analyze('Israeli jets attacked Hezbollah positions in Lebanon on Monday.');
    const e = a.events.find((x) => x.type === 'ASSAULT');
    expect(e).toBeDefined();
    expect(country(a, e!.sources)).toEqual(['ISR']);
    expect(a.actors.find((x) => x.id === e!.targets[0])?.actorId).toBe('org:hezbollah');
    expect(a.places.find((p) => p.id === e!.place)?.span.text).toBe('Lebanon');
    expect(e!.date).toBe('2020-07-06');
  });

  it('reads the agent of a passive as the source', () => {
    const a = analyze('Syria was attacked by Israel on Tuesday.');
    const e = a.events.find((x) => x.type === 'ASSAULT');
    expect(country(a, e!.sources)).toEqual(['ISR']);
    expect(country(a, e!.targets)).toEqual(['SYR']);
  });

  it('marks denied and planned acts', () => {
    const denied = analyze('Turkey denied attacking Kurdish fighters in Syria.').events;
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.negated)).toBe(true);
    const planned = analyze('Russia plans to send troops to Syria.').events;
    expect(planned.some((e) => e.intended)).toBe(true);
  });

  it("reads a reported obligation as the speaker's demand", () => {
    const a = analyze('Russia said on Tuesday that Sudan must return the helicopter.');
    const e = a.events.find((x) => x.type === 'REQUEST');
    expect(country(a, e!.sources)).toEqual(['RUS']);
    expect(country(a, e!.targets)).toEqual(['SDN']);
  });

  it('codes nothing where no actor takes part, and nothing from a noun', () => {
    expect(analyze('The weather was fine and the deal was a good one.').events).toEqual([]);
    expect(
      analyze('The attack on the convoy was a crime, Iran said.').events.some((e) => e.type === 'ASSAULT'),
    ).toBe(false);
  });
});

describe('event evaluation', () => {
  it('reads both gold formats and scores a known case', () => {
    const plover = readPloverGold(
      JSON.stringify([
        { id: 'doc', event: 'DOCUMENT', eventText: 'x' },
        {
          id: 'r1',
          event: 'FIGHT',
          text: 'Israeli jets attacked Hezbollah positions in Lebanon.',
          source: [{ actorText: 'Israeli', code: 'ISR' }],
          target: [{ actorText: 'Hezbollah', code: 'LBNREB' }],
        },
        {
          id: 'r2',
          event: 'DEMAND',
          text: 'The weather was fine.',
          source: [{ code: 'FRA' }],
          target: 'other',
        },
      ]),
    );
    expect(plover.map((g) => g.type)).toEqual(['ASSAULT', 'REQUEST']);
    expect(plover[1]?.targets).toBeNull();
    const s = scoreEvents(plover, analyzer);
    expect(s.typeAccuracy).toBe(0.5);
    expect(s.sourceAccuracy).toBe(0.5);
    expect(s.coveredShare).toBe(0.5);
    const petr = readPetrarchGold(
      '<Sentence date="1" id="A-1"><EventCoding sourcecode="ARN" targetcode="GON" eventcode="190"></EventCoding><Text>Arnor attacked Gondor.</Text></Sentence>' +
        '<Sentence date="1" id="A-2"><EventCoding sourcecode="ARN" targetcode="GON" eventcode="010"></EventCoding><Text>Arnor said.</Text></Sentence>',
      (c) => res.events.codebook.code(c)?.type ?? null,
    );
    expect(petr).toEqual([
      { id: 'A-1', text: 'Arnor attacked Gondor.', type: 'ASSAULT', sources: null, targets: null },
    ]);
  });
});
