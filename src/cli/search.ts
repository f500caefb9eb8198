import type { Command } from 'commander';
import { openStore } from '../store/db.js';
import { guard, withCommon } from './common.js';
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
      .description('full-text search (BM25) over stored articles: words, "phrases", OR, -exclude, prefix*')
      .argument('<query...>', 'what to look for')
      .option('--limit <n>', 'results to show (default 20)')
      .option('--offset <n>', 'results to skip')
      .option('--site <site>', 'only articles from this site')
      .option('--language <code>', 'only articles in this language (e.g. en, ar)')
      .option('--from <date>', 'published on or after (YYYY-MM-DD)')
      .option('--to <date>', 'published on or before (YYYY-MM-DD)'),
  ).action((words: string[], opts: SearchCliOptions) =>
    guard(async () => {
      const store = openStore(configFrom(opts));
      try {
        const query = words.join(' ');
        const result = await store.search(query, {
          limit: opts.limit ? Number(opts.limit) : 20,
          offset: opts.offset ? Number(opts.offset) : 0,
          site: opts.site,
          language: opts.language,
          from: opts.from,
          to: opts.to,
        });
        if (opts.json) {
          printJson(result);
        } else {
          const color = !!process.stdout.isTTY;
          process.stdout.write(`${result.total} result(s) for ${JSON.stringify(query)}\n`);
          for (const h of result.hits) {
            const date = h.publishedAt ? h.publishedAt.slice(0, 10) : 'undated';
            process.stdout.write(
              `\n#${h.id}  ${h.title ?? '(untitled)'}\n    ${date} · ${h.site ?? ''} · ${h.url}\n`,
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
