import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { geoPath, type GeoProjection } from 'd3-geo';
import { loadCountries, type CountryFeature } from './basemap.js';
import {
  clusterAriaLabel,
  clusterPoints,
  clusterRadius,
  clusterScale,
  countsLabel,
  type BasePoint,
  type Cluster,
  type TypeCount,
} from './cluster.js';
import { Legend, type LegendItem } from './Legend.js';
import { orderTypes, quadClassOf, typeColor } from './palette.js';
import { fitProjection, isValidLonLat } from './projection.js';
import { usePanZoom, type PanZoom } from './usePanZoom.js';
import { useMeasuredWidth, useWidth } from './useSize.js';
import { ZoomControls } from './ZoomControls.js';
import { IDENTITY, viewTransform, type View } from './zoom.js';
import './viz.css';

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  type: string;
  label: string;
  date: string | null;
  articleId: number;
  sentence: number;
}

export interface EventMapProps {
  points: MapPoint[];
  /** Pixels; the width follows the container. */
  height?: number;
  /** Called with every event of the cluster the analyst clicked or pressed Enter/Space on. */
  onPick?: (points: MapPoint[]) => void;
  /** 'points' (default) frames the events' extent with some context; 'world' shows the whole map. */
  fitTo?: 'points' | 'world';
}

/** Screen pixels within which events merge: about a large cluster's diameter, so circles rarely overlap. */
const CLUSTER_RADIUS = 48;

/** The country shapes, loaded once `ready` (a map may first draw its markers, then the land under them). */
function useCountries(ready = true): CountryFeature[] | null {
  const [countries, setCountries] = useState<CountryFeature[] | null>(null);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    // After the next frame, the one that paints what made us ready (the first markers): the chunk's
    // download and parsing then never hold that paint back.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        loadCountries().then(
          (c) => live && setCountries(c),
          // Without a basemap the clusters still carry the information; nothing to tell the analyst.
          () => undefined,
        );
      }, 0);
    });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready]);
  return countries;
}

export function EventMap({ points, height = 420, onPick, fitTo = 'points' }: EventMapProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const width = useWidth(wrapRef, 800, 8);
  const countries = useCountries();
  const [picked, setPicked] = useState<string | null>(null);

  const valid = useMemo(() => points.filter(isValidLonLat), [points]);
  const projection = useMemo(() => fitProjection(valid, width, height, fitTo), [valid, width, height, fitTo]);
  const base = useMemo(() => {
    const out: Array<BasePoint<MapPoint>> = [];
    for (const p of valid) {
      const xy = projection([p.lon, p.lat]);
      if (xy) out.push({ x: xy[0], y: xy[1], item: p });
    }
    return out;
  }, [valid, projection]);

  const pz = usePanZoom(svgRef, { width, height, minK: 0.5, maxK: 64, resetKey: projection });
  const { k } = pz.view;
  const scale = clusterScale(k);
  const clusters = useMemo(
    // Largest first: drawn underneath the small ones, and reached first with Tab.
    () => clusterPoints(base, CLUSTER_RADIUS, scale).sort((a, b) => b.items.length - a.items.length),
    [base, scale],
  );

  const legend = useMemo<LegendItem[]>(() => {
    const counts = new Map<string, number>();
    for (const p of valid) counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
    return orderTypes(counts.keys()).map((type) => ({ type, count: counts.get(type) ?? 0 }));
  }, [valid]);

  // Stable across pan and zoom frames, so the memoised cluster marks skip re-rendering when only x/y change.
  const byKey = useRef(new Map<string, Cluster<MapPoint>>());
  byKey.current = new Map(clusters.map((c) => [c.key, c]));
  const pick = useCallback(
    (key: string): void => {
      const c = byKey.current.get(key);
      if (!c) return;
      setPicked(c.key);
      onPick?.(c.items);
    },
    [onPick],
  );

  const label =
    valid.length === 0
      ? 'Map: no events with a place'
      : `Map of ${valid.length.toLocaleString()} events in ${clusters.length.toLocaleString()} clusters. ` +
        'Drag or use the arrow keys to pan; wheel, plus and minus to zoom.';

  return (
    <MapFrame
      wrapRef={wrapRef}
      svgRef={svgRef}
      pz={pz}
      width={width}
      height={height}
      label={label}
      countries={countries}
      projection={projection}
      legend={legend}
      empty={valid.length === 0 ? 'No events with a place to show' : null}
    >
      {clusters.map((c) => (
        <ClusterMark
          key={c.key}
          id={c.key}
          count={c.items.length}
          types={c.types}
          aria={clusterAriaLabel(c)}
          x={c.x * k}
          y={c.y * k}
          picked={c.key === picked}
          onPick={pick}
        />
      ))}
    </MapFrame>
  );
}

