import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';
import { api, gazetteer } from '../api.js';

// Autocomplete for actors and places: the names the dictionary and the gazetteer know for what is being
// typed (/api/actors: names, aliases in any script, codes; /api/dictionary/places: names and aliases). The
// server resolves an actor's name wherever an actor is asked for, and place: matches names, so a picked
// name is what goes in the field.

export type SuggestKind = 'actor' | 'place';

export interface Suggestion {
  id: string;
  /** What goes in the field or after `actor:` / `place:`. */
  value: string;
  /** What tells two of the same name apart: codes, country, counts, population. */
  detail: string;
}

const find: Record<SuggestKind, (q: string, signal: AbortSignal) => Promise<Suggestion[]>> = {
  actor: async (q, signal) =>
    (await api.actors({ q, limit: 8 }, signal)).items.map((a) => ({
      id: a.id,
      value: a.name,
      detail: [a.codes.slice(0, 2).join(' '), a.country, `${a.articles} articles`]
        .filter(Boolean)
        .join(' · '),
    })),
  place: async (q) =>
    (await gazetteer.find(q)).items.map((p) => ({
      id: p.id,
      value: p.name,
      detail: [p.cc, p.admin1, p.population ? `pop. ${p.population.toLocaleString()}` : '']
        .filter(Boolean)
        .join(' · '),
    })),
};

/** Names matching `text` (two characters at least), fetched a moment after typing stops. */
export function useSuggestions(kind: SuggestKind, text: string): Suggestion[] {
  const [items, setItems] = useState<Suggestion[]>([]);
  const q = text.trim();
  useEffect(() => {
    if (q.length < 2) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      find[kind](q, ctrl.signal).then(
        (found) => {
          if (!ctrl.signal.aborted) setItems(found);
        },
        () => setItems([]),
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [kind, q]);
  return items;
}

/** A text input with the browser's own suggestion list, filled with actor or place names as one types. */
export function SuggestInput(
  props: InputHTMLAttributes<HTMLInputElement> & { value: string; kind: SuggestKind },
) {
  const { kind, ...input } = props;
  const list = useId();
  const items = useSuggestions(kind, props.value);
  return (
    <>
      <input {...input} list={list} autoComplete="off" />
      <datalist id={list} data-testid={`${kind}-suggestions`}>
        {items.map((s) => (
          <option key={s.id} value={s.value} label={s.detail} />
        ))}
      </datalist>
    </>
  );
}
