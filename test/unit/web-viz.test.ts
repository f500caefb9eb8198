import { describe, expect, it } from 'vitest';
import type { ActorGraph, TimelinePoint } from '../../src/store/types.js';
import {
  clusterAriaLabel,
  clusterPoints,
  clusterRadius,
  clusterScale,
  type BasePoint,
} from '../../src/web/viz/cluster.js';
import { edgeShapes, hash32, layoutGraph } from '../../src/web/viz/layout.js';
import {
  QUAD_CLASSES,
  TYPE_COLORS,
  TYPE_ORDER,
  orderTypes,
  quadClassOf,
  typeColor,
  UNKNOWN_COLOR,
} from '../../src/web/viz/palette.js';
import { fitProjection, paddedExtent } from '../../src/web/viz/projection.js';
import {
  brushRange,
  bucketRange,
  bucketSequence,
  labelStep,
  MAX_FILLED_BUCKETS,
  niceTicks,
  stackTimeline,
} from '../../src/web/viz/stack.js';
import { clampView, zoomAt } from '../../src/web/viz/zoom.js';

// The 16 PLOVER types, spelled out here rather than imported, so a palette that drops one fails.
const PLOVER = [
  'AGREE',
  'CONSULT',
  'SUPPORT',
  'CONCEDE',
  'COOPERATE',
  'AID',
  'RETREAT',
  'REQUEST',
  'ACCUSE',
  'REJECT',
  'THREATEN',
  'PROTEST',
  'SANCTION',
  'MOBILIZE',
  'COERCE',
  'ASSAULT',
];

interface Item {
  id: string;
  type: string;
  label: string;
}
const pt = (id: string, x: number, y: number, type = 'ASSAULT', label = 'Damascus'): BasePoint<Item> => ({
  x,
  y,
  item: { id, type, label },
});
const total = (cs: Array<{ items: unknown[] }>) => cs.reduce((n, c) => n + c.items.length, 0);

describe('palette', () => {
  const luminance = (hex: string): number => {
    const n = parseInt(hex.slice(1), 16);
    const lin = (v: number) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(n >> 16) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  };
  const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

  it('has a distinct colour for each of the 16 PLOVER types', () => {
    expect([...TYPE_ORDER].sort()).toEqual([...PLOVER].sort());
    const colours = PLOVER.map(typeColor);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(colours).size).toBe(16);
    expect(colours).not.toContain(UNKNOWN_COLOR);
    expect(typeColor('NOT_A_TYPE')).toBe(UNKNOWN_COLOR);
  });

  it('keeps 3:1 contrast against both a white and a near-black panel', () => {
    for (const type of PLOVER) {
      const l = luminance(TYPE_COLORS[type as keyof typeof TYPE_COLORS]);
      expect(contrast(l, 1), `${type} on white`).toBeGreaterThanOrEqual(3);
      expect(contrast(l, luminance('#15181d')), `${type} on dark`).toBeGreaterThanOrEqual(3);
    }
  });

  it('groups types by quad class, cooperation before conflict', () => {
    expect(QUAD_CLASSES.flatMap((q) => q.types)).toHaveLength(16);
    expect(quadClassOf('AGREE')).toBe(1);
    expect(quadClassOf('AID')).toBe(2);
    expect(quadClassOf('THREATEN')).toBe(3);
    expect(quadClassOf('ASSAULT')).toBe(4);
    expect(quadClassOf('NOPE')).toBe(0);
    expect(orderTypes(['ASSAULT', 'ZZZ', 'AGREE', 'ASSAULT', 'AID'])).toEqual([
      'AGREE',
      'AID',
      'ASSAULT',
      'ZZZ',
    ]);
  });
});