/**
 * What both maps draw around their marks: the stage, the pannable SVG with the basemap under the view's
 * transform, the zoom buttons, an overlay (a popup) and the legend. Marks are drawn unscaled at base × k,
 * so discs keep their size at any zoom.
 */
function MapFrame({
  wrapRef,
  svgRef,
  pz,
  width,
  height,
  label,
  countries,
  projection,
  legend,
  empty,
  data,
  overlay,
  children,
}: {
  wrapRef: RefObject<HTMLDivElement | null>;
  svgRef: RefObject<SVGSVGElement | null>;
  pz: PanZoom;
  width: number;
  height: number;
  label: string;
  countries: CountryFeature[] | null;
  projection: ReturnType<typeof fitProjection>;
  legend: LegendItem[];
  /** Said in the middle of the map when there is nothing to draw. */
  empty: string | null;
  /** data-* attributes for the SVG (what the view shows, for tests and tools). */
  data?: Record<`data-${string}`, string>;
  overlay?: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className="wf-viz wf-map">
      <div className="wf-viz-stage" ref={wrapRef}>
        <svg
          ref={svgRef}
          data-testid="event-map"
          {...data}
          className={`wf-viz-pannable${pz.dragging ? ' is-dragging' : ''}`}
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          height={height}
          role="group"
          aria-roledescription="map"
          aria-label={label}
          tabIndex={0}
          {...pz.handlers}
        >
          <rect width={width} height={height} fill="var(--panel)" />
          <g transform={viewTransform(pz.view)}>
            <Basemap countries={countries} projection={projection} />
          </g>
          <g transform={`translate(${pz.view.x},${pz.view.y})`}>{children}</g>
          {empty && (
            <text className="wf-viz-empty" x={width / 2} y={height / 2} textAnchor="middle">
              {empty}
            </text>
          )}
        </svg>
        <ZoomControls zoomBy={pz.zoomBy} reset={pz.reset} what="map" />
        {overlay}
      </div>
      <Legend items={legend} />
    </figure>
  );
}

/** Country paths depend only on the projection: memoised so panning and zooming never rebuild them. */
const Basemap = memo(function Basemap({
  countries,
  projection,
}: {
  countries: CountryFeature[] | null;
  projection: ReturnType<typeof fitProjection>;
}) {
  const paths = useMemo(() => {
    const path = geoPath(projection).digits(1);
    return {
      sphere: path({ type: 'Sphere' }) ?? '',
      countries: (countries ?? []).map((f, i) => ({
        key: String(f.id ?? i),
        name: f.properties.name ?? '',
        d: path(f) ?? '',
      })),
    };
  }, [countries, projection]);
  return (
    <>
      <path className="wf-map-sphere" d={paths.sphere} />
      {paths.countries.map((c) =>
        c.d ? (
          <path key={c.key} className="wf-map-country" data-testid="map-country" d={c.d}>
            {c.name && <title>{c.name}</title>}
          </path>
        ) : null,
      )}
    </>
  );
});

/**
 * One cluster, or one event drawn as its type's icon. Memoised on its own fields and a stable `onPick`, so a
 * pan frame re-renders only the marks whose position changed.
 */
const ClusterMark = memo(function ClusterMark({
  id,
  count,
  types,
  aria,
  x,
  y,
  picked,
  single = false,
  onPick,
}: {
  id: string;
  count: number;
  /** Most frequent first. */
  types: ReadonlyArray<TypeCount>;
  aria: string;
  x: number;
  y: number;
  picked: boolean;
  /** One event: its type's icon instead of a disc. */
  single?: boolean;
  onPick: (id: string) => void;
}) {
  const r = clusterRadius(count);
  const dominant = types[0]?.type ?? '';
  const onKeyDown = (e: KeyboardEvent<SVGGElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(id);
    }
  };
  return (
    <g
      className={`wf-map-cluster${picked ? ' is-picked' : ''}`}
      data-testid="map-cluster"
      data-count={count}
      data-kind={single ? 'event' : 'cluster'}
      transform={`translate(${Math.round(x * 10) / 10},${Math.round(y * 10) / 10})`}
      role="button"
      tabIndex={0}
      aria-label={aria}
      onClick={() => onPick(id)}
      onKeyDown={onKeyDown}
    >
      <title>{aria}</title>
      {single ? (
        <path className="wf-map-disc" d={typeGlyph(dominant, 7)} fill={typeColor(dominant)} />
      ) : (
        <circle className="wf-map-disc" r={r} fill={typeColor(dominant)} />
      )}
      {!single && types.length > 1 && <Ring r={r + 2.5} types={types} total={count} />}
      {count > 1 && (
        <text textAnchor="middle" dy="0.35em" fontSize={count >= 1000 ? 10 : 11}>
          {count >= 10000 ? `${Math.round(count / 1000)}k` : count}
        </text>
      )}
    </g>
  );
});

