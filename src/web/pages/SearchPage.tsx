import { useState, type FormEvent } from 'react';
import { api, exportUrl, watch } from '../api.js';
import type { SearchFacets, SearchResult, SearchSort } from '../../store/types.js';
import { href, Link, navigate, useLocation } from '../router.js';
import {
  addTerm,
  canonicalQuery,
  fieldTerm,
  PLOVER_TYPES,
  readableQuery,
  rememberPlace,
  removeTerm,
} from '../query.js';
import { facetTerm, undatedCount, type FacetKind } from '../facets.js';
import { useApi } from '../use-api.js';
import { Load, useTitle } from '../components/Status.js';
import { Snippet } from '../components/Snippet.js';
import { ArticleMeta } from '../components/ArticleMeta.js';
import { SuggestInput, useSuggestions } from '../components/Suggest.js';
import { SERIES_STYLES, VolumeChart } from '../viz/VolumeChart.js';

const PAGE = 20;

/** The `actor:` or `place:` term the caret is in, if any: where it starts and what of its value is typed. */
function termAtCaret(
  text: string,
  caret: number,
): { field: 'actor' | 'place'; start: number; text: string } | null {
  if (caret < 0) return null;
  const before = text.slice(0, caret);
  const m = /(^|[\s(-])(actor|place):("?)([^"()]*)$/i.exec(before);
  const value = m?.[4] ?? '';
  // Unquoted values end at a space: only a quoted one may hold several words.
  if (!m || value.trim().length < 2 || (!m[3] && /\s/.test(value))) return null;
  return {
    field: (m[2] as string).toLowerCase() as 'actor' | 'place',
    start: m.index + (m[1] ?? '').length,
    text: value,
  };
}

