import { useState, type FormEvent } from 'react';
import { api, feeds } from '../api.js';
import { useSession } from '../session.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { SafeLink } from '../components/SafeLink.js';

function AddFeed({ onDone }: { onDone: () => void }) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await feeds.add(url.trim());
      setUrl('');
      setError(null);
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="filters" onSubmit={(e) => void submit(e)} aria-label="Add a feed">
      <label>
        Feed URL
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required className="wide" />
      </label>
      <button type="submit">Add feed</button>
      {error && <span className="error">{error}</span>}
    </form>
  );
}

export function StatusPage() {
  const [version, setVersion] = useState(0);
  const { session } = useSession();
  const admin = session.role === 'admin';
  const r = useApi(`status:${version}`, (s) => api.status(s));
  useTitle('Status');
  return (
    <Load r={r}>
      {(s) => (
        <>
          <h1>Status</h1>
          <table style={{ maxWidth: '30rem' }}>
            <tbody>
              <tr>
                <th>Articles</th>
                <td>{s.articles.toLocaleString()}</td>
              </tr>
              <tr>
                <th>Stories</th>
                <td>{s.stories.toLocaleString()}</td>
              </tr>
              <tr>
                <th>Sources</th>
                <td>{s.sources.toLocaleString()}</td>
              </tr>
              <tr>
                <th>Feeds</th>
                <td>{s.feeds}</td>
              </tr>
              <tr>
                <th>Jobs</th>
                <td>
                  {Object.entries(s.jobs)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(' · ')}
                </td>
              </tr>
            </tbody>
          </table>
          <h2>Feeds, last polls</h2>
          {admin && <AddFeed onDone={() => setVersion((v) => v + 1)} />}
          {s.lastPolls.length ? (
            <table>
              <thead>
                <tr>
                  <th>Feed</th>
                  <th>Polled</th>
                  <th>Status</th>
                  <th>New</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {s.lastPolls.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <SafeLink url={f.url} />
                    </td>
                    <td>{f.lastPolledAt ?? 'never'}</td>
                    <td>{f.lastStatus ?? ''}</td>
                    <td>{f.lastNewItems ?? ''}</td>
                    <td>{f.lastError ?? ''}</td>
                    {admin && (
                      <td>
                        <button
                          type="button"
                          onClick={() => void feeds.remove(f.id).then(() => setVersion((v) => v + 1))}
                        >
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No feeds: add one with `watchfloor feeds add URL`.</p>
          )}
          <h2>Failures by reason</h2>
          {s.failuresByCode.length ? (
            <ul className="plain">
              {s.failuresByCode.map((f) => (
                <li key={f.code}>
                  {f.code}: {f.count}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None.</p>
          )}
          {s.recentFailures.length > 0 && (
            <>
              <h2>Recent failures</h2>
              <table>
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Where</th>
                    <th>What</th>
                    <th>What to do</th>
                  </tr>
                </thead>
                <tbody>
                  {s.recentFailures.map((f) => (
                    <tr key={f.id}>
                      <td>{f.at}</td>
                      <td>{f.where}</td>
                      <td>
                        {f.code}: {f.message}
                      </td>
                      <td>{f.hint ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </Load>
  );
}
