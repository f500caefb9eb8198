#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../config/config.js';
import { registerAnalyze } from './analyze.js';
import { registerFeeds } from './feeds.js';
import { registerIngest } from './ingest.js';
import { registerJobs } from './jobs.js';
import { EXIT } from './runtime.js';
import { registerSearch } from './search.js';
import { registerServe } from './serve.js';
import { registerStatus } from './status.js';
import { registerUsers } from './users.js';
import { registerWorker } from './worker.js';

const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
  .version;

const program = new Command()
  .name('watchfloor')
  .description(
    "Collect, understand and serve a region's news.\nEvery command takes --data DIR (or WATCHFLOOR_DATA) and --json.",
  )
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerIngest(program);
registerFeeds(program);
registerSearch(program);
registerAnalyze(program);
registerStatus(program);
registerJobs(program);
registerServe(program);
registerUsers(program);
registerWorker(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version end here with code 0; usage mistakes get the usage exit code.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    throw err;
  }
}
