import type { Command } from 'commander';
import { openStore, storeLocation } from '../store/db.js';
import { createAnalyzer, defaultAnalyzer } from '../understand/pipeline.js';
import { loadResources, ResourceError } from '../understand/resources.js';
import { openTeam } from '../store/team/team.js';
import { packageRoot } from '../config/config.js';
import { versionsKey } from '../understand/versions.js';
import { guard, withCommon } from './common.js';
import { configFrom, printJson, type CommonOptions } from './runtime.js';

export function registerStatus(program: Command): void {
  withCommon(
    program.command('status').description('counts, feed polls, queued jobs and recent failures of the store'),
  ).action((opts: CommonOptions) =>
    guard(async () => {
      const config = configFrom(opts);
      const store = await openStore(config);
      try {
        const s = await store.status();
        // Against the shipped models: "stale" means analysed by an older model, to be redone by reanalyze.
        let analyses: { current: number; stale: number; missing: number; failed: number } | null = null;
        try {
          // Against the dictionary as the team edited it: an edit makes older analyses stale.
          const team = await openTeam(store);
          const overlay = { actors: await team.actorEdits.live(), places: await team.placeEdits.live() };
          const analyzer =
            overlay.actors.length || overlay.places.length
              ? createAnalyzer(loadResources(packageRoot(), overlay))
              : defaultAnalyzer();
          analyses = await store.analysisCounts(versionsKey(analyzer.versions));
        } catch (err) {
          if (!(err instanceof ResourceError)) throw err;
        }
        if (opts.json) {
          printJson({ dataDir: config.dataDir, ...s, analyses });
          return;
        }
        const w = (t: string) => process.stdout.write(`${t}\n`);
        w(`Store: ${storeLocation(config)} (${store.kind})`);
        w(`Articles: ${s.articles} in ${s.stories} stories, ${s.sources} source URLs`);
        if (analyses) {
          const todo = analyses.stale + analyses.missing;
          w(
            `Analyses: ${analyses.current} current, ${analyses.stale} stale, ${analyses.missing} missing${todo > 0 ? ' (run `watchfloor reanalyze`)' : ''}`,
          );
          // A failed stage leaves part of an article unread: the reader shows which stage and why.
          if (analyses.failed > 0)
            w(`  ${analyses.failed} with a failed stage (see stages[].error in their analysis)`);
        }
        w(
          `Jobs: ${s.jobs.pending} pending, ${s.jobs.running} running, ${s.jobs.done} done, ${s.jobs.failed} failed`,
        );
        w(`Feeds: ${s.feeds}`);
        for (const f of s.lastPolls) {
          const when = f.lastPolledAt ?? 'never polled';
          w(
            `  #${f.id} ${f.url}\n     last poll: ${when} ${f.lastStatus ?? ''} (+${f.lastNewItems})${f.lastError ? ` — ${f.lastError}` : ''}`,
          );
        }
        if (s.failuresByCode.length > 0) {
          w(`Failures by reason: ${s.failuresByCode.map((f) => `${f.code} ${f.count}`).join(', ')}`);
          w('Recent failures:');
          for (const f of s.recentFailures)
            w(`  ${f.at} [${f.code}] ${f.where}: ${f.message}\n     → ${f.hint ?? ''}`);
        }
      } finally {
        await store.close();
      }
    }),
  );
}
