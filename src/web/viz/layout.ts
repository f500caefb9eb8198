// Actor-graph layout: a d3-force simulation run synchronously for a fixed number of ticks from positions
// seeded by a hash of each id. The same graph therefore always comes out the same (d3-force's own jiggle
// uses a fixed-seed generator), so a refresh does not reshuffle the picture the analyst has learnt.

import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import type { ActorGraph } from '../../store/types.js';

export type GraphEdge = ActorGraph['edges'][number];

export interface LayoutNode {
  id: string;
  name: string;
  events: number;
  x: number;
  y: number;
  r: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LayoutNode[];
  byId: Map<string, LayoutNode>;
}

export interface LayoutOptions {
  ticks?: number;
  /** Kept clear around the drawing, in pixels. */
  margin?: number;
}

/** FNV-1a, 32 bits: a cheap, stable hash for seeding positions. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Radius by the square root of events, so area (what the eye compares) is proportional to activity. */
export function nodeRadius(events: number, maxEvents: number, nodeCount: number): number {
  const rMax = nodeCount <= 30 ? 22 : nodeCount <= 100 ? 16 : 12;
  const rMin = 4;
  if (!(maxEvents > 0)) return rMin;
  return rMin + (rMax - rMin) * Math.sqrt(Math.max(0, events) / maxEvents);
}

interface SimNode extends SimulationNodeDatum {
  id: string;
  r: number;
}

export function layoutGraph(
  graph: ActorGraph,
  width: number,
  height: number,
  options: LayoutOptions = {},
): GraphLayout {
  const { margin = 12 } = options;
  const seen = new Set<string>();
  // Simulated in id order: the result then does not depend on the order the API listed the nodes in.
  const source = graph.nodes
    .filter((n) => !seen.has(n.id) && seen.add(n.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const maxEvents = source.reduce((m, n) => Math.max(m, n.events), 0);
  const sim: SimNode[] = source.map((n) => {
    const h = hash32(n.id);
    // Two independent-looking coordinates from one hash: low and high 16 bits.
    return {
      id: n.id,
      r: nodeRadius(n.events, maxEvents, source.length),
      x: width * (0.1 + 0.8 * ((h & 0xffff) / 0xffff)),
      y: height * (0.1 + 0.8 * ((h >>> 16) / 0xffff)),
    };
  });
  const index = new Map(sim.map((n) => [n.id, n]));
  const links: Array<SimulationLinkDatum<SimNode> & { count: number }> = [];
  const paired = new Set<string>();
  for (const e of graph.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (!s || !t || s === t) continue;
    // One spring per pair of actors, however many types and directions: extra springs would only pull
    // busy pairs closer together than the rest.
    const key = e.source < e.target ? `${e.source}\u0000${e.target}` : `${e.target}\u0000${e.source}`;
    if (paired.has(key)) continue;
    paired.add(key);
    links.push({ source: s, target: t, count: e.count });
  }

  if (sim.length > 0) {
    // Fewer ticks for big graphs (each costs O(n log n)); the decay is set so cooling still completes.
    const ticks = options.ticks ?? (sim.length > 100 ? 200 : 300);
    const density = Math.sqrt((width * height) / Math.max(sim.length, 1));
    const simulation = forceSimulation(sim)
      .force(
        'link',
        forceLink<SimNode, SimulationLinkDatum<SimNode>>(links)
          .distance((l) => 24 + (l.source as SimNode).r + (l.target as SimNode).r + density * 0.25)
          .strength(0.4),
      )
      .force(
        'charge',
        forceManyBody<SimNode>()
          .strength((n) => -40 - 6 * n.r)
          .distanceMax(density * 6)
          .theta(0.95),
      )
      .force(
        'collide',
        forceCollide<SimNode>((n) => n.r + 6),
      )
      // Gentle pulls to the centre keep disconnected clusters from drifting off.
      .force('x', forceX<SimNode>(width / 2).strength(0.05))
      .force('y', forceY<SimNode>(height / 2).strength(0.05 * Math.min(2, width / Math.max(height, 1))))
      .alphaDecay(1 - 0.001 ** (1 / ticks))
      .stop();
    simulation.tick(ticks);
  }

  const nodes = fitInto(sim, width, height, margin).map((p, i) => {
    const n = source[i];
    return { id: p.id, name: n?.name ?? p.id, events: n?.events ?? 0, x: p.x, y: p.y, r: p.r };
  });
  return { width, height, nodes, byId: new Map(nodes.map((n) => [n.id, n])) };
}

/**
 * Scale and centre the simulated positions so every circle lies inside the box. Positions are scaled but
 * radii are not, so the scale is capped: a three-node graph should not be spread across a wide screen.
 */
function fitInto(
  sim: SimNode[],
  width: number,
  height: number,
  margin: number,
): Array<{ id: string; x: number; y: number; r: number }> {
  if (sim.length === 0) return [];
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let maxR = 0;
  for (const n of sim) {
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
    maxR = Math.max(maxR, n.r);
  }
  // Labels hang below the circles: leave them room at the bottom.
  const labelRoom = 14;
  const availW = Math.max(0, width - 2 * margin - 2 * maxR);
  const availH = Math.max(0, height - 2 * margin - 2 * maxR - labelRoom);
  const spanW = x1 - x0;
  const spanH = y1 - y0;
  const s = Math.min(spanW > 0 ? availW / spanW : Infinity, spanH > 0 ? availH / spanH : Infinity, 2.5);
  const scale = Number.isFinite(s) ? s : 1;
  const offX = margin + maxR + (availW - spanW * scale) / 2;
  const offY = margin + maxR + (availH - spanH * scale) / 2;
  return sim.map((n) => ({
    id: n.id,
    r: n.r,
    x: clamp(offX + ((n.x ?? 0) - x0) * scale, n.r, width - n.r),
    y: clamp(offY + ((n.y ?? 0) - y0) * scale, n.r, height - n.r),
  }));
}

function clamp(v: number, lo: number, hi: number): number {
  return lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v));
}

