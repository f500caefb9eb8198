import { useMemo, useRef } from 'react';
import type { VolumeBucket, VolumeResult } from '../../store/volume.js';
import { labelX } from './labels.js';
import { labelStep, niceTicks } from './stack.js';
import { useWidth } from './useSize.js';
import './viz.css';

// Volume over time (Media Cloud's attention chart): one line per query on one axis, articles by publication
// date. Axis, ticks and label spacing are the timeline's (stack.ts, labels.ts).

/** One colour per compared query (at most four), told apart without relying on hue alone: dashes too. */
export const SERIES_STYLES: ReadonlyArray<{ color: string; dash: string }> = [
  { color: '#2563eb', dash: '' },
  { color: '#dc2626', dash: '6 3' },
  { color: '#059669', dash: '2 3' },
  { color: '#9333ea', dash: '8 3 2 3' },
];

const M = { top: 10, right: 12, bottom: 24, left: 44 };
/** Room an x label needs, by bucket (11px tabular digits). */
const LABEL_WIDTH: Record<VolumeBucket, number> = { day: 74, week: 74, month: 52, year: 36 };

/** A bucket's start (YYYY-MM-DD) as its label: a month as YYYY-MM, a year as YYYY. */
export function bucketLabel(date: string, bucket: VolumeBucket): string {
  return bucket === 'year' ? date.slice(0, 4) : bucket === 'month' ? date.slice(0, 7) : date;
}

export function VolumeChart({
  series,
  bucket,
  height = 200,
}: {
  series: readonly VolumeResult[];
  bucket: VolumeBucket;
  height?: number;
}) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef, 800);
  // The API gives every series the same buckets; the longest is the axis all the same.
  const axis = useMemo(
    () => series.reduce<VolumeResult['counts']>((a, s) => (s.counts.length > a.length ? s.counts : a), []),
    [series],
  );
  const max = Math.max(0, ...series.flatMap((s) => s.counts.map((c) => c.count)));
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? 1;
  const plotW = Math.max(1, width - M.left - M.right);
  const plotH = Math.max(1, height - M.top - M.bottom);
  const n = axis.length;
  const x = (i: number) => (n <= 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => plotH - (v / top) * plotH;
  const step = labelStep(n, plotW, LABEL_WIDTH[bucket]);
  return (
    <div ref={wrapRef} className="wf-volume" data-testid="volume-chart">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Articles by publication date per ${bucket}: ${series
          .map((s) => `${s.query}, ${s.dated.toLocaleString()} dated`)
          .join('; ')}`}
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
                {t.toLocaleString()}
              </text>
            ))}
            {axis.map((c, i) =>
              i % step === 0 ? (
                <text
                  key={c.date}
                  x={labelX(x(i), LABEL_WIDTH[bucket], -M.left, plotW + M.right)}
                  y={plotH + 16}
                  textAnchor="middle"
                >
                  {bucketLabel(c.date, bucket)}
                </text>
              ) : null,
            )}
          </g>
          {series.map((s, k) => {
            const style = SERIES_STYLES[k % SERIES_STYLES.length]!;
            const points = s.counts.map((c, i) => `${x(i).toFixed(1)},${y(c.count).toFixed(1)}`).join(' ');
            return (
              <g key={`${k}:${s.query}`}>
                <polyline
                  points={points}
                  fill="none"
                  stroke={style.color}
                  strokeWidth={2}
                  strokeDasharray={style.dash || undefined}
                />
                {/* A dot per bucket: a single bucket is no line, and each names its count on hover. */}
                {n <= 120 &&
                  s.counts.map((c, i) => (
                    <circle key={c.date} cx={x(i)} cy={y(c.count)} r={2.5} fill={style.color}>
                      <title>{`${s.query} · ${bucketLabel(c.date, bucket)}: ${c.count.toLocaleString()} article${c.count === 1 ? '' : 's'}`}</title>
                    </circle>
                  ))}
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
