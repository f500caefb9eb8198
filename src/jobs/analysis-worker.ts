import { workerData } from 'node:worker_threads';
import { createAnalyzer } from '../understand/pipeline.js';
import { loadResources } from '../understand/resources.js';
import type {
  AnalysisErrorData,
  AnalysisReply,
  AnalysisRequest,
  AnalysisWorkerData,
} from './analysis-pool.js';
import { serveTasks } from './thread-pool.js';

// One analysis thread: loads the models and dictionaries (with the team's edits) once, before it says it
// is ready, then analyses one article per task. It keeps nothing between articles, so the pool may
// terminate it at any moment.

const data = workerData as AnalysisWorkerData;
const analyzer = createAnalyzer(loadResources(data.root, data.overlay));

serveTasks<AnalysisRequest, AnalysisReply, AnalysisErrorData>(
  (req) => (req.op === 'versions' ? analyzer.versions : analyzer.analyze(req.doc)),
  (err) => {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, code: typeof code === 'string' ? code : null };
  },
);