/** `query` is what the search box holds now (typed, not yet searched): the builder adds to it. */
function QueryBuilder({ query }: { query: string }) {
  const [f, setF] = useState({
    type: '',
    actor: '',
    person: '',
    place: '',
    country: '',
    source: '',
    from: '',
    to: '',
    lang: '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    let q = query;
    for (const [k, v] of Object.entries(f)) if (v.trim()) q = addTerm(q, fieldTerm(k, v));
    if (q.trim()) navigate(href('/', { q }));
  };
  const input = (k: keyof typeof f, label: string, placeholder: string, type = 'text') =>
    k === 'actor' || k === 'place' ? (
      <label>
        {label}
        <SuggestInput kind={k} value={f[k]} onChange={set(k)} placeholder={placeholder} name={k} />
      </label>
    ) : (
      <label>
        {label}
        <input type={type} value={f[k]} onChange={set(k)} placeholder={placeholder} name={k} />
      </label>
    );
  return (
    <details>
      <summary>Build a query</summary>
      <form className="builder" onSubmit={apply} aria-label="Query builder">
        <label>
          Event type
          <select value={f.type} onChange={set('type')} name="type">
            <option value="">any</option>
            {PLOVER_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        {input('actor', 'Actor (name or code)', 'Hezbollah, IRNMIL')}
        {input('person', 'Person', 'Mohammad Bagheri')}
        {input('place', 'Place', 'Damascus')}
        {input('country', 'Country (ISO)', 'SY')}
        {input('source', 'Source site', 'example.com')}
        {input('from', 'From', '', 'date')}
        {input('to', 'To', '', 'date')}
        {input('lang', 'Language', 'en')}
        <button type="submit">Add to query</button>
      </form>
    </details>
  );
}

function Facets({ facets, query }: { facets: SearchFacets; query: string }) {
  const undated = undatedCount(facets);
  const groups: Array<[FacetKind, string]> = [
    ['type', 'Event type'],
    ['actor', 'Actor'],
    ['place', 'Place'],
    ['source', 'Source'],
    ['date', 'Month'],
  ];
  // On a phone the facets come before the results, folded (one tap opens them); on a wide screen they sit
  // open beside the results.
  const [open, setOpen] = useState(() => !window.matchMedia('(max-width: 52rem)').matches);
  return (
    <details
      className="facets"
      aria-label="Facets"
      data-testid="facets"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>Refine: facets</summary>
      <p className="muted">
        Counted over {facets.counted === 1000 ? 'the best 1,000' : facets.counted} results.
      </p>
      {groups.map(([kind, title]) =>
        facets[kind].length || (kind === 'date' && undated > 0) ? (
          <section key={kind}>
            <h3>{title}</h3>
            {(kind === 'date' ? [...facets[kind]].reverse().slice(0, 12) : facets[kind]).map((f) => (
              <button
                key={f.value}
                type="button"
                onClick={() => {
                  if (kind === 'place') rememberPlace(f.value, f.label);
                  navigate(href('/', { q: facetTerm(kind, f).reduce(addTerm, query) }));
                }}
                title={`Add ${facetTerm(kind, f).join(' ')} to the query`}
              >
                <span>{f.label}</span>
                <span className="muted">{f.count}</span>
              </button>
            ))}
            {kind === 'date' && undated > 0 && (
              <p className="facet-note" title="Articles with no publication date: no month to filter by">
                <span>undated</span>
                <span className="muted">{undated}</span>
              </p>
            )}
          </section>
        ) : null,
      )}
    </details>
  );
}

function WatchButton({ query }: { query: string }) {
  const [state, setState] = useState<'idle' | 'saved' | string>('idle');
  if (state === 'saved') return <Link href="/watchlists">watching: see Watchlists</Link>;
  return (
    <>
      <button
        type="button"
        onClick={() =>
          void watch.create({ name: query.slice(0, 200), query }).then(
            () => setState('saved'),
            (err: Error) => setState(err.message),
          )
        }
      >
        Watch this search
      </button>
      {state !== 'idle' && <span className="error">{state}</span>}
    </>
  );
}

/**
 * No results: what to try, and no exports of an empty list; the watch button stays, since a watch on a search
 * that matches nothing yet is how an analyst hears of the first article that does.
 */
function NoResults({ query }: { query: string }) {
  const fields = query.match(/(?<![^\s(])-?[a-z]+:("[^"]*"|[^\s()]+)/g) ?? [];
  return (
    <section className="empty" aria-label="Results" data-testid="no-results">
      <p role="status">
        <strong>No articles match this search.</strong>
      </p>
      <ul>
        <li>Check the spelling, or search fewer words: every word must appear unless joined by OR.</li>
        {fields.length > 0 && (
          <li>
            Drop a filter:{' '}
            {fields.map((t, i) => (
              <span key={t}>
                {i > 0 && ' · '}
                <Link href={href('/', { q: removeTerm(query, t) || undefined })}>
                  without <code>{readableQuery(t).text}</code>
                </Link>
              </span>
            ))}
          </li>
        )}
        <li>
          Use <code>OR</code> for alternatives (<code>Iran OR Iranian</code>) and <code>prefix*</code> for
          word endings.
        </li>
        <li>
          Or browse the <Link href="/">latest articles</Link>.
        </li>
        {query.trim() && (
          <li>
            Or be told when one arrives: <WatchButton query={query} />
          </li>
        )}
      </ul>
    </section>
  );
}

/**
 * `query` is the URL's, as typed: the server answers with actor names resolved to codes (actor:Hezbollah
 * searched as actor:LBNREBHZB), and facets, pages and exports keep the analyst's own words.
 */
const SORTS: ReadonlyArray<[SearchSort, string]> = [
  ['relevance', 'relevance'],
  ['newest', 'newest first'],
  ['oldest', 'oldest first'],
];

function Results({
  result,
  offset,
  query,
  sort,
}: {
  result: SearchResult;
  offset: number;
  query: string;
  sort: SearchSort | undefined;
}) {
  if (result.total === 0) return <NoResults query={query} />;
  // Pages keep the sort; relevance is the default, so it stays out of the URL.
  const page = (o: number) => href('/', { q: query, offset: o || undefined, sort });
  return (
    <div className="grid2">
      <section aria-label="Results">
        <p className="muted" role="status">
          {result.total.toLocaleString()} article{result.total === 1 ? '' : 's'} · export{' '}
          <a href={exportUrl(query, 'csv')}>CSV</a> · <a href={exportUrl(query, 'json')}>JSON</a> ·{' '}
          <a href={exportUrl(query, 'geojson')}>GeoJSON (events)</a> · <WatchButton query={query} /> ·{' '}
          <label>
            sort by{' '}
            <select
              value={sort ?? 'relevance'}
              onChange={(e) =>
                navigate(
                  href('/', { q: query, sort: e.target.value === 'relevance' ? undefined : e.target.value }),
                )
              }
            >
              {SORTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </p>
        {result.hits.map((h) => (
          <article className="hit" key={h.id} data-testid="hit">
            {/* An Arabic or Persian title and snippet run right to left, with their marks in place. */}
            <h3 dir="auto">
              <Link href={`/articles/${h.id}`}>{h.title ?? h.url}</Link>
            </h3>
            <ArticleMeta a={h} />
            <p dir="auto">
              <Snippet html={h.snippet} />
            </p>
          </article>
        ))}
        <nav className="pager" aria-label="Pages">
          {offset > 0 ? <Link href={page(Math.max(0, offset - PAGE))}>← Previous</Link> : <span />}
          {offset + PAGE < result.total ? <Link href={page(offset + PAGE)}>Next →</Link> : <span />}
        </nav>
      </section>
      {result.facets && <Facets facets={result.facets} query={query} />}
    </div>
  );
}

/** The API's limit on queries on one chart (src/serve/api-volume.ts). */
const MAX_COMPARED = 4;

/**
 * Volume over time of the query, and of up to three more typed to compare: every matching article by
 * publication date (not the facet sample), the undated ones said apart.
 */
function Volume({ query }: { query: string }) {
  // The compared queries live in the URL (?compare=, repeated), so a reload or a shared link keeps them.
  const loc = useLocation();
  const others = loc.params
    .getAll('compare')
    .map((o) => o.trim())
    .filter((o, i, all) => o && o !== query && all.indexOf(o) === i)
    .slice(0, MAX_COMPARED - 1);
  const setOthers = (next: string[]) => {
    const p = new URLSearchParams(loc.params);
    p.delete('compare');
    for (const o of next) p.append('compare', o);
    // Replaced, not pushed: the comparison is a setting of this page, not a page of its own to go back to.
    navigate(`${loc.path}?${p.toString()}`, { replace: true });
  };
  const [draft, setDraft] = useState('');
  const queries = [query, ...others];
  const r = useApi(`volume:${JSON.stringify(queries)}`, (s) => api.volume(queries, s));
  const add = (e: FormEvent) => {
    e.preventDefault();
    const q = draft.trim();
    if (q && !queries.includes(q) && queries.length < MAX_COMPARED) setOthers([...others, q]);
    setDraft('');
  };
  return (
    <details className="volume" open aria-label="Volume over time">
      <summary>Volume over time</summary>
      <Load r={r}>
        {(v) => (
          <>
            <p className="muted">Articles by publication date, per {v.bucket}, counting every match.</p>
            <VolumeChart series={v.series} bucket={v.bucket} />
            <ul className="volume-legend" data-testid="volume-legend">
              {v.series.map((s, k) => (
                <li key={`${k}:${s.query}`}>
                  <svg width="22" height="8" aria-hidden="true">
                    <line
                      x1="0"
                      x2="22"
                      y1="4"
                      y2="4"
                      stroke={SERIES_STYLES[k]?.color}
                      strokeWidth="2"
                      strokeDasharray={SERIES_STYLES[k]?.dash || undefined}
                    />
                  </svg>{' '}
                  <code dir="auto">{s.query}</code>: {s.dated.toLocaleString()} dated
                  {s.undated > 0 && `, ${s.undated.toLocaleString()} undated (not drawn)`}
                  {s.outside > 0 && `, ${s.outside.toLocaleString()} outside the range`}
                  {k > 0 && (
                    <>
                      {' '}
                      <button
                        type="button"
                        aria-label={`Remove ${s.query} from the comparison`}
                        onClick={() => setOthers(others.filter((o) => o !== s.query))}
                      >
                        remove
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </Load>
      {queries.length < MAX_COMPARED && (
        <form className="volume-compare" onSubmit={add}>
          <label>
            Add a query to compare{' '}
            <input
              type="search"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="Iraq OR Iraqi"
              name="compare"
            />
          </label>{' '}
          <button type="submit">Compare</button>
        </form>
      )}
    </details>
  );
}

function Latest({ offset }: { offset: number }) {
  const r = useApi(`latest:${offset}`, (s) => api.articles(offset, s));
  return (
    <Load r={r}>
      {(list) => (
        <section aria-label="Latest articles">
          <h2>Latest articles ({list.total.toLocaleString()})</h2>
          {list.items.map((a) => (
            <article className="hit" key={a.id} data-testid="hit">
              <h3>
                <Link href={`/articles/${a.id}`}>{a.title ?? a.url}</Link>
              </h3>
              <ArticleMeta a={a} />
            </article>
          ))}
          <nav className="pager" aria-label="Pages">
            {offset > 0 ? (
              <Link href={href('/', { offset: Math.max(0, offset - PAGE) || undefined })}>← Newer</Link>
            ) : (
              <span />
            )}
            {offset + PAGE < list.total ? (
              <Link href={href('/', { offset: offset + PAGE })}>Older →</Link>
            ) : (
              <span />
            )}
          </nav>
        </section>
      )}
    </Load>
  );
}

export function SearchPage() {
  const loc = useLocation();
  const q = (loc.params.get('q') ?? '').trim();
  const offset = Math.max(0, Number(loc.params.get('offset')) || 0);
  const asked = loc.params.get('sort');
  const sort = SORTS.find(([value]) => value === asked)?.[0];
  const r = useApi(`search:${q}:${offset}:${sort ?? ''}`, (s) =>
    q ? api.search(q, offset, s, sort) : Promise.resolve(null),
  );
  for (const f of r.data?.facets?.place ?? []) rememberPlace(f.value, f.label);
  // The box shows place names where the query has gazetteer ids; submitting swaps them back.
  const view = readableQuery(q);
  const [draft, setDraft] = useState(view.text);
  const [shown, setShown] = useState({ q, text: view.text });
  if (shown.q !== q || shown.text !== view.text) {
    // The URL changed (a facet, back button), or a name became known: the box follows unless being edited.
    if (shown.q !== q || draft === shown.text) setDraft(view.text);
    setShown({ q, text: view.text });
  }
  const typed = canonicalQuery(draft.trim(), view.swaps);
  // `actor:` being typed at the caret: the names it may finish as.
  const [caret, setCaret] = useState<number | null>(null);
  const partial = termAtCaret(draft, caret ?? draft.length);
  const suggestions = useSuggestions(partial?.field ?? 'actor', partial?.text ?? '');
  const pick = (name: string) => {
    if (!partial) return;
    const term = /^[\p{L}\p{N}._-]+$/u.test(name) ? name : `"${name}"`;
    const next = `${draft.slice(0, partial.start)}${partial.field}:${term} ${draft.slice(caret ?? draft.length).trimStart()}`;
    setDraft(next);
    setCaret(null);
  };
  useTitle(q ? `Search: ${view.text}` : 'Search');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href('/', { q: typed }));
  };
  return (
    <>
      <form className="search" role="search" onSubmit={submit}>
        <input
          type="search"
          name="q"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setCaret(e.target.selectionStart);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setCaret(-1);
          }}
          placeholder='Search: words, "phrases", OR, -word, actor:Hezbollah type:ASSAULT place:Damascus from:2020-01-01'
          aria-label="Search query"
          autoComplete="off"
        />
        <button className="primary" type="submit">
          Search
        </button>
      </form>
      {partial && suggestions.length > 0 && (
        <ul
          className="suggest"
          role="listbox"
          aria-label={partial.field === 'actor' ? 'Actors' : 'Places'}
          data-testid="query-suggestions"
        >
          {suggestions.map((a) => (
            <li key={a.id} role="option" aria-selected="false">
              <button type="button" onClick={() => pick(a.value)}>
                <strong>{a.value}</strong> <span className="muted">{a.detail}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <QueryBuilder query={typed} />
      {q ? (
        <Load r={r} query={q}>
          {(result) =>
            result ? (
              <>
                {result.total > 0 && <Volume key={q} query={q} />}
                <Results result={result} offset={offset} query={q} sort={sort} />
              </>
            ) : null
          }
        </Load>
      ) : (
        <Latest offset={offset} />
      )}
    </>
  );
}
