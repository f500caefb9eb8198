import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { geoPath } from 'd3-geo';
import { loadCountries, type CountryFeature } from './basemap.js';
import {
  clusterAriaLabel,
  clusterPoints,
  clusterRadius,
  clusterScale,
  type BasePoint,
  type Cluster,
} from './cluster.js';
import { Legend, type LegendItem } from './Legend.js';
import { orderTypes, typeColor } from './palette.js';
import { fitProjection, isValidLonLat } from './projection.js';
import { usePanZoom } from './usePanZoom.js';
import { useWidth } from './useSize.js';
import { ZoomControls } from './ZoomControls.js';
import { viewTransform } from './zoom.js';
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

function useCountries(): CountryFeature[] | null {
  const [countries, setCountries] = useState<CountryFeature[] | null>(null);
  useEffect(() => {
    let live = true;
    loadCountries().then(
      (c) => live && setCountries(c),
      // Without a basemap the clusters still carry the information; nothing to tell the analyst.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
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
  const pick = useCallback(
    (c: Cluster<MapPoint>): void => {
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
    <figure className="wf-viz wf-map">
      <div className="wf-viz-stage" ref={wrapRef}>
        <svg
          ref={svgRef}
          data-testid="event-map"
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
          <g transform={`translate(${pz.view.x},${pz.view.y})`}>
            {clusters.map((c) => (
              <ClusterMark
                key={c.key}
                cluster={c}
                x={c.x * k}
                y={c.y * k}
                picked={c.key === picked}
                onPick={pick}
              />
            ))}
          </g>
          {valid.length === 0 && (
            <text className="wf-viz-empty" x={width / 2} y={height / 2} textAnchor="middle">
              No events with a place to show
            </text>
          )}
        </svg>
        <ZoomControls zoomBy={pz.zoomBy} reset={pz.reset} what="map" />
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

const ClusterMark = memo(function ClusterMark({
  cluster,
  x,
  y,
  picked,
  onPick,
}: {
  cluster: Cluster<MapPoint>;
  x: number;
  y: number;
  picked: boolean;
  onPick: (c: Cluster<MapPoint>) => void;
}) {
  const n = cluster.items.length;
  const r = clusterRadius(n);
  const aria = clusterAriaLabel(cluster);
  const onKeyDown = (e: KeyboardEvent<SVGGElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onPick(cluster);
    }
  };
  return (
    <g
      className={`wf-map-cluster${picked ? ' is-picked' : ''}`}
      data-testid="map-cluster"
      data-count={n}
      transform={`translate(${Math.round(x * 10) / 10},${Math.round(y * 10) / 10})`}
      role="button"
      tabIndex={0}
      aria-label={aria}
      onClick={() => onPick(cluster)}
      onKeyDown={onKeyDown}
    >
      <title>{aria}</title>
      <circle className="wf-map-disc" r={r} fill={typeColor(cluster.dominant)} />
      {cluster.types.length > 1 && <Ring r={r + 2.5} types={cluster.types} total={n} />}
      {n > 1 && (
        <text textAnchor="middle" dy="0.35em" fontSize={n >= 1000 ? 10 : 11}>
          {n >= 10000 ? `${Math.round(n / 1000)}k` : n}
        </text>
      )}
    </g>
  );
});

/** The mix of types as a thin ring of arcs around the disc (the disc itself shows the dominant type). */
function Ring({ r, types, total }: { r: number; types: Cluster<MapPoint>['types']; total: number }) {
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