describe('clusterPoints', () => {
  it('keeps far points apart and merges near ones', () => {
    const cs = clusterPoints([pt('a', 0, 0), pt('b', 10, 0), pt('c', 500, 500)], 30);
    expect(cs.map((c) => c.items.map((i) => i.id).sort())).toEqual([['a', 'b'], ['c']]);
    expect(cs[0]?.x).toBe(5);
    expect(cs[0]?.y).toBe(0);
  });

  it('splits clusters as the zoom grows, and preserves the count at every zoom', () => {
    const pts: Array<BasePoint<Item>> = [];
    for (let i = 0; i < 200; i++) pts.push(pt(`p${i}`, (i % 20) * 3, Math.floor(i / 20) * 3));
    const sizes = [1, 4, 16, 64].map((k) => {
      const cs = clusterPoints(pts, 30, k);
      expect(total(cs)).toBe(200);
      expect(new Set(cs.flatMap((c) => c.items.map((i) => i.id))).size).toBe(200);
      return cs.length;
    });
    expect(sizes[0]).toBeLessThan(sizes[1] ?? 0);
    expect(sizes[1]).toBeLessThan(sizes[2] ?? 0);
    expect(sizes[3]).toBe(200); // 3 px apart × 64 = 192 px: every point on its own
  });

  it('merges across grid-cell boundaries', () => {
    // 29 and 31 fall in different 30-px cells but are 2 px apart.
    expect(clusterPoints([pt('a', 29, 29), pt('b', 31, 31)], 30)).toHaveLength(1);
  });

  it('names the dominant type and the most common label', () => {
    const [c] = clusterPoints(
      [
        pt('1', 0, 0, 'AGREE', 'Aleppo'),
        pt('2', 1, 0, 'ASSAULT', 'Damascus'),
        pt('3', 2, 0, 'ASSAULT', 'Damascus'),
        pt('4', 3, 0, 'ASSAULT', 'Aleppo'),
        pt('5', 4, 0, 'ASSAULT', 'Damascus'),
      ],
      30,
    );
    expect(c?.dominant).toBe('ASSAULT');
    expect(c?.types).toEqual([
      { type: 'ASSAULT', count: 4 },
      { type: 'AGREE', count: 1 },
    ]);
    expect(c?.label).toBe('Damascus');
    expect(c && clusterAriaLabel(c)).toBe('5 events near Damascus: 4 ASSAULT, 1 AGREE');
  });

  it('skips points that did not project', () => {
    expect(total(clusterPoints([pt('a', NaN, 0), pt('b', 0, 0)], 30))).toBe(1);
  });

  it('sizes circles on a log scale and clusters at half-octave zooms', () => {
    expect(clusterRadius(1)).toBeLessThan(clusterRadius(2));
    expect(clusterRadius(20) - clusterRadius(2)).toBeCloseTo(clusterRadius(200) - clusterRadius(20), 6);
    expect(clusterRadius(1e6)).toBe(28);
    expect(clusterScale(1)).toBe(1);
    expect(clusterScale(1.1)).toBe(1);
    expect(clusterScale(2.1)).toBe(2);
    expect(clusterScale(3)).toBeCloseTo(2 ** 1.5);
  });
});

describe('projection', () => {
  it('frames the points with padding, and the world without points', () => {
    const pts = [
      { lat: 33.5, lon: 36.3 },
      { lat: 35.7, lon: 51.4 },
      { lat: 31.8, lon: 35.2 },
    ];
    const e = paddedExtent(pts);
    expect(e).not.toBeNull();
    expect(e!.west).toBeLessThan(35.2);
    expect(e!.east).toBeGreaterThan(51.4);
    const p = fitProjection(pts, 800, 400);
    for (const q of pts) {
      const [x, y] = p([q.lon, q.lat]) ?? [NaN, NaN];
      expect(x).toBeGreaterThan(12);
      expect(x).toBeLessThan(788);
      expect(y).toBeGreaterThan(12);
      expect(y).toBeLessThan(388);
    }
    expect(paddedExtent([])).toBeNull();
    expect(paddedExtent([{ lat: NaN, lon: 0 }])).toBeNull();
    // A single place still gets its surroundings.
    const one = paddedExtent([{ lat: 33.5, lon: 36.3 }])!;
    expect(one.east - one.west).toBeGreaterThanOrEqual(8);
    // The world view puts the antimeridian near the edges.
    const world = fitProjection([], 800, 400, 'world');
    const [x0] = world([-179, 0]) ?? [NaN];
    const [x1] = world([179, 0]) ?? [NaN];
    expect(x0).toBeLessThan(60);
    expect(x1).toBeGreaterThan(740);
  });
});

