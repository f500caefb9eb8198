import { useState, type FormEvent } from 'react';
import { watch, type WatchlistInfo } from '../api.js';
import { href, Link } from '../router.js';
import { useApi } from '../use-api.js';
import { ErrorBox, Load, useTitle } from '../components/Status.js';

function NewWatchlist({ onDone }: { onDone: (feedUrl: string) => void }) {
  const [f, setF] = useState({ name: '', query: '', webhookUrl: '' });
  const [error, setError] = useState<Error | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await watch.create({ name: f.name, query: f.query, webhookUrl: f.webhookUrl.trim() || null });
      setF({ name: '', query: '', webhookUrl: '' });
      setError(null);
      onDone(r.feedUrl);
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <>
      <form className="filters" onSubmit={(e) => void submit(e)} aria-label="New watchlist">
        <label>
          Name
          <input name="name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} required />
        </label>
        <label>
          Query
          <input
            name="query"
            value={f.query}
            onChange={(e) => setF({ ...f, query: e.target.value })}
            placeholder="actor:IRN type:ASSAULT"
            required
            style={{ width: '18rem' }}
          />
        </label>
        <label>
          Webhook URL (optional)
          <input
            name="webhookUrl"
            type="url"
            value={f.webhookUrl}
            onChange={(e) => setF({ ...f, webhookUrl: e.target.value })}
          />
        </label>
        <button className="primary" type="submit">
          Watch
        </button>
      </form>
      {error && <ErrorBox error={error} query={f.query} />}
    </>
  );
}

function Inbox({ version, onChange }: { version: number; onChange: () => void }) {
  const [offset, setOffset] = useState(0);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const r = useApi(`alerts:${version}:${offset}:${unreadOnly}`, () => watch.alerts(offset, unreadOnly));
  const mark = async (body: { ids?: number[]; all?: boolean }) => {
    await watch.read(body);
    onChange();
  };
  return (
    <Load r={r}>
      {(a) => (
        <section aria-label="Alerts" data-testid="inbox">
          <p className="muted">
            {a.unread} unread of {a.total} ·{' '}
            <label>
              <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />{' '}
              unread only
            </label>{' '}
            {a.unread > 0 && (
              <button type="button" onClick={() => void mark({ all: true })}>
                Mark all read
              </button>
            )}
          </p>
          <ul className="plain">
            {a.items.map((x) => (
              <li key={x.id} data-testid="alert" style={{ fontWeight: x.readAt ? 'normal' : 600 }}>
                <Link
                  href={`/articles/${x.articleId}`}
                  onClick={() => void (x.readAt ? null : mark({ ids: [x.id] }))}
                >
                  {x.title ?? x.url}
                </Link>{' '}
                <span className="muted">
                  {x.watchlistName} · {x.site ?? ''} · {x.createdAt.slice(0, 16).replace('T', ' ')}
                </span>
              </li>
            ))}
          </ul>
          <nav className="pager">
            {offset > 0 ? (
              <button onClick={() => setOffset(Math.max(0, offset - 50))}>← Newer</button>
            ) : (
              <span />
            )}
            {offset + 50 < a.total ? (
              <button onClick={() => setOffset(offset + 50)}>Older →</button>
            ) : (
              <span />
            )}
          </nav>
        </section>
      )}
    </Load>
  );
}

function Digest({ version }: { version: number }) {
  const r = useApi(`digest:${version}`, () => watch.digest(7));
  const [feed, setFeed] = useState<string | null>(null);
  return (
    <section aria-label="Daily digest" data-testid="digest">
      <p>
        <button type="button" onClick={() => void watch.digestFeed().then((f) => setFeed(f.feedUrl))}>
          Digest feed link
        </button>{' '}
        {feed && <code>{feed}</code>}
      </p>
      <Load r={r}>
        {(d) =>
          d.days.length ? (
            <>
              {d.days.map((day) => (
                <details key={day.day} open={day === d.days[0]}>
                  <summary>
                    {day.day}: {day.total} alert{day.total === 1 ? '' : 's'}
                  </summary>
                  {day.watchlists.map((w) => (
                    <div key={w.id}>
                      <strong>{w.name}</strong>
                      <ul>
                        {w.articles.map((a) => (
                          <li key={a.id}>
                            <Link href={`/articles/${a.id}`}>{a.title ?? `article ${a.id}`}</Link>{' '}
                            <span className="muted">{a.site ?? ''}</span>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ))}
                </details>
              ))}
            </>
          ) : (
            <p className="muted">No alerts in the last seven days.</p>
          )
        }
      </Load>
    </section>
  );
}

/** Why the last sweep could not check a watchlist: it raises no alerts until its query is fixed. */
function SweepError({
  w,
}: {
  w: WatchlistInfo & { lastError?: string | null; lastErrorAt?: string | null };
}) {
  if (!w.lastError) return null;
  return (
    <div className="error" role="alert" data-testid="watchlist-error">
      Not checked since {w.lastErrorAt ? new Date(w.lastErrorAt).toLocaleString() : 'its last sweep'}:{' '}
      {w.lastError} Edit or delete it; the other watchlists keep alerting.
    </div>
  );
}

export function WatchlistsPage() {
  useTitle('Watchlists');
  const [version, setVersion] = useState(0);
  const [feed, setFeed] = useState<string | null>(null);
  const bump = () => setVersion((v) => v + 1);
  const r = useApi(`watchlists:${version}`, () => watch.list());
  return (
    <>
      <h1>Watchlists</h1>
      <p className="muted">
        A watchlist is a saved search: each new article that matches it raises one alert here, in its private
        Atom feed and, when set, at its webhook.
      </p>
      <NewWatchlist
        onDone={(url) => {
          setFeed(url);
          bump();
        }}
      />
      {feed && (
        <p className="panel" role="status">
          Private feed (keep it to yourself; rotate it if it leaks):{' '}
          <code data-testid="feed-url">{feed}</code>
        </p>
      )}
      <Load r={r}>
        {(w) =>
          w.items.length ? (
            <table data-testid="watchlists">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Query</th>
                  <th>Unread</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {w.items.map((x) => (
                  <tr key={x.id}>
                    <td>{x.name}</td>
                    <td>
                      <Link href={href('/', { q: x.query })}>
                        <code>{x.query}</code>
                      </Link>
                      <SweepError w={x} />
                    </td>
                    <td>{x.unread ?? 0}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => void watch.rotateFeed(x.id).then((f) => setFeed(f.feedUrl))}
                      >
                        New feed link
                      </button>{' '}
                      <button type="button" onClick={() => void watch.remove(x.id).then(bump)}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No watchlists yet.</p>
          )
        }
      </Load>
      <h2>Alerts</h2>
      <Inbox version={version} onChange={bump} />
      <h2>Daily digest</h2>
      <Digest version={version} />
    </>
  );
}
