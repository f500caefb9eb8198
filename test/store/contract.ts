import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import type { ExtractedArticle } from '../../src/collect/types.js';
import type { Store } from '../../src/store/types.js';
import { QueryError } from '../../src/store/query/parse.js';
import type { Analysis } from '../../src/understand/types.js';
import { versionsKey } from '../../src/understand/versions.js';

// The store contract: every adapter (SQLite now, PostgreSQL with the Teams issue) must pass this suite.

const WIRE = [
  'Iran plans to strengthen Syria’s air defense systems as part of a military agreement between the allies, state television said on Wednesday.',
  'The deal was signed in Damascus by Iran’s armed forces chief of staff and Syria’s defense minister, according to a video published by the broadcaster.',
  'Israel has launched hundreds of strikes in Syria since the start of the civil war there in 2011, targeting government troops and allied Iranian forces.',
  'Iran has always denied sending forces to fight in Syria, saying it only has military advisors there.',
  'The joint statement also emphasized the necessity of the withdrawal of all foreign armed forces having entered Syria illegally.',
  'Along with Moscow, Tehran is one of President Bashar al-Assad’s main allies in the war that has ravaged the country since 2011.',
].join('\n\n');

const OTHER = [
  'Floodwaters swept through low-lying districts of the city overnight, forcing thousands of residents to leave their homes before dawn.',
  'Emergency crews used boats to reach families stranded on rooftops, while the regional governor asked the army to help with the evacuation.',
  'Meteorologists said more rain was expected through the weekend and warned that the river could rise another metre by Sunday.',
  'Schools and markets remained closed, and the electricity company said power would be restored gradually once the water receded.',
].join('\n\n');

export function article(over: Partial<ExtractedArticle> = {}): ExtractedArticle {
  return {
    url: 'https://news.example/2020/07/08/iran-syria',
    canonicalUrl: null,
    title: 'Iran to bolster Syria air defenses',
    byline: null,
    siteName: 'Example News',
    language: 'en',
    publishedAt: '2020-07-08T00:00:00.000Z',
    publishedAtSource: 'meta',
    text: WIRE,
    excerpt: null,
    ...over,
  };
}

