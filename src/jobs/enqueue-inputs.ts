import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { listFiles } from '../collect/files.js';
import type { EnqueueInput, Store } from '../store/types.js';
import { urlJobKey } from './handlers.js';

export interface InputProblem {
  input: string;
  message: string;
}

export interface Enqueued {
  batch: string;
  jobs: number;
  problems: InputProblem[];
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Turns command-line inputs (files, folders, URLs) into durable jobs of one batch. A file job's key holds
 * its size and mtime: re-running the same command after a crash resumes instead of starting over, and an
 * edited file is read again.
 */
export async function enqueueInputs(store: Store, inputs: string[], batch: string): Promise<Enqueued> {
  const jobs: EnqueueInput[] = [];
  const problems: InputProblem[] = [];
  for (const input of inputs) {
    if (URL_LIKE.test(input)) {
      if (!/^https?:\/\//i.test(input)) {
        problems.push({ input, message: 'only http(s) URLs can be fetched; give local files as paths' });
        continue;
      }
      try {
        jobs.push({
          kind: 'ingest.url',
          key: urlJobKey(input),
          payload: { url: input, via: 'url' },
          batch,
          onConflict: 'rerun',
        });
      } catch (err) {
        problems.push({ input, message: (err as Error).message });
      }
      continue;
    }
    const path = resolve(input);
    try {
      await stat(path);
    } catch {
      problems.push({ input, message: `no such file or folder: ${path}` });
      continue;
    }
    for await (const file of listFiles(path)) {
      const s = await stat(file);
      jobs.push({
        kind: 'ingest.file',
        key: `file:${file}:${s.size}:${Math.trunc(s.mtimeMs)}`,
        payload: { path: file },
        batch,
        onConflict: 'keep',
      });
    }
  }
  if (jobs.length > 0) await store.enqueue(jobs);
  return { batch, jobs: jobs.length, problems };
}
