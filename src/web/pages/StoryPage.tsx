import { api } from '../api.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { SafeLink } from '../components/SafeLink.js';

export function StoryPage({ id }: { id: number }) {
  const r = useApi(`story:${id}`, (s) => api.story(id, s));
  useTitle(r.data?.title ?? `Story ${id}`);
  return (
    <Load r={r}>
      {(s) => (
        <>
          <h1>{s.title ?? `Story ${s.id}`}</h1>
          <p className="meta">
            First seen {s.firstSeenAt.slice(0, 10)} · {s.sourceUrls.length} source(s)
          </p>
          <h2>Articles</h2>
          <ul className="plain">
            {s.articleIds.map((a) => (
              <li key={a}>
                <Link href={`/articles/${a}`}>article {a}</Link>
              </li>
            ))}
          </ul>
          <h2>Outlets</h2>
          <ul className="plain">
            {s.sourceUrls.map((u) => (
              <li key={u}>
                <SafeLink url={u} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Load>
  );
}
