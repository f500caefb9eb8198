import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError } from '../../src/store/query/parse.js';

const error = (q: string): { message: string; position: number } => {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QueryError) return { message: err.message, position: err.position };
    throw err;
  }
  throw new Error(`"${q}" parsed`);
};

describe('search language', () => {
  it('reads words, phrases, prefixes and fields, ANDed by juxtaposition', () => {
    expect(parseQuery('iran "air defense" syri* actor:irn')).toEqual({
      kind: 'and',
      items: [
        { kind: 'text', text: 'iran', phrase: false, prefix: false },
        { kind: 'text', text: 'air defense', phrase: true, prefix: false },
        { kind: 'text', text: 'syri', phrase: false, prefix: true },
        { kind: 'field', field: 'actor', value: 'IRN' },
      ],
    });
    expect(parseQuery('person:"Mohammad Bagheri"')).toEqual({
      kind: 'field',
      field: 'person',
      value: 'Mohammad Bagheri',
    });
    expect(parseQuery('   ')).toBeNull();
  });

  it('binds AND tighter than OR, and honours NOT, - and parentheses', () => {
    expect(parseQuery('a b OR c')).toEqual({
      kind: 'or',
      items: [
        {
          kind: 'and',
          items: [
            { kind: 'text', text: 'a', phrase: false, prefix: false },
            { kind: 'text', text: 'b', phrase: false, prefix: false },
          ],
        },
        { kind: 'text', text: 'c', phrase: false, prefix: false },
      ],
    });
    expect(parseQuery('strike NOT (type:ASSAULT OR -country:sy)')).toEqual({
      kind: 'and',
      items: [
        { kind: 'text', text: 'strike', phrase: false, prefix: false },
        {
          kind: 'not',
          item: {
            kind: 'or',
            items: [
              { kind: 'field', field: 'type', value: 'ASSAULT' },
              { kind: 'not', item: { kind: 'field', field: 'country', value: 'SY' } },
            ],
          },
        },
      ],
    });
  });

  it('says where and why a query is wrong', () => {
    expect(error('iran "air defense')).toMatchObject({
      position: 5,
      message: expect.stringMatching(/never closed/),
    });
    expect(error('(iran OR syria')).toMatchObject({
      position: 0,
      message: expect.stringMatching(/never closed/),
    });
    expect(error('iran)')).toMatchObject({ position: 4, message: expect.stringMatching(/no opening/) });
    expect(error('colour:red')).toMatchObject({
      position: 0,
      message: expect.stringMatching(/Unknown field "colour:"/),
    });
    expect(error('type:BOMBING')).toMatchObject({
      position: 5,
      message: expect.stringMatching(/not an event type/),
    });
    expect(error('iran from:last-week')).toMatchObject({
      position: 10,
      message: expect.stringMatching(/YYYY/),
    });
    expect(error('country:Syria')).toMatchObject({ position: 8 });
    expect(error('place:')).toMatchObject({ position: 6, message: expect.stringMatching(/needs a value/) });
    expect(error('iran OR')).toMatchObject({
      position: 5,
      message: expect.stringMatching(/OR needs a search term/),
    });
    expect(error('AND iran')).toMatchObject({ position: 0 });
    expect(error('-iran')).toMatchObject({ message: expect.stringMatching(/only exclusions/) });
    expect(error('()')).toMatchObject({ position: 0, message: expect.stringMatching(/empty/) });
  });
});
