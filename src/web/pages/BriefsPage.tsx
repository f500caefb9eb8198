import { useState, type FormEvent } from 'react';
import { briefs } from '../api.js';
import { Link, navigate } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';

export function BriefsPage() {
  useTitle('Briefs');
  const r = useApi('briefs', () => briefs.list());
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const b = await briefs.create(title);
      navigate(`/briefs/${b.id}`);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      <h1>Briefs</h1>
      <p className="muted">
        Markdown with citations of the evidence. Published briefs appear on the{' '}
        <a href="/published">public page</a>.
      </p>
      <form className="filters" onSubmit={(e) => void create(e)} aria-label="New brief">
        <label>
          Title
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            style={{ width: '22rem' }}
          />
        </label>
        <button className="primary" type="submit">
          New brief
        </button>
        {error && <span className="error">{error}</span>}
      </form>
      <Load r={r}>
        {(list) =>
          list.items.length ? (
            <table data-testid="briefs">
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Status</th>
                  <th>Author</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((b) => (
                  <tr key={b.id}>
                    <td>
                      <Link href={`/briefs/${b.id}`}>{b.title}</Link>
                    </td>
                    <td>{b.status}</td>
                    <td>{b.author}</td>
                    <td>{(b.publishedAt ?? b.updatedAt).slice(0, 16).replace('T', ' ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No briefs yet.</p>
          )
        }
      </Load>
    </>
  );
}
