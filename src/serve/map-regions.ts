// The regions the map page opens on, shared by the web app (its picker) and the preferences route (which
// accepts only these ids). Boxes are [west, south, east, north] in degrees. Data only: the web bundle
// imports it.

export const MAP_REGIONS = [
  { id: 'middle-east', label: 'Middle East', box: [25, 12, 63, 42] },
  { id: 'levant', label: 'Levant', box: [33, 29, 43, 38] },
  { id: 'gulf', label: 'Gulf and Iran', box: [43, 22, 63, 40] },
  { id: 'europe', label: 'Europe', box: [-12, 34, 42, 71] },
  { id: 'ukraine', label: 'Ukraine and Black Sea', box: [22, 41, 42, 53] },
  { id: 'africa', label: 'Africa', box: [-20, -36, 53, 38] },
  { id: 'asia', label: 'Asia', box: [60, -10, 150, 55] },
  { id: 'americas', label: 'Americas', box: [-170, -56, -30, 72] },
  { id: 'world', label: 'World', box: [-180, -60, 180, 80] },
] as const satisfies ReadonlyArray<{
  id: string;
  label: string;
  box: readonly [number, number, number, number];
}>;

export type MapRegionId = (typeof MAP_REGIONS)[number]['id'];

export const MAP_REGION_IDS = MAP_REGIONS.map((r) => r.id) as [MapRegionId, ...MapRegionId[]];

/** Where the map opens for someone who has not chosen: the desk follows Iran, Syria, Israel and Iraq. */
export const DEFAULT_MAP_REGION: MapRegionId = 'middle-east';
