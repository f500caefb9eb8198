import type { EventParty, EventRow } from '../../store/types.js';
import { Link } from '../router.js';
import { typeColor } from '../viz/palette.js';

function Parties({ list }: { list: EventParty[] }) {
  if (!list.length) return <span className="muted">?</span>;
  return (
    <>
      {list.map((p, i) => (
        <span key={p.actorId}>
          {i > 0 && ', '}
          <Link href={`/actors/${encodeURIComponent(p.actorId)}`}>{p.name}</Link>
        </span>
      ))}
    </>
  );
}

export function EventTable({ items }: { items: EventRow[] }) {
  if (!items.length) return <p className="muted">No events match.</p>;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table data-testid="event-table">
        <thead>
          <tr>
            <th>Date</th>
            <th>Type</th>
            <th>Source → target</th>
            <th>Place</th>
            <th>Evidence</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} id={`event-${e.id}`}>
              <td>{e.date ?? <span className="muted">undated</span>}</td>
              <td>
                <span className="swatch" style={{ background: typeColor(e.type) }} aria-hidden="true" />
                {e.type}
                {e.mode ? `/${e.mode}` : ''}
                <div className="muted">
                  CAMEO {e.cameo}
                  {e.intended ? ' · intended' : ''}
                </div>
              </td>
              <td>
                <Parties list={e.sources} /> → <Parties list={e.targets} />
              </td>
              <td>
                {e.place ? (
                  <Link href={`/places/${encodeURIComponent(e.place.id)}`}>{e.place.name ?? e.place.id}</Link>
                ) : (
                  ''
                )}
              </td>
              <td>
                <Link href={`/articles/${e.articleId}#s${e.sentence}`}>
                  {e.articleTitle ?? `article ${e.articleId}`}
                </Link>
                <div className="muted">confidence {Math.round(e.confidence * 100)}%</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
