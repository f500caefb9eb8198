import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { href, Link, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';

const PAGE = 50;

/** Find an actor by name, alias (any script), code, country or sector; browse them by name. */
export function ActorsPage() {
  const loc = useLocation();
  const f = {
    q: loc.params.get('q') ?? '',
    country: loc.params.get('country') ?? '',
    sector: loc.params.get('sector') ?? '',
  };
  const offset = Math.max(0, Number(loc.params.get('offset')) || 0);
  const [draft, setDraft] = useState(f);
  const [seen, setSeen] = useState(loc.params.toString());
  if (seen !== loc.params.toString()) {
    setSeen(loc.params.toString());
    setDraft(f);
  }
  const key = `${f.q}|${f.country}|${f.sector}|${offset}`;
  const r = useApi(`actors:${key}`, (s) => api.actors({ ...f, limit: PAGE, offset }, s));
  useTitle('Actors');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href('/actors', draft));
  };
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  return (
    <>
      <h1>Actors</h1>
      <form className="filters" onSubmit={submit} aria-label="Find actors">
        <label>
          Name, alias or code
          <input name="q" value={draft.q} onChange={set('q')} placeholder="Hezbollah, حزب الله, IRNMIL" />
        </label>
        <label>
          Country (ISO alpha-3)
          <input
            name="country"
            value={draft.country}
            onChange={set('country')}
            placeholder="IRN"
            maxLength={3}
          />
        </label>
        <label>
          Sector
          <input
            name="sector"
            value={draft.sector}
            onChange={set('sector')}
            placeholder="MIL, GOV, IRNMIL"
            maxLength={6}
          />
        </label>
        <button className="primary" type="submit">
          Find
        </button>
      </form>
      <Load r={r}>
        {(list) => (
          <>
            <p className="meta">
              {list.total.toLocaleString()} actors in the dictionary
              {list.total > list.items.length ? `, ${offset + 1}–${offset + list.items.length} shown` : ''}.
              Counts are of the stored articles that name each one.
            </p>
            <div className="table-scroll">
              <table data-testid="actors">
                <thead>
                  <tr>
                    <th>Actor</th>
                    <th>Kind</th>
                    <th>Codes</th>
                    <th>Country</th>
                    <th>Articles</th>
                    <th>Events</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link href={`/actors/${encodeURIComponent(a.id)}`}>{a.name}</Link>
                        {a.aliases.length > 0 && (
                          <div className="muted small">{a.aliases.slice(0, 4).join(' · ')}</div>
                        )}
                      </td>
                      <td>{a.kind}</td>
                      <td>{a.codes.slice(0, 4).join(' ')}</td>
                      <td>{a.country ?? ''}</td>
                      <td>{a.articles}</td>
                      <td>{a.events}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="pager" aria-label="Pages">
              {offset > 0 ? (
                <Link href={href('/actors', { ...f, offset: Math.max(0, offset - PAGE) || undefined })}>
                  ← Previous
                </Link>
              ) : (
                <span />
              )}
              {offset + PAGE < list.total ? (
                <Link href={href('/actors', { ...f, offset: offset + PAGE })}>Next →</Link>
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
