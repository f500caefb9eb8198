import { Command, Option } from 'commander';
import { ConfigError } from '../config/config.js';
import { ListenError } from '../serve/server.js';
import { StoreError } from '../store/db.js';
import { printable } from './progress.js';
import { EXIT } from './runtime.js';

/** Options every command takes, declared on each so `--help` lists them where they apply. */
export function withCommon(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--data <dir>', 'folder of the embedded store (default ./watchfloor-data)').env(
        'WATCHFLOOR_DATA',
      ),
    )
    .option('--json', 'print machine-readable JSON on stdout');
}

/** Options of commands that fetch from the network. */
export function withFetch(cmd: Command): Command {
  return cmd
    .option('--allow-loopback', 'allow fetching loopback addresses (off by default: SSRF guard)')
    .option('--allow-private', 'allow fetching private-network addresses (off by default: SSRF guard)')
    .option('--user-agent <ua>', 'User-Agent sent with every request')
    .option('--no-robots', 'do not honour robots.txt (use only on sites you own)');
}

/** Like printable, keeping the line breaks of a multi-line text (a stack trace). */
function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** Runs a command body, turning known failures into a clear message and a meaningful exit code. */
export async function guard(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? EXIT.ok;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`watchfloor: ${printableLines(err.message)}\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof StoreError || err instanceof ListenError) {
      process.stderr.write(`watchfloor: ${printableLines(err.message)}\n`);
      process.exitCode = EXIT.environment;
    } else {
      const e = err as Error;
      process.stderr.write(`watchfloor: unexpected error: ${printableLines(e.stack ?? e.message)}\n`);
      process.stderr.write('This is a bug; please report it with the command you ran.\n');
      process.exitCode = EXIT.environment;
    }
  }
}

/** "15m", "1h", "90s", "2h30m" → milliseconds. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (const m of text.trim().matchAll(re)) {
    const n = Number(m[1]);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      m[2] as 'ms' | 's' | 'm' | 'h' | 'd'
    ];
    total += n * unit;
    matched += m[0].length;
  }
  if (matched !== text.trim().length || total <= 0) {
    throw new ConfigError(`Cannot read the duration "${text}": use forms like 90s, 15m, 1h or 2h30m.`);
  }
  return total;
}
