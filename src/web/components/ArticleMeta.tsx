import type { ArticleSummary } from '../../store/types.js';
import { Link } from '../router.js';

export function ArticleMeta({
  a,
}: {
  a: Pick<ArticleSummary, 'publishedAt' | 'site' | 'language' | 'storyId'>;
}) {
  return (
    <div className="meta">
      {a.publishedAt ? <time dateTime={a.publishedAt}>{a.publishedAt.slice(0, 10)}</time> : 'undated'} ·{' '}
      {a.site ?? 'unknown site'}
      {a.language ? ` · ${a.language}` : ''} · <Link href={`/stories/${a.storyId}`}>story {a.storyId}</Link>
    </div>
  );
}
