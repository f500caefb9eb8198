import { QueryError } from '../store/query/parse.js';
import type { Command } from 'commander';
import { openStore } from '../store/db.js';
import { guard, withCommon } from './common.js';
import { printable } from './progress.js';
import { configFrom, EXIT, printJson, type CommonOptions } from './runtime.js';

interface SearchCliOptions extends CommonOptions {
  limit?: string;
  offset?: string;
  site?: string;
  language?: string;
  from?: string;
  to?: string;
}

function terminalSnippet(html: string, color: boolean): string {
  const text = html
    .replace(/<mark>/g, color ? '\x1b[1m' : '[')
    .replace(/<\/mark>/g, color ? '\x1b[0m' : ']')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return text;
}

export function registerSearch(program: Command): void {
  withCommon(
    program
      .command('search')
      .description(
        'search stored articles: words, "phrases", AND/OR/NOT, -exclude, prefix*, ( ), and fields actor:IRN ' +
          'person:"…" type:ASSAULT place:Damascus country:SY source:site from:2020-01-01 to:2020-12-31 lang:en',
      )
      .argument('<query...>', 'what to look for')
      .option('--limit <n>', 'results to show (default 20)')
      .option('--offset <n>', 'results to skip')
      .option('--site <site>', 'only articles from this site')
      .option('--language <code>', 'only articles in this language (e.g. en, ar)')
      .option('--from <date>', 'published on or after (YYYY-MM-DD)')
      .option('--to <date>', 'published on or before (YYYY-MM-DD)'),
  ).action((words: string[], opts: SearchCliOptions) =>
    guard(async () => {
      const store = await openStore(configFrom(opts));
      try {
        const query = words.join(' ');
        let result;
        try {
          result = await store.search(query, {
            limit: opts.limit ? Number(opts.limit) : 20,
            offset: opts.offset ? Number(opts.offset) : 0,
            site: opts.site,
            language: opts.language,
            from: opts.from,
            to: opts.to,
          });
        } catch (err) {
          if (!(err instanceof QueryError)) throw err;
          // The caret helps under a line that fits a terminal; a timeout has no place to point at.
          const point =
            err.code === 'bad_query' && query.length <= 200
              ? `\n  ${query}\n  ${' '.repeat(err.position)}^`
              : '';
          process.stderr.write(`${err.message}${point}\n`);
          return EXIT.usage;
        }
        if (opts.json) {
          printJson(result);
        } else {
          const color = !!process.stdout.isTTY;
          process.stdout.write(`${result.total} result(s) for ${JSON.stringify(query)}\n`);
          for (const h of result.hits) {
            const date = h.publishedAt ? h.publishedAt.slice(0, 10) : 'undated';
            process.stdout.write(
              `\n#${h.id}  ${printable(h.title ?? '(untitled)')}\n    ${date} · ${printable(h.site ?? '')} · ${printable(h.url)}\n`,
            );
            process.stdout.write(`    ${terminalSnippet(h.snippet, color)}\n`);
          }
        }
        return result.total > 0 ? EXIT.ok : EXIT.partial;
      } finally {
        await store.close();
      }
    }),
  );
}