/**
 * An event type's icon, centred on 0,0 with radius about `r`: the shape tells the quad class (circle: verbal
 * cooperation, square: material cooperation, triangle: verbal conflict, diamond: material conflict, a burst
 * for an assault), so types stay apart without colour too.
 */
export function typeGlyph(type: string, r: number): string {
  const q = quadClassOf(type);
  const f = (n: number) => Math.round(n * 100) / 100;
  if (type === 'ASSAULT') {
    const pts: string[] = [];
    for (let i = 0; i < 16; i++) {
      const a = (i * Math.PI) / 8 - Math.PI / 2;
      const d = i % 2 === 0 ? r * 1.2 : r * 0.55;
      pts.push(`${f(Math.cos(a) * d)},${f(Math.sin(a) * d)}`);
    }
    return `M${pts.join('L')}Z`;
  }
  if (q === 2) return `M${f(-r * 0.85)},${f(-r * 0.85)}H${f(r * 0.85)}V${f(r * 0.85)}H${f(-r * 0.85)}Z`;
  if (q === 3) return `M0,${f(-r * 1.1)}L${f(r)},${f(r * 0.75)}H${f(-r)}Z`;
  if (q === 4) return `M0,${f(-r * 1.15)}L${f(r * 1.15)},0L0,${f(r * 1.15)}L${f(-r * 1.15)},0Z`;
  return `M${f(-r)},0A${f(r)},${f(r)} 0 1 0 ${f(r)},0A${f(r)},${f(r)} 0 1 0 ${f(-r)},0Z`;
}

/** The type's icon as a small inline image, for lists beside the map. */
export function TypeIcon({ type, size = 14 }: { type: string; size?: number }) {
  const r = size / 2 - 1.5;
  return (
    <svg
      className="wf-type-icon"
      width={size}
      height={size}
      viewBox={`${-size / 2} ${-size / 2} ${size} ${size}`}
      aria-hidden="true"
    >
      <path d={typeGlyph(type, r)} fill={typeColor(type)} />
    </svg>
  );
}

/** The mix of types as a thin ring of arcs around the disc (the disc itself shows the dominant type). */
function Ring({ r, types, total }: { r: number; types: ReadonlyArray<TypeCount>; total: number }) {
  const circ = 2 * Math.PI * r;
  let offset = 0;
  const arcs = orderTypes(types.map((t) => t.type)).map((type) => {
    const count = types.find((t) => t.type === type)?.count ?? 0;
    const len = (count / total) * circ;
    const arc = { type, len, offset };
    offset += len;
    return arc;
  });
  return (
    <g transform="rotate(-90)" aria-hidden="true">
      {arcs.map((a) => (
        <circle
          key={a.type}
          className="wf-map-ring"
          r={r}
          stroke={typeColor(a.type)}
          strokeDasharray={`${a.len} ${circ - a.len}`}
          strokeDashoffset={-a.offset}
        />
      ))}
    </g>
  );
}

/** A lon/lat box, [west, south, east, north]. */
export type LonLatBox = [number, number, number, number];

export interface ServerCluster {
  key: string;
  count: number;
  lat: number;
  lon: number;
  extent: LonLatBox;
  types: TypeCount[];
  events?: Array<{ id: string }>;
}

export interface ClusterMapProps<C extends ServerCluster> {
  /** The region the map frames; a new one re-fits the map to it. */
  region: LonLatBox;
  /** The server's clusters of the events in view (null before the first answer). */
  clusters: C[] | null;
  /** Degrees of the server's grid cells, to tell a cluster on one spot from one to zoom into. */
  cellDegrees: number;
  /** Called, debounced, with the box in view and the map's width in pixels whenever the view settles. */
  onView: (box: LonLatBox, width: number) => void;
  /** Called when a marker with listed events is chosen: one event, or events on one spot. */
  onOpen: (events: NonNullable<C['events']>) => void;
  /** Ids of the events whose popup is open, to mark their cluster. */
  openIds?: ReadonlySet<string>;
  /** Drawn over the map's corner (the open popup). */
  overlay?: ReactNode;
}

