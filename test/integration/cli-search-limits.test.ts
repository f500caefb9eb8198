import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

// `watchfloor search` died with "RangeError: Maximum call stack size exceeded" on 50,000 nested parentheses
// and printed engine errors for other shapes (issue 15): each is now the parser's message, exit code 2.

describe('watchfloor search past the query limits', () => {
  it('prints the parser’s message and exits 2, for every shape of issue 15', async () => {
    assertBuilt();
    const data = mkdtempSync(join(tmpdir(), 'wf-cli-limits-'));
    for (const [q, message] of [
      [`${'('.repeat(50_000)}a${')'.repeat(50_000)}`, /characters long; the limit is 4000/],
      [`${'('.repeat(1000)}a${')'.repeat(1000)}`, /more than 16 deep/],
      ['actor:IRN '.repeat(100), /more than 64 search terms/],
      [`iran ${'-'.repeat(100)}x`, /more than 16 deep/],
    ] as const) {
      const r = await runCli(['search', '--data', data, q]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/RangeError|SqliteError|at /);
      expect(r.code).toBe(2);
    }
  }, 60_000);
});
