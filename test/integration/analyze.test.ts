import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { distanceKm } from '../../src/understand/places/geo.js';
import { analysisSchema } from '../../src/understand/schema.js';
import type { Analysis } from '../../src/understand/types.js';
import { ROOT, assertBuilt, runCli } from '../helpers/cli.js';

// Understand I through the real CLI: `analyze` on the seed article, analysis stored with every ingested
// article, and `reanalyze` redoing exactly the stale ones.

const SEED = join(ROOT, 'test', 'fixtures', 'files', 'seed-iran-syria-2020-07-08.txt');

beforeAll(() => assertBuilt());

describe('watchfloor analyze', () => {
  it('prints an Analysis that validates against the schema, with spans pointing at their text', async () => {
    const res = await runCli(['analyze', SEED, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const analysis = analysisSchema.parse(JSON.parse(res.stdout)) as Analysis;
    expect(analysis.publishedAt?.slice(0, 10)).toBe('2020-07-08');
    expect(Object.keys(analysis.stages)).toEqual([
      'sentences',
      'entities',
      'actors',
      'syntax',
      'places',
      'quotes',
      'dates',
      'claims',
      'events',
    ]);
    for (const e of analysis.entities) {
      const sentence = analysis.sentences[e.span.sentence]!;
      expect(sentence.text.slice(e.span.start - sentence.start, e.span.end - sentence.start)).toBe(
        e.span.text,
      );
    }
    const found = (type: string, text: string) =>
      analysis.entities.some((e) => e.type === type && e.span.text === text);
    expect(found('PER', 'Mohammad Bagheri')).toBe(true);
    expect(found('PER', 'Ali Ayoub')).toBe(true);
    expect(found('LOC', 'Damascus')).toBe(true);
    expect(found('LOC', 'Aleppo')).toBe(true);
    expect(found('ORG', 'Hezbollah')).toBe(true);
    expect(found('MISC', 'Iranian')).toBe(true);
    expect(analysis.sentences.filter((s) => s.truncated)).toHaveLength(1);
  });

  it('gives the actors, dates, quotes and claims the Understand II issue asks of the seed article', async () => {
    const res = await runCli(['analyze', SEED, '--json']);
    const a = analysisSchema.parse(JSON.parse(res.stdout)) as Analysis;
    const actor = (id: string) => a.actors.find((x) => x.actorId === id);
    expect(actor('person:mohammad-bagheri')?.codes).toEqual(['IRNMIL']);
    expect(actor('person:ali-abdullah-ayoub')?.role?.title).toBe('defence minister');
    expect(actor('person:bashar-al-assad')?.role?.title).toBe('president');
    expect(actor('org:hezbollah')).toBeDefined();
    for (const c of ['ISR', 'IRN', 'SYR', 'RUS', 'USA']) expect(actor(`country:${c}`)).toBeDefined();
    const via = (text: string) => a.actorMentions.find((m) => m.span.text === text);
    expect(a.actors.find((x) => x.id === via('Moscow')?.actor)?.actorId).toBe('country:RUS');
    expect(a.actors.find((x) => x.id === via('America')?.actor)?.actorId).toBe('country:USA');
    const days = a.dates.map((d) => `${d.start}..${d.end}`);
    expect(days).toContain('2020-07-08..2020-07-08');
    expect(days).toContain('2017-10-20..2017-10-20');
    expect(days).toContain('2011..null');
    const bagheri = actor('person:mohammad-bagheri')?.id;
    expect(a.quotes.filter((q) => q.speaker === bagheri)).toHaveLength(2);
    const spokesman = a.actors.find((x) => x.name === 'Iranian military spokesman')?.id;
    expect(
      a.quotes.some((q) => q.speaker === spokesman && q.text.includes('confront increasing dangers')),
    ).toBe(true);
    expect(a.claims.map((c) => `${c.kind}:${c.span.text}`)).toEqual([
      'strikes:hundreds of strikes',
      'fatalities:more than 380,000 people',
      'displaced:millions',
    ]);
  });

  it("places the seed article's Aleppo (the province), Damascus, Syria, Iran and Israel within 25 km of their points", async () => {
    const res = await runCli(['analyze', SEED, '--json']);
    const a = analysisSchema.parse(JSON.parse(res.stdout)) as Analysis;
    // GeoNames' own points for these places (ids 170654, 163843, 130758, 294640). The seed's Aleppo is the
    // province ("a front line in the northern province of Aleppo, Syria"): Aleppo Governorate, GeoNames
    // 170062, whose middle is about 36.25N 37.5E (the city, 170063, is at 36.20N 37.16E).
    const governorate = a.places.find((p) => p.span.text === 'Aleppo')?.place;
    expect(governorate?.id).toBe('170062');
    expect(governorate?.featureCode).toBe('ADM1');
    const truth: Record<string, [number, number]> = {
      Aleppo: [36.25, 37.5],
      Damascus: [33.5102, 36.29128],
      Syria: [35, 38],
      Iran: [32, 53],
      Israel: [31.5, 34.75],
    };
    for (const [name, [lat, lon]] of Object.entries(truth)) {
      const mentions = a.places.filter((p) => p.span.text === name);
      expect(mentions.length, name).toBeGreaterThan(0);
      for (const m of mentions) {
        expect(m.place, name).not.toBeNull();
        expect(distanceKm(lat, lon, m.place!.lat, m.place!.lon), name).toBeLessThan(25);
      }
    }
    // "Moscow" speaks for Russia there ("along with Moscow"): an actor, not a place.
    expect(a.places.some((p) => p.span.text === 'Moscow')).toBe(false);
  });

  it('codes the events the Understand IV issue asks of the seed article', async () => {
    const res = await runCli(['analyze', SEED, '--json']);
    const a = analysisSchema.parse(JSON.parse(res.stdout)) as Analysis;
    const actorId = (id: string) => a.actors.find((x) => x.id === id)?.actorId ?? '';
    const countries = (ids: readonly string[]) =>
      ids.map((id) => a.actors.find((x) => x.id === id)?.country ?? actorId(id).replace('country:', ''));
    const placeText = (id: string | null) => a.places.find((p) => p.id === id)?.span.text;
    // The military agreement signed in Damascus by the two chiefs, on the publication date.
    const signed = a.events.find(
      (e) => e.type === 'AGREE' && e.context === 'military' && e.trigger.text.startsWith('signed'),
    );
    expect(signed).toBeDefined();
    // A mutual act is the first-named party's act on the other (docs/EVENT-GOLD.md).
    expect(countries(signed!.sources)).toEqual(['IRN']);
    expect(countries(signed!.targets)).toEqual(['SYR']);
    expect(placeText(signed!.place)).toBe('Damascus');
    expect(signed!.date).toBe('2020-07-08');
    // Iran's planned support of Syria's air defence: military aid, intended, Iran → Syria.
    const support = a.events.find((e) => (e.type === 'AID' || e.type === 'COOPERATE') && e.intended);
    expect(support?.context).toContain('military');
    expect(countries(support!.sources)).toEqual(['IRN']);
    expect(countries(support!.targets)).toContain('SYR');
    // Bagheri's quote ("We will strengthen…", the broadcaster quoting him): "We" is his, so Iran's.
    const quoted = a.events.find((e) => e.span.text.startsWith('“We will strengthen'));
    expect(quoted?.type).toBe('AID');
    expect(countries(quoted!.sources)).toEqual(['IRN']);
    expect(countries(quoted!.targets)).toEqual(['SYR']);
    expect(quoted!.intended).toBe(true);
  });

  const seedEvents = async () => {
    const res = await runCli(['analyze', SEED, '--json']);
    return analysisSchema.parse(JSON.parse(res.stdout)) as Analysis;
  };
  // Two sentences the parser gets wrong and the coder survives: "Key US ally Israel…" takes "Key" as the
  // subject (the broken noun phrase's last noun is), "sending forces" is read as an adjective (a gerund
  // under "denied").
  it("codes Israel's strikes in Syria since 2011 as an aerial assault Israel → Syria", async () => {
    const a = await seedEvents();
    const strikes = a.events.find((e) => e.type === 'ASSAULT' && e.mode === 'aerial');
    expect(strikes?.sources.map((id) => a.actors.find((x) => x.id === id)?.country)).toEqual(['ISR']);
    expect(strikes!.date).toBe('2011');
  });
  it("codes Iran's denial of sending forces, negated", async () => {
    const a = await seedEvents();
    const denial = a.events.filter((e) => e.span.text.startsWith('Iran has always denied'));
    expect(denial.length).toBeGreaterThan(0);
    expect(denial.every((e) => e.negated)).toBe(true);
  });

  // Known misses of the parse-based coder (issue 21 stays open on them): "the joint statement" is no actor,
  // and captions are left unparsed. Each is `it.fails`, so the day one is fixed the test fails and the
  // expectation moves into a test of its own.

  it.fails('known miss: the joint call for the withdrawal of foreign forces as a REQUEST', async () => {
    const a = await seedEvents();
    expect(a.events.some((e) => e.type === 'REQUEST' && e.span.text.includes('withdrawal'))).toBe(true);
  });
  it.fails("known miss: Bagheri's visit to the Aleppo front line, dated by the caption", async () => {
    const a = await seedEvents();
    const visit = a.events.find((e) => e.type === 'CONSULT' && e.mode === 'visit');
    expect(a.actors.find((x) => x.id === visit!.sources[0])?.actorId).toBe('person:mohammad-bagheri');
    expect(visit!.date).toBe('2017-10-20');
  });

  it('takes --published for input without a date, and refuses a date it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-analyze-'));
    const file = join(dir, 'note.txt');
    writeFileSync(
      file,
      'Hezbollah fighters crossed into Syria near Qusayr, the Syrian Observatory said on Monday.\n',
    );
    const ok = await runCli(['analyze', file, '--json', '--published', '2021-03-01']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as Analysis).publishedAt).toBe('2021-03-01T00:00:00.000Z');
    const bad = await runCli(['analyze', file, '--published', 'last week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--published "last week" is not a date');
  });

  it('explains a missing input', async () => {
    const res = await runCli(['analyze', join(tmpdir(), 'no-such-file.txt')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/cannot analyse .*no-such-file\.txt/);
  });

  it('prints a readable summary without --json', async () => {
    const res = await runCli(['analyze', SEED]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/PER\s+.*Mohammad Bagheri/);
    expect(res.stdout).toMatch(/Stages: sentences rules-1/);
  });
});