/** The map's width is measured in steps of this many pixels, so a scrollbar's few pixels rarely re-ask. */
export const MAP_WIDTH_STEP = 8;

/** The cluster map's height for its width: taller than wide on no screen, so a phone gets a map it can read. */
export function clusterMapHeight(width: number): number {
  return Math.round(Math.min(600, Math.max(320, width * 0.62)));
}

/** The projection framing `region` in a `width` x `height` map before any pan or zoom. */
export function regionProjection(region: LonLatBox, width: number, height: number): GeoProjection {
  const corners = [
    { lon: region[0], lat: region[1] },
    { lon: region[2], lat: region[3] },
  ];
  return fitProjection(corners, width, height, region[2] - region[0] >= 300 ? 'world' : 'points', 8);
}

/**
 * The box in view: screen points inverted through the projection, keeping those that land on the globe.
 * Pure, so the page can work out its first view before React draws the map (src/web/map-prefetch.ts).
 */
export function viewBox(projection: GeoProjection, view: View, width: number, height: number): LonLatBox {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (let i = 0; i <= VIEW_SAMPLES; i++)
    for (let j = 0; j <= VIEW_SAMPLES; j++) {
      const bx = ((i / VIEW_SAMPLES) * width - view.x) / view.k;
      const by = ((j / VIEW_SAMPLES) * height - view.y) / view.k;
      const ll = projection.invert?.([bx, by]);
      if (!ll || !isValidLonLat({ lon: ll[0], lat: ll[1] })) continue;
      const back = projection(ll);
      // Off the globe the inverse answers a point that does not project back: not in view.
      if (!back || Math.hypot(back[0] - bx, back[1] - by) > 1 / view.k) continue;
      west = Math.min(west, ll[0]);
      east = Math.max(east, ll[0]);
      south = Math.min(south, ll[1]);
      north = Math.max(north, ll[1]);
    }
  if (!(west < east && south < north)) return [-180, -90, 180, 90];
  // One sample step of margin: a marker just outside the samples may still be on screen.
  const dx = (east - west) / VIEW_SAMPLES;
  const dy = (north - south) / VIEW_SAMPLES;
  return [
    Math.max(-180, west - dx),
    Math.max(-90, south - dy),
    Math.min(180, east + dx),
    Math.min(90, north + dy),
  ];
}

/** The box a cluster map `width` pixels wide shows of `region` when it opens. */
export function openingBox(region: LonLatBox, width: number): LonLatBox {
  const height = clusterMapHeight(width);
  return viewBox(regionProjection(region, width, height), IDENTITY, width, height);
}

/** Past this much quiet a pan or zoom has settled and the view is asked for. */
const VIEW_DEBOUNCE_MS = 200;
/** Grid of screen points inverted to find the box in view (the map's edges bow under the projection). */
const VIEW_SAMPLES = 8;

/**
 * The map page's map: clusters computed by the server for the view (GET /api/map/clusters), re-asked
 * whenever the analyst pans or zooms. A click on a cluster zooms to its events' extent; a single event, or
 * events all on one spot, open their popup.
 */
