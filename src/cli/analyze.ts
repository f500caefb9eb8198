import type { Command } from 'commander';
import { extractArticle } from '../collect/article.js';
import { decodeBody } from '../collect/charset.js';
import { CollectError } from '../collect/errors.js';
import { createFetcher } from '../collect/fetcher.js';
import { readLocalFile } from '../collect/files.js';
import type { ExtractedArticle } from '../collect/types.js';
import { ConfigError } from '../config/config.js';
import { ANALYZE_RANGE_SIZE } from '../jobs/handlers.js';
import { defaultAnalyzer } from '../understand/pipeline.js';
import { ResourceError } from '../understand/resources.js';
import type { Analysis } from '../understand/types.js';
import { versionsKey } from '../understand/versions.js';
import { guard, withCommon, withFetch } from './common.js';
import { configFrom, drainQueue, EXIT, openRuntime, printJson, type CommonOptions } from './runtime.js';

interface AnalyzeOptions extends CommonOptions {
  published?: string;
}

/** "2020-07-08" or a full ISO date-time; anything else is a usage error, not a silent null. */
export function parsePublished(value: string): string {
  const trimmed = value.trim();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(ms)) {
    throw new ConfigError(`--published "${value}" is not a date: use YYYY-MM-DD or an ISO date-time.`);
  }
  return new Date(ms).toISOString();
}

async function loadArticles(input: string, opts: AnalyzeOptions): Promise<ExtractedArticle[]> {
  if (/^https?:\/\//i.test(input)) {
    const fetcher = createFetcher(configFrom(opts).fetch);
    try {
      const res = await fetcher.fetch(input);
      return [extractArticle(decodeBody(res.body, res.contentType, 'html').text, res.finalUrl)];
    } finally {
      fetcher.close();
    }
  }
  const records = await readLocalFile(input);
  const articles: ExtractedArticle[] = [];
  for (const r of records) {
    if (r.ok) articles.push(r.article);
    else if (records.length === 1) throw r.error;
    else process.stderr.write(`watchfloor: skipped ${r.key}: [${r.error.code}] ${r.error.message}\n`);
  }
  return articles;
}

