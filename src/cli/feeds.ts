import type { Command } from 'commander';
import { decodeBody } from '../collect/charset.js';
import { CollectError, isCollectError } from '../collect/errors.js';
import { discoverFeeds, parseFeed } from '../collect/feeds.js';
import type { Fetcher } from '../collect/fetcher.js';
import { openStore } from '../store/db.js';
import { guard, parseDuration, withCommon, withFetch } from './common.js';
import {
  configFrom,
  drainQueue,
  EXIT,
  openRuntime,
  printJson,
  type CommonOptions,
  type Runtime,
} from './runtime.js';

interface AddOptions extends CommonOptions {
  check?: boolean;
}

/** Fetches the URL once: a feed is kept as is, an HTML page is replaced by the feed it advertises. */
async function resolveFeedUrl(fetcher: Fetcher, url: string): Promise<{ url: string; title: string | null }> {
  const res = await fetcher.fetch(url, {
    accept: 'application/rss+xml,application/atom+xml,application/feed+json,*/*;q=0.5',
  });
  const text = decodeBody(res.body, res.contentType).text;
  try {
    return { url: res.finalUrl, title: parseFeed(text, res.finalUrl).title };
  } catch (err) {
    if (isCollectError(err) && err.code === 'feed.not_a_feed') {
      const found = discoverFeeds(text, res.finalUrl);
      if (found.length > 0) {
        const first = found[0]!;
        const again = await fetcher.fetch(first);
        return {
          url: again.finalUrl,
          title: parseFeed(decodeBody(again.body, again.contentType).text, again.finalUrl).title,
        };
      }
    }
    throw err;
  }
}

async function pollOnce(rt: Runtime, json: boolean, ids?: number[]) {
  const feeds = (await rt.store.listFeeds()).filter((f) => !ids || ids.includes(f.id));
  await rt.store.enqueue(
    feeds.map((f) => ({
      kind: 'feed.poll' as const,
      key: `feed.poll:${f.id}`,
      payload: { feedId: f.id },
      onConflict: 'rerun' as const,
    })),
  );
  await drainQueue(rt, json, 'poll');
  const after = await rt.store.listFeeds();
  return after.filter((f) => !ids || ids.includes(f.id));
}

export function registerFeeds(program: Command): void {
  const feeds = program.command('feeds').description('manage and poll RSS/Atom/RDF/JSON feeds');

  withFetch(
    withCommon(
      feeds
        .command('add')
        .description('add a feed (a site URL works too when the page advertises its feed)')
        .argument('<url>', 'feed or site URL')
        .option('--no-check', 'add without fetching it first'),
    ),
  ).action((url: string, opts: AddOptions) =>
    guard(async () => {
      if (!/^https?:\/\//i.test(url)) {
        process.stderr.write(`watchfloor: "${url}" is not an http(s) URL.\n`);
        return EXIT.usage;
      }
      const rt = await openRuntime(configFrom(opts));
      try {
        let target = { url, title: null as string | null };
        if (opts.check !== false) {
          try {
            target = await resolveFeedUrl(rt.fetcher, url);
          } catch (err) {
            const e = err as Error;
            const hint = err instanceof CollectError ? ` ${err.hint}` : '';
            process.stderr.write(`watchfloor: ${url} is not a usable feed: ${e.message}.${hint}\n`);
            process.stderr.write('Use --no-check to add it anyway.\n');
            return EXIT.partial;
          }
        }
        const feed = await rt.store.addFeed(target.url, target.title);
        if (opts.json) printJson(feed);
        else
          process.stdout.write(`Added feed #${feed.id} ${feed.url}${feed.title ? ` (${feed.title})` : ''}\n`);
      } finally {
        await rt.close();
      }
    }),
  );

  withCommon(feeds.command('list').description('list feeds with their last poll')).action(
    (opts: CommonOptions) =>
      guard(async () => {
        const store = await openStore(configFrom(opts));
        try {
          const list = await store.listFeeds();
          if (opts.json) return printJson(list);
          if (list.length === 0)
            process.stdout.write('No feeds. Add one with `watchfloor feeds add <url>`.\n');
          for (const f of list) {
            process.stdout.write(
              `#${f.id} ${f.url}${f.title ? ` — ${f.title}` : ''}\n    last poll: ${f.lastPolledAt ?? 'never'} ${f.lastStatus ?? ''}${f.lastError ? ` (${f.lastError})` : ''}\n`,
            );
          }
        } finally {
          await store.close();
        }
      }),
  );

  withCommon(
    feeds
      .command('remove')
      .description('remove a feed (its articles stay)')
      .argument('<feed>', 'feed id or URL'),
  ).action((which: string, opts: CommonOptions) =>
    guard(async () => {
      const store = await openStore(configFrom(opts));
      try {
        const removed = await store.removeFeed(/^\d+$/.test(which) ? Number(which) : which);
        if (opts.json) printJson({ removed });
        else process.stdout.write(removed ? `Removed ${which}\n` : `No feed ${which}\n`);
        return removed ? EXIT.ok : EXIT.partial;
      } finally {
        await store.close();
      }
    }),
  );

  withFetch(
    withCommon(
      feeds
        .command('poll')
        .description('poll feeds (conditional GET) and ingest new items')
        .argument('[feeds...]', 'feed ids (default: all)')
        .option('--every <duration>', 'keep polling at this interval, e.g. 15m'),
    ),
  ).action((which: string[], opts: CommonOptions & { every?: string }) =>
    guard(async () => {
      const every = opts.every ? parseDuration(opts.every) : null;
      const ids = which.length > 0 ? which.map(Number) : undefined;
      const rt = await openRuntime(configFrom(opts));
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        for (;;) {
          const result = await pollOnce(rt, !!opts.json, ids);
          if (opts.json) printJson(result);
          else {
            for (const f of result) {
              process.stdout.write(
                `#${f.id} ${f.url}: ${f.lastStatus ?? 'not polled'}, +${f.lastNewItems} new${f.lastError ? ` — ${f.lastError}` : ''}\n`,
              );
            }
          }
          if (!every || stop.signal.aborted) {
            return result.some((f) => f.lastStatus === 'error') ? EXIT.partial : EXIT.ok;
          }
          if (!opts.json) process.stderr.write(`next poll in ${opts.every} (Ctrl-C to stop)\n`);
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, every);
            stop.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
          });
          if (stop.signal.aborted) return EXIT.ok;
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await rt.close();
      }
    }),
  );
}