/** A hand-made analysis: the store must keep it as given, whatever produced it. */
export function fakeAnalysis(text: string, entitiesVersion = 'v1'): Analysis {
  const at = text.indexOf('Damascus');
  return {
    schemaVersion: 1,
    language: 'en',
    publishedAt: '2020-07-08T00:00:00.000Z',
    textLength: text.length,
    textSha256: '0'.repeat(64),
    stages: { sentences: { version: 'rules-1', ms: 1 }, entities: { version: entitiesVersion, ms: 2 } },
    sentences: [{ index: 0, start: 0, end: text.length, text, kind: 'body', truncated: false }],
    tokenCount: 10,
    entities: [
      {
        id: 'e1',
        type: 'LOC',
        span: { sentence: 0, start: at, end: at + 8, text: 'Damascus' },
        tokenStart: 3,
        tokenEnd: 4,
        confidence: 0.9,
      },
    ],
    actors: [],
    actorMentions: [],
    places: [],
    quotes: [],
    dates: [],
    claims: [],
    events: [],
  };
}

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('articles and stories', () => {
      it('stores an article once and reports a re-ingest as unchanged', async () => {
        const first = await store.saveArticle(toArticleInput(article(), 'url'));
        expect(first.outcome).toBe('created');
        const again = await store.saveArticle(
          toArticleInput(article({ url: 'https://news.example/2020/07/08/iran-syria?utm_source=x' }), 'url'),
        );
        expect(again).toEqual({ ...first, outcome: 'unchanged' });
        const a = await store.getArticle(first.articleId);
        expect(a?.text).toBe(WIRE);
        expect(a?.sourceUrls).toEqual(['https://news.example/2020/07/08/iran-syria']);
      });

      it('keeps an exact copy at another outlet as one article with two sources', async () => {
        const first = await store.saveArticle(toArticleInput(article(), 'url'));
        const copy = await store.saveArticle(
          toArticleInput(
            article({
              url: 'https://other.example/world/iran-syria-deal',
              siteName: 'Other',
              text: WIRE.replace(/’/g, "'"),
            }),
            'url',
          ),
        );
        expect(copy.outcome).toBe('duplicate');
        expect(copy.articleId).toBe(first.articleId);
        const a = await store.getArticle(first.articleId);
        expect(a?.sourceUrls).toHaveLength(2);
        expect((await store.status()).articles).toBe(1);
      });

      it('groups a rewrite of the same wire story into the same story, and another story apart', async () => {
        const first = await store.saveArticle(toArticleInput(article(), 'url'));
        const rewrite = WIRE.split('\n\n');
        rewrite.splice(3, 1);
        rewrite.unshift(
          'TEHRAN — In a move likely to anger Israel, officials announced a new pact on Wednesday.',
        );
        const second = await store.saveArticle(
          toArticleInput(
            article({
              url: 'https://third.example/a/123',
              title: 'Iran, Syria sign military pact',
              text: rewrite.join('\n\n'),
            }),
            'url',
          ),
        );
        expect(second.outcome).toBe('created');
        expect(second.articleId).not.toBe(first.articleId);
        expect(second.storyId).toBe(first.storyId);
        const other = await store.saveArticle(
          toArticleInput(
            article({ url: 'https://news.example/floods', title: 'Floods', text: OTHER }),
            'url',
          ),
        );
        expect(other.storyId).not.toBe(first.storyId);
        const story = await store.getStory(first.storyId);
        expect(story?.articleIds).toEqual([first.articleId, second.articleId]);
        expect(story?.sourceUrls).toHaveLength(2);
      });

      it('updates a revised page in place and re-indexes it', async () => {
        const first = await store.saveArticle(toArticleInput(article(), 'url'));
        const revised = await store.saveArticle(
          toArticleInput(
            article({
              text: `${WIRE}\n\nCorrection: the agreement was signed on Wednesday evening in Damascus.`,
            }),
            'url',
          ),
        );
        expect(revised).toEqual({ ...first, outcome: 'updated' });
        expect((await store.search('correction')).hits.map((h) => h.id)).toEqual([first.articleId]);
      });

      it('lists newest first with a total', async () => {
        await store.saveArticle(toArticleInput(article({ publishedAt: '2020-07-01T00:00:00.000Z' }), 'url'));
        await store.saveArticle(
          toArticleInput(
            article({
              url: 'https://news.example/floods',
              text: OTHER,
              publishedAt: '2021-01-01T00:00:00.000Z',
            }),
            'url',
          ),
        );
        const list = await store.listArticles({ limit: 1 });
        expect(list.total).toBe(2);
        expect(list.items[0]?.publishedAt).toBe('2021-01-01T00:00:00.000Z');
      });
    });

    describe('search', () => {
      beforeEach(async () => {
        await store.saveArticle(toArticleInput(article(), 'url'));
        await store.saveArticle(
          toArticleInput(
            article({
              url: 'https://b.example/floods',
              siteName: 'B',
              language: 'fr',
              title: 'Floods <b>hit</b> the city',
              text: `${OTHER}\n\n<script>alert(1)</script> flood defense walls failed.`,
              publishedAt: '2021-02-02T00:00:00.000Z',
            }),
            'url',
          ),
        );
      });

      it('finds words and phrases, ranks with BM25 and highlights safely', async () => {
        const r = await store.search('air defense');
        expect(r.total).toBe(1);
        expect(r.hits[0]?.title).toBe('Iran to bolster Syria air defenses');
        expect(r.hits[0]?.snippet).toMatch(/<mark>air<\/mark> <mark>defense<\/mark>/);
        const both = await store.search('defense');
        expect(both.total).toBe(2);
        expect(both.hits[0]!.score).toBeGreaterThanOrEqual(both.hits[1]!.score);
        const hostile = await store.search('alert');
        expect(hostile.hits[0]?.snippet).not.toContain('<script>');
        expect(hostile.hits[0]?.snippet).toContain('&lt;script&gt;');
      });

      it('filters by site, language and date, and refuses malformed input only with a located QueryError', async () => {
        expect((await store.search('defense', { site: 'B' })).total).toBe(1);
        expect((await store.search('defense', { language: 'en' })).total).toBe(1);
        expect((await store.search('defense', { from: '2021-01-01' })).total).toBe(1);
        expect((await store.search('defense', { to: '2020-07-08' })).total).toBe(1);
        for (const q of ['"', 'AND', '*', 'NEAR(', 'defense)', '^x', 'type:BOMB', 'from:yesterday']) {
          const outcome = await store.search(q).then(
            () => 'ok',
            (err: unknown) => (err instanceof QueryError && Number.isInteger(err.position) ? 'located' : err),
          );
          expect(['ok', 'located']).toContain(outcome);
        }
        await expect(store.search('defense)')).rejects.toMatchObject({ position: 7 });
        expect((await store.search('^x')).total).toBe(0);
        expect((await store.search('"air defense" -floods')).total).toBe(1);
      });
    });

    describe('jobs', () => {
      const input = (key: string) => ({
        kind: 'ingest.url' as const,
        key,
        payload: { url: `https://x.example/${key}` },
        batch: 'b1',
      });

      it('enqueues once per key, claims each job once, and completes it', async () => {
        expect(await store.enqueue([input('a'), input('b'), input('a')])).toBeGreaterThanOrEqual(2);
        const claimed = await store.claimJobs('w1', 10, 60_000);
        expect(claimed.map((j) => j.key)).toEqual(['a', 'b']);
        expect(await store.claimJobs('w2', 10, 60_000)).toEqual([]);
        await store.completeJob(claimed[0]!.id, { ok: 1 });
        expect(await store.batchProgress('b1')).toEqual({ pending: 0, running: 1, done: 1, failed: 0 });
        // 'keep' does not run a finished job again; 'rerun' does.
        await store.enqueue([input('a')]);
        expect(await store.claimJobs('w1', 10, 60_000)).toEqual([]);
        await store.enqueue([{ ...input('a'), onConflict: 'rerun' }]);
        expect((await store.claimJobs('w1', 10, 60_000)).map((j) => j.key)).toEqual(['a']);
      });

      it('retries transient failures later and records permanent ones', async () => {
        await store.enqueue([input('t'), input('p')]);
        const [t, p] = await store.claimJobs('w1', 10, 60_000);
        const failure = { where: 'https://x.example', message: 'boom', hint: null, jobId: null };
        await store.failJob(
          t!.id,
          { ...failure, key: 't', code: 'fetch.http_5xx', kind: 'transient' },
          60_000,
        );
        await store.failJob(p!.id, { ...failure, key: 'p', code: 'fetch.http_4xx', kind: 'permanent' }, null);
        expect(await store.claimJobs('w1', 10, 60_000)).toEqual([]); // the retry is not due yet
        const s = await store.status();
        expect(s.jobs).toEqual({ pending: 1, running: 0, done: 0, failed: 1 });
        expect(s.failuresByCode).toEqual([{ code: 'fetch.http_4xx', count: 1 }]);
        expect(await store.retryFailedJobs()).toBe(1);
      });

      it('returns the jobs of a dead worker to the queue, and gives up on a job that keeps crashing', async () => {
        await store.enqueue([{ ...input('c'), maxAttempts: 2 }]);
        const [job] = await store.claimJobs('host:1:dead', 1, 60_000);
        expect(await store.recoverJobs(() => true)).toBe(0);
        expect(await store.recoverJobs((w) => w !== 'host:1:dead')).toBe(1);
        const [again] = await store.claimJobs('host:2:dead', 1, 60_000);
        expect(again?.id).toBe(job!.id);
        expect(again?.attempts).toBe(2);
        await store.recoverJobs(() => false);
        expect((await store.status()).jobs.failed).toBe(1);
        expect((await store.status()).failuresByCode[0]?.code).toBe('job.crashed');
      });

      it('saves job progress in the same transaction as the article', async () => {
        await store.enqueue([{ kind: 'ingest.file', key: 'f', payload: { path: '/x' } }]);
        const [job] = await store.claimJobs('w', 1, 60_000);
        await store.saveArticle(toArticleInput(article(), 'file'), { id: job!.id, progress: 7 });
        await store.recoverJobs(() => false);
        const [resumed] = await store.claimJobs('w', 1, 60_000);
        expect(resumed?.progress).toBe(7);
      });
    });

    describe('analyses', () => {
      const key = (v: string) => versionsKey({ sentences: 'rules-1', entities: v });

      it('saves an analysis with a new article in the same transaction, and not with a duplicate', async () => {
        const input = toArticleInput(article(), 'url');
        input.analysis = fakeAnalysis(input.text);
        const saved = await store.saveArticle(input);
        expect(await store.getAnalysis(saved.articleId)).toEqual(input.analysis);
        const copy = toArticleInput(article({ url: 'https://other.example/copy' }), 'url');
        copy.analysis = fakeAnalysis(copy.text, 'v2');
        expect((await store.saveArticle(copy)).outcome).toBe('duplicate');
        expect((await store.getAnalysis(saved.articleId))?.stages.entities?.version).toBe('v1');
      });

      it('replaces an analysis, tells current from stale and missing, and finds what to redo', async () => {
        const a = await store.saveArticle(toArticleInput(article(), 'url'));
        const b = await store.saveArticle(
          toArticleInput(article({ url: 'https://news.example/floods', text: OTHER }), 'url'),
        );
        expect(await store.analysisCounts(key('v1'))).toEqual({ current: 0, stale: 0, missing: 2 });
        expect(await store.saveAnalysis(a.articleId, fakeAnalysis(WIRE, 'v1'))).toBe(true);
        expect(await store.saveAnalysis(b.articleId, fakeAnalysis(OTHER, 'v0'))).toBe(true);
        expect(await store.analysisCounts(key('v1'))).toEqual({ current: 1, stale: 1, missing: 0 });
        const stale = await store.articlesToAnalyze({ versionsKey: key('v1'), afterId: 0, limit: 10 });
        expect(stale.map((t) => t.id)).toEqual([b.articleId]);
        expect(stale[0]).toMatchObject({ text: OTHER, language: 'en' });
        const all = await store.articlesToAnalyze({
          versionsKey: key('v1'),
          afterId: 0,
          limit: 10,
          all: true,
        });
        expect(all.map((t) => t.id)).toEqual([a.articleId, b.articleId]);
        const after = await store.articlesToAnalyze({
          versionsKey: key('v1'),
          afterId: a.articleId,
          limit: 10,
          all: true,
        });
        expect(after.map((t) => t.id)).toEqual([b.articleId]);
        expect(await store.saveAnalysis(b.articleId, fakeAnalysis(OTHER, 'v1'))).toBe(true);
        expect(await store.analysisCounts(key('v1'))).toEqual({ current: 2, stale: 0, missing: 0 });
        expect(await store.saveAnalysis(999_999, fakeAnalysis(OTHER))).toBe(false);
        expect(await store.invalidateAnalyses()).toBe(2);
        expect(await store.analysisCounts(key('v1'))).toEqual({ current: 0, stale: 2, missing: 0 });
        expect((await store.getAnalysis(a.articleId))?.entities).toHaveLength(1);
      });

      it('groups the articles to analyse into fixed id ranges', async () => {
        for (let i = 0; i < 5; i++)
          await store.saveArticle(
            toArticleInput(
              article({ url: `https://n.example/${i}`, text: `${OTHER}\n\nItem ${i} ${'x'.repeat(i)}` }),
              'url',
            ),
          );
        const ranges = await store.analysisRanges({ versionsKey: key('v1'), size: 2 });
        expect(ranges.reduce((n, r) => n + r.count, 0)).toBe(5);
        for (const r of ranges) {
          expect((r.fromId - 1) % 2).toBe(0);
          expect(r.toId - r.fromId).toBe(1);
        }
      });

      it('saves re-analysis progress in the same transaction as the analysis', async () => {
        const a = await store.saveArticle(toArticleInput(article(), 'url'));
        await store.enqueue([{ kind: 'analyze.range', key: 'r', payload: { fromId: 1, toId: 200 } }]);
        const [job] = await store.claimJobs('w', 1, 60_000);
        await store.saveAnalysis(a.articleId, fakeAnalysis(WIRE), { id: job!.id, progress: a.articleId });
        await store.recoverJobs(() => false);
        const [resumed] = await store.claimJobs('w', 1, 60_000);
        expect(resumed?.progress).toBe(a.articleId);
      });
    });

    describe('feeds', () => {
      it('adds, lists, records polls and removes feeds', async () => {
        const f = await store.addFeed('https://news.example/rss.xml', 'Example');
        expect((await store.addFeed('https://news.example/rss.xml')).id).toBe(f.id);
        await store.updateFeedPoll(f.id, {
          status: 'ok',
          etag: '"v1"',
          lastModified: 'Wed, 08 Jul 2020 10:00:00 GMT',
          newItems: 3,
        });
        await store.updateFeedPoll(f.id, { status: 'error', error: 'timeout' });
        const got = await store.getFeed(f.id);
        expect(got).toMatchObject({
          etag: '"v1"',
          lastStatus: 'error',
          lastError: 'timeout',
          failures: 1,
          title: 'Example',
        });
        expect((await store.status()).lastPolls[0]?.lastStatus).toBe('error');
        expect(await store.removeFeed('https://news.example/rss.xml')).toBe(true);
        expect(await store.listFeeds()).toEqual([]);
      });
    });
  });
}