describe('timeline buckets', () => {
  it('fills day gaps, across a month and a year end', () => {
    expect(bucketSequence(['2020-12-30', '2021-01-02'], 'day')).toEqual([
      '2020-12-30',
      '2020-12-31',
      '2021-01-01',
      '2021-01-02',
    ]);
    expect(bucketSequence(['2024-02-28', '2024-03-01'], 'day')).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('fills week gaps in Monday steps across a year end', () => {
    expect(bucketSequence(['2020-12-21', '2021-01-11'], 'week')).toEqual([
      '2020-12-21',
      '2020-12-28',
      '2021-01-04',
      '2021-01-11',
    ]);
  });

  it('fills month and year gaps, sorting and deduplicating', () => {
    expect(bucketSequence(['2021-02', '2020-11', '2020-11'], 'month')).toEqual([
      '2020-11',
      '2020-12',
      '2021-01',
      '2021-02',
    ]);
    expect(bucketSequence(['2019', '2016'], 'year')).toEqual(['2016', '2017', '2018', '2019']);
    expect(bucketSequence([], 'year')).toEqual([]);
    expect(bucketSequence(['2020-07'], 'month')).toEqual(['2020-07']);
  });

  it('keeps keys off the step and does not explode on a stray date', () => {
    expect(bucketSequence(['2020-07-06', '2020-07-15', '2020-07-20'], 'week')).toEqual([
      '2020-07-06',
      '2020-07-13',
      '2020-07-15',
      '2020-07-20',
    ]);
    const stray = bucketSequence(['1900-01-01', '2020-01-01'], 'day');
    expect(stray).toEqual(['1900-01-01', '2020-01-01']);
    expect(stray.length).toBeLessThan(MAX_FILLED_BUCKETS);
  });

  it('turns buckets into inclusive date ranges', () => {
    expect(bucketRange('2020-07', 'month')).toEqual({ from: '2020-07-01', to: '2020-07-31' });
    expect(bucketRange('2020-04', 'month')).toEqual({ from: '2020-04-01', to: '2020-04-30' });
    expect(bucketRange('2024-02', 'month')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(bucketRange('2023-02', 'month')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(bucketRange('1900-02', 'month')).toEqual({ from: '1900-02-01', to: '1900-02-28' });
    expect(bucketRange('2020-12-28', 'week')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    expect(bucketRange('2020', 'year')).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    expect(bucketRange('2020-07-06', 'day')).toEqual({ from: '2020-07-06', to: '2020-07-06' });
    expect(bucketRange('2021-02-30', 'day')).toBeNull();
    expect(bucketRange('2020-13', 'month')).toBeNull();
  });

  it('brushes a range of buckets in either direction', () => {
    expect(brushRange('2020-03', '2020-07', 'month')).toEqual({ from: '2020-03-01', to: '2020-07-31' });
    expect(brushRange('2024-02', '2023-12', 'month')).toEqual({ from: '2023-12-01', to: '2024-02-29' });
    expect(brushRange('2020-07-06', '2020-07-13', 'week')).toEqual({ from: '2020-07-06', to: '2020-07-19' });
    expect(brushRange('2019', '2020', 'year')).toEqual({ from: '2019-01-01', to: '2020-12-31' });
  });
});

describe('stackTimeline', () => {
  const points: TimelinePoint[] = [
    { bucket: '2020-05', type: 'ASSAULT', count: 3 },
    { bucket: '2020-05', type: 'AGREE', count: 2 },
    { bucket: '2020-07', type: 'ACCUSE', count: 4 },
    { bucket: '2020-07', type: 'ASSAULT', count: 6 },
    { bucket: '2020-07', type: 'ASSAULT', count: 1 },
  ];
  const s = stackTimeline(points, 'month');

  it('stacks each bucket in legend order, summing to its total', () => {
    expect(s.buckets.map((b) => b.key)).toEqual(['2020-05', '2020-06', '2020-07']);
    expect(s.buckets.map((b) => b.total)).toEqual([5, 0, 11]);
    expect(s.buckets[1]?.segments).toEqual([]);
    const july = s.buckets[2]!;
    expect(july.segments).toEqual([
      { type: 'ACCUSE', count: 4, y0: 0, y1: 4 },
      { type: 'ASSAULT', count: 7, y0: 4, y1: 11 },
    ]);
    for (const b of s.buckets) {
      expect(b.segments.reduce((n, x) => n + x.count, 0)).toBe(b.total);
      expect(b.segments.at(-1)?.y1 ?? 0).toBe(b.total);
    }
    expect(s.max).toBe(11);
    expect(s.types).toEqual(['AGREE', 'ACCUSE', 'ASSAULT']);
    expect(s.totals.get('ASSAULT')).toBe(10);
  });

  it('makes round ticks covering the maximum', () => {
    expect(niceTicks(11, 4)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(3, 4)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0)).toEqual([0, 1]);
    const t = niceTicks(9876, 4);
    expect(t[0]).toBe(0);
    expect(t.at(-1)).toBeGreaterThanOrEqual(9876);
    expect(t.length).toBeLessThanOrEqual(6);
  });

  it('thins x labels to fit', () => {
    expect(labelStep(12, 1200, 50)).toBe(1);
    expect(labelStep(120, 600, 50)).toBe(12);
    expect(labelStep(365, 300, 70)).toBeGreaterThanOrEqual(Math.ceil(70 / (300 / 365)));
  });
});

describe('layoutGraph', () => {
  const graph: ActorGraph = {
    nodes: [
      { id: 'IRN', name: 'Iran', codes: ['IRN'], events: 34 },
      { id: 'ISR', name: 'Israel', codes: ['ISR'], events: 20 },
      { id: 'USA', name: 'United States', codes: ['USA'], events: 12 },
      { id: 'SYR', name: 'Syria', codes: ['SYR'], events: 8 },
      { id: 'HEZ', name: 'Hezbollah', codes: ['LBNMIL'], events: 3 },
      { id: 'ALONE', name: 'Nobody', codes: [], events: 1 },
    ],
    edges: [
      { source: 'IRN', target: 'ISR', type: 'THREATEN', count: 12 },
      { source: 'IRN', target: 'ISR', type: 'ACCUSE', count: 5 },
      { source: 'ISR', target: 'IRN', type: 'ASSAULT', count: 7 },
      { source: 'USA', target: 'IRN', type: 'SANCTION', count: 9 },
      { source: 'IRN', target: 'SYR', type: 'AID', count: 4 },
      { source: 'HEZ', target: 'ISR', type: 'ASSAULT', count: 3 },
      { source: 'IRN', target: 'GHOST', type: 'AGREE', count: 1 },
    ],
  };

  it('is deterministic: same input, same positions', () => {
    const a = layoutGraph(graph, 800, 500);
    const b = layoutGraph(structuredClone(graph), 800, 500);
    expect(b.nodes).toEqual(a.nodes);
    // and does not depend on node order in the input
    const c = layoutGraph({ ...graph, nodes: [...graph.nodes].reverse() }, 800, 500);
    for (const n of a.nodes) {
      expect(c.byId.get(n.id)?.x).toBeCloseTo(n.x, 6);
      expect(c.byId.get(n.id)?.y).toBeCloseTo(n.y, 6);
    }
  });

  it('keeps every node inside the box, and big actors bigger', () => {
    for (const [w, h] of [
      [800, 500],
      [320, 480],
      [1400, 300],
    ] as const) {
      const l = layoutGraph(graph, w, h);
      expect(l.nodes).toHaveLength(6);
      for (const n of l.nodes) {
        expect(n.x - n.r).toBeGreaterThanOrEqual(0);
        expect(n.x + n.r).toBeLessThanOrEqual(w);
        expect(n.y - n.r).toBeGreaterThanOrEqual(0);
        expect(n.y + n.r).toBeLessThanOrEqual(h);
      }
      expect(l.byId.get('IRN')!.r).toBeGreaterThan(l.byId.get('HEZ')!.r);
    }
  });

  it('spreads nodes out rather than stacking them', () => {
    const l = layoutGraph(graph, 800, 500);
    for (const a of l.nodes) {
      for (const b of l.nodes) {
        if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(Math.max(a.r, b.r));
      }
    }
  });

  it('keeps every node inside the box for a big graph too', () => {
    const nodes = Array.from({ length: 120 }, (_, i) => ({
      id: `a${i}`,
      name: `A${i}`,
      codes: [],
      events: i + 1,
    }));
    const edges = nodes
      .slice(1)
      .map((n, i) => ({ source: `a${i % 7}`, target: n.id, type: 'CONSULT', count: 1 }));
    const l = layoutGraph({ nodes, edges }, 600, 400);
    for (const n of l.nodes) {
      expect(n.x - n.r).toBeGreaterThanOrEqual(0);
      expect(n.x + n.r).toBeLessThanOrEqual(600);
      expect(n.y - n.r).toBeGreaterThanOrEqual(0);
      expect(n.y + n.r).toBeLessThanOrEqual(400);
    }
  });

  it('draws one arc per type, with opposite directions on opposite sides', () => {
    const l = layoutGraph(graph, 800, 500);
    const shapes = edgeShapes(graph, l);
    // The edge to an actor missing from nodes is dropped.
    expect(shapes).toHaveLength(6);
    expect(new Set(shapes.map((s) => s.d)).size).toBe(6);
    const threaten = shapes.find((s) => s.edge.type === 'THREATEN')!;
    expect(threaten.siblings.map((e) => e.type)).toEqual(['THREATEN', 'ACCUSE']);
    expect(shapes.at(-1)?.edge.count).toBe(12); // heaviest drawn last, on top
    // The control point of IRN→ISR and of ISR→IRN lie on opposite sides of the chord.
    const side = (type: string) => {
      const s = shapes.find((x) => x.edge.type === type)!;
      const [cx, cy] = s.d.split('Q')[1]!.split(' ')[0]!.split(',').map(Number) as [number, number];
      const a = l.byId.get('IRN')!;
      const b = l.byId.get('ISR')!;
      return Math.sign((b.x - a.x) * (cy - a.y) - (b.y - a.y) * (cx - a.x));
    };
    expect(side('THREATEN')).not.toBe(0);
    expect(side('ASSAULT')).toBe(-side('THREATEN'));
  });

  it('hashes ids stably', () => {
    expect(hash32('IRN')).toBe(hash32('IRN'));
    expect(hash32('IRN')).not.toBe(hash32('ISR'));
    expect(hash32('')).toBe(0x811c9dc5);
  });
});

describe('zoom', () => {
  it('zooms about a fixed point within limits', () => {
    const v = zoomAt({ k: 1, x: 0, y: 0 }, 2, 100, 50, { minK: 1, maxK: 8 });
    expect(v).toEqual({ k: 2, x: -100, y: -50 });
    // the point under the cursor stays put: (100 - x) / k is unchanged
    expect((100 - v.x) / v.k).toBe(100);
    expect(zoomAt(v, 100, 0, 0, { minK: 1, maxK: 8 }).k).toBe(8);
    expect(zoomAt(v, 0.01, 0, 0, { minK: 1, maxK: 8 }).k).toBe(1);
  });

  it('cannot pan the content out of sight', () => {
    const v = clampView({ k: 1, x: 5000, y: -5000 }, 800, 400);
    expect(v.x).toBeLessThan(800);
    expect(v.y + 400).toBeGreaterThan(0);
  });
});
