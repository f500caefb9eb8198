import { filterFrom } from './components/Filters.js';
import { regionBox, storedRegion } from './components/RegionPicker.js';
import { gridZoom, MAP_FEED, primeMapView } from './events-geo.js';
import { MAP_WIDTH_STEP, openingBox } from './viz/EventMap.js';

// The map page's first markers should not wait for the app shell: React, then the session (GET
// /api/session), then the page, then the map measuring itself. Opened on /map, the app asks for the map's
// first view as soon as its script runs, beside the session request, and the page takes that answer when
// it asks for the same view (events-geo.ts). A guess that turns out different (another region saved with
// the account, a scrollbar narrowing the map) costs nothing but the early request: the page asks again.

/**
 * The width the map page's map will have, from the page's own stylesheet: a hidden copy of its layout
 * (main > .wf-mapdesk > figure.wf-viz.wf-map > .wf-viz-stage) measured and removed before React draws.
 */
function openingMapWidth(root: HTMLElement): number | null {
  const probe = document.createElement('main');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.visibility = 'hidden';
  probe.style.height = '0';
  probe.style.overflow = 'hidden';
  probe.innerHTML =
    '<div class="wf-mapdesk"><figure class="wf-viz wf-map"><div class="wf-viz-stage"></div></figure><div></div></div>';
  root.appendChild(probe);
  const w = probe.querySelector('.wf-viz-stage')?.getBoundingClientRect().width ?? 0;
  probe.remove();
  // Rounded as the map rounds its own measure (useWidth's step).
  return w > 0 ? Math.max(MAP_WIDTH_STEP, Math.round(w / MAP_WIDTH_STEP) * MAP_WIDTH_STEP) : null;
}

/** On /map, asks for the view the map will open on; elsewhere does nothing. */
export function prefetchMapView(root: HTMLElement): void {
  if (window.location.pathname !== '/map') return;
  const width = openingMapWidth(root);
  if (width === null) return;
  const box = openingBox(regionBox(storedRegion()), width);
  const filter = filterFrom({
    path: window.location.pathname,
    params: new URLSearchParams(window.location.search),
    hash: '',
  });
  // As MapPage's first ask: no time range yet, and the filter's date span for the slider.
  primeMapView(filter, { box, zoom: gridZoom(box, width), feed: MAP_FEED, span: true });
}
