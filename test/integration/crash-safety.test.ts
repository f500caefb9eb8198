import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/store/search-query.js';
import { ROOT, assertBuilt, runCli, startCli } from '../helpers/cli.js';

// kill -9 at several moments of a long ingest, then restart: everything must be stored exactly once.

interface DemoRecord {
  title: string;
  text: string;
}

const HTML_FILES = 240;
const JSONL_RECORDS = 200;
const TOTAL = HTML_FILES + JSONL_RECORDS;

function page(r: DemoRecord, i: number): string {
  const paragraphs = `${r.text}\n\nReference code WFX${i}Q.`
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title>
<meta property="article:published_time" content="2020-07-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z">
<link rel="canonical" href="https://example.org/news/${i}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${escapeHtml(r.title)}</h1>${paragraphs}</article>
<footer>© Example News. All rights reserved.</footer></body></html>`;
}

function count(dbPath: string): number {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // the store or its tables do not exist yet
  }
}

describe('crash safety of ingestion', () => {
  let dir: string;
  let input: string;
  let data: string;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'wf-crash-'));
    input = join(dir, 'input');
    data = join(dir, 'data');
    mkdirSync(join(input, 'pages'), { recursive: true });
    const lines = readFileSync(join(ROOT, 'data', 'demo', 'articles.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const records = lines.map((l) => JSON.parse(l) as DemoRecord).filter((r) => r.text.length > 400);
    expect(records.length).toBeGreaterThanOrEqual(TOTAL);
    for (let i = 0; i < HTML_FILES; i++) {
      writeFileSync(join(input, 'pages', `article-${String(i).padStart(4, '0')}.html`), page(records[i]!, i));
    }
    const jsonl = [];
    for (let i = HTML_FILES; i < TOTAL; i++) {
      const r = records[i]!;
      jsonl.push(
        JSON.stringify({
          url: `https://example.net/story/${i}`,
          title: r.title,
          text: `${r.text}\n\nReference code WFX${i}Q.`,
        }),
      );
    }
    writeFileSync(join(input, 'wire.jsonl'), `${jsonl.join('\n')}\n`);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes after repeated kill -9 with nothing lost and nothing duplicated', async () => {
    const dbPath = join(data, 'watchfloor.sqlite');
    const killedAt: number[] = [];
    for (const target of [0.1, 0.45, 0.8]) {
      const child = startCli(['ingest', input, '--data', data, '--json']);
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      let done = false;
      void exited.then(() => (done = true));
      while (!done) {
        const n = count(dbPath);
        if (n >= target * TOTAL) {
          child.kill('SIGKILL');
          await exited;
          killedAt.push(n);
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await exited;
    }
    // The test only proves something if at least one kill landed mid-ingest.
    expect(killedAt.some((n) => n > 0 && n < TOTAL)).toBe(true);

    const final = await runCli(['ingest', input, '--data', data, '--json']);
    expect(final.stderr).not.toMatch(/unexpected error/);
    expect(final.code).toBe(0);

    const db = new Database(dbPath, { readonly: true });
    try {
      const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(one('SELECT count(*) AS n FROM articles')).toBe(TOTAL);
      expect(one('SELECT count(DISTINCT canonical_url) AS n FROM articles')).toBe(TOTAL);
      expect(one('SELECT count(*) AS n FROM article_sources')).toBe(TOTAL);
      expect(one(`SELECT count(*) AS n FROM jobs WHERE status != 'done'`)).toBe(0);
      expect(one('SELECT count(*) AS n FROM failures')).toBe(0);
      expect(one('SELECT count(*) AS n FROM articles_fts')).toBe(TOTAL);
      // Each article was committed with its analysis, so no kill left one without.
      expect(one('SELECT count(*) AS n FROM analyses')).toBe(TOTAL);
      // Every reference code is stored exactly once.
      for (const i of [0, 1, HTML_FILES - 1, HTML_FILES, TOTAL - 1]) {
        const n = (
          db
            .prepare('SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?')
            .get(`"wfx${i}q"`) as { n: number }
        ).n;
        expect(n, `reference code ${i}`).toBe(1);
      }
    } finally {
      db.close();
    }
    // The full-text index is consistent with the table after the crashes.
    const rw = new Database(dbPath);
    try {
      expect(() =>
        rw.prepare(`INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')`).run(),
      ).not.toThrow();
    } finally {
      rw.close();
    }
  }, 180_000);

  it('resumes a re-analysis killed with -9, redoing every stale article once', async () => {
    const dbPath = join(data, 'watchfloor.sqlite');
    const rw = new Database(dbPath);
    // As --all does first; done here too so the count below cannot see the analyses from before.
    rw.prepare(`UPDATE analyses SET versions_key = 'invalidated'`).run();
    const currentKey = () =>
      (
        rw.prepare(`SELECT count(*) AS n FROM analyses WHERE versions_key != 'invalidated'`).get() as {
          n: number;
        }
      ).n;
    const child = startCli(['reanalyze', '--all', '--data', data, '--json']);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let done = false;
    void exited.then(() => (done = true));
    let killedAt = -1;
    while (!done) {
      const n = currentKey();
      if (n >= TOTAL * 0.4) {
        child.kill('SIGKILL');
        killedAt = n;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await exited;
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(TOTAL);
    // The jobs of the killed run still hold their progress: the same command resumes them.
    const resumedFrom = (
      rw
        .prepare(
          `SELECT coalesce(sum(progress), 0) AS n FROM jobs WHERE kind = 'analyze.range' AND progress > 0`,
        )
        .get() as {
        n: number;
      }
    ).n;
    expect(resumedFrom).toBeGreaterThan(0);

    // A plain reanalyze finishes the interrupted --all run: only what is still stale is redone.
    const left = TOTAL - currentKey();
    rw.close();
    const again = await runCli(['reanalyze', '--data', data, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as {
      articles: number;
      counts: { current: number; stale: number; missing: number; failed: number };
    };
    expect(report.articles).toBe(left);
    expect(report.counts).toEqual({ current: TOTAL, stale: 0, missing: 0, failed: 0 });
    const db = new Database(dbPath, { readonly: true });
    try {
      const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(one(`SELECT count(*) AS n FROM jobs WHERE kind = 'analyze.range' AND status != 'done'`)).toBe(0);
      // Mentions were replaced, never appended: each article's mention count matches its analysis.
      const mismatched = one(`SELECT count(*) AS n FROM analyses a
        WHERE json_array_length(a.analysis, '$.entities') !=
              (SELECT count(*) FROM entity_mentions m WHERE m.article_id = a.article_id)`);
      expect(mismatched).toBe(0);
    } finally {
      db.close();
    }
  }, 180_000);
});
