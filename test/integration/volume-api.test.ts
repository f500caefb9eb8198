import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { openApiDocument } from '../../src/serve/openapi.js';
import { createApp } from '../../src/serve/server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { VolumeResult } from '../../src/store/volume.js';

// GET /api/search/volume (issue 18 part 4): one series per query on one axis, every match counted by
// publication date with the undated apart, and bad input refused with a 400 that names it.

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-volume-api-')));
  const docs: Array<[string, string | null]> = [
    ['Iranian envoys met in Geneva.', '2020-05-04T09:00:00.000Z'],
    ['Iran answered on Friday.', '2020-07-10T09:00:00.000Z'],
    ['Iraq and Iran agreed on water.', '2020-07-20T09:00:00.000Z'],
    ['A note on Iraq without a date.', null],
  ];
  let n = 0;
  for (const [text, publishedAt] of docs)
    await store.saveArticle(
      toArticleInput(
        {
          url: `https://volume-api.example/${n++}`,
          canonicalUrl: null,
          title: `Report ${n}`,
          byline: null,
          siteName: null,
          language: 'en',
          publishedAt,
          publishedAtSource: publishedAt ? 'meta' : null,
          text,
          excerpt: null,
        },
        'url',
      ),
    );
  app = createApp(store);
});

afterAll(async () => {
  await store.close();
});

const volume = (qs: string) => app.request(`/api/search/volume?${qs}`);

describe('/api/search/volume', () => {
  it('compares two queries on one axis by month, the undated counted apart', async () => {
    const res = await volume('q=Iran&q=Iraq&bucket=month');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { bucket: string; counts: string; series: VolumeResult[] };
    expect(body.bucket).toBe('month');
    expect(body.counts).toMatch(/publication date/);
    const [iran, iraq] = body.series;
    expect(iran!.counts).toEqual([
      { date: '2020-05-01', count: 1 },
      { date: '2020-06-01', count: 0 },
      { date: '2020-07-01', count: 2 },
    ]);
    expect(iraq!.counts.map((c) => c.count)).toEqual([0, 0, 1]);
    expect(iraq).toMatchObject({ total: 2, dated: 1, undated: 1 });
  });

  it('refuses no query, too many queries, an unknown bucket, a bad date and too many buckets', async () => {
    const cases: Array<[string, RegExp]> = [
      ['bucket=month', /q: give a query/],
      ['q=a&q=b&q=c&q=d&q=e', /at most 4 queries/],
      ['q=Iran&bucket=hour', /bucket/],
      ['q=Iran&from=2020-13-01', /from: a calendar date/],
      ['q=Iran&from=2020-08&to=2020-01', /from is after to/],
      ['q=Iran&bucket=day&from=1900&to=2020', /more than 1000 buckets/],
      ['q=Iran&q=%22unclosed', /./],
    ];
    for (const [qs, message] of cases) {
      const res = await volume(qs);
      expect(res.status, qs).toBe(400);
      expect(((await res.json()) as { message: string }).message, qs).toMatch(message);
    }
  });

  it('resolves actor names in every query, not only the first', async () => {
    const res = await volume(`q=Iran&q=${encodeURIComponent('actor:Hezbolah')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/Hezbolah/);
  });

  it('is documented', () => {
    const doc = openApiDocument() as { paths: Record<string, unknown> };
    expect(doc.paths['/api/search/volume']).toBeDefined();
  });
});
