import { api } from '../api.js';
import { href, Link, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { filterFrom, filterKey, Filters } from '../components/Filters.js';
import { EventTable } from '../components/EventTable.js';

const PAGE = 50;

export function EventsPage() {
  const loc = useLocation();
  const filter = filterFrom(loc);
  const offset = Math.max(0, Number(loc.params.get('offset')) || 0);
  useTitle('Events');
  const r = useApi(`events:${filterKey(filter)}:${offset}`, (s) =>
    api.events({ ...filter, limit: PAGE, offset }, s),
  );
  return (
    <>
      <h1>Events</h1>
      <Filters path="/events" filter={filter} />
      <Load r={r} {...(filter.q ? { query: filter.q } : {})}>
        {(page) => (
          <>
            <p className="muted" role="status">
              {page.total.toLocaleString()} event{page.total === 1 ? '' : 's'} ·{' '}
              <Link href={href('/map', filter)}>on the map</Link> ·{' '}
              <Link href={href('/timeline', filter)}>timeline</Link> ·{' '}
              <Link href={href('/graph', filter)}>actor graph</Link> ·{' '}
              <a href={href('/api/events.csv', filter)} download>
                export CSV
              </a>
            </p>
            <EventTable items={page.items} />
            <nav className="pager" aria-label="Pages">
              {offset > 0 ? (
                <Link href={href('/events', { ...filter, offset: Math.max(0, offset - PAGE) || undefined })}>
                  ← Previous
                </Link>
              ) : (
                <span />
              )}
              {offset + PAGE < page.total ? (
                <Link href={href('/events', { ...filter, offset: offset + PAGE })}>Next →</Link>
              ) : (
                <span />
              )}
            </nav>
          </>
        )}
      </Load>
    </>
  );
}
