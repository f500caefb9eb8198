import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/understand/sentences.js';

const seed = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt'),
  'utf8',
);
const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it.each([
    ['Maj. Gen. Mohammad Bagheri visited. He left.', ['Maj. Gen. Mohammad Bagheri visited.', 'He left.']],
    ['The visit was on Oct. 20, 2017. It was brief.', ['The visit was on Oct. 20, 2017.', 'It was brief.']],
    ['The U.S. Embassy said so. Officials agreed.', ['The U.S. Embassy said so.', 'Officials agreed.']],
    ['He moved to the U.S. The move was sudden.', ['He moved to the U.S.', 'The move was sudden.']],
    ['George W. Bush met Lt. Col. Smith in St. Louis.', ['George W. Bush met Lt. Col. Smith in St. Louis.']],
    [
      'Prices rose 3.5 percent to $1.2 billion. Markets fell.',
      ['Prices rose 3.5 percent to $1.2 billion.', 'Markets fell.'],
    ],
    ['He said, "We will go." Then he left.', ['He said, "We will go."', 'Then he left.']],
    ['He said, “We will go.” Then he left.', ['He said, “We will go.”', 'Then he left.']],
    ['“Will they come?” he asked. Nobody knew.', ['“Will they come?” he asked.', 'Nobody knew.']],
    [
      'It will “further enhance our will… to confront pressures,” he added.',
      ['It will “further enhance our will… to confront pressures,” he added.'],
    ],
    ['We waited... Then it came.', ['We waited...', 'Then it came.']],
    ['Apple Inc. said profits rose. Shares climbed.', ['Apple Inc. said profits rose.', 'Shares climbed.']],
    ['See No. 5 on the list, e.g. the first one.', ['See No. 5 on the list, e.g. the first one.']],
    ['Visit www.example.com/a.html today. Then call.', ['Visit www.example.com/a.html today.', 'Then call.']],
    [
      'DAMASCUS (AP) — Syria said on Monday it had agreed. The deal followed talks.',
      ['DAMASCUS (AP) — Syria said on Monday it had agreed.', 'The deal followed talks.'],
    ],
    [
      'قال المتحدث إن الاتفاق تم. وأضاف أن الوفد غادر؟ نعم.',
      ['قال المتحدث إن الاتفاق تم.', 'وأضاف أن الوفد غادر؟', 'نعم.'],
    ],
  ])('%s', (input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it('keeps a wrapped line inside its sentence and breaks on blank lines', () => {
    const text =
      'Iran plans to strengthen Syria’s air defense systems as part of a\nmilitary agreement, state television said.\n\nA second paragraph.';
    expect(texts(text)).toEqual([
      'Iran plans to strengthen Syria’s air defense systems as part of a\nmilitary agreement, state television said.',
      'A second paragraph.',
    ]);
  });

  it('reads the seed article: caption, dateline, quotes, and the body cut mid-sentence', () => {
    const s = splitSentences(seed);
    const caption = s.find((x) => x.text.startsWith('Iran’s army chief of staff'));
    expect(caption?.kind).toBe('caption');
    expect(caption?.text.endsWith('Oct. 20, 2017. (AP)')).toBe(true);
    expect(s.find((x) => x.text === 'July 8, 2020')?.kind).toBe('dateline');
    expect(
      s.some(
        (x) =>
          x.text === 'The deal will “further enhance our will… to confront pressures by America,” he added.',
      ),
    ).toBe(true);
    const cut = s.find((x) => x.text.endsWith('fighting in Syri'));
    expect(cut).toMatchObject({ kind: 'body', truncated: true });
    expect(s.filter((x) => x.truncated)).toHaveLength(1);
    expect(s[s.indexOf(cut!) + 1]?.text.startsWith('The joint statement Wednesday')).toBe(true);
  });

  it('marks headings and photo captions', () => {
    const s = splitSentences(
      'Iran and Syria sign defence pact\n\nPhoto: Delegates in Damascus. They met twice.\n\nThe deal was signed.',
    );
    expect(s.map((x) => x.kind)).toEqual(['heading', 'caption', 'caption', 'body']);
  });

  it('gives offsets that slice back to each sentence, in order, covering every non-space character', () => {
    const inputs = [
      seed,
      'One. Two!  Three?\n\n\nFour…   Five "six." Seven',
      '  ',
      '',
      'No punctuation at all',
    ];
    for (const text of inputs) {
      const s = splitSentences(text);
      let last = 0;
      let covered = '';
      for (const [i, x] of s.entries()) {
        expect(x.index).toBe(i);
        expect(text.slice(x.start, x.end)).toBe(x.text);
        expect(x.start).toBeGreaterThanOrEqual(last);
        expect(x.text).toBe(x.text.trim());
        last = x.end;
        covered += x.text;
      }
      expect(covered.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('is linear: a megabyte of text without punctuation splits quickly and in one piece per paragraph', () => {
    const text = 'word '.repeat(200_000);
    expect(splitSentences(text)).toHaveLength(1);
  });
});
