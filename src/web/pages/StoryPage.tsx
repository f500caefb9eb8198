import { api } from '../api.js';
import { Link } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { SafeLink } from '../components/SafeLink.js';

/** A URL's host without www., for a link that names the outlet rather than spelling out the URL. */
function host(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

export function StoryPage({ id }: { id: number }) {
  const r = useApi(`story:${id}`, (s) => api.story(id, s));
  useTitle(r.data?.title ?? `Story ${id}`);
  return (
    <Load r={r}>
      {(s) => {
        const listed = new Set(s.articles.map((a) => a.url));
        // Sources the desk holds no article for (a duplicate's other URL): named by outlet, linked out.
        const others = s.sourceUrls.filter((u) => !listed.has(u));
        const outlets = new Set(s.sourceUrls.map(host)).size;
        return (
          <>
            <h1>{s.title ?? `Story ${s.id}`}</h1>
            <p className="meta">
              First seen {s.firstSeenAt.slice(0, 10)} · {s.articleIds.length} article
              {s.articleIds.length === 1 ? '' : 's'} from {outlets} outlet{outlets === 1 ? '' : 's'}
            </p>
            <h2>Articles</h2>
            <ul className="plain" data-testid="story-articles">
              {s.articles.map((a) => (
                <li key={a.id}>
                  <Link href={`/articles/${a.id}`}>{a.title ?? `Untitled (${host(a.url)})`}</Link>{' '}
                  <span className="muted">
                    {a.publishedAt?.slice(0, 10) ?? 'undated'} · {a.site ?? host(a.url)} ·{' '}
                    <SafeLink url={a.url}>original</SafeLink>
                  </span>
                </li>
              ))}
            </ul>
            {s.articleIds.length > s.articles.length && (
              <p className="muted">{s.articleIds.length - s.articles.length} more not listed.</p>
            )}
            {others.length > 0 && (
              <>
                <h2>Also carried by</h2>
                <ul className="plain">
                  {others.map((u) => (
                    <li key={u}>
                      <SafeLink url={u}>{host(u)}</SafeLink>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        );
      }}
    </Load>
  );
}
