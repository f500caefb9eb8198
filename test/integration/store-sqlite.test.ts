import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import { migrate } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { article, richAnalysis, storeContract } from '../store/contract.js';

storeContract('sqlite', async () => SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-store-'))));

describe('sqlite summaries', () => {
  it('keeps facet rows and actor counters equal to a rebuild from the mention and event rows', async () => {
    const store = SqliteStore.open(mkdtempSync(join(tmpdir(), 'wf-store-')));
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const input = toArticleInput(
        article({
          url: `https://news.example/${i}`,
          title: `t${i}`,
          text: `Item ${i}.\n\n${article().text}`,
        }),
        'url',
      );
      input.analysis = richAnalysis(input.text, {
        events: [
          ['AGREE', ['iran'], ['syria']],
          ['ASSAULT', i % 2 ? ['israel'] : ['iran', 'bagheri'], ['syria'], i === 3],
        ],
        extraMentions: i,
      });
      ids.push((await store.saveArticle(input)).articleId);
    }
    // Re-analyses that drop, change and keep events.
    const text = (await store.getArticle(ids[1]!))!.text;
    await store.saveAnalysis(ids[1]!, richAnalysis(text, { events: [['CONSULT', ['syria'], ['israel']]] }));
    await store.saveAnalysis(ids[2]!, richAnalysis(text, { events: [] }));
    await store.saveAnalysis(ids[1]!, richAnalysis(text, { events: [['CONSULT', ['syria'], ['israel']]] }));

    const tables = ['article_facets', 'actor_counts', 'actor_event_counts', 'actor_partners'];
    const dump = () =>
      Object.fromEntries(
        tables.map((t) => [t, store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]),
      );
    const kept = dump();
    expect(kept.actor_counts!.length).toBeGreaterThan(2);
    // What migration 7 computes for a store written before it existed.
    store.db.exec(`${tables.map((t) => `DROP TABLE ${t};`).join(' ')} DROP INDEX events_place;
      DELETE FROM schema_migrations WHERE version = 7;`);
    expect(migrate(store.db)).toBe(1);
    expect(dump()).toEqual(kept);
    await store.close();
  });
});
