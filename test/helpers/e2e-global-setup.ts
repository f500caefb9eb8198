import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

// One directory per test run, handed to the end-to-end files (test/helpers/e2e.ts) so they can share the
// demo store they build there. Nothing is built here: a run without e2e files pays nothing.

let dir = '';

export default function setup(project: TestProject): () => void {
  dir = mkdtempSync(join(tmpdir(), 'wf-e2e-run-'));
  project.provide('e2eRunDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