describe('analysis during ingestion, and reanalyze', () => {
  it('stores an analysis with each article and re-runs only stale ones', async () => {
    const data = mkdtempSync(join(tmpdir(), 'wf-reanalyze-'));
    const input = join(data, 'in');
    mkdirSync(input);
    copyFileSync(SEED, join(input, 'seed.txt'));
    const records = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        url: `https://news.example/${i}`,
        title: `Story ${i}`,
        text: `Story ${i}: Iranian officials met Syrian ministers in Damascus on day ${i}, Reuters reported, and talked about trade. ${'Details followed in a long statement. '.repeat(i % 5)}`,
      }),
    );
    writeFileSync(join(input, 'batch.jsonl'), `${records.join('\n')}\n`);
    const ingest = await runCli(['ingest', input, '--data', data, '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);

    const db = new Database(join(data, 'watchfloor.sqlite'));
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const articles = count('SELECT count(*) AS n FROM articles');
    expect(articles).toBe(31);
    expect(count('SELECT count(*) AS n FROM analyses')).toBe(articles);
    expect(count(`SELECT count(*) AS n FROM entity_mentions WHERE norm = 'damascus'`)).toBeGreaterThanOrEqual(
      31,
    );

    // Pretend a model change: a third of the analyses were made by an older entity model.
    db.prepare(
      `UPDATE analyses SET versions_key = 'entities=old;sentences=rules-1' WHERE article_id % 3 = 0`,
    ).run();
    const stale = count('SELECT count(*) AS n FROM analyses WHERE article_id % 3 = 0');
    const before = db
      .prepare('SELECT article_id, analyzed_at FROM analyses ORDER BY article_id')
      .all() as Array<{
      article_id: number;
      analyzed_at: string;
    }>;
    db.close();
    const statusBefore = await runCli(['status', '--data', data, '--json']);
    expect((JSON.parse(statusBefore.stdout) as { analyses: unknown }).analyses).toEqual({
      current: articles - stale,
      stale,
      missing: 0,
      failed: 0,
    });

    const re = await runCli(['reanalyze', '--data', data, '--json']);
    expect(re.code, re.stderr).toBe(0);
    const report = JSON.parse(re.stdout) as { articles: number; counts: Record<string, number> };
    expect(report.articles).toBe(stale);
    expect(report.counts).toEqual({ current: articles, stale: 0, missing: 0, failed: 0 });

    const db2 = new Database(join(data, 'watchfloor.sqlite'), { readonly: true });
    const after = db2
      .prepare('SELECT article_id, analyzed_at FROM analyses ORDER BY article_id')
      .all() as Array<{
      article_id: number;
      analyzed_at: string;
    }>;
    db2.close();
    const redone = after.filter((a, i) => a.analyzed_at !== before[i]?.analyzed_at).map((a) => a.article_id);
    expect(redone).toEqual(before.filter((b) => b.article_id % 3 === 0).map((b) => b.article_id));

    const status = await runCli(['status', '--data', data]);
    expect(status.stdout).toContain(`Analyses: ${articles} current, 0 stale, 0 missing`);
    const again = await runCli(['reanalyze', '--data', data, '--json']);
    expect((JSON.parse(again.stdout) as { articles: number }).articles).toBe(0);
    const all = await runCli(['reanalyze', '--all', '--data', data, '--json']);
    expect((JSON.parse(all.stdout) as { articles: number }).articles).toBe(articles);

    // Six CLI runs, each loading the models: slow on a busy two-core machine.
  }, 120_000);
});
