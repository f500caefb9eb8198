import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { migrate as migratePostgres } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { migrate as migrateSqlite } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { ENGINES, type Engine } from '../helpers/engines.js';
import { article, richAnalysis } from './contract.js';

// The summary tables are kept row by row with every analysis (src/store/summaries.ts) and filled in one go
// by the migration that creates them (7 on SQLite, 8 on PostgreSQL, for stores analysed before). Both ways
// must give the same rows, or an upgraded store's pages would differ from a fresh one's.

const TABLES = ['article_facets', 'actor_counts', 'actor_event_counts', 'actor_partners'];

async function rows(store: Store, table: string): Promise<unknown[]> {
  const sql = `SELECT * FROM ${table} ORDER BY 1, 2, 3`;
  if (store instanceof SqliteStore) return store.db.prepare(sql).all();
  if (store instanceof PostgresStore) return (await store.pool.query(sql)).rows;
  throw new Error('unknown store');
}

/** Drops the summary tables and has the migration that made them fill them again from the stored rows. */
async function rebuild(store: Store): Promise<void> {
  const drop = `${TABLES.map((t) => `DROP TABLE ${t};`).join(' ')} DROP INDEX events_place;`;
  if (store instanceof SqliteStore) {
    store.db.exec(`${drop} DELETE FROM schema_migrations WHERE version = 7;`);
    expect(migrateSqlite(store.db)).toBe(1);
  } else if (store instanceof PostgresStore) {
    await store.pool.query(
      `${drop} CREATE INDEX events_place ON events(place_id); DELETE FROM schema_migrations WHERE version = 8;`,
    );
    expect(await migratePostgres(store.pool)).toBe(1);
  }
}

describe.each(ENGINES)('summary tables on %s', (_kind, make) => {
  let engine: Engine;
  let store: Store;
  beforeAll(async () => {
    engine = await make();
    store = await engine.open();
  });
  afterAll(async () => {
    await store?.close();
    await engine?.drop();
  });

  it('hold after saves and re-analyses what the migration computes from the stored rows', async () => {
    const save = async (i: number, o: Parameters<typeof richAnalysis>[1], publishedAt: string | null) => {
      const input = toArticleInput(
        article({ url: `https://news.example/${i}`, text: `${article().text}\n\nStory ${i}.`, publishedAt }),
        'url',
      );
      input.analysis = richAnalysis(input.text, o);
      return (await store.saveArticle(input)).articleId;
    };
    const a = await save(1, { events: [['ASSAULT', ['israel'], ['syria']]], extraMentions: 2 }, null);
    await save(
      2,
      {
        events: [
          ['AGREE', ['iran'], ['syria']],
          ['ASSAULT', ['iran'], ['israel'], true],
        ],
      },
      '2021-01-01T00:00:00.000Z',
    );
    await save(3, { events: [['CONSULT', ['syria'], ['iran']]] }, '2020-01-01T00:00:00.000Z');
    // Counters moved by a re-analysis: Israel's partner loses an event, Iran gains an article.
    await store.saveAnalysis(
      a,
      richAnalysis(`${article().text}\n\nStory 1.`, { events: [['AGREE', ['iran'], ['syria']]] }),
    );

    const kept = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await rows(store, t)])));
    expect((kept.actor_counts as unknown[]).length).toBeGreaterThan(1);
    expect((kept.actor_partners as unknown[]).length).toBeGreaterThan(1);
    const page = await store.getActor('country:SYR');
    await rebuild(store);
    for (const t of TABLES) expect({ t, rows: await rows(store, t) }).toEqual({ t, rows: kept[t] });
    expect(await store.getActor('country:SYR')).toEqual(page);
  });
});
