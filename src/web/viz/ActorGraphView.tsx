import { memo, useCallback, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ActorGraph } from '../../store/types.js';
import {
  ARROW_LENGTH,
  edgeShapes,
  layoutGraph,
  type EdgeShape,
  type GraphEdge,
  type LayoutNode,
} from './layout.js';
import { labelWidth, labelX } from './labels.js';
import { Legend } from './Legend.js';
import { orderTypes, typeColor } from './palette.js';
import { usePanZoom } from './usePanZoom.js';
import { useWidth } from './useSize.js';
import { ZoomControls } from './ZoomControls.js';
import { viewTransform } from './zoom.js';
import './viz.css';

export interface ActorGraphViewProps {
  graph: ActorGraph;
  onPickNode?: (actorId: string) => void;
  onPickEdge?: (edge: ActorGraph['edges'][number]) => void;
  height?: number;
}

/** The layout is recomputed only when the width crosses a step: a force layout of 300 nodes is not free. */
const WIDTH_STEP = 160;
const LABEL_CHARS = 18;
/** Labels drawn at zoom 1; more appear as the analyst zooms in (the budget grows with the zoom's area). */
const LABEL_BUDGET = 30;
const MAX_LABELS = 150;

export function truncate(s: string, max = LABEL_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

export function ActorGraphView({ graph, onPickNode, onPickEdge, height = 520 }: ActorGraphViewProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const width = useWidth(wrapRef, 800);
  const layoutWidth = Math.max(WIDTH_STEP, Math.round(width / WIDTH_STEP) * WIDTH_STEP);
  const layout = useMemo(() => layoutGraph(graph, layoutWidth, height), [graph, layoutWidth, height]);
  const edges = useMemo(() => edgeShapes(graph, layout), [graph, layout]);
  const types = useMemo(() => orderTypes(graph.edges.map((e) => e.type)), [graph]);
  const neighbours = useMemo(() => {
    const m = new Map<string, Set<string>>();
    for (const e of edges) {
      for (const [a, b] of [
        [e.edge.source, e.edge.target],
        [e.edge.target, e.edge.source],
      ] as const) {
        let s = m.get(a);
        if (!s) m.set(a, (s = new Set()));
        s.add(b);
      }
    }
    return m;
  }, [edges]);
  const rank = useMemo(() => {
    const sorted = [...layout.nodes].sort((a, b) => b.events - a.events || (a.id < b.id ? -1 : 1));
    return new Map(sorted.map((n, i) => [n.id, i]));
  }, [layout]);

  const pz = usePanZoom(svgRef, { width: layoutWidth, height, minK: 0.5, maxK: 12, resetKey: layout });
  // Label size and budget follow the zoom in half-octave steps, so most wheel frames change only the
  // group's transform: re-laying out hundreds of SVG labels is what makes a zoom frame slow.
  const k = 2 ** (Math.round(Math.log2(pz.view.k) * 2) / 2);
  const [hover, setHover] = useState<string | null>(null);
  const related = hover ? neighbours.get(hover) : undefined;
  const markerId = useId().replace(/[^a-zA-Z0-9_-]/g, '');

  const pickNode = useCallback((id: string) => onPickNode?.(id), [onPickNode]);
  const pickEdge = useCallback((e: GraphEdge) => onPickEdge?.(e), [onPickEdge]);
  const budget = Math.min(LABEL_BUDGET * k * k, MAX_LABELS);

  return (
    <figure className="wf-viz wf-graph">
      <div className="wf-viz-stage" ref={wrapRef}>
        <svg
          ref={svgRef}
          data-testid="actor-graph"
          className={`wf-viz-pannable${pz.dragging ? ' is-dragging' : ''}`}
          viewBox={`0 0 ${layoutWidth} ${height}`}
          preserveAspectRatio="xMidYMid meet"
          width="100%"
          height={height}
          role="group"
          aria-roledescription="network graph"
          aria-label={
            `Actor graph: ${layout.nodes.length} actors, ${edges.length} links. ` +
            'Drag or use the arrow keys to pan; wheel, plus and minus to zoom.'
          }
          tabIndex={0}
          {...pz.handlers}
        >
          <defs>
            {types.map((t) => (
              <marker
                key={t}
                id={`${markerId}-${t}`}
                viewBox={`0 -5 ${ARROW_LENGTH + 2} 10`}
                refX={2}
                markerWidth={ARROW_LENGTH + 2}
                markerHeight={10}
                markerUnits="userSpaceOnUse"
                orient="auto"
              >
                <path d={`M0,-4L${ARROW_LENGTH + 2},0L0,4Z`} fill={typeColor(t)} />
              </marker>
            ))}
          </defs>
          <rect width={layoutWidth} height={height} fill="var(--panel)" />
          <g transform={viewTransform(pz.view)}>
            <g>
              {edges.map((e) => (
                <Edge
                  key={e.key}
                  shape={e}
                  layout={layout}
                  marker={`url(#${markerId}-${e.edge.type})`}
                  dim={hover !== null && e.edge.source !== hover && e.edge.target !== hover}
                  onPick={pickEdge}
                />
              ))}
            </g>
            <g>
              {layout.nodes.map((n) => {
                const near = hover === n.id || (related?.has(n.id) ?? false);
                return (
                  <Node
                    key={n.id}
                    node={n}
                    k={k}
                    layoutWidth={layoutWidth}
                    showLabel={near || (rank.get(n.id) ?? Infinity) < budget}
                    dim={hover !== null && !near}
                    onPick={pickNode}
                    onHover={setHover}
                  />
                );
              })}
            </g>
          </g>
          {layout.nodes.length === 0 && (
            <text className="wf-viz-empty" x={layoutWidth / 2} y={height / 2} textAnchor="middle">
              No actors linked by events
            </text>
          )}
        </svg>
        <ZoomControls zoomBy={pz.zoomBy} reset={pz.reset} what="graph" />
      </div>
      <Legend items={types.map((type) => ({ type }))} label="Link types" />
    </figure>
  );
}

const Edge = memo(function Edge({
  shape,
  layout,
  marker,
  dim,
  onPick,
}: {
  shape: EdgeShape;
  layout: ReturnType<typeof layoutGraph>;
  marker: string;
  dim: boolean;
  onPick: (e: GraphEdge) => void;
}) {
  const { edge, siblings } = shape;
  const name = (id: string): string => layout.byId.get(id)?.name ?? id;
  const title =
    `${name(edge.source)} → ${name(edge.target)}\n` +
    siblings.map((s) => `${s.type}: ${s.count.toLocaleString()}`).join('\n');
  return (
    <g
      className={`wf-graph-edge-group${dim ? ' is-dim' : ''}`}
      data-testid="graph-edge"
      data-source={edge.source}
      data-target={edge.target}
      data-type={edge.type}
      onClick={() => onPick(edge)}
    >
      <title>{title}</title>
      <path className="wf-graph-edge-hit" d={shape.d} />
      <path
        className="wf-graph-edge"
        d={shape.d}
        stroke={typeColor(edge.type)}
        strokeWidth={shape.width}
        markerEnd={marker}
      />
    </g>
  );
});

const Node = memo(function Node({
  node,
  k,
  layoutWidth,
  showLabel,
  dim,
  onPick,
  onHover,
}: {
  node: LayoutNode;
  k: number;
  /** The drawing's width: a label is kept inside it rather than cut by its edge. */
  layoutWidth: number;
  showLabel: boolean;
  dim: boolean;
  onPick: (id: string) => void;
  onHover: (id: string | null) => void;
}) {
  const aria = `${node.name}: ${node.events.toLocaleString()} ${node.events === 1 ? 'event' : 'events'}`;
  const onKeyDown = (e: KeyboardEvent<SVGGElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(node.id);
    }
  };
  // Labels keep their on-screen size while the drawing zooms: font and halo are divided by the zoom.
  const font = 11 / k;
  const label = truncate(node.name);
  const width = labelWidth(label, font);
  const dx = labelX(node.x, width, 0, layoutWidth) - node.x;
  // One hit area over the circle and its label, so the gap between them (where a click lands on the
  // background and opens nothing) belongs to the node as well.
  const top = -node.r;
  const bottom = showLabel ? node.r + font * 2.1 : node.r;
  const left = showLabel ? Math.min(-node.r, dx - width / 2) : -node.r;
  const right = showLabel ? Math.max(node.r, dx + width / 2) : node.r;
  return (
    <g
      className={`wf-graph-node${dim ? ' is-dim' : ''}`}
      data-testid="graph-node"
      data-id={node.id}
      transform={`translate(${node.x},${node.y})`}
      role="button"
      tabIndex={0}
      aria-label={aria}
      onClick={() => onPick(node.id)}
      onKeyDown={onKeyDown}
      onPointerEnter={() => onHover(node.id)}
      onPointerLeave={() => onHover(null)}
      onFocus={() => onHover(node.id)}
      onBlur={() => onHover(null)}
    >
      <title>{aria}</title>
      <rect className="wf-graph-node-hit" x={left} y={top} width={right - left} height={bottom - top} />
      <circle r={node.r} />
      {showLabel && (
        <text
          x={dx}
          y={node.r + font * 1.1}
          dy="0.7em"
          textAnchor="middle"
          fontSize={font}
          strokeWidth={3 / k}
        >
          {label}
        </text>
      )}
    </g>
  );
});
