import type { EventPoint } from '../events-geo.js';
import { Link } from '../router.js';
import { typeColor } from '../viz/palette.js';

/** The events behind a clicked cluster, each leading to its sentence. */
export function PickedEvents({ points, onClose }: { points: EventPoint[]; onClose: () => void }) {
  if (!points.length) return null;
  const shown = points.slice(0, 100);
  return (
    <section
      className="panel"
      aria-label="Selected events"
      data-testid="picked-events"
      style={{ marginTop: '1rem' }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h2 style={{ margin: 0 }}>
          {points.length} event{points.length === 1 ? '' : 's'}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ul className="plain">
        {shown.map((p) => (
          <li key={p.id}>
            <span className="swatch" style={{ background: typeColor(p.type) }} aria-hidden="true" />
            <Link href={`/articles/${p.articleId}#s${p.sentence}`}>{p.label}</Link>{' '}
            <span className="muted">{p.date ?? ''}</span>
          </li>
        ))}
      </ul>
      {points.length > shown.length && (
        <p className="muted">and {points.length - shown.length} more: zoom in or filter.</p>
      )}
    </section>
  );
}
