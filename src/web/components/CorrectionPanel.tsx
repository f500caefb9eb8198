import { useState } from 'react';
import { corrections, dictionary, gazetteer } from '../api.js';
import { useApi } from '../use-api.js';
import type { Annotation } from '../highlight.js';
import { PLOVER_TYPES } from '../query.js';

export interface CorrectionTarget {
  start: number;
  end: number;
  text: string;
  /** The extractions at this span; empty for a selection the machine missed. */
  covers: Annotation[];
}

/** Lets an analyst fix what the machine read at a span; the server stores it apart and applies it. */
export function CorrectionPanel({
  articleId,
  target,
  onDone,
  onClose,
}: {
  articleId: number;
  target: CorrectionTarget;
  onDone: () => void;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [actorId, setActorId] = useState('');
  const [placeId, setPlaceId] = useState('');
  const [eventType, setEventType] = useState('ASSAULT');
  const [entityType, setEntityType] = useState('PER');
  const [date, setDate] = useState({ start: '', end: '', precision: 'day' });
  const send = async (body: Record<string, unknown>, span: { start: number; end: number } = target) => {
    try {
      await corrections.add(articleId, { ...body, start: span.start, end: span.end });
      setError(null);
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const of = (kind: Annotation['kind']) => target.covers.filter((c) => c.kind === kind);
  const q = actorId.trim();
  const pq = placeId.trim();
  const placeSuggestions = useApi(`gaz-find:${pq}`, () =>
    pq.length >= 2 && !/^[\d]+$|:/.test(pq) ? gazetteer.find(pq) : Promise.resolve({ items: [] }),
  );
  const suggestions = useApi(`dict-find:${q}`, () =>
    q.length >= 2 && !q.includes(':') ? dictionary.find(q) : Promise.resolve({ items: [] }),
  );
  return (
    <section className="panel correction" aria-label="Correct this" data-testid="correction-panel">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: '1rem' }}>
        <strong>“{target.text}”</strong>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {of('actor').map((a) => (
        <div key={`actor${a.start}`} className="row">
          Actor: {a.label}{' '}
          <button type="button" onClick={() => void send({ kind: 'actor', action: 'remove' }, a)}>
            Not this actor
          </button>
        </div>
      ))}
      {of('place').map((a) => (
        <div key={`place${a.start}`} className="row">
          Place: {a.label}{' '}
          <button type="button" onClick={() => void send({ kind: 'place', action: 'remove' }, a)}>
            Not a place
          </button>
        </div>
      ))}
      {of('event').map((a) => (
        <div key={`event${a.start}`} className="row">
          Event: {a.label}{' '}
          <select value={eventType} onChange={(e) => setEventType(e.target.value)} aria-label="Event type">
            {PLOVER_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>{' '}
          <button
            type="button"
            onClick={() => void send({ kind: 'event', action: 'set', type: eventType }, a)}
          >
            Set type
          </button>{' '}
          <button type="button" onClick={() => void send({ kind: 'event', action: 'remove' }, a)}>
            Not an event
          </button>
        </div>
      ))}
      {of('date').map((a) => (
        <div key={`date${a.start}`} className="row">
          Date: {a.label}{' '}
          <input
            type="date"
            value={date.start}
            onChange={(e) => setDate({ ...date, start: e.target.value })}
            aria-label="Date start"
          />
          <input
            type="date"
            value={date.end}
            onChange={(e) => setDate({ ...date, end: e.target.value })}
            aria-label="Date end"
          />
          <button
            type="button"
            onClick={() =>
              void send(
                {
                  kind: 'date',
                  action: 'set',
                  value: {
                    start: date.start || null,
                    end: date.end || date.start || null,
                    precision: date.precision,
                  },
                },
                a,
              )
            }
          >
            Set date
          </button>
        </div>
      ))}
      {of('entity').map((a) => (
        <div key={`entity${a.start}`} className="row">
          {a.label}{' '}
          <button type="button" onClick={() => void send({ kind: 'entity', action: 'remove' }, a)}>
            Not an entity
          </button>
        </div>
      ))}
      <div className="row">
        Link to a dictionary actor:{' '}
        <input
          value={actorId}
          onChange={(e) => setActorId(e.target.value)}
          placeholder="a name, or an id such as country:IRN"
          aria-label="Actor id"
          list="actor-suggestions"
        />
        <datalist id="actor-suggestions">
          {(suggestions.data?.items ?? []).map((x) => (
            <option key={x.id} value={x.id}>
              {x.name} {x.codes.join(' ')}
            </option>
          ))}
        </datalist>{' '}
        <button
          type="button"
          disabled={!actorId.trim()}
          onClick={() => void send({ kind: 'actor', action: 'link', actorId: actorId.trim() })}
        >
          Link
        </button>
      </div>
      <div className="row">
        Link to a gazetteer place:{' '}
        <input
          value={placeId}
          onChange={(e) => setPlaceId(e.target.value)}
          placeholder="a name, or a GeoNames id"
          aria-label="Place id"
          list="place-suggestions"
        />
        <datalist id="place-suggestions">
          {(placeSuggestions.data?.items ?? []).map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}, {x.cc} ({x.fcode})
            </option>
          ))}
        </datalist>{' '}
        <button
          type="button"
          disabled={!pq}
          onClick={() => void send({ kind: 'place', action: 'link', placeId: pq })}
        >
          Link place
        </button>
      </div>
      <div className="row">
        Mark as a missed entity:{' '}
        <select value={entityType} onChange={(e) => setEntityType(e.target.value)} aria-label="Entity type">
          {['PER', 'ORG', 'LOC', 'MISC'].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>{' '}
        <button type="button" onClick={() => void send({ kind: 'entity', action: 'add', type: entityType })}>
          Add entity
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
