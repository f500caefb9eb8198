import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { href, Link, useLocation } from '../router.js';
import { ErrorBox, useTitle } from '../components/Status.js';
import { filterFrom, filterKey, Filters } from '../components/Filters.js';
import { EventCard, MapFeed } from '../components/MapFeed.js';
import { RegionPicker, regionBox, useRegion } from '../components/RegionPicker.js';
import { dayOf, dayText, TimeSlider, type DayRange } from '../components/TimeSlider.js';
import { gridZoom, loadMapView, MAP_FEED, type MapClusters, type MapEvent } from '../events-geo.js';
import { ClusterMap, type LonLatBox } from '../viz/EventMap.js';

// The map-first event feed (issue 18): the map beside the events in view, newest first. Panning, zooming,
// the time slider and the filter each ask the server for the view again (GET /api/map/clusters), so the
// page never holds more than a screen's clusters and one page of events.

/** Quiet after a slider move before the view is asked for again. */
const SLIDER_DEBOUNCE_MS = 250;

interface ViewState {
  data: MapClusters | null;
  /** The box `data` answers for. */
  box: LonLatBox | null;
  error: Error | null;
  loading: boolean;
}

/** Boxes within 0.5% of their size of each other. */
function nearlySame(a: LonLatBox, b: LonLatBox): boolean {
  const size = Math.max(a[2] - a[0], a[3] - a[1]);
  return a.every((d, i) => Math.abs(d - (b[i] ?? NaN)) <= size * 0.005);
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function MapPage() {
  const loc = useLocation();
  const filter = filterFrom(loc);
  const fk = filterKey(filter);
  useTitle('Map');
  const [regionId, setRegionId, regionError] = useRegion();
  const region = useMemo(() => regionBox(regionId), [regionId]);
  const [view, setView] = useState<{ box: LonLatBox; zoom: number } | null>(null);
  const [state, setState] = useState<ViewState>({ data: null, box: null, error: null, loading: true });
  // The filter's date span over the whole map, asked once per filter; the slider ranges over it.
  const [span, setSpan] = useState<{ key: string; days: DayRange | null } | null>(null);
  const [range, setRange] = useState<DayRange | null>(null);
  const [popup, setPopup] = useState<MapEvent[] | null>(null);
  const days = span?.key === fk ? span.days : null;
  const narrowed = useDebounced(range, SLIDER_DEBOUNCE_MS);

  // A new filter starts over with its own span and the whole of it.
  const [seen, setSeen] = useState(fk);
  if (seen !== fk) {
    setSeen(fk);
    setRange(null);
  }

  const onView = useCallback((box: LonLatBox, width: number) => {
    const zoom = gridZoom(box, width);
    // A view that barely moved (a scrollbar appearing narrows the map by a few pixels) keeps its answer.
    setView((prev) => (prev && prev.zoom === zoom && nearlySame(prev.box, box) ? prev : { box, zoom }));
  }, []);

  useEffect(() => {
    if (!view) return;
    const ctrl = new AbortController();
    const wantSpan = span?.key !== fk;
    const within =
      narrowed && days && (narrowed.from > days.from || narrowed.to < days.to)
        ? { from: dayText(narrowed.from), to: dayText(narrowed.to) }
        : {};
    setState((s) => ({ ...s, loading: true, error: null }));
    loadMapView({ ...filter, ...within }, { ...view, feed: MAP_FEED, span: wantSpan }, ctrl.signal).then(
      (data) => {
        if (ctrl.signal.aborted) return;
        setState({ data, box: view.box, error: null, loading: false });
        if (wantSpan) {
          const first = data.span ? dayOf(data.span.first, 'first') : null;
          const last = data.span ? dayOf(data.span.last, 'last') : null;
          setSpan({ key: fk, days: first !== null && last !== null ? { from: first, to: last } : null });
        }
      },
      (error: unknown) => {
        if (!ctrl.signal.aborted) setState({ data: null, box: null, error: error as Error, loading: false });
      },
    );
    return () => ctrl.abort();
    // `filter` is rebuilt each render; `fk` names it. `days` only changes with `span`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, fk, narrowed]);

  const data = state.data;
  // The feed (fifty cards) is drawn in a render of its own after the markers', so it never holds back
  // the first markers' paint. Deferred as one value: its cards, count and box always belong together.
  const feed = useDeferredValue(state);
  const openIds = useMemo(() => new Set((popup ?? []).map((e) => e.id)), [popup]);
  const showOnMap = useCallback((e: MapEvent) => setPopup([e]), []);
  const onOpen = useCallback((events: Array<{ id: string }>) => setPopup(events as MapEvent[]), []);

  return (
    <>
      <h1>Map of events</h1>
      <Filters path="/map" filter={filter} />
      <div className="wf-map-toolbar">
        <RegionPicker
          value={regionId}
          onChange={(id) => {
            setRegionId(id);
            setPopup(null);
          }}
        />
        {days && (
          <TimeSlider
            span={days}
            value={range ?? days}
            onChange={(r) => setRange(r.from <= days.from && r.to >= days.to ? null : r)}
          />
        )}
        <Link href={href('/events', filter)}>as a list</Link>
      </div>
      {regionError && (
        <p className="error" role="alert">
          The region could not be kept with your account: {regionError.message}
        </p>
      )}
      {state.error && <ErrorBox error={state.error} {...(filter.q ? { query: filter.q } : {})} />}
      {data?.truncated && (
        <p className="muted" role="status">
          The view holds more clusters than the map draws: the sparsest are left out. Zoom in for them.
        </p>
      )}
      <div className="wf-mapdesk">
        <ClusterMap
          region={region}
          clusters={data?.clusters ?? null}
          cellDegrees={data?.cellDegrees ?? 360}
          onView={onView}
          onOpen={onOpen}
          openIds={openIds}
          overlay={
            popup && popup.length > 0 ? (
              <div className="wf-map-popup" role="dialog" aria-label="Events here" data-testid="map-popup">
                <button
                  type="button"
                  className="wf-map-popup-close"
                  aria-label="Close"
                  onClick={() => setPopup(null)}
                >
                  ×
                </button>
                {popup.map((e) => (
                  <EventCard key={e.id} event={e} />
                ))}
              </div>
            ) : null
          }
        />
        <MapFeed
          events={feed.data?.feed ?? null}
          total={feed.data ? feed.data.total : null}
          loading={feed.loading}
          box={feed.box}
          onShow={showOnMap}
        />
      </div>
    </>
  );
}
