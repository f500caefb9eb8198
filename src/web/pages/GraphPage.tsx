import { api } from '../api.js';
import { href, navigate, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { filterFrom, filterKey, Filters } from '../components/Filters.js';
import { ActorGraphView } from '../viz/ActorGraphView.js';

export function GraphPage() {
  const loc = useLocation();
  const filter = filterFrom(loc);
  useTitle('Actor graph');
  const r = useApi(`graph:${filterKey(filter)}`, (s) => api.graph({ ...filter, limit: 150 }, s));
  return (
    <>
      <h1>Actor graph</h1>
      <Filters path="/graph" filter={filter} />
      <Load r={r} {...(filter.q ? { query: filter.q } : {})}>
        {(g) => (
          <>
            <p className="muted" role="status">
              {g.nodes.length} actors, {g.edges.length} edges. Click an actor for its page, an edge for its
              events.
            </p>
            <div className="viz">
              <ActorGraphView
                graph={g}
                height={560}
                onPickNode={(id) => navigate(`/actors/${encodeURIComponent(id)}`)}
                onPickEdge={(e) => navigate(href('/events', { ...filter, actor: e.source, type: e.type }))}
              />
            </div>
          </>
        )}
      </Load>
    </>
  );
}
