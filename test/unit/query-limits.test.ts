import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery, QUERY_LIMITS, QueryError } from '../../src/store/query/parse.js';

// Queries are refused by what they cost (terms, operators, nesting), each with a QueryError that says where,
// never with a stack overflow; the shapes of issue 15 first, then each limit on its own, under the length cap.

const refusal = (q: string): QueryError => {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QueryError) return err;
    throw err;
  }
  throw new Error(`accepted: ${q.slice(0, 60)}…`);
};

const words = (n: number, sep: string, word = (i: number) => `w${i}`) =>
  Array.from({ length: n }, (_, i) => word(i)).join(sep);

describe('query limits', () => {
  it('refuses the shapes of issue 15 with a QueryError, not a crash', () => {
    for (const q of [
      `iran ${'NOT '.repeat(2500)}x`,
      `iran ${'-'.repeat(7000)}x`,
      'actor:IRN '.repeat(1000),
      `${'('.repeat(50_000)}a${')'.repeat(50_000)}`,
      words(800, ' OR ', () => 'a'),
    ]) {
      const started = performance.now();
      expect(refusal(q)).toBeInstanceOf(QueryError);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('limits nesting as it reads, where it goes too deep', () => {
    const q = `${'('.repeat(1000)}a${')'.repeat(1000)}`;
    expect(q.length).toBeLessThan(QUERY_LIMITS.length);
    const err = refusal(q);
    expect(err.message).toMatch(/nests .* more than 16 deep/);
    expect(err.position).toBe(QUERY_LIMITS.depth);
    expect(refusal(`iran ${'-'.repeat(100)}x`).message).toMatch(/more than 16 deep/);
    expect(refusal(`iran ${'NOT '.repeat(20)}x`).position).toBe(5 + 4 * QUERY_LIMITS.depth);
    // Up to the limit is fine, and NOT and parentheses count together.
    expect(parseQuery(`${'('.repeat(16)}a${')'.repeat(16)}`)).toEqual({
      kind: 'text',
      text: 'a',
      phrase: false,
      prefix: false,
    });
    expect(refusal(`iran ${'-('.repeat(9)}x${')'.repeat(9)}`).message).toMatch(/more than 16 deep/);
  });

  it('limits terms, counting each word of a phrase, and names the first one past the limit', () => {
    const err = refusal('actor:IRN '.repeat(100));
    expect(err.message).toMatch(/more than 64 search terms/);
    expect(err.position).toBe(10 * QUERY_LIMITS.terms);
    expect(parseQuery(words(64, ' OR '))).toMatchObject({ kind: 'or' });
    expect(refusal(`"${words(65, ' ')}"`).message).toMatch(/more than 64 search terms/);
  });

  it('limits operators', () => {
    const q = `iran ${words(50, ' OR ', (i) => `NOT NOT w${i}`)}`;
    expect(refusal(q).message).toMatch(/more than 128 operators/);
  });

  it('limits length', () => {
    expect(refusal('a'.repeat(QUERY_LIMITS.length + 1)).message).toMatch(/4001 characters long/);
  });

  it('reads a repeated term once: FTS5 ranked every copy against every other', () => {
    expect(parseQuery(words(60, ' OR ', () => 'a'))).toEqual({
      kind: 'text',
      text: 'a',
      phrase: false,
      prefix: false,
    });
    expect(parseQuery('a b a OR c')).toEqual(parseQuery('a b OR c'));
  });
});

describe('the parser under fuzzing', () => {
  const RUNS = 3000;
  it(`returns a tree or throws a QueryError that points inside the query, quickly (${RUNS} runs)`, () => {
    const piece = fc.oneof(
      fc.constantFrom('(', ')', 'AND', 'OR', 'NOT', '-', '"', '*', ':', 'actor:', 'type:', 'from:'),
      fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'),
      fc.string({ unit: 'grapheme', maxLength: 10 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
    );
    const query = fc.oneof(
      fc.array(fc.tuple(piece, fc.constantFrom(' ', '')), { maxLength: 200 }).map((xs) => xs.flat().join('')),
      fc
        .tuple(fc.nat(20_000), fc.constantFrom('(', 'NOT ', '-', '"', '(-'), fc.boolean())
        .map(([n, open, close]) => `${open.repeat(n)}x${close ? ')'.repeat(n) : ''}`),
      fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 6000 }),
    );
    fc.assert(
      fc.property(query, (q) => {
        const started = performance.now();
        try {
          parseQuery(q);
        } catch (err) {
          if (!(err instanceof QueryError)) throw err;
          expect(err.position).toBeGreaterThanOrEqual(0);
          expect(err.position).toBeLessThanOrEqual(q.length);
        }
        expect(performance.now() - started).toBeLessThan(100);
      }),
      { numRuns: RUNS, seed: Number(process.env.WATCHFLOOR_FUZZ_SEED ?? 15) },
    );
  });
});
