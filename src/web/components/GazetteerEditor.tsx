import { useState, type FormEvent } from 'react';
import { gazetteer, type GazPlace } from '../api.js';
import { useApi } from '../use-api.js';
import { Load } from './Status.js';

function Form({ place, edited, onDone }: { place: GazPlace; edited: boolean; onDone: () => void }) {
  const [f, setF] = useState({
    name: place.name,
    aliases: place.aliases.join('\n'),
    lat: String(place.lat),
    lon: String(place.lon),
    cc: place.cc,
    fcode: place.fcode,
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await gazetteer.save(place.id, {
        ...place,
        name: f.name.trim(),
        aliases: f.aliases
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
        lat: Number(f.lat),
        lon: Number(f.lon),
        cc: f.cc.trim().toUpperCase(),
        fcode: f.fcode.trim().toUpperCase(),
      });
      setMessage({ ok: true, text: 'Saved: new analyses use it; `watchfloor reanalyze` redoes older ones.' });
      onDone();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  const field = (k: keyof typeof f, label: string) => (
    <label>
      {label}
      <input value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
    </label>
  );
  return (
    <form className="dict-editor" onSubmit={(e) => void save(e)} aria-label="Gazetteer entry">
      {field('name', 'Name')}
      <label>
        Aliases and transliterations (one per line)
        <textarea rows={4} value={f.aliases} onChange={(e) => setF({ ...f, aliases: e.target.value })} />
      </label>
      {field('lat', 'Latitude')}
      {field('lon', 'Longitude')}
      {field('cc', 'Country (ISO alpha-2)')}
      {field('fcode', 'GeoNames feature code')}
      <p>
        <button className="primary" type="submit">
          Save entry
        </button>{' '}
        {edited && (
          <button type="button" onClick={() => void gazetteer.revert(place.id).then(onDone)}>
            Revert to the shipped entry
          </button>
        )}
      </p>
      {message && <p className={message.ok ? 'muted' : 'error'}>{message.text}</p>}
    </form>
  );
}

export function GazetteerEditor({ placeId }: { placeId: string }) {
  const [version, setVersion] = useState(0);
  const r = useApi(`gaz:${placeId}:${version}`, () => gazetteer.get(placeId));
  return (
    <details>
      <summary>Edit the gazetteer entry</summary>
      <Load r={r}>
        {(d) => (
          <Form
            key={JSON.stringify(d)}
            place={d.place}
            edited={d.edited}
            onDone={() => setVersion((v) => v + 1)}
          />
        )}
      </Load>
    </details>
  );
}
