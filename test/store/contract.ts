import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { toArticleInput } from '../../src/jobs/article-input.js';
import type { ExtractedArticle } from '../../src/collect/types.js';
import type { Store } from '../../src/store/types.js';
import { QueryError } from '../../src/store/query/parse.js';
import type { ActorMention, Analysis, Claim, CodedEvent } from '../../src/understand/types.js';
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

/** A span of the first occurrence of `words` in `text` (sentence 0: the store keeps what it is given). */
function spanOf(text: string, words: string) {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" is not in the text`);
  return { sentence: 0, start, end: start + words.length, text: words };
}

type Party = 'iran' | 'bagheri' | 'syria' | 'israel';
const PARTIES: Record<Party, { actorId: string; name: string; kind: 'country' | 'person'; codes: string[] }> =
  {
    iran: { actorId: 'country:IRN', name: 'Iran', kind: 'country', codes: ['IRN'] },
    bagheri: {
      actorId: 'person:mohammad-bagheri',
      name: 'Mohammad Bagheri',
      kind: 'person',
      codes: ['IRNMIL'],
    },
    syria: { actorId: 'country:SYR', name: 'Syria', kind: 'country', codes: ['SYR'] },
    israel: { actorId: 'country:ISR', name: 'Israel', kind: 'country', codes: ['ISR'] },
  };

/**
 * A hand-made analysis of WIRE (or a text holding the same words) with actors, quotes, claims and events:
 * `events` lists [type, sources, targets, negated]; actor mentions are one per party named in an event,
 * plus `extraMentions` more of the first source.
 */
