import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** stage → dataset → metric → number: the one shape every suite reports in. Metrics are fractions. */
export type Results = Record<string, Record<string, Record<string, number>>>;

export interface SuiteOutput {
  stage: string;
  /** dataset → metric → number */
  datasets: Record<string, Record<string, number>>;
  /** Published figures to print beside ours, e.g. { 'CRF (Ratinov & Roth 2009)': 0.908 }. */
  anchors?: Record<string, Record<string, number>>;
}

export type Suite = () => Promise<SuiteOutput>;

/** Folds one suite's figures into the results, replacing only that stage. */
export function mergeResults(results: Results, output: SuiteOutput): Results {
  return { ...results, [output.stage]: output.datasets };
}

export function readResults(path: string): Results {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results;
  } catch {
    return {};
  }
}

export function writeResults(path: string, results: Results): void {
  const sorted: Results = {};
  for (const stage of Object.keys(results).sort()) sorted[stage] = results[stage] ?? {};
  writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
}

function formatValue(metric: string, v: number): string {
  if (
    /perSecond|PerSecond|Ms$|ms$|Km$|count|Count|^n[A-Z]|^tokens$|^sentences$/.test(metric) ||
    Math.abs(v) > 1
  )
    return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1);
  return v.toFixed(3);
}

/** One table for every stage: stage, dataset, then each metric as `name value`. */
export function formatTable(outputs: readonly SuiteOutput[]): string {
  const rows: string[][] = [['stage', 'dataset', 'figures']];
  for (const o of outputs) {
    for (const [dataset, metrics] of Object.entries(o.datasets)) {
      rows.push([
        o.stage,
        dataset,
        Object.entries(metrics)
          .map(([m, v]) => `${m} ${formatValue(m, v)}`)
          .join('  '),
      ]);
    }
    for (const [system, metrics] of Object.entries(o.anchors ?? {})) {
      rows.push([
        '',
        `  (published) ${system}`,
        Object.entries(metrics)
          .map(([m, v]) => `${m} ${formatValue(m, v)}`)
          .join('  '),
      ]);
    }
  }
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map(
      (r) => `${(r[0] ?? '').padEnd(widths[0] ?? 0)}  ${(r[1] ?? '').padEnd(widths[1] ?? 0)}  ${r[2] ?? ''}`,
    )
    .join('\n');
}
