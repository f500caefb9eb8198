export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface Typed {
  type: string;
  start: number;
  end: number;
}

function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn };
}

/**
 * Exact-match span scoring, the CoNLL convention: a predicted entity counts only if its type, start and
 * end all match a gold entity. Sentences are scored in pairs; results are overall and per type.
 */
export function scoreSpans(pairs: ReadonlyArray<{ gold: readonly Typed[]; predicted: readonly Typed[] }>): {
  overall: PRF;
  byType: Record<string, PRF>;
} {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const bucket = (type: string): { tp: number; fp: number; fn: number } => {
    let c = counts.get(type);
    if (!c) {
      c = { tp: 0, fp: 0, fn: 0 };
      counts.set(type, c);
    }
    return c;
  };
  for (const { gold, predicted } of pairs) {
    const goldKeys = new Set(gold.map((s) => `${s.type}:${s.start}:${s.end}`));
    const predKeys = new Set(predicted.map((s) => `${s.type}:${s.start}:${s.end}`));
    for (const s of predicted) {
      if (goldKeys.has(`${s.type}:${s.start}:${s.end}`)) bucket(s.type).tp++;
      else bucket(s.type).fp++;
    }
    for (const s of gold) if (!predKeys.has(`${s.type}:${s.start}:${s.end}`)) bucket(s.type).fn++;
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byType: Record<string, PRF> = {};
  for (const type of [...counts.keys()].sort()) {
    const c = counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    byType[type] = prf(c.tp, c.fp, c.fn);
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return { overall: prf(tp, fp, fn), byType };
}