export function ClusterMap<C extends ServerCluster>({
  region,
  clusters,
  cellDegrees,
  onView,
  onOpen,
  openIds,
  overlay,
}: ClusterMapProps<C>) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [width, measured] = useMeasuredWidth(wrapRef, 800, MAP_WIDTH_STEP);
  const height = clusterMapHeight(width);
  // The 1:50m shapes are a 750 kB chunk whose parsing holds the main thread: asked for once the first
  // clusters are drawn, so they never delay the first markers.
  const countries = useCountries(clusters !== null);
  const projection = useMemo(() => regionProjection(region, width, height), [region, width, height]);
  const pz = usePanZoom(svgRef, { width, height, minK: 1 / 16, maxK: 4096, resetKey: projection });
  const { view } = pz;

  const box = useMemo(() => viewBox(projection, view, width, height), [projection, view, width, height]);

  const reported = useRef(false);
  const onViewRef = useRef(onView);
  onViewRef.current = onView;
  const boxKey = box.map((d) => d.toFixed(4)).join(',');
  useEffect(() => {
    // Not the fallback width's view: it would be asked for, then replaced by the measured one at once.
    if (!measured) return;
    // The first view is asked for at once: the first markers should not wait for a debounce.
    if (!reported.current) {
      reported.current = true;
      onViewRef.current(box, width);
      return;
    }
    const t = setTimeout(() => onViewRef.current(box, width), VIEW_DEBOUNCE_MS);
    return () => clearTimeout(t);
    // boxKey stands for box.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boxKey, width, measured]);

  const marks = useMemo(
    () =>
      (clusters ?? [])
        .map((c) => {
          const xy = projection([c.lon, c.lat]);
          return xy ? { c, x: xy[0], y: xy[1] } : null;
        })
        .filter((m): m is { c: C; x: number; y: number } => m !== null)
        // Largest first: drawn underneath the small ones, and reached first with Tab.
        .sort((a, b) => b.c.count - a.c.count),
    [clusters, projection],
  );
  const byKey = useRef(new Map<string, C>());
  byKey.current = new Map(marks.map((m) => [m.c.key, m.c]));
  const { zoomTo } = pz;
  const viewRef = useRef(view);
  viewRef.current = view;
  const pick = useCallback(
    (key: string): void => {
      const c = byKey.current.get(key);
      if (!c) return;
      const [w, s, e, n] = c.extent;
      // Events all on one spot (within a sixteenth of a cell) cannot be split by zooming: open them.
      const onOneSpot = e - w <= cellDegrees / 16 && n - s <= cellDegrees / 16;
      if (c.events && (c.count === 1 || onOneSpot)) {
        onOpen(c.events as NonNullable<C['events']>);
        return;
      }
      const pts = [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [c.lon, c.lat],
      ]
        .map((p) => projection(p as [number, number]))
        .filter((p): p is [number, number] => p !== null);
      const xs = pts.map((p) => p[0]);
      const ys = pts.map((p) => p[1]);
      const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
      const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
      const fit = Math.min(
        (width * 0.6) / Math.max(Math.max(...xs) - Math.min(...xs), 1e-9),
        (height * 0.6) / Math.max(Math.max(...ys) - Math.min(...ys), 1e-9),
      );
      // At least twice as close: a click on a cluster always zooms in, even when its events span the view.
      const k = Math.max(fit, viewRef.current.k * 2);
      zoomTo({ k, x: width / 2 - cx * k, y: height / 2 - cy * k });
    },
    [projection, width, height, cellDegrees, onOpen, zoomTo],
  );

  const legend = useMemo<LegendItem[]>(() => {
    const counts = new Map<string, number>();
    for (const m of marks) for (const t of m.c.types) counts.set(t.type, (counts.get(t.type) ?? 0) + t.count);
    return orderTypes(counts.keys()).map((type) => ({ type, count: counts.get(type) ?? 0 }));
  }, [marks]);
  // The answer's box has a margin around the view: marks out of sight are not drawn, so Tab skips them.
  const onScreen = ({ c, x, y }: { c: C; x: number; y: number }): boolean => {
    const sx = x * view.k + view.x;
    const sy = y * view.k + view.y;
    const r = clusterRadius(c.count);
    return sx >= -r && sx <= width + r && sy >= -r && sy <= height + r;
  };
  const total = marks.reduce((n, m) => n + m.c.count, 0);
  const label =
    clusters === null
      ? 'Map: loading the events in view'
      : `Map of ${total.toLocaleString()} events in view in ${marks.length.toLocaleString()} clusters. ` +
        'Drag or use the arrow keys to pan; wheel, plus and minus to zoom.';

  return (
    <MapFrame
      wrapRef={wrapRef}
      svgRef={svgRef}
      pz={pz}
      width={width}
      height={height}
      label={label}
      countries={countries}
      projection={projection}
      legend={legend}
      empty={clusters !== null && marks.length === 0 ? 'No events with a place in view' : null}
      data={{ 'data-bbox': boxKey, 'data-k': view.k.toFixed(3) }}
      overlay={overlay}
    >
      {marks.filter(onScreen).map(({ c, x, y }) => (
        <ClusterMark
          key={c.key}
          id={c.key}
          count={c.count}
          types={c.types}
          aria={serverClusterLabel(c)}
          x={x * view.k}
          y={y * view.k}
          single={c.count === 1}
          picked={!!openIds && !!c.events?.some((e) => openIds.has(e.id))}
          onPick={pick}
        />
      ))}
    </MapFrame>
  );
}

/** What a screen reader says of a server cluster, and what pressing it does. */
function serverClusterLabel(c: ServerCluster): string {
  return `${countsLabel(c.count, c.types)}. Press to ${c.count > 1 ? 'zoom in' : 'open'}`;
}
