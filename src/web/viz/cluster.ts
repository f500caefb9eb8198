// Screen-space clustering for the event map. Positions are the projection's output at zoom 1 ("base"
// coordinates); clustering measures distance after scaling by the zoom factor, so the same events split into
// smaller clusters as the analyst zooms in, while a pan (a pure translation) never changes the clusters.

import { compareTypes } from './palette.js';

export interface Clusterable {
  id: string;
  type: string;
  label: string;
}

export interface BasePoint<T> {
  /** Projected position at zoom 1. */
  x: number;
  y: number;
  item: T;
}

export interface TypeCount {
  type: string;
  count: number;
}

export interface Cluster<T> {
  /** The id of the cluster's first item: stable across renders while membership is, so React keys hold. */
  key: string;
  /** Centroid in base coordinates; multiply by the zoom factor to draw. */
  x: number;
  y: number;
  items: T[];
  /** Most frequent first; ties in legend order. */
  types: TypeCount[];
  dominant: string;
  /** The most frequent label among the items (the place most of them are at). */
  label: string;
}

interface Seed<T> {
  sx: number;
  sy: number;
  members: Array<BasePoint<T>>;
}

/**
 * Greedy clustering: each point joins the nearest existing cluster whose seed lies within `radius` screen
 * pixels at zoom `scale`, else it seeds a new one. A grid of `radius`-sized cells means only the 3×3
 * neighbourhood is searched, so 5,000 points cost a few milliseconds at any zoom. Input order decides
 * seeds, so the result is deterministic for a given input.
 */
export function clusterPoints<T extends Clusterable>(
  points: ReadonlyArray<BasePoint<T>>,
  radius: number,
  scale = 1,
): Array<Cluster<T>> {
  const r = Math.max(radius, 1e-9);
  const r2 = r * r;
  const grid = new Map<number, Array<Seed<T>>>();
  const seeds: Array<Seed<T>> = [];
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    const sx = p.x * scale;
    const sy = p.y * scale;
    const cx = Math.floor(sx / r);
    const cy = Math.floor(sy / r);
    let best: Seed<T> | null = null;
    let bestD = Infinity;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const cell = grid.get(cellKey(cx + dx, cy + dy));
        if (!cell) continue;
        for (const s of cell) {
          const d = (s.sx - sx) ** 2 + (s.sy - sy) ** 2;
          if (d <= r2 && d < bestD) {
            best = s;
            bestD = d;
          }
        }
      }
    }
    if (best) {
      best.members.push(p);
    } else {
      const seed: Seed<T> = { sx, sy, members: [p] };
      seeds.push(seed);
      const k = cellKey(cx, cy);
      const cell = grid.get(k);
      if (cell) cell.push(seed);
      else grid.set(k, [seed]);
    }
  }
  return seeds.map((s) => summarise(s.members));
}

/** A number, not a string: building 45,000 template strings per clustering pass was most of its cost. */
function cellKey(cx: number, cy: number): number {
  return cx * 4_194_304 + cy;
}

function summarise<T extends Clusterable>(members: ReadonlyArray<BasePoint<T>>): Cluster<T> {
  let x = 0;
  let y = 0;
  const byType = new Map<string, number>();
  const byLabel = new Map<string, number>();
  for (const m of members) {
    x += m.x;
    y += m.y;
    byType.set(m.item.type, (byType.get(m.item.type) ?? 0) + 1);
    if (m.item.label) byLabel.set(m.item.label, (byLabel.get(m.item.label) ?? 0) + 1);
  }
  const types = [...byType]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || compareTypes(a.type, b.type));
  let label = '';
  let labelCount = 0;
  // Map iteration is insertion order, so ties go to the label met first: deterministic.
  for (const [l, c] of byLabel) {
    if (c > labelCount) {
      label = l;
      labelCount = c;
    }
  }
  const first = members[0];
  return {
    key: first ? first.item.id : '',
    x: x / members.length,
    y: y / members.length,
    items: members.map((m) => m.item),
    types,
    dominant: types[0]?.type ?? '',
    label,
  };
}

/** Circle radius in pixels: a log scale, so a cluster of 1,000 is not a hundred times a cluster of 10. */
export function clusterRadius(count: number): number {
  if (count <= 1) return 5;
  return Math.min(28, 8 + 3 * Math.log(count));
}

/** "12 events near Damascus: 8 ASSAULT, 4 AGREE" (at most four types named, the rest summed). */
export function clusterAriaLabel(c: Pick<Cluster<unknown>, 'items' | 'types' | 'label'>): string {
  return countsLabel(c.items.length, c.types, c.label);
}

/** The words of clusterAriaLabel from a count and type counts (the map page's clusters come counted). */
export function countsLabel(n: number, types: ReadonlyArray<TypeCount>, label = ''): string {
  const head = `${n} ${n === 1 ? 'event' : 'events'}${label ? ` near ${label}` : ''}`;
  if (n === 1) return `${head}: ${types[0]?.type ?? 'unknown type'}`;
  const shown = types.slice(0, 4).map((t) => `${t.count} ${t.type}`);
  const rest = types.slice(4).reduce((s, t) => s + t.count, 0);
  if (rest > 0) shown.push(`${rest} of other types`);
  return `${head}: ${shown.join(', ')}`;
}

/**
 * The zoom factor clustering runs at: half-octave steps, so clusters re-form at a few distinct levels
 * during a wheel or pinch zoom instead of flickering on every frame.
 */
export function clusterScale(k: number): number {
  return 2 ** (Math.round(Math.log2(Math.max(k, 1e-6)) * 2) / 2);
}