export interface EdgeShape {
  key: string;
  edge: GraphEdge;
  /** SVG path: a quadratic arc from the source's rim to just short of the target's (the arrowhead fills in). */
  d: string;
  width: number;
  /** Every edge between the same two actors in the same direction, heaviest first: for the tooltip. */
  siblings: GraphEdge[];
}

/** Length the arrowhead adds beyond the path's end; the path stops this far short of the target's rim. */
export const ARROW_LENGTH = 8;

/** Stroke width by the square root of count, 1–5 px. */
export function edgeWidth(count: number, maxCount: number): number {
  return maxCount > 0 ? 1 + 4 * Math.sqrt(Math.max(0, count) / maxCount) : 1;
}

/**
 * One arc per (source, target, type). Every arc bends to its own left, so A→B and B→A curve apart instead
 * of overlapping; further types between the same pair bend further out. Heaviest are returned last, to be
 * drawn on top.
 */
export function edgeShapes(graph: ActorGraph, layout: GraphLayout): EdgeShape[] {
  const groups = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    if (!layout.byId.has(e.source) || !layout.byId.has(e.target) || e.source === e.target) continue;
    const k = `${e.source}\u0000${e.target}`;
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  const maxCount = graph.edges.reduce((m, e) => Math.max(m, e.count), 0);
  const out: EdgeShape[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    group.forEach((edge, i) => {
      const s = layout.byId.get(edge.source);
      const t = layout.byId.get(edge.target);
      if (!s || !t) return;
      const d = arcPath(s, t, 10 + i * 7);
      if (d) {
        out.push({
          key: `${edge.source}\u0000${edge.target}\u0000${edge.type}`,
          edge,
          d,
          width: edgeWidth(edge.count, maxCount),
          siblings: group,
        });
      }
    });
  }
  return out.sort((a, b) => a.edge.count - b.edge.count);
}

function arcPath(
  s: { x: number; y: number; r: number },
  t: { x: number; y: number; r: number },
  bend: number,
): string | null {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len = Math.hypot(dx, dy);
  if (len < s.r + t.r + ARROW_LENGTH) return null;
  // A quadratic curve peaks halfway to its control point: twice the bend puts the peak `bend` off the chord.
  const cx = (s.x + t.x) / 2 + (dy / len) * 2 * bend;
  const cy = (s.y + t.y) / 2 - (dx / len) * 2 * bend;
  const from = towards(s, cx, cy, s.r + 1);
  const to = towards(t, cx, cy, t.r + ARROW_LENGTH);
  return `M${f(from.x)},${f(from.y)}Q${f(cx)},${f(cy)} ${f(to.x)},${f(to.y)}`;
}

function towards(p: { x: number; y: number }, x: number, y: number, dist: number): { x: number; y: number } {
  const dx = x - p.x;
  const dy = y - p.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: p.x + (dx / len) * dist, y: p.y + (dy / len) * dist };
}

function f(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
