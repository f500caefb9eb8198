import { describe, expect, it } from 'vitest';
import { addTerm, canonicalQuery, readableQuery, removeTerm } from '../../src/web/query.js';
import { facetTerm, undatedCount } from '../../src/web/facets.js';
import { parseQuery } from '../../src/store/query/parse.js';
import { labelWidth, labelX } from '../../src/web/viz/labels.js';
import { undatedEvents } from '../../src/web/viz/stack.js';

// The search page's query text (issue 18): what a facet adds must count what the facet counted, and the box
// must stay readable.

describe('adding a facet to a query', () => {
  it('brackets a query with an OR at its top, so the facet narrows all of it', () => {
    const q = addTerm('Iran OR Syria', 'place:170063');
    expect(q).toBe('(Iran OR Syria) place:170063');
    expect(parseQuery(q)).toEqual({
      kind: 'and',
      items: [
        {
          kind: 'or',
          items: [
            { kind: 'text', text: 'Iran', phrase: false, prefix: false },
            { kind: 'text', text: 'Syria', phrase: false, prefix: false },
          ],
        },
        { kind: 'field', field: 'place', value: '170063' },
      ],
    });
    // No brackets where none are needed: inside parentheses, in a phrase, or a lower-case "or".
    expect(addTerm('(Iran OR Syria) type:AID', 'lang:en')).toBe('(Iran OR Syria) type:AID lang:en');
    expect(addTerm('"Iran OR Syria"', 'lang:en')).toBe('"Iran OR Syria" lang:en');
    expect(addTerm('iran or syria', 'lang:en')).toBe('iran or syria lang:en');
    // Two terms of the month facet, each added in turn: bracketed once.
    expect(
      facetTerm('date', { value: '2020-02', label: '2020-02', count: 1 }).reduce(addTerm, 'a OR b'),
    ).toBe('(a OR b) from:2020-02-01 to:2020-02-29');
  });

  it('adds a place by its gazetteer id and shows it by name, swapping back on submit', () => {
    const term = facetTerm('place', { value: '170063', label: 'Damascus', count: 5 });
    expect(term).toEqual(['place:170063']);
    const names = new Map([
      ['170063', 'Damascus'],
      ['281184', 'Tel Aviv'],
    ]);
    const q = '(Iran OR Syria) place:170063 -place:281184 "place:170063" place:999';
    const view = readableQuery(q, names);
    expect(view.text).toBe('(Iran OR Syria) place:Damascus -place:"Tel Aviv" "place:170063" place:999');
    expect(canonicalQuery(view.text, view.swaps)).toBe(q);
    // Edited around the names, the ids still stand behind them; a name typed by hand stays a name.
    expect(canonicalQuery(`Iraq place:Damascus -place:"Tel Aviv" place:Aleppo`, view.swaps)).toBe(
      'Iraq place:170063 -place:281184 place:Aleppo',
    );
    expect(canonicalQuery('Iraq', view.swaps)).toBe('Iraq');
  });

  it('drops a filter whole, quoted values and emptied parentheses included', () => {
    expect(removeTerm('iran place:"Tel Aviv" lang:en', 'place:"Tel Aviv"')).toBe('iran lang:en');
    expect(removeTerm('iran (type:AID) x', 'type:AID')).toBe('iran x');
    expect(removeTerm('iran type:AIDS type:AID', 'type:AID')).toBe('iran type:AIDS');
  });
});

describe('the month facet', () => {
  it('counts the undated results it has no month for', () => {
    const facets = {
      counted: 12,
      source: [],
      actor: [],
      place: [],
      type: [],
      date: [
        { value: '2020-01', label: '2020-01', count: 4 },
        { value: '2020-02', label: '2020-02', count: 5 },
      ],
    };
    expect(undatedCount(facets)).toBe(3);
    expect(undatedCount({ ...facets, counted: 9 })).toBe(0);
  });
});

describe('chart labels and left-out counts', () => {
  it('keeps a label inside the drawing instead of cutting it at an edge', () => {
    // "Iran" centred on a node 5 px from the left edge: 26 px wide, it would start at -8 ("ran").
    const w = labelWidth('Iran', 11);
    expect(labelX(5, w, 0, 800) - w / 2).toBe(0);
    // The last month's label, centred on the last bar, ends at the right edge rather than past it.
    expect(labelX(795, 52, -44, 810) + 26).toBe(810);
    expect(labelX(400, 52, -44, 810)).toBe(400);
  });

  it('counts the events a timeline cannot draw for want of a date', () => {
    const points = [
      { bucket: '2020-01', type: 'AID', count: 3 },
      { bucket: '2020-02', type: 'ASSAULT', count: 4 },
    ];
    expect(undatedEvents(10, points)).toBe(3);
    expect(undatedEvents(7, points)).toBe(0);
  });
});
