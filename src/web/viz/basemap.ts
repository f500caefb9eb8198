// Natural Earth country shapes for the map, bundled so it works offline and under `default-src 'self'`.
// The 1:50m set (≈750 kB) is loaded as its own chunk on first use, so pages without a map do not pay for
// it; 1:110m would be lighter but turns coastlines into zigzags once an analyst zooms into a region.

import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology, GeometryCollection } from 'topojson-specification';

export interface CountryProps {
  name?: string;
}

export type CountryFeature = Feature<Geometry, CountryProps>;

let cache: Promise<CountryFeature[]> | null = null;

export function loadCountries(): Promise<CountryFeature[]> {
  cache ??= import('world-atlas/countries-50m.json').then((m) => {
    const topology = m.default as unknown as Topology<{ countries: GeometryCollection<CountryProps> }>;
    const fc = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, CountryProps>;
    return fc.features;
  });
  return cache;
}
