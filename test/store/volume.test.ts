import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { QueryError } from '../../src/store/query/parse.js';
import type { Store } from '../../src/store/types.js';
import { bucketStart, chooseBucket, compareVolume } from '../../src/store/volume.js';
import { ENGINES, type Engine } from '../helpers/engines.js';

// Volume over time by publication date (issue 18 part 4) on both engines: every match counted (stemmed and
// exact), the undated ones apart, buckets filled with zeros, and two queries compared on one axis.

const DOCS: Array<{ name: string; text: string; publishedAt: string | null }> = [
  { name: 'a', text: 'Iranian advisers arrived in Damascus.', publishedAt: '2020-01-06T10:00:00.000Z' },
  { name: 'b', text: 'Talks with Iran resumed on Monday.', publishedAt: '2020-01-08T10:00:00.000Z' },
  { name: 'c', text: 'Iran and Iraq signed a trade deal.', publishedAt: '2020-03-02T10:00:00.000Z' },
  { name: 'd', text: 'An undated note on Iran and its neighbours.', publishedAt: null },
  { name: 'e', text: 'Floods in Iraq displaced thousands.', publishedAt: '2020-02-15T10:00:00.000Z' },
];

async function fill(store: Store): Promise<void> {
  for (const d of DOCS) {
    const input = toArticleInput(
      {
        url: `https://volume.example/${d.name}`,
        canonicalUrl: null,
        title: `Report ${d.name}`,
        byline: null,
        siteName: 'volume.example',
        language: 'en',
        publishedAt: d.publishedAt,
        publishedAtSource: d.publishedAt ? 'meta' : null,
        text: d.text,
        excerpt: null,
      },
      'url',
    );
    await store.saveArticle(input);
  }
}

describe('volume buckets', () => {
  it('starts weeks on Monday and picks a bucket by span', () => {
    expect(bucketStart('2020-01-08', 'week')).toBe('2020-01-06');
    expect(bucketStart('2020-01-05', 'week')).toBe('2019-12-30');
    expect(bucketStart('2020-03-02', 'month')).toBe('2020-03-01');
    expect(chooseBucket('2020-01-01', '2020-02-01')).toBe('day');
    expect(chooseBucket('2020-01-01', '2021-06-01')).toBe('week');
    expect(chooseBucket('1990-01-01', '2020-06-01')).toBe('year');
  });
});

describe.each(ENGINES)('volume over time on %s', (_kind, make) => {
  let engine: Engine;
  let store: Store;
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
    await fill(store);
  });
  afterAll(async () => {
    await store.close();
    await engine.drop();
  });

  it('counts every stemmed match by month, zeros between, the undated apart', async () => {
    const r = await store.volume('Iran', { bucket: 'month' });
    expect(r).toMatchObject({ bucket: 'month', total: 4, dated: 3, undated: 1, outside: 0 });
    expect(r.span).toEqual({ first: '2020-01-06', last: '2020-03-02' });
    expect(r.counts).toEqual([
      { date: '2020-01-01', count: 2 },
      { date: '2020-02-01', count: 0 },
      { date: '2020-03-01', count: 1 },
    ]);
  });

  it('matches a quoted phrase exactly, and counts matches outside the range apart', async () => {
    const exact = await store.volume('"Iranian"', { bucket: 'week' });
    expect(exact).toMatchObject({ total: 1, counts: [{ date: '2020-01-06', count: 1 }] });
    const ranged = await store.volume('Iran', { bucket: 'week', from: '2020-01', to: '2020-01' });
    expect(ranged).toMatchObject({ dated: 2, outside: 1, undated: 1, total: 4 });
    expect(ranged.counts.map((c) => c.date)).toEqual([
      '2019-12-30',
      '2020-01-06',
      '2020-01-13',
      '2020-01-20',
      '2020-01-27',
    ]);
  });

  it('compares queries on one axis', async () => {
    const [iran, iraq] = await compareVolume((q, o) => store.volume(q, o), ['Iran', 'Iraq'], {});
    expect(iran!.bucket).toBe(iraq!.bucket);
    expect(iran!.counts.map((c) => c.date)).toEqual(iraq!.counts.map((c) => c.date));
    expect(iraq!.counts.reduce((s, c) => s + c.count, 0)).toBe(2);
    expect(iran!.counts.reduce((s, c) => s + c.count, 0)).toBe(3);
  });

  it('refuses a chart of too many buckets', async () => {
    await expect(store.volume('Iran', { bucket: 'day', from: '1900', to: '2020' })).rejects.toThrow(
      QueryError,
    );
  });
});
