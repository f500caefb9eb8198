import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api.js';
import type { Article } from '../../store/types.js';
import type { Analysis } from '../../understand/types.js';
import {
  ANNOTATION_KINDS,
  annotationsOf,
  layoutText,
  type Annotation,
  type AnnotationKind,
  type Piece,
} from '../highlight.js';
import { Link, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { ErrorBox, Load, useTitle } from '../components/Status.js';
import { ArticleMeta } from '../components/ArticleMeta.js';
import { SafeLink } from '../components/SafeLink.js';
import { useTip } from '../components/Tooltip.js';

const KIND_LABEL: Record<AnnotationKind, string> = {
  actor: 'Actors',
  place: 'Places',
  date: 'Dates',
  event: 'Events',
  quote: 'Quotes',
  claim: 'Claims',
  entity: 'Other entities',
};

function TipContent({ covers }: { covers: Annotation[] }) {
  return (
    <>
      {covers.map((a, i) => (
        <div key={i}>
          <strong>
            {a.kind}: {a.label}
          </strong>
          {a.details.map((d, j) => (
            <div className="row" key={j}>
              {d}
            </div>
          ))}
        </div>
      ))}
    </>
  );
}

function PieceView({
  piece,
  shown,
  onTip,
}: {
  piece: Piece;
  shown: Set<AnnotationKind>;
  onTip: (p: Piece | null, el?: HTMLElement) => void;
}) {
  const covers = piece.covers.filter((a) => shown.has(a.kind));
  if (!covers.length) return <>{piece.text}</>;
  const classes = ['hl', ...new Set(covers.map((c) => c.kind))];
  // The innermost linked annotation decides where a click goes (a name inside a quote goes to the actor).
  const link = covers.find((c) => c.href);
  const events = {
    onMouseEnter: (e: React.MouseEvent<HTMLElement>) => onTip(piece, e.currentTarget),
    onMouseLeave: () => onTip(null),
    onFocus: (e: React.FocusEvent<HTMLElement>) => onTip(piece, e.currentTarget),
    onBlur: () => onTip(null),
  };
  const label = covers.map((c) => `${c.kind}: ${c.label}`).join('; ');
  if (link?.href) {
    return (
      <Link
        href={link.href}
        className={classes.join(' ')}
        data-kind={link.kind}
        aria-label={`${piece.text} (${label})`}
        {...events}
      >
        {piece.text}
      </Link>
    );
  }
  return (
    <span className={classes.join(' ')} data-kind={covers[0]?.kind} {...events}>
      {piece.text}
    </span>
  );
}

function Reader({ article, analysis }: { article: Article; analysis: Analysis | null }) {
  const loc = useLocation();
  const annotations = useMemo(() => (analysis ? annotationsOf(analysis) : []), [analysis]);
  const paragraphs = useMemo(
    () => layoutText(article.text, analysis?.sentences ?? [], annotations),
    [article.text, analysis, annotations],
  );
  const [shown, setShown] = useState<Set<AnnotationKind>>(
    () => new Set(ANNOTATION_KINDS.filter((k) => k !== 'entity')),
  );
  const [, setTip, tipNode] = useTip();
  const counts = useMemo(() => {
    const c = new Map<AnnotationKind, number>();
    for (const a of annotations) c.set(a.kind, (c.get(a.kind) ?? 0) + 1);
    return c;
  }, [annotations]);

  // Evidence links end in #s<sentence>: bring that sentence into view and flash it.
  const target = /^s(\d+)$/.exec(loc.hash)?.[1];
  useEffect(() => {
    if (target === undefined) return;
    const el = document.getElementById(`s${target}`);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('flash');
    const t = setTimeout(() => el.classList.remove('flash'), 2500);
    return () => clearTimeout(t);
  }, [target, paragraphs]);

  const onTip = (p: Piece | null, el?: HTMLElement) => {
    if (!p || !el) return setTip(null);
    const r = el.getBoundingClientRect();
    setTip({
      x: r.left,
      y: r.bottom - 16,
      content: <TipContent covers={p.covers.filter((a) => shown.has(a.kind))} />,
    });
  };
  const toggle = (k: AnnotationKind) => {
    const next = new Set(shown);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setShown(next);
  };

  return (
    <>
      {analysis && (
        <fieldset className="legend" aria-label="Highlight">
          {ANNOTATION_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={shown.has(k)} onChange={() => toggle(k)} />
              <span className={`hl ${k}`}>{KIND_LABEL[k]}</span>{' '}
              <span className="muted">{counts.get(k) ?? 0}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="reader" data-testid="reader">
        {paragraphs.map((p) => (
          <p key={p.start}>
            {p.sentences.map((s, i) => (
              <span key={i} className="sent" {...(s.index >= 0 ? { id: `s${s.index}` } : {})}>
                {s.pieces.map((piece) => (
                  <PieceView key={piece.start} piece={piece} shown={shown} onTip={onTip} />
                ))}
              </span>
            ))}
          </p>
        ))}
      </div>
      {tipNode}
    </>
  );
}

const hostOf = (u: string) => {
  try {
    return new URL(u).hostname;
  } catch {
    return u;
  }
};

function Sidebar({ article, analysis }: { article: Article; analysis: Analysis | null }) {
  const story = useApi(`story:${article.storyId}`, (s) => api.story(article.storyId, s));
  const others = story.data ? story.data.sourceUrls.filter((u) => u !== article.url) : [];
  return (
    <aside aria-label="About this article">
      <section className="panel">
        <h2>Sources</h2>
        <ul className="plain">
          {article.sourceUrls.map((u) => (
            <li key={u}>
              <SafeLink url={u} />
            </li>
          ))}
        </ul>
        <h2>Same story elsewhere</h2>
        {others.length ? (
          <ul className="plain" data-testid="story-outlets">
            {others.map((u) => (
              <li key={u}>
                <SafeLink url={u}>{hostOf(u)}</SafeLink>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No other outlet carried this story yet.</p>
        )}
      </section>
      {analysis && (
        <section className="panel" style={{ marginTop: '1rem' }}>
          <h2>Actors</h2>
          <ul className="plain">
            {analysis.actors.map((a) => (
              <li key={a.id}>
                {a.discovered ? (
                  a.name
                ) : (
                  <Link href={`/actors/${encodeURIComponent(a.actorId)}`}>{a.name}</Link>
                )}{' '}
                <span className="muted">{a.codes.join(', ')}</span>
              </li>
            ))}
          </ul>
          <h2>Events</h2>
          <ul className="plain">
            {analysis.events.map((e) => (
              <li key={e.id}>
                <a href={`#s${e.span.sentence}`}>
                  {e.type}
                  {e.mode ? `/${e.mode}` : ''}
                </a>{' '}
                <span className="muted">
                  {e.date ?? ''} {e.negated ? '(negated)' : ''} {e.intended ? '(intended)' : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

export function ArticlePage({ id }: { id: number }) {
  const article = useApi(`article:${id}`, (s) => api.article(id, s));
  const analysis = useApi(`analysis:${id}`, (s) =>
    api.analysis(id, s).catch((err: unknown) => {
      // An article without an analysis is still readable.
      if (err instanceof ApiError && err.code === 'not_analysed') return null;
      throw err;
    }),
  );
  useTitle(article.data?.title ?? null);
  return (
    <Load r={article}>
      {(a) => (
        <div className="grid2">
          <article>
            <h1>{a.title ?? a.url}</h1>
            <ArticleMeta a={a} />
            {a.byline && <div className="meta">By {a.byline}</div>}
            {analysis.state === 'error' && <ErrorBox error={analysis.error} />}
            {analysis.state === 'done' && !analysis.data && (
              <p className="muted">Not analysed yet: run `watchfloor reanalyze`.</p>
            )}
            {analysis.state !== 'loading' && <Reader article={a} analysis={analysis.data ?? null} />}
          </article>
          <Sidebar article={a} analysis={analysis.data ?? null} />
        </div>
      )}
    </Load>
  );
}
