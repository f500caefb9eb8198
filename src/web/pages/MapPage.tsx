import { useState } from 'react';
import { href, Link, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { filterFrom, filterKey, Filters } from '../components/Filters.js';
import { PickedEvents } from '../components/PickedEvents.js';
import { loadEventPoints, type EventPoint } from '../events-geo.js';
import { EventMap } from '../viz/EventMap.js';

export function MapPage() {
  const loc = useLocation();
  const filter = filterFrom(loc);
  useTitle('Map');
  const r = useApi(`map:${filterKey(filter)}`, (s) => loadEventPoints(filter, s));
  const [picked, setPicked] = useState<EventPoint[]>([]);
  return (
    <>
      <h1>Map of events</h1>
      <Filters path="/map" filter={filter} />
      <Load r={r} {...(filter.q ? { query: filter.q } : {})}>
        {({ points, total }) => (
          <>
            <p className="muted" role="status">
              {points.length < total
                ? `The newest ${points.length.toLocaleString()} of ${total.toLocaleString()} placed events (narrow the filter for the rest)`
                : `${total.toLocaleString()} placed event${total === 1 ? '' : 's'}`}{' '}
              · <Link href={href('/events', filter)}>as a list</Link>
            </p>
            <div className="viz">
              <EventMap points={points} height={520} onPick={(ps) => setPicked(ps as EventPoint[])} />
            </div>
            <PickedEvents points={picked} onClose={() => setPicked([])} />
          </>
        )}
      </Load>
    </>
  );
}