export function richAnalysis(
  text: string,
  o: {
    events: Array<[CodedEvent['type'], Party[], Party[], boolean?]>;
    quotes?: Array<{ words: string; speaker: Party | null; speakerWords: string | null }>;
    claims?: Array<{ words: string; kind: Claim['kind']; value: number }>;
    extraMentions?: number;
    version?: string;
  },
): Analysis {
  const parties = [...new Set(o.events.flatMap(([, s, t]) => [...s, ...t]))];
  for (const q of o.quotes ?? []) if (q.speaker && !parties.includes(q.speaker)) parties.push(q.speaker);
  const docId = (p: Party) => `a${parties.indexOf(p) + 1}`;
  const at = spanOf(text, 'Damascus');
  const mentions: ActorMention[] = parties.map((p, i) => ({
    id: `m${i + 1}`,
    actor: docId(p),
    span: at,
    entity: null,
    via: 'name',
    confidence: 0.9,
  }));
  for (let i = 0; i < (o.extraMentions ?? 0) && parties[0]; i++)
    mentions.push({
      id: `m${mentions.length + 1}`,
      actor: docId(parties[0]),
      span: at,
      entity: null,
      via: 'name',
      confidence: 0.8,
    });
  return {
    ...fakeAnalysis(text, o.version ?? 'v1'),
    actors: parties.map((p) => ({
      id: docId(p),
      ...PARTIES[p],
      country: null,
      role: null,
      discovered: false,
      mentions: mentions.filter((m) => m.actor === docId(p)).map((m) => m.id),
      confidence: 0.9,
    })),
    actorMentions: mentions,
    quotes: (o.quotes ?? []).map((q, i) => ({
      id: `q${i + 1}`,
      text: q.words,
      span: spanOf(text, q.words),
      speaker: q.speaker ? docId(q.speaker) : null,
      speakerSpan: q.speakerWords ? spanOf(text, q.speakerWords) : null,
      cue: 'said',
      partial: false,
      confidence: 0.7,
    })),
    claims: (o.claims ?? []).map((c, i) => ({
      id: `c${i + 1}`,
      span: spanOf(text, c.words),
      kind: c.kind,
      value: c.value,
      valueMax: null,
      qualifier: 'magnitude',
      unit: 'strikes',
      cue: 'launched',
      confidence: 0.6,
    })),
    events: o.events.map(([type, sources, targets, negated], i) => ({
      id: `v${i + 1}`,
      span: spanOf(text, 'signed'),
      trigger: spanOf(text, 'signed'),
      type,
      mode: null,
      context: null,
      cameo: type === 'ASSAULT' ? '190' : '057',
      quadClass: type === 'ASSAULT' ? 4 : 1,
      goldstein: type === 'ASSAULT' ? -10 : 8,
      sources: sources.map(docId),
      targets: targets.map(docId),
      place: null,
      date: '2020-07-08',
      dateRef: null,
      datePrecision: 'day',
      negated: negated ?? false,
      intended: false,
      reportedBy: null,
      confidence: 0.8,
    })),
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
        // Each hit's snippet comes from its own text (SQLite once showed the first match's for every hit).
        for (const h of both.hits) {
          const text = (await store.getArticle(h.id))?.text ?? '';
          const words = h.snippet
            .replace(/<\/?mark>/g, '')
            .replace(/&[a-z#0-9]+;/g, ' ')
            .split(/[\s…]+/)
            .filter((w) => w.length > 3);
          expect(words.length, h.snippet).toBeGreaterThan(3);
          for (const w of words.slice(0, 5)) expect(text, `${h.title}: ${h.snippet}`).toContain(w);
        }
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

      it('sorts by relevance or by date, newest or oldest first, undated last', async () => {
        await store.saveArticle(
          toArticleInput(
            article({
              url: 'https://c.example/undated',
              title: 'Undated note on defense',
              text: `${OTHER}\n\nA note on defense spending.`,
              publishedAt: null,
            }),
            'url',
          ),
        );
        const titles = async (sort?: 'relevance' | 'newest' | 'oldest', q = 'defense') =>
          (await store.search(q, { sort })).hits.map((h) => h.title);
        const undated = 'Undated note on defense';
        const newest = await titles('newest');
        expect(newest).toEqual(['Floods <b>hit</b> the city', 'Iran to bolster Syria air defenses', undated]);
        expect(await titles('oldest')).toEqual([
          'Iran to bolster Syria air defenses',
          'Floods <b>hit</b> the city',
          undated,
        ]);
        // Relevance keeps BM25's order and scores whichever sort is asked for.
        const ranked = await store.search('defense', { sort: 'relevance' });
        expect(ranked.hits.map((h) => h.score)).toEqual(
          [...ranked.hits.map((h) => h.score)].sort((a, b) => b - a),
        );
        expect((await store.search('defense', { sort: 'newest' })).total).toBe(3);
        // Fields only (no words to rank by): newest first unless oldest is asked for.
        expect(await titles(undefined, 'lang:en')).toEqual(['Iran to bolster Syria air defenses', undated]);
        expect(await titles('oldest', 'lang:en')).toEqual(['Iran to bolster Syria air defenses', undated]);
        expect((await store.search('defense', { sort: 'newest', facets: true })).hits[0]?.title).toBe(
          'Floods <b>hit</b> the city',
        );
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
        expect(await store.analysisCounts(key('v1'))).toEqual({
          current: 0,
          stale: 0,
          missing: 2,
          failed: 0,
        });
        expect(await store.saveAnalysis(a.articleId, fakeAnalysis(WIRE, 'v1'))).toBe(true);
        expect(await store.saveAnalysis(b.articleId, fakeAnalysis(OTHER, 'v0'))).toBe(true);
        expect(await store.analysisCounts(key('v1'))).toEqual({
          current: 1,
          stale: 1,
          missing: 0,
          failed: 0,
        });
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
        expect(await store.analysisCounts(key('v1'))).toEqual({
          current: 2,
          stale: 0,
          missing: 0,
          failed: 0,
        });
        // A stage that failed keeps the analysis current (same versions) and is counted apart.
        const broken = fakeAnalysis(WIRE, 'v1');
        broken.stages.entities!.error = { message: 'boom' };
        expect(await store.saveAnalysis(a.articleId, broken)).toBe(true);
        // The same characters inside a text are no failure.
        const quoting = fakeAnalysis(OTHER, 'v1');
        quoting.sentences[0]!.text = 'JSON says "error":{ here';
        expect(await store.saveAnalysis(b.articleId, quoting)).toBe(true);
        expect(await store.analysisCounts(key('v1'))).toEqual({
          current: 2,
          stale: 0,
          missing: 0,
          failed: 1,
        });
        expect(await store.saveAnalysis(999_999, fakeAnalysis(OTHER))).toBe(false);
        expect(await store.invalidateAnalyses()).toBe(2);
        expect(await store.analysisCounts(key('v1'))).toEqual({
          current: 0,
          stale: 2,
          missing: 0,
          failed: 1,
        });
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

    describe('events, quotes and claims', () => {
      const quotes = [
        { words: 'Iran has always denied sending forces', speaker: 'bagheri' as const, speakerWords: 'Iran' },
        { words: 'the necessity of the withdrawal', speaker: null, speakerWords: 'The joint statement' },
      ];
      const claims = [
        { words: 'hundreds of strikes', kind: 'strikes' as const, value: 100 },
        { words: 'since the start of the civil war', kind: 'other' as const, value: 1 },
      ];
      const analysed = async (
        over: Partial<ExtractedArticle> = {},
        o: Parameters<typeof richAnalysis>[1],
      ) => {
        const input = toArticleInput(article(over), 'url');
        input.analysis = richAnalysis(input.text, o);
        return (await store.saveArticle(input)).articleId;
      };

      it('answers one event by its id, leaving out negated ones and unknown ids', async () => {
        const id = await analysed(
          {},
          {
            events: [
              ['AGREE', ['iran'], ['syria']],
              ['ASSAULT', ['israel'], ['syria'], true],
            ],
          },
        );
        const e = await store.getEvent(`${id}-0`);
        expect(e).toMatchObject({
          id: `${id}-0`,
          articleId: id,
          type: 'AGREE',
          sources: [{ actorId: 'country:IRN', name: 'Iran', codes: ['IRN'] }],
          targets: [{ actorId: 'country:SYR', codes: ['SYR'] }],
        });
        expect((await store.listEvents({})).items).toEqual([e]);
        expect(await store.getEvent(`${id}-1`)).toBeNull();
        expect(await store.getEvent(`${id}-9`)).toBeNull();
        expect(await store.getEvent('nonsense')).toBeNull();
      });

      it('lists quotes with their speakers, filtered by speaker, query and dates, and paged', async () => {
        const id = await analysed({}, { events: [['AGREE', ['iran'], ['syria']]], quotes });
        const other = await analysed(
          {
            url: 'https://news.example/floods',
            text: `${OTHER}\n\n${WIRE}`,
            publishedAt: '2021-01-01T00:00:00.000Z',
          },
          { events: [], quotes: quotes.slice(1) },
        );
        const all = await store.listQuotes({});
        expect(all.total).toBe(3);
        // Newest article first, then in text order.
        expect(all.items.map((q) => q.id)).toEqual([`${other}-0`, `${id}-0`, `${id}-1`]);
        expect(all.items[1]).toMatchObject({
          articleId: id,
          articleTitle: 'Iran to bolster Syria air defenses',
          publishedAt: '2020-07-08T00:00:00.000Z',
          text: quotes[0]!.words,
          speaker: { actorId: 'person:mohammad-bagheri', name: 'Mohammad Bagheri', text: 'Iran' },
          cue: 'said',
          partial: false,
          sentence: 0,
          start: WIRE.indexOf(quotes[0]!.words),
          end: WIRE.indexOf(quotes[0]!.words) + quotes[0]!.words.length,
          confidence: 0.7,
        });
        expect(all.items[2]?.speaker).toEqual({ actorId: null, name: null, text: 'The joint statement' });
        const byId = await store.listQuotes({ actor: 'person:mohammad-bagheri' });
        expect(byId.items.map((q) => q.id)).toEqual([`${id}-0`]);
        expect((await store.listQuotes({ actor: 'irn' })).total).toBe(1);
        expect((await store.listQuotes({ actor: 'SYR' })).total).toBe(0);
        expect((await store.listQuotes({ query: 'floodwaters' })).items.map((q) => q.articleId)).toEqual([
          other,
        ]);
        expect((await store.listQuotes({ from: '2021' })).items.map((q) => q.articleId)).toEqual([other]);
        expect((await store.listQuotes({ to: '2020-07-08' })).total).toBe(2);
        const page = await store.listQuotes({ limit: 1, offset: 1 });
        expect(page).toEqual({ total: 3, items: [all.items[1]] });
        await expect(store.listQuotes({ query: 'iran (' })).rejects.toBeInstanceOf(QueryError);
      });

      it('lists claims by kind, and replaces quotes and claims with a new analysis', async () => {
        const id = await analysed({}, { events: [['AGREE', ['iran'], ['syria']]], quotes, claims });
        const all = await store.listClaims({});
        expect(all.total).toBe(2);
        expect(all.items[0]).toMatchObject({
          id: `${id}-0`,
          articleId: id,
          kind: 'strikes',
          value: 100,
          valueMax: null,
          qualifier: 'magnitude',
          unit: 'strikes',
          cue: 'launched',
          text: 'hundreds of strikes',
          start: WIRE.indexOf('hundreds of strikes'),
        });
        expect((await store.listClaims({ kind: 'other' })).items.map((c) => c.id)).toEqual([`${id}-1`]);
        expect((await store.listClaims({ kind: 'fatalities' })).total).toBe(0);
        expect((await store.listClaims({ query: 'type:AGREE', to: '2020' })).total).toBe(2);
        expect((await store.listClaims({ query: 'type:ASSAULT' })).total).toBe(0);

        await store.saveAnalysis(id, richAnalysis(WIRE, { events: [], quotes: [], claims: claims.slice(1) }));
        expect((await store.listQuotes({})).total).toBe(0);
        expect((await store.listClaims({})).items.map((c) => c.kind)).toEqual(['other']);
      });

      it('dates quotes and claims by their article, also after a revision without a new analysis', async () => {
        const id = await analysed({}, { events: [], quotes, claims });
        await store.saveArticle(
          toArticleInput(
            article({ text: `${WIRE}\n\nUpdated.`, publishedAt: '2020-07-09T00:00:00.000Z' }),
            'url',
          ),
        );
        expect((await store.listQuotes({})).items.map((q) => [q.articleId, q.publishedAt])).toEqual([
          [id, '2020-07-09T00:00:00.000Z'],
          [id, '2020-07-09T00:00:00.000Z'],
        ]);
        expect((await store.listClaims({ from: '2020-07-09' })).total).toBe(2);
      });
    });

    describe('actor profiles and facets', () => {
      const later = {
        url: 'https://news.example/later',
        text: `${OTHER}\n\n${WIRE}`,
        publishedAt: '2021-01-01T00:00:00.000Z',
      };
      const first = {
        events: [
          ['AGREE', ['iran'], ['syria']],
          ['ASSAULT', ['israel'], ['syria']],
          ['ASSAULT', ['iran'], ['israel'], true],
        ] as Array<[CodedEvent['type'], Party[], Party[], boolean?]>,
        extraMentions: 2,
      };
      const save = async (over: Partial<ExtractedArticle>, o: Parameters<typeof richAnalysis>[1]) => {
        const input = toArticleInput(article(over), 'url');
        input.analysis = richAnalysis(input.text, o);
        return (await store.saveArticle(input)).articleId;
      };

      it('counts mentions, articles, event types and partners, and lists recent articles', async () => {
        const a = await save({}, first);
        const b = await save(later, { events: [['ASSAULT', ['israel'], ['syria']]] });
        const syria = await store.getActor('country:SYR');
        expect(syria).toMatchObject({
          actorId: 'country:SYR',
          name: 'Syria',
          kind: 'country',
          codes: ['SYR'],
          mentions: 2,
          articles: 2,
          recentArticles: [
            {
              id: b,
              title: 'Iran to bolster Syria air defenses',
              publishedAt: later.publishedAt,
              mentions: 1,
            },
            { id: a, publishedAt: '2020-07-08T00:00:00.000Z', mentions: 1 },
          ],
        });
        expect(syria?.eventTypes).toEqual([
          { type: 'ASSAULT', role: 'target', count: 2 },
          { type: 'AGREE', role: 'target', count: 1 },
        ]);
        expect(syria?.partners).toEqual([
          { actorId: 'country:ISR', name: 'Israel', actsOn: 0, actedOnBy: 2 },
          { actorId: 'country:IRN', name: 'Iran', actsOn: 0, actedOnBy: 1 },
        ]);
        // The negated assault on Israel counts for neither side.
        const iran = await store.getActor('country:IRN');
        expect(iran).toMatchObject({
          mentions: 3,
          articles: 1,
          eventTypes: [{ type: 'AGREE', role: 'source', count: 1 }],
        });
        expect(iran?.partners).toEqual([{ actorId: 'country:SYR', name: 'Syria', actsOn: 1, actedOnBy: 0 }]);
        expect(await store.getActor('country:XXX')).toBeNull();

        const r = await store.search('lang:en', { facets: true, limit: 1 });
        expect(r.facets?.counted).toBe(2);
        expect(r.facets?.type).toEqual([
          { value: 'ASSAULT', label: 'ASSAULT', count: 2 },
          { value: 'AGREE', label: 'AGREE', count: 1 },
        ]);
        expect(r.facets?.actor.slice(0, 2)).toEqual([
          { value: 'country:ISR', label: 'Israel', count: 2 },
          { value: 'country:SYR', label: 'Syria', count: 2 },
        ]);
        expect(r.facets?.date.map((d) => [d.value, d.count])).toEqual([
          ['2020-07', 1],
          ['2021-01', 1],
        ]);
      });

      it('moves the counts when an article is analysed again, and forgets an actor no article names', async () => {
        const a = await save({}, first);
        await save(later, { events: [['ASSAULT', ['israel'], ['syria']]] });
        const before = await store.getActor('country:SYR');
        // The same analysis again changes nothing.
        await store.saveAnalysis(a, richAnalysis(WIRE, first));
        expect(await store.getActor('country:SYR')).toEqual(before);

        await store.saveAnalysis(a, richAnalysis(WIRE, { events: [['CONSULT', ['syria'], ['israel']]] }));
        expect(await store.getActor('country:IRN')).toBeNull();
        const syria = await store.getActor('country:SYR');
        expect(syria).toMatchObject({ mentions: 2, articles: 2 });
        expect(syria?.eventTypes).toEqual([
          { type: 'ASSAULT', role: 'target', count: 1 },
          { type: 'CONSULT', role: 'source', count: 1 },
        ]);
        expect(syria?.partners).toEqual([
          { actorId: 'country:ISR', name: 'Israel', actsOn: 1, actedOnBy: 1 },
        ]);
        expect((await store.search('type:AGREE')).total).toBe(0);
        const r = await store.search('lang:en', { facets: true });
        expect(r.facets?.type.map((t) => [t.value, t.count])).toEqual([
          ['ASSAULT', 1],
          ['CONSULT', 1],
        ]);
        expect(r.facets?.actor.map((t) => t.value)).not.toContain('country:IRN');

        await store.saveAnalysis(a, richAnalysis(WIRE, { events: [] }));
        expect(await store.getActor('country:SYR')).toMatchObject({ mentions: 1, articles: 1 });
        expect((await store.getActor('country:SYR'))?.recentArticles.map((x) => x.id)).not.toContain(a);
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
