import { ENTITY_TYPES, type EntityType } from '../types.js';
import type { TypedSpan } from './conll.js';

/**
 * BILOU labels (Begin, Inside, Last, Outside, Unit): Ratinov & Roth (2009) found them clearly better than
 * IOB for perceptron taggers because a span's last token gets its own evidence.
 */
export const LABELS: readonly string[] = [
  'O',
  ...ENTITY_TYPES.flatMap((t) => ['B', 'I', 'L', 'U'].map((p) => `${p}-${t}`)),
];
export const LABEL_COUNT = LABELS.length;
const labelIndex = new Map(LABELS.map((l, i) => [l, i]));

export function labelId(label: string): number {
  const id = labelIndex.get(label);
  if (id === undefined) throw new Error(`Unknown label ${label}`);
  return id;
}

export function spansToLabels(length: number, spans: readonly TypedSpan[]): number[] {
  const labels = new Array<number>(length).fill(0);
  for (const s of spans) {
    if (s.end - s.start === 1) labels[s.start] = labelId(`U-${s.type}`);
    else {
      labels[s.start] = labelId(`B-${s.type}`);
      for (let i = s.start + 1; i < s.end - 1; i++) labels[i] = labelId(`I-${s.type}`);
      labels[s.end - 1] = labelId(`L-${s.type}`);
    }
  }
  return labels;
}

export function labelsToSpans(labels: readonly number[]): Array<TypedSpan & { type: EntityType }> {
  const spans: Array<TypedSpan & { type: EntityType }> = [];
  let open: (TypedSpan & { type: EntityType }) | null = null;
  labels.forEach((id, i) => {
    const label = LABELS[id] ?? 'O';
    if (label === 'O') {
      open = null;
      return;
    }
    const prefix = label[0];
    const type = label.slice(2) as EntityType;
    if (prefix === 'B' || prefix === 'U' || open === null || open.type !== type) {
      open = { type, start: i, end: i + 1 };
      spans.push(open);
    } else open.end = i + 1;
    if (prefix === 'L' || prefix === 'U') open = null;
  });
  return spans;
}

/**
 * Transitions BILOU allows. Decoding only along these keeps every output well-formed, so the perceptron
 * does not have to learn the grammar of the encoding from data.
 */
export function allowedTransitions(): boolean[][] {
  const parts = LABELS.map((l) => (l === 'O' ? { p: 'O', t: '' } : { p: l[0] ?? 'O', t: l.slice(2) }));
  return parts.map((from) =>
    parts.map((to) => {
      const closed = from.p === 'O' || from.p === 'L' || from.p === 'U';
      if (closed) return to.p === 'O' || to.p === 'B' || to.p === 'U';
      return (to.p === 'I' || to.p === 'L') && to.t === from.t;
    }),
  );
}

/** Labels a sentence may start or end with. */
export function allowedStart(id: number): boolean {
  const p = (LABELS[id] ?? 'O')[0];
  return p === 'O' || p === 'B' || p === 'U';
}
export function allowedEnd(id: number): boolean {
  const p = (LABELS[id] ?? 'O')[0];
  return p === 'O' || p === 'L' || p === 'U';
}
