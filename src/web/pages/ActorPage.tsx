import { api, ApiError, dictionary, type ActorRollup } from '../api.js';
import { href, Link, navigate } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { ArticleList } from '../components/ArticleList.js';
import { loadEventPoints } from '../events-geo.js';
import { EventMap } from '../viz/EventMap.js';
import { StackedTimeline } from '../viz/StackedTimeline.js';
import { typeColor } from '../viz/palette.js';
import { DictionaryEditor } from '../components/DictionaryEditor.js';
import { useSession } from '../session.js';

/** The code a country's or sector's page counts under (country:IRN → IRN), or the id itself. */
function rollupScope(id: string): string {
  return /^(?:country|sector):([A-Za-z]{3,15})$/.exec(id)?.[1]?.toUpperCase() ?? id;
}

function Rollup({ rollup, name, dated }: { rollup: ActorRollup; name: string; dated: number | null }) {
  return (
    <section className="rollup" data-testid="rollup">
      <p>
        This page counts every actor coded <code>{rollup.code}</code>
        {rollup.sectors.length > 0 ? ' — the state itself and its sectors' : ''}:{' '}
        <strong>{rollup.events.toLocaleString()} events</strong> in {rollup.articles.toLocaleString()}{' '}
        articles, as <Link href={href('/events', { actor: rollup.code })}>the events for {rollup.code}</Link>{' '}
        and <Link href={href('/timeline', { actor: rollup.code })}>its timeline</Link> count them
        {dated !== null && dated < rollup.events
          ? ` (the chart below shows the ${dated.toLocaleString()} with a date; ${(rollup.events - dated).toLocaleString()} have none)`
          : ''}
        . Partners and event types below are those of the {name} entry itself.
      </p>
      {rollup.sectors.length > 0 && (
        <p>
          {name}&rsquo;s sectors:{' '}
          {rollup.sectors.map((s, i) => (
            <span key={s.id}>
              {i > 0 ? ' · ' : ''}
              <Link href={`/actors/${encodeURIComponent(s.id)}`}>
                {s.label} ({s.code})
              </Link>{' '}
              <span className="muted">{s.events}</span>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}

function Quotes({ actorId }: { actorId: string }) {
  const r = useApi(`quotes:${actorId}`, (s) =>
    api.quotes({ actor: actorId, limit: 20 }, s).catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404) return { total: 0, items: [] };
      throw err;
    }),
  );
  return (
    <Load r={r}>
      {(q) =>
        q.items.length ? (
          <ul className="plain" data-testid="actor-quotes">
            {q.items.map((x, i) => (
              <li key={i}>
                <blockquote style={{ margin: 0 }}>“{x.text}”</blockquote>
                <Link href={`/articles/${x.articleId}#s${x.sentence}`} className="muted">
                  {x.articleTitle ?? `article ${x.articleId}`}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No quotes attributed.</p>
        )
      }
    </Load>
  );
}

export function ActorPage({ id }: { id: string }) {
  const { session } = useSession();
  const canEdit = session.role === 'analyst' || session.role === 'admin';
  const r = useApi(`actor:${id}`, (s) => api.actor(id, s));
  // Aliases and roles as the team's dictionary has them now (the shipped entry with edits).
  const entry = useApi(`dict-view:${id}`, () => dictionary.get(id).catch(() => null));
  const known = entry.data?.actor ?? null;
  // A country or sector page shows everything coded under it (IRN: IRNGOV, IRNMIL…), as /timeline?actor=IRN
  // does; the server says which code that is.
  const scope = rollupScope(id);
  const timeline = useApi(`actor-timeline:${scope}`, (s) =>
    api.timeline({ actor: scope, bucket: 'month' }, s),
  );
  const points = useApi(`actor-points:${scope}`, (s) => loadEventPoints({ actor: scope }, s, 2000));
  useTitle(r.data?.name ?? id);
  return (
    <Load r={r}>
      {(a) => (
        <>
          <h1>{a.name}</h1>
          <p className="meta">
            {a.kind}
            {known?.country ? ` · ${known.country}` : ''} · {a.mentions} mentions{' '}
            {a.rollup ? 'of this entry itself ' : ''}in {a.articles} articles · id <code>{a.actorId}</code>
          </p>
          <p>
            {a.codes.map((c) => (
              <span className="tag" key={c} title="CAMEO actor code">
                {c}
              </span>
            ))}
          </p>
          {a.rollup && (
            <Rollup
              rollup={a.rollup}
              name={a.name}
              dated={timeline.data ? timeline.data.points.reduce((n, p) => n + p.count, 0) : null}
            />
          )}
          {known && known.aliases.length > 0 && (
            <p className="muted">Also called: {known.aliases.slice(0, 30).join(' · ')}</p>
          )}
          {known && known.roles.length > 0 && (
            <>
              <h2>Roles</h2>
              <table>
                <thead>
                  <tr>
                    <th>Role</th>
                    <th>Code</th>
                    <th>From</th>
                    <th>To</th>
                  </tr>
                </thead>
                <tbody>
                  {known.roles.map((role, i) => (
                    <tr key={i}>
                      <td>{role.title || '—'}</td>
                      <td>{role.code ?? ''}</td>
                      <td>{role.from ?? ''}</td>
                      <td>{role.to ?? 'now'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {canEdit && !/^(discovered|sector):/.test(a.actorId) && <DictionaryEditor actorId={a.actorId} />}
          <h2>Events over time</h2>
          <Load r={timeline}>
            {(t) =>
              t.points.length ? (
                <div className="viz">
                  <StackedTimeline
                    points={t.points}
                    bucket="month"
                    height={200}
                    onBrush={(range) =>
                      range && navigate(href('/events', { actor: scope, from: range.from, to: range.to }))
                    }
                  />
                </div>
              ) : (
                <p className="muted">No dated events.</p>
              )
            }
          </Load>
          <div className="grid-half">
            <section>
              <h2>Acts on and is acted on by</h2>
              {a.partners.length ? (
                <table data-testid="partners">
                  <thead>
                    <tr>
                      <th>Actor</th>
                      <th>Acts on</th>
                      <th>Acted on by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.partners.map((p) => (
                      <tr key={p.actorId}>
                        <td>
                          <Link href={`/actors/${encodeURIComponent(p.actorId)}`}>{p.name}</Link>
                        </td>
                        <td>{p.actsOn}</td>
                        <td>{p.actedOnBy}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="muted">No events with another actor.</p>
              )}
              <h2>Event types</h2>
              <ul className="plain">
                {a.eventTypes.map((t) => (
                  <li key={`${t.type}:${t.role}`}>
                    <span className="swatch" style={{ background: typeColor(t.type) }} aria-hidden="true" />
                    <Link href={href('/events', { actor: a.actorId, type: t.type })}>{t.type}</Link> as{' '}
                    {t.role}: {t.count}
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h2>Where its events happen</h2>
              <Load r={points}>
                {({ points: ps }) => (
                  <div className="viz">
                    <EventMap
                      points={ps}
                      height={300}
                      onPick={(picked) => {
                        const first = picked[0];
                        if (first) navigate(`/articles/${first.articleId}#s${first.sentence}`);
                      }}
                    />
                  </div>
                )}
              </Load>
            </section>
          </div>
          <div className="grid-half">
            <section>
              <h2>Quotes</h2>
              <Quotes actorId={a.actorId} />
            </section>
            <section>
              <h2>Recent articles</h2>
              <ArticleList items={a.recentArticles} />
              <p>
                <Link href={href('/', { q: `actor:"${a.actorId}"` })}>Search all its articles</Link> ·{' '}
                <Link href={href('/events', { actor: scope })}>all its events</Link>
              </p>
            </section>
          </div>
        </>
      )}
    </Load>
  );
}
