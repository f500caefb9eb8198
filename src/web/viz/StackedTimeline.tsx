import {
  memo,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { TimelinePoint } from '../../store/types.js';
import { labelX } from './labels.js';
import { Legend } from './Legend.js';
import { typeColor } from './palette.js';
import {
  brushRange,
  labelStep,
  niceTicks,
  stackTimeline,
  type Granularity,
  type StackBucket,
} from './stack.js';
import { useWidth } from './useSize.js';
import './viz.css';

export interface BrushRange {
  /** YYYY-MM-DD, the first day of the first selected bucket. */
  from: string;
  /** YYYY-MM-DD, the last day (inclusive) of the last selected bucket. */
  to: string;
}

export interface StackedTimelineProps {
  points: TimelinePoint[];
  bucket: Granularity;
  /** A range when the analyst finishes a drag or presses Enter; null on Clear or Escape. */
  onBrush?: (range: BrushRange | null) => void;
  height?: number;
}

const M = { top: 10, right: 10, bottom: 24, left: 44 };
/** Room an x label needs, by granularity (11px tabular digits). */
const LABEL_WIDTH: Record<Granularity, number> = { day: 74, week: 74, month: 52, year: 36 };

interface Selection {
  anchor: number;
  head: number;
}

function compact(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(n);
}

function barLabel(b: StackBucket): string {
  const parts = [...b.segments].sort((x, y) => y.count - x.count).map((s) => `${s.count} ${s.type}`);
  const head = `${b.key}: ${b.total.toLocaleString()} ${b.total === 1 ? 'event' : 'events'}`;
  return parts.length ? `${head} (${parts.join(', ')})` : head;
}

export function StackedTimeline({ points, bucket, onBrush, height = 240 }: StackedTimelineProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const barRefs = useRef<Array<SVGGElement | null>>([]);
  const width = useWidth(wrapRef, 800);
  const stack = useMemo(() => stackTimeline(points, bucket), [points, bucket]);
  const n = stack.buckets.length;

  // Indices are only meaningful for one bucket sequence: a new one drops the selection and the focus.
  const [state, setState] = useState<{
    stack: typeof stack;
    sel: Selection | null;
    focus: number;
  }>({ stack, sel: null, focus: 0 });
  const current = state.stack === stack ? state : { stack, sel: null, focus: Math.max(0, n - 1) };
  const { sel, focus } = current;
  const update = useCallback(
    (patch: { sel?: Selection | null; focus?: number }) =>
      setState((s) => {
        const base = s.stack === stack ? s : { stack, sel: null, focus: Math.max(0, n - 1) };
        return { ...base, ...patch };
      }),
    [stack, n],
  );
  const dragAnchor = useRef<number | null>(null);

  const plotW = Math.max(1, width - M.left - M.right);
  const plotH = Math.max(1, height - M.top - M.bottom);
  const band = n > 0 ? plotW / n : plotW;
  const gap = band > 6 ? Math.min(band * 0.2, 8) : band > 2 ? 1 : 0;
  const ticks = useMemo(() => niceTicks(stack.max, plotH < 120 ? 3 : 4), [stack.max, plotH]);
  const yTop = ticks[ticks.length - 1] ?? 1;
  const y = (v: number): number => plotH - (v / yTop) * plotH;

  const step = labelStep(n, plotW, LABEL_WIDTH[bucket]);
  // With a year or more between month labels, put them on Januaries and print just the year.
  const yearly = bucket === 'month' && step >= 12;
  const firstJan = yearly
    ? Math.max(
        0,
        stack.buckets.findIndex((b) => b.key.endsWith('-01')),
      )
    : 0;

  const commit = (s: Selection | null): void => {
    if (!s) {
      onBrush?.(null);
      return;
    }
    const a = stack.buckets[s.anchor];
    const b = stack.buckets[s.head];
    const range = a && b ? brushRange(a.key, b.key, bucket) : null;
    if (range) onBrush?.(range);
  };
  const clear = (): void => {
    update({ sel: null });
    onBrush?.(null);
  };

  const indexAt = (clientX: number): number => {
    const r = svgRef.current?.getBoundingClientRect();
    const x = r && r.width > 0 ? ((clientX - r.left) * width) / r.width - M.left : 0;
    return Math.min(n - 1, Math.max(0, Math.floor(x / band)));
  };
  const onPointerDown = (e: PointerEvent<SVGSVGElement>): void => {
    if (n === 0 || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const i = indexAt(e.clientX);
    dragAnchor.current = i;
    e.currentTarget.setPointerCapture(e.pointerId);
    update({ sel: { anchor: i, head: i }, focus: i });
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const anchor = dragAnchor.current;
    if (anchor === null) return;
    const i = indexAt(e.clientX);
    if (sel?.head !== i) update({ sel: { anchor, head: i } });
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>): void => {
    const anchor = dragAnchor.current;
    if (anchor === null) return;
    dragAnchor.current = null;
    const s = { anchor, head: indexAt(e.clientX) };
    update({ sel: s, focus: s.head });
    commit(s);
  };
  const onPointerCancel = (): void => {
    dragAnchor.current = null;
  };

  const onBarKey = (e: KeyboardEvent<SVGGElement>, i: number): void => {
    let to = i;
    switch (e.key) {
      case 'ArrowLeft':
        to = i - 1;
        break;
      case 'ArrowRight':
        to = i + 1;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = n - 1;
        break;
      case 'Enter':
      case ' ': {
        e.preventDefault();
        const s = sel ?? { anchor: i, head: i };
        update({ sel: s });
        commit(s);
        return;
      }
      case 'Escape':
        if (sel) {
          e.preventDefault();
          clear();
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    to = Math.min(n - 1, Math.max(0, to));
    if (e.shiftKey) update({ focus: to, sel: { anchor: sel?.anchor ?? i, head: to } });
    else update({ focus: to });
    barRefs.current[to]?.focus();
  };

  // Bars are memoised, so they get stable callbacks that read the latest handler at event time.
  const keyHandler = useRef(onBarKey);
  useLayoutEffect(() => {
    keyHandler.current = onBarKey;
  });
  const onKey = useCallback((e: KeyboardEvent<SVGGElement>, i: number) => keyHandler.current(e, i), []);
  const setRef = useCallback((i: number, el: SVGGElement | null) => {
    barRefs.current[i] = el;
  }, []);

  const lo = sel ? Math.min(sel.anchor, sel.head) : -1;
  const hi = sel ? Math.max(sel.anchor, sel.head) : -1;
  const selRange = sel
    ? brushRange(stack.buckets[lo]?.key ?? '', stack.buckets[hi]?.key ?? '', bucket)
    : null;

  return (
    <figure className="wf-viz wf-timeline">
      <div className="wf-timeline-toolbar">
        <span aria-live="polite">
          {selRange
            ? `Selected ${selRange.from} to ${selRange.to}`
            : n > 0
              ? 'Drag across the bars (or Shift+arrows) to select a period'
              : ''}
        </span>
        {sel && (
          <button type="button" className="wf-viz-button is-text" onClick={clear}>
            Clear
          </button>
        )}
      </div>
      <div className="wf-viz-stage" ref={wrapRef}>
        <svg
          ref={svgRef}
          data-testid="timeline"
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          height={height}
          className="wf-timeline-plot"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
        >
          <g transform={`translate(${M.left},${M.top})`}>
            <g className="wf-timeline-grid" aria-hidden="true">
              {ticks.map((t) => (
                <line key={t} x1={0} x2={plotW} y1={Math.round(y(t)) + 0.5} y2={Math.round(y(t)) + 0.5} />
              ))}
            </g>
            <g className="wf-timeline-axis" aria-hidden="true">
              {ticks.map((t) => (
                <text key={t} x={-6} y={y(t)} dy="0.32em" textAnchor="end">
                  {compact(t)}
                </text>
              ))}
              {stack.buckets.map((b, i) =>
                i >= firstJan && (i - firstJan) % step === 0 ? (
                  <text
                    key={b.key}
                    x={labelX(
                      (i + 0.5) * band,
                      LABEL_WIDTH[yearly ? 'year' : bucket],
                      -M.left,
                      plotW + M.right,
                    )}
                    y={plotH + 16}
                    textAnchor="middle"
                  >
                    {yearly ? b.key.slice(0, 4) : b.key}
                  </text>
                ) : null,
              )}
            </g>
            {sel && (
              <rect
                className="wf-timeline-selection"
                x={lo * band}
                y={-M.top / 2}
                width={(hi - lo + 1) * band}
                height={plotH + M.top / 2}
              />
            )}
            <g
              role="listbox"
              aria-multiselectable="true"
              aria-orientation="horizontal"
              aria-label={`Events per ${bucket} by type. Arrow keys move, Shift+arrows select a period, Enter applies it, Escape clears.`}
            >
              {stack.buckets.map((b, i) => (
                <Bar
                  key={b.key}
                  bucket={b}
                  i={i}
                  x={i * band + gap / 2}
                  width={Math.max(band - gap, 0.5)}
                  hitX={i * band}
                  hitWidth={band}
                  plotH={plotH}
                  yTop={yTop}
                  selected={i >= lo && i <= hi}
                  focusable={i === Math.min(focus, n - 1)}
                  onKey={onKey}
                  setRef={setRef}
                />
              ))}
            </g>
            {n === 0 && (
              <text className="wf-viz-empty" x={plotW / 2} y={plotH / 2} textAnchor="middle">
                No dated events
              </text>
            )}
          </g>
        </svg>
      </div>
      <Legend items={stack.types.map((type) => ({ type, count: stack.totals.get(type) ?? 0 }))} />
    </figure>
  );
}

interface BarProps {
  bucket: StackBucket;
  i: number;
  x: number;
  width: number;
  hitX: number;
  hitWidth: number;
  plotH: number;
  yTop: number;
  selected: boolean;
  focusable: boolean;
  onKey: (e: KeyboardEvent<SVGGElement>, i: number) => void;
  setRef: (i: number, el: SVGGElement | null) => void;
}

/** Memoised so a drag re-renders only the bars whose selection or focus changed. */
const Bar = memo(function Bar({
  bucket,
  i,
  x,
  width,
  hitX,
  hitWidth,
  plotH,
  yTop,
  selected,
  focusable,
  onKey,
  setRef,
}: BarProps) {
  const y = (v: number): number => plotH - (v / yTop) * plotH;
  return (
    <g
      ref={(el) => setRef(i, el)}
      className="wf-timeline-bar"
      data-testid="timeline-bar"
      data-bucket={bucket.key}
      data-total={bucket.total}
      role="option"
      aria-selected={selected}
      aria-label={barLabel(bucket)}
      tabIndex={focusable ? 0 : -1}
      onKeyDown={(e) => onKey(e, i)}
    >
      <rect className="wf-timeline-hit" x={hitX} y={0} width={hitWidth} height={plotH}>
        <title>{barLabel(bucket)}</title>
      </rect>
      {bucket.segments.map((s) => (
        <rect
          key={s.type}
          x={x}
          y={y(s.y1)}
          width={width}
          height={Math.max(y(s.y0) - y(s.y1), 0)}
          fill={typeColor(s.type)}
        >
          <title>{`${bucket.key} ${s.type}: ${s.count.toLocaleString()}`}</title>
        </rect>
      ))}
    </g>
  );
});
