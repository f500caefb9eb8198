import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, briefs, type BriefFull } from '../api.js';
import { useApi } from '../use-api.js';
import { ErrorBox, Load, useTitle } from '../components/Status.js';

const NEXT: Record<BriefFull['status'], Array<[BriefFull['status'], string]>> = {
  draft: [['review', 'Send to review']],
  review: [
    ['draft', 'Back to draft'],
    ['published', 'Publish'],
  ],
  published: [['draft', 'Unpublish (back to draft)']],
};

/** A sentence in quotation marks, unless it opens with its own (a quote as written). */
const quotedText = (text: string) => (/^\s*["“”„«‘'‹]/.test(text) ? text.trim() : `“${text}”`);

/**
 * The preview of what is being typed, rendered by the server a moment after typing stops (the same
 * rendering as a saved brief), with the citations that point at nothing.
 */
function useLivePreview(body: string, initial: string) {
  const [preview, setPreview] = useState<{ html: string; problems: Array<{ ref: string; reason: string }> }>({
    html: initial,
    problems: [],
  });
  const [shown, setShown] = useState(body);
  useEffect(() => {
    if (body === shown) return;
    let live = true;
    const timer = setTimeout(() => {
      briefs.preview(body).then(
        (p) => {
          if (!live) return;
          setPreview(p);
          setShown(body);
        },
        () => undefined,
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [body, shown]);
  return preview;
}

/** Finds evidence and inserts its citation where the cursor is. */
function EvidenceSearch({ onCite }: { onCite: (ref: string) => void }) {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const events = useApi(`cite-events:${q}`, (s) =>
    q ? api.events({ q, limit: 15 }, s) : Promise.resolve(null),
  );
  const quotes = useApi(`cite-quotes:${q}`, (s) =>
    q ? api.quotes({ q, limit: 10 }, s) : Promise.resolve(null),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQ(draft.trim());
  };
  return (
    <aside className="panel" aria-label="Evidence">
      <form className="search" onSubmit={submit} role="search">
        <input
          type="search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-label="Search evidence"
          placeholder="Find evidence to cite"
        />
        <button type="submit">Find</button>
      </form>
      {q && (
        <>
          <h2>Events</h2>
          <Load r={events} query={q}>
            {(page) => (
              <ul className="plain" data-testid="cite-events">
                {(page?.items ?? []).map((e) => (
                  <li key={e.id}>
                    <button
                      type="button"
                      onClick={() => onCite(`[@event:${e.id}]`)}
                      aria-label={`Cite event ${e.id}`}
                    >
                      Cite
                    </button>{' '}
                    {e.type} {e.sources.map((s) => s.name).join(', ')} →{' '}
                    {e.targets.map((t) => t.name).join(', ')} <span className="muted">{e.date ?? ''}</span>
                  </li>
                ))}
              </ul>
            )}
          </Load>
          <h2>Quotes</h2>
          <Load r={quotes}>
            {(page) => (
              <ul className="plain">
                {(page?.items ?? []).map((x, i) => (
                  <li key={i}>
                    <button type="button" onClick={() => onCite(`[@article:${x.articleId}#s${x.sentence}]`)}>
                      Cite
                    </button>{' '}
                    {quotedText(x.text.slice(0, 140))} <span className="muted">{x.articleTitle ?? ''}</span>
                  </li>
                ))}
              </ul>
            )}
          </Load>
        </>
      )}
    </aside>
  );
}

function Editor({ brief, onSaved }: { brief: BriefFull; onSaved: () => void }) {
  const [title, setTitle] = useState(brief.title);
  const [body, setBody] = useState(brief.body);
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState(true);
  const area = useRef<HTMLTextAreaElement>(null);
  const preview = useLivePreview(body, brief.html);
  const locked = brief.status === 'published';
  const save = async () => {
    try {
      await briefs.save(brief.id, { title, body });
      setSaved(true);
      setError(null);
      onSaved();
    } catch (err) {
      setError(err as Error);
    }
  };
  const cite = (ref: string) => {
    const el = area.current;
    const at = el?.selectionStart ?? body.length;
    setBody(`${body.slice(0, at)}${ref}${body.slice(at)}`);
    setSaved(false);
  };
  const move = async (status: BriefFull['status']) => {
    try {
      if (!saved) await briefs.save(brief.id, { title, body });
      await briefs.setStatus(brief.id, status);
      setError(null);
      onSaved();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <div className="grid2">
      <section>
        <label className="muted">
          Title
          <input
            value={title}
            disabled={locked}
            onChange={(e) => (setTitle(e.target.value), setSaved(false))}
            style={{ width: '100%' }}
          />
        </label>
        <label className="muted">
          Text (Markdown; citations look like [@event:12-3] or [@article:12#s4])
          <textarea
            ref={area}
            value={body}
            disabled={locked}
            onChange={(e) => (setBody(e.target.value), setSaved(false))}
            rows={14}
            style={{ width: '100%', font: '0.95rem/1.5 ui-monospace, monospace' }}
            aria-label="Brief text"
          />
        </label>
        <p>
          {!locked && (
            <button className="primary" type="button" onClick={() => void save()} disabled={saved}>
              {saved ? 'Saved' : 'Save'}
            </button>
          )}{' '}
          {NEXT[brief.status].map(([s, label]) => (
            <button key={s} type="button" onClick={() => void move(s)}>
              {label}
            </button>
          ))}{' '}
          <a href={`/api/briefs/${brief.id}/export.md`}>Markdown</a> ·{' '}
          <a href={`/api/briefs/${brief.id}/export.pdf`}>PDF</a>
          {brief.slug && brief.status === 'published' && (
            <>
              {' '}
              · <a href={`/published/${brief.slug}`}>public page</a>
            </>
          )}
        </p>
        {error && <ErrorBox error={error} />}
        <h2>Preview</h2>
        {preview.problems.length > 0 && (
          <p className="error" data-testid="brief-problems">
            {preview.problems.map((p) => `${p.ref}: ${p.reason}`).join('; ')}
          </p>
        )}
        {/* Rendered by the server with raw HTML disabled and link schemes filtered; the page CSP forbids inline script. */}
        <div
          className="panel reader"
          data-testid="brief-preview"
          dangerouslySetInnerHTML={{ __html: preview.html }}
        />
      </section>
      <EvidenceSearch onCite={cite} />
    </div>
  );
}

export function BriefPage({ id }: { id: number }) {
  const [version, setVersion] = useState(0);
  const r = useApi(`brief:${id}:${version}`, () => briefs.get(id));
  useTitle(r.data?.title ?? 'Brief');
  return (
    <Load r={r}>
      {(b) => (
        <>
          <h1>{b.title}</h1>
          <p className="meta" data-testid="brief-status">
            {b.status} · by {b.author}
            {b.publishedBy ? ` · published by ${b.publishedBy}` : ''}
          </p>
          <Editor key={`${b.id}:${b.status}`} brief={b} onSaved={() => setVersion((v) => v + 1)} />
        </>
      )}
    </Load>
  );
}
