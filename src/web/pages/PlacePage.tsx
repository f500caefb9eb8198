import { api } from '../api.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { ArticleList } from '../components/ArticleList.js';
import { EventTable } from '../components/EventTable.js';
import { EventMap } from '../viz/EventMap.js';
import { typeColor } from '../viz/palette.js';
import { fieldTerm } from '../query.js';
import { GazetteerEditor } from '../components/GazetteerEditor.js';
import { useSession } from '../session.js';

export function PlacePage({ id }: { id: string }) {
  const { session } = useSession();
  const canEdit = session.role === 'analyst' || session.role === 'admin';
  const r = useApi(`place:${id}`, (s) => api.place(id, s));
  const q = fieldTerm('place', id);
  const events = useApi(`place-events:${id}`, (s) => api.events({ q, limit: 50 }, s));
  useTitle(r.data?.name ?? id);
  return (
    <Load r={r}>
      {(p) => (
        <>
          <h1>{p.name}</h1>
          <p className="meta">
            {[p.fcode, p.admin1 ? `admin1 ${p.admin1}` : null, p.country].filter(Boolean).join(' · ')}
            {p.lat !== null && p.lon !== null ? ` · ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : ''}
            {p.geonameId ? ` · GeoNames ${p.geonameId}` : ''} · {p.mentions} mentions in {p.articles} articles
          </p>
          {canEdit && <GazetteerEditor placeId={p.placeId} />}
          <div className="grid-half">
            <section>
              {p.lat !== null && p.lon !== null && (
                <div className="viz">
                  <EventMap
                    points={[
                      {
                        id: p.placeId,
                        lat: p.lat,
                        lon: p.lon,
                        type: 'CONSULT',
                        label: p.name,
                        date: null,
                        articleId: 0,
                        sentence: 0,
                      },
                    ]}
                    height={260}
                  />
                </div>
              )}
              <h2>Event types in its articles</h2>
              <ul className="plain">
                {p.eventTypes.map((t) => (
                  <li key={t.type}>
                    <span className="swatch" style={{ background: typeColor(t.type) }} aria-hidden="true" />
                    {t.type}: {t.count}
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h2>Recent articles</h2>
              <ArticleList items={p.recentArticles} />
              <p>
                <Link href={href('/', { q })}>Search all its articles</Link>
                {p.country && (
                  <>
                    {' '}
                    ·{' '}
                    <Link href={href('/map', { country: p.country })}>events in {p.country} on the map</Link>
                  </>
                )}
              </p>
            </section>
          </div>
          <h2>Events in articles naming it</h2>
          <Load r={events}>{(page) => <EventTable items={page.items} />}</Load>
        </>
      )}
    </Load>
  );
}
