import { api } from '../api.js';
import { href, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { filterFrom, filterKey, Filters } from '../components/Filters.js';
import { EventTable } from '../components/EventTable.js';
import { StackedTimeline } from '../viz/StackedTimeline.js';
import { undatedEvents } from '../viz/stack.js';

type Bucket = 'day' | 'week' | 'month' | 'year';
const BUCKETS: Bucket[] = ['day', 'week', 'month', 'year'];

export function TimelinePage() {
  const loc = useLocation();
  const filter = filterFrom(loc);
  const bucket = (BUCKETS as string[]).includes(loc.params.get('bucket') ?? '')
    ? (loc.params.get('bucket') as Bucket)
    : 'month';
  useTitle('Timeline');
  const r = useApi(`timeline:${filterKey(filter)}:${bucket}`, (s) => api.timeline({ ...filter, bucket }, s));
  const events = useApi(`timeline-events:${filterKey(filter)}`, (s) =>
    api.events({ ...filter, limit: 50 }, s),
  );
  return (
    <>
      <h1>Timeline</h1>
      <Filters path="/timeline" filter={filter} extra={{ bucket }} />
      <label className="muted">
        By{' '}
        <select
          value={bucket}
          onChange={(e) => navigate(href('/timeline', { ...filter, bucket: e.target.value }))}
          aria-label="Bucket"
        >
          {BUCKETS.map((b) => (
            <option key={b}>{b}</option>
          ))}
        </select>
      </label>
      <Load r={r} {...(filter.q ? { query: filter.q } : {})}>
        {(t) => (
          <div className="viz" style={{ marginTop: '.6rem' }}>
            <StackedTimeline
              points={t.points}
              bucket={bucket}
              height={320}
              onBrush={(range) =>
                navigate(href('/timeline', { ...filter, bucket, from: range?.from, to: range?.to }))
              }
            />
          </div>
        )}
      </Load>
      {r.data && events.data && undatedEvents(events.data.total, r.data.points) > 0 && (
        <p className="muted" role="note" data-testid="timeline-undated">
          {undatedEvents(events.data.total, r.data.points).toLocaleString()} of the{' '}
          {events.data.total.toLocaleString()} events have no date and are not drawn.
        </p>
      )}
      <p className="muted">Drag across the bars (or use the arrow keys with Shift) to narrow the dates.</p>
      <h2>Events</h2>
      <Load r={events}>{(page) => <EventTable items={page.items} />}</Load>
    </>
  );
}
