import { useState, type FormEvent } from 'react';
import { dictionary, type DictActor } from '../api.js';
import { useApi } from '../use-api.js';
import { Load } from './Status.js';

const rolesToText = (roles: DictActor['roles']) =>
  roles.map((r) => [r.title, r.code, r.from ?? '', r.to ?? ''].join(' | ')).join('\n');

function textToRoles(text: string): DictActor['roles'] {
  return text
    .split('\n')
    .map((l) => l.split('|').map((x) => x.trim()))
    .filter((p) => p[0])
    .map(([title, code, from, to]) => ({
      title: title ?? '',
      code: code ?? '',
      from: from || null,
      to: to || null,
    }));
}

function Form({ actor, edited, onDone }: { actor: DictActor; edited: boolean; onDone: () => void }) {
  const [f, setF] = useState({
    name: actor.name,
    aliases: actor.aliases.join('\n'),
    codes: actor.codes.join(', '),
    country: actor.country ?? '',
    roles: rolesToText(actor.roles),
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await dictionary.save(actor.id, {
        kind: actor.kind,
        name: f.name.trim(),
        aliases: f.aliases
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
        codes: f.codes
          .split(/[,\s]+/)
          .map((x) => x.trim().toUpperCase())
          .filter(Boolean),
        country: f.country.trim().toUpperCase() || null,
        roles: textToRoles(f.roles),
      });
      setMessage({ ok: true, text: 'Saved: new analyses use it; `watchfloor reanalyze` redoes older ones.' });
      onDone();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  const revert = async () => {
    await dictionary.revert(actor.id);
    onDone();
  };
  return (
    <form className="dict-editor" onSubmit={(e) => void save(e)} aria-label="Dictionary entry">
      <label>
        Name
        <input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
      </label>
      <label>
        Aliases (one per line)
        <textarea rows={4} value={f.aliases} onChange={(e) => setF({ ...f, aliases: e.target.value })} />
      </label>
      <label>
        Codes
        <input
          value={f.codes}
          onChange={(e) => setF({ ...f, codes: e.target.value })}
          placeholder="IRNMIL, IRN"
        />
      </label>
      <label>
        Country (ISO alpha-3)
        <input value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })} maxLength={3} />
      </label>
      <label>
        Roles (title | code | from | to, one per line)
        <textarea rows={3} value={f.roles} onChange={(e) => setF({ ...f, roles: e.target.value })} />
      </label>
      <p>
        <button className="primary" type="submit">
          Save entry
        </button>{' '}
        {edited && (
          <button type="button" onClick={() => void revert()}>
            Revert to the shipped entry
          </button>
        )}
      </p>
      {message && <p className={message.ok ? 'muted' : 'error'}>{message.text}</p>}
    </form>
  );
}

export function DictionaryEditor({ actorId }: { actorId: string }) {
  const [version, setVersion] = useState(0);
  const r = useApi(`dict:${actorId}:${version}`, () => dictionary.get(actorId));
  return (
    <details>
      <summary>Edit the dictionary entry</summary>
      <Load r={r}>
        {(d) => (
          <Form
            key={JSON.stringify(d)}
            actor={d.actor}
            edited={d.edited}
            onDone={() => setVersion((v) => v + 1)}
          />
        )}
      </Load>
    </details>
  );
}
