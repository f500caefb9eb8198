import type { MapEvent } from '../events-geo.js';
import { Link } from '../router.js';
import { TypeIcon } from '../viz/EventMap.js';
import { SafeLink } from './SafeLink.js';

// The events in the map's view, newest first, beside the map (and the same card inside a marker's popup).

/** "Israel → Syria" from an event's parties; "?" for a side nobody was coded on. */
export function partiesOf(e: Pick<MapEvent, 'sources' | 'targets'>): string {
  // An actor named twice on one side (a person and their sector, say) is said once.
  const side = (ps: MapEvent['sources']) => [...new Set(ps.map((p) => p.name))].join(', ') || '?';
  return `${side(e.sources)} → ${side(e.targets)}`;
}

/** The host of a source URL, as the link's words ("news.example"). */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** One event: its type, who did what to whom, where and when, the sentence it was read from, its source. */
export function EventCard({ event: e, onShow }: { event: MapEvent; onShow?: (e: MapEvent) => void }) {
  return (
    <article
      className="wf-event-card"
      data-testid="event-card"
      data-id={e.id}
      data-date={e.date ?? ''}
      data-lat={e.place?.lat}
      data-lon={e.place?.lon}
    >
      <header>
        <TypeIcon type={e.type} />
        <strong>
          {e.type}
          {e.mode ? `/${e.mode}` : ''}
        </strong>{' '}
        <span>{partiesOf(e)}</span>
      </header>
      <p className="muted wf-event-where">
        {[e.place?.name, e.date ?? 'undated'].filter(Boolean).join(' · ')}
      </p>
      {e.evidence && <blockquote className="wf-event-evidence">{e.evidence}</blockquote>}
      <p className="wf-event-links">
        <Link href={`/articles/${e.articleId}#s${e.sentence}`}>{e.articleTitle ?? `the article`}</Link>
        {' · '}
        <SafeLink url={e.articleUrl}>{hostOf(e.articleUrl)}</SafeLink>
        {onShow && e.place && (
          <>
            {' · '}
            <button type="button" className="linklike" onClick={() => onShow(e)}>
              on the map
            </button>
          </>
        )}
      </p>
    </article>
  );
}

export function MapFeed({
  events,
  total,
  loading,
  box,
  onShow,
}: {
  /** Newest first. */
  events: MapEvent[] | null;
  /** Placed events in view. */
  total: number | null;
  loading: boolean;
  /** The box the list answers for, [west, south, east, north]. */
  box: readonly number[] | null;
  onShow: (e: MapEvent) => void;
}) {
  return (
    <section
      className="wf-mapfeed"
      aria-label="Events in view"
      data-testid="map-feed"
      data-bbox={box?.join(',') ?? ''}
      aria-busy={loading}
    >
      <h2 className="wf-mapfeed-head" role="status" data-testid="map-feed-count" data-total={total ?? ''}>
        {total === null
          ? 'Loading the events in view…'
          : total === 0
            ? 'No events in view'
            : `${total.toLocaleString()} event${total === 1 ? '' : 's'} in view` +
              ((events?.length ?? 0) < total ? `, the newest ${events?.length ?? 0}` : '')}
      </h2>
      {total === 0 && <p className="muted">Zoom out, pan, widen the time range or change the filter.</p>}
      <ol className="plain wf-mapfeed-list">
        {(events ?? []).map((e) => (
          <li key={e.id}>
            <EventCard event={e} onShow={onShow} />
          </li>
        ))}
      </ol>
    </section>
  );
}
