import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';
import { api, type ActorListItem } from '../api.js';

// Actor autocomplete: the names the dictionary knows for what is being typed, from /api/actors (names,
// aliases in any script, codes). The server resolves a name wherever an actor is asked for, so a picked
// name is what goes in the field.

/** Actors matching `text` (two characters at least), fetched a moment after typing stops. */
export function useActorSuggestions(text: string): ActorListItem[] {
  const [items, setItems] = useState<ActorListItem[]>([]);
  const q = text.trim();
  useEffect(() => {
    if (q.length < 2) {
      setItems([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api.actors({ q, limit: 8 }, ctrl.signal).then(
        (r) => setItems(r.items),
        () => setItems([]),
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);
  return items;
}

export const describeActor = (a: ActorListItem) =>
  [a.codes.slice(0, 2).join(' '), a.country, `${a.articles} articles`].filter(Boolean).join(' · ');

/** A text input with the browser's own suggestion list filled with actor names as one types. */
export function ActorInput(props: InputHTMLAttributes<HTMLInputElement> & { value: string }) {
  const list = useId();
  const items = useActorSuggestions(props.value);
  return (
    <>
      <input {...props} list={list} autoComplete="off" />
      <datalist id={list} data-testid="actor-suggestions">
        {items.map((a) => (
          <option key={a.id} value={a.name} label={describeActor(a)} />
        ))}
      </datalist>
    </>
  );
}
