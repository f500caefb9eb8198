import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedStore } from '../helpers/seed-store.js';

// Issue 17 part 4: the exports say when each article (and each event's sentence) is set, and where that
// came from, so an analyst can tell a published date from one read out of the text, or "undated".

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await seedStore('wf-export-anchors-', 'Iran, Syria');
  app = createApp(store, { publicUrl: 'https://desk.example' });
});
afterAll(async () => store.close());

const parse = (csv: string): Record<string, string>[] => {
  const [head, ...rows] = csv.trimEnd().split('\r\n');
  const cols = (head ?? '').split(',');
  // The seed's titles and names hold no quoted commas in the columns read here: the anchor columns are last.
  return rows.map((r) => {
    const cells = r.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[cells.length - cols.length + i] ?? '']));
  });
};

describe('time anchors in the exports', () => {
  it('gives each event row its sentence time anchor and its source', async () => {
    const res = await app.request('/api/events.csv?limit=50');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toMatch(/,timeAnchor,timeAnchorSource$/);
    const rows = parse(text);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.timeAnchor).toMatch(/^\d{4}(?:-\d{2}){0,2}$/);
      expect(['published', 'updated', 'byline', 'dateline', 'text', 'sentence']).toContain(
        r.timeAnchorSource,
      );
    }
    // The seed was published on 8 July 2020: a sentence without a date of its own speaks from then.
    expect(rows.some((r) => r.timeAnchor === '2020-07-08' && r.timeAnchorSource === 'published')).toBe(true);
  });

  it('gives each article of the search export its own anchor, in CSV and JSON', async () => {
    const csv = await (await app.request('/api/export?q=Iran&format=csv')).text();
    expect(csv.split('\r\n')[0]).toMatch(/,timeAnchor,timeAnchorSource$/);
    const [row] = parse(csv);
    expect(row?.timeAnchor).toBe('2020-07-08');
    expect(row?.timeAnchorSource).toBe('published');
    const json = (await (await app.request('/api/export?q=Iran&format=json')).json()) as {
      items: Array<{ timeAnchor: string; timeAnchorSource: string }>;
    };
    expect(json.items[0]).toMatchObject({ timeAnchor: '2020-07-08', timeAnchorSource: 'published' });
  });
});