function printHuman(article: ExtractedArticle, analysis: Analysis): void {
  const out: string[] = [];
  out.push(`${article.title ?? article.url}`);
  out.push(
    `published ${analysis.publishedAt ?? 'unknown'} · ${analysis.sentences.length} sentences · ${analysis.tokenCount} tokens · ${analysis.entities.length} entities`,
  );
  const byType = new Map<string, Map<string, number>>();
  for (const e of analysis.entities) {
    const names = byType.get(e.type) ?? new Map<string, number>();
    names.set(e.span.text, (names.get(e.span.text) ?? 0) + 1);
    byType.set(e.type, names);
  }
  for (const [type, names] of [...byType].sort()) {
    const list = [...names].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(', ');
    out.push(`  ${type.padEnd(4)} ${list}`);
  }
  if (analysis.actors.length > 0) {
    out.push('Actors:');
    for (const a of analysis.actors) {
      const role = a.role?.title ? ` — ${[a.role.rank, a.role.title].filter(Boolean).join(' ')}` : '';
      const codes = a.codes.join(' ') || 'no code';
      out.push(`  ${a.name} [${codes}]${role}${a.discovered ? ' (discovered)' : ''} ×${a.mentions.length}`);
    }
  }
  const actorName = new Map(analysis.actors.map((a) => [a.id, a.name]));
  for (const q of analysis.quotes) {
    const who = q.speaker ? actorName.get(q.speaker) : 'unattributed';
    const words = q.text.length > 90 ? `${q.text.slice(0, 90)}…` : q.text;
    out.push(`Quote (${who}${q.cue ? `, ${q.cue}` : ''}): “${words}”`);
  }
  if (analysis.dates.length > 0) {
    const dates = analysis.dates.map(
      (d) => `${d.span.text} → ${d.start ?? '…'}${d.end !== d.start ? `..${d.end ?? ''}` : ''}`,
    );
    out.push(`Dates: ${dates.join('; ')}`);
  }
  for (const c of analysis.claims) {
    const range = `${c.value ?? ''}${c.valueMax ? `–${c.valueMax}` : ''}`;
    out.push(
      `Claim: ${c.kind}, ${c.qualifier} ${range} ${c.unit ?? ''} (“${c.span.text}”${c.cue ? `, ${c.cue}` : ''})`,
    );
  }
  out.push(
    'Stages: ' +
      Object.entries(analysis.stages)
        .map(([k, v]) => `${k} ${v.version} (${v.ms} ms)`)
        .join(', '),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerAnalyze(program: Command): void {
  withFetch(
    withCommon(
      program
        .command('analyze')
        .description('analyse one file or URL and print what was understood (no store needed)')
        .argument('<input>', 'a file (HTML, text, JSON, JSON lines) or an http(s) URL')
        .option('--published <date>', 'publication date (YYYY-MM-DD) when the input does not carry one'),
    ),
  ).action((input: string, opts: AnalyzeOptions) =>
    guard(async () => {
      const published = opts.published ? parsePublished(opts.published) : null;
      let articles: ExtractedArticle[];
      try {
        articles = await loadArticles(input, opts);
      } catch (err) {
        if (!(err instanceof CollectError)) throw err;
        process.stderr.write(
          `watchfloor: cannot analyse ${input}: [${err.code}] ${err.message}\n  → ${err.hint}\n`,
        );
        return EXIT.partial;
      }
      const analyzer = loadAnalyzerOrExplain();
      if (!analyzer) return EXIT.environment;
      const results = articles.map((article) => ({
        article,
        analysis: analyzer.analyze({
          text: article.text,
          title: article.title,
          language: article.language,
          publishedAt: published ?? article.publishedAt,
        }),
      }));
      if (opts.json) printJson(results.length === 1 ? results[0]?.analysis : results.map((r) => r.analysis));
      else for (const r of results) printHuman(r.article, r.analysis);
      return EXIT.ok;
    }),
  );

  withCommon(
    program
      .command('reanalyze')
      .description('re-run the analysis over stored articles after a model or dictionary change (resumable)')
      .option('--all', 'redo every article, not only those analysed by older stage versions (or never)'),
  ).action((opts: CommonOptions & { all?: boolean }) =>
    guard(async () => {
      const rt = await openRuntime(configFrom(opts));
      try {
        const analyzer = loadAnalyzerOrExplain(rt.analyzer);
        if (!analyzer) return EXIT.environment;
        const key = versionsKey(analyzer.versions);
        // --all marks every analysis stale and then runs like a plain reanalyze, so a run cut short is
        // finished by `watchfloor reanalyze` without redoing what it already did.
        if (opts.all) await rt.store.invalidateAnalyses();
        const ranges = await rt.store.analysisRanges({ versionsKey: key, size: ANALYZE_RANGE_SIZE });
        const articles = ranges.reduce((n, r) => n + r.count, 0);
        await rt.store.enqueue(
          ranges.map((r) => ({
            kind: 'analyze.range' as const,
            // Stable keys: jobs left by a killed run are resumed from their progress, not duplicated.
            key: `analyze:${key}:${r.fromId}-${r.toId}`,
            payload: { fromId: r.fromId, toId: r.toId },
            onConflict: 'rerun' as const,
          })),
        );
        if (!opts.json)
          process.stderr.write(`Re-analysing ${articles} article(s) in ${ranges.length} job(s)\n`);
        const { done, failed } = await drainQueue(rt, !!opts.json, 'reanalyze');
        const counts = await rt.store.analysisCounts(key);
        if (opts.json)
          printJson({ articles, jobs: ranges.length, done, failed, versions: analyzer.versions, counts });
        else
          process.stdout.write(
            `Analyses: ${counts.current} current, ${counts.stale} stale, ${counts.missing} missing (${failed} job(s) failed)\n`,
          );
        return failed > 0 || counts.stale + counts.missing > 0 ? EXIT.partial : EXIT.ok;
      } finally {
        await rt.close();
      }
    }),
  );
}

function loadAnalyzerOrExplain(
  load: () => ReturnType<typeof defaultAnalyzer> = defaultAnalyzer,
): ReturnType<typeof defaultAnalyzer> | null {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ResourceError)) throw err;
    process.stderr.write(`watchfloor: ${err.message}\n`);
    return null;
  }
}
