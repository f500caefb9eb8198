import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/server.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedStore } from '../helpers/seed-store.js';

// Issue 18 part 4: events export as CSV, with the /api/events filter, every row's evidence link, and the
// number that matched, so a file cut at its limit says so.

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await seedStore('wf-events-csv-', 'Iran, Syria');
  app = createApp(store, { publicUrl: 'https://desk.example' });
});
afterAll(async () => store.close());

describe('GET /api/events.csv', () => {
  it('writes the filtered events, one row each, with their evidence and the total that matched', async () => {
    const list = (await (await app.request('/api/events?actor=IRN&limit=500')).json()) as {
      total: number;
      items: Array<{ id: string; type: string; sentence: number; articleId: number }>;
    };
    expect(list.total).toBeGreaterThan(1);
    const res = await app.request('/api/events.csv?actor=Iran');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="watchfloor-events-/);
    expect(res.headers.get('x-total-count')).toBe(String(list.total));
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,date,datePrecision,type,mode,cameo,/);
    expect(lines).toHaveLength(list.total + 1);
    const first = list.items[0];
    expect(lines[1]).toMatch(new RegExp(`^${first?.id},`));
    expect(lines[1]).toContain(`https://desk.example/articles/${first?.articleId}#s${first?.sentence}`);
    // Cut at a limit: fewer rows, the same total.
    const cut = await app.request('/api/events.csv?actor=IRN&limit=1');
    expect((await cut.text()).trimEnd().split('\r\n')).toHaveLength(2);
    expect(cut.headers.get('x-total-count')).toBe(String(list.total));
    expect((await app.request('/api/events.csv?limit=0')).status).toBe(400);
  });
});
