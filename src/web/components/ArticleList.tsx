import type { ArticleRef } from '../../store/types.js';
import { Link } from '../router.js';

export function ArticleList({ items }: { items: ArticleRef[] }) {
  if (!items.length) return <p className="muted">None.</p>;
  return (
    <ul className="plain">
      {items.map((a) => (
        <li key={a.id}>
          {/* <bdi>: an Arabic or Persian title runs right to left without pulling the date after it along. */}
          <Link href={`/articles/${a.id}`}>
            <bdi>{a.title ?? `article ${a.id}`}</bdi>
          </Link>{' '}
          <span className="muted">
            {a.publishedAt?.slice(0, 10) ?? 'undated'} · {a.mentions} mention{a.mentions === 1 ? '' : 's'}
          </span>
        </li>
      ))}
    </ul>
  );
}
