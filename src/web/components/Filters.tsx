import { useState, type FormEvent } from 'react';
import type { EventFilterQuery } from '../api.js';
import { PLOVER_TYPES } from '../query.js';
import { href, navigate, type Location } from '../router.js';
import { SuggestInput } from './Suggest.js';

const KEYS = ['q', 'type', 'actor', 'country', 'from', 'to'] as const;

/** The event filter in the URL, so every view of it can be linked, bookmarked and shared. */
export function filterFrom(loc: Location): EventFilterQuery {
  const f: EventFilterQuery = {};
  for (const k of KEYS) {
    const v = loc.params.get(k)?.trim();
    if (v) f[k] = v;
  }
  return f;
}

export const filterKey = (f: EventFilterQuery) => KEYS.map((k) => f[k] ?? '').join('|');

/** The filter form shared by the events list, map, timeline and graph. */
export function Filters({
  path,
  filter,
  extra,
}: {
  path: string;
  filter: EventFilterQuery;
  extra?: Record<string, string>;
}) {
  const [f, setF] = useState<EventFilterQuery>(filter);
  const [seen, setSeen] = useState(filterKey(filter));
  if (seen !== filterKey(filter)) {
    setSeen(filterKey(filter));
    setF(filter);
  }
  const set = (k: (typeof KEYS)[number]) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(path, { ...f, ...extra }));
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter events">
      <label>
        Articles matching
        <input name="q" value={f.q ?? ''} onChange={set('q')} placeholder="search language" />
      </label>
      <label>
        Type
        <select name="type" value={f.type ?? ''} onChange={set('type')}>
          <option value="">any</option>
          {PLOVER_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Actor
        <SuggestInput
          kind="actor"
          name="actor"
          value={f.actor ?? ''}
          onChange={set('actor')}
          placeholder="Hezbollah, Iran, IRNMIL"
        />
      </label>
      <label>
        Country
        <input
          name="country"
          value={f.country ?? ''}
          onChange={set('country')}
          placeholder="SY"
          maxLength={2}
        />
      </label>
      <label>
        From
        <input name="from" type="date" value={f.from ?? ''} onChange={set('from')} />
      </label>
      <label>
        To
        <input name="to" type="date" value={f.to ?? ''} onChange={set('to')} />
      </label>
      <button className="primary" type="submit">
        Apply
      </button>
      <button type="button" onClick={() => navigate(href(path, extra ?? {}))}>
        Clear
      </button>
    </form>
  );
}
