// Which part of the world the map shows. Fitting to the events' extent (with context around them) is what
// an analyst following a region wants; the whole world is the fallback when there is nothing to fit.

import { geoNaturalEarth1, type GeoProjection } from 'd3-geo';
import type { MultiPoint } from 'geojson';

export interface LonLat {
  lat: number;
  lon: number;
}

export interface Extent {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Events at a single town still need the surrounding countries on screen to be read. */
const MIN_SPAN = 8;

export function isValidLonLat(p: LonLat): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
}

/** The points' lon/lat box, padded by 15% of its span and never smaller than MIN_SPAN degrees; null when empty. */
export function paddedExtent(points: ReadonlyArray<LonLat>): Extent | null {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const p of points) {
    if (!isValidLonLat(p)) continue;
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  if (west > east) return null;
  const grow = (lo: number, hi: number, limit: number): [number, number] => {
    const span = hi - lo;
    const pad = Math.max(span * 0.15, (MIN_SPAN - span) / 2, 0);
    return [Math.max(lo - pad, -limit), Math.min(hi + pad, limit)];
  };
  [west, east] = grow(west, east, 180);
  // Mercator-like stretching near the poles is not an issue for Natural Earth, but 85° keeps the box sane.
  [south, north] = grow(south, north, 85);
  return { west, south, east, north };
}

/**
 * A Natural Earth projection fitted into width × height (minus `margin`): to the points' padded extent, or
 * to the whole sphere when there are no points or `fitTo` is 'world'. For a region the projection is
 * rotated to the region's central meridian, which keeps its shapes undistorted wherever on Earth it is.
 */
export function fitProjection(
  points: ReadonlyArray<LonLat>,
  width: number,
  height: number,
  fitTo: 'points' | 'world' = 'points',
  margin = 12,
): GeoProjection {
  const box: [[number, number], [number, number]] = [
    [margin, margin],
    [Math.max(width - margin, margin + 1), Math.max(height - margin, margin + 1)],
  ];
  const extent = fitTo === 'points' ? paddedExtent(points) : null;
  const projection = geoNaturalEarth1();
  if (!extent || extent.east - extent.west > 300) return projection.fitExtent(box, { type: 'Sphere' });
  const { west, south, east, north } = extent;
  const mid = (west + east) / 2;
  projection.rotate([-mid, 0]);
  // The box's corners and edge midpoints: its parallels bow under the projection, so corners alone would
  // cut off the middle of the top and bottom edges.
  const outline: MultiPoint = {
    type: 'MultiPoint',
    coordinates: [
      [west, south],
      [mid, south],
      [east, south],
      [east, (south + north) / 2],
      [east, north],
      [mid, north],
      [west, north],
      [west, (south + north) / 2],
    ],
  };
  return projection.fitExtent(box, outline);
}
