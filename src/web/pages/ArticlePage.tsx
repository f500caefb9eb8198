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
import { storyGeography } from '../geography.js';
import { Link, useLocation } from '../router.js';
import { useApi } from '../use-api.js';
import { ErrorBox, Load, useTitle } from '../components/Status.js';
import { ArticleMeta } from '../components/ArticleMeta.js';
import { SafeLink } from '../components/SafeLink.js';
import { useTip } from '../components/Tooltip.js';
import { CorrectionPanel, type CorrectionTarget } from '../components/CorrectionPanel.js';

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
  onPick,
}: {
  piece: Piece;
  shown: Set<AnnotationKind>;
  onTip: (p: Piece | null, el?: HTMLElement) => void;
  /** Set in correction mode: a click picks the extraction instead of following its link. */
  onPick: ((covers: Annotation[], piece: Piece) => void) | null;
}) {
  const covers = piece.covers.filter((a) => shown.has(a.kind));
  if (!covers.length) return <span data-s={piece.start}>{piece.text}</span>;
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
  if (onPick) {
    return (
      <span
        className={classes.join(' ')}
        data-kind={covers[0]?.kind}
        data-s={piece.start}
        role="button"
        tabIndex={0}
        aria-label={`Correct ${piece.text} (${label})`}
        onClick={() => onPick(covers, piece)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onPick(covers, piece);
          }
        }}
        {...events}
      >
        {piece.text}
      </span>
    );
  }
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
    <span className={classes.join(' ')} data-kind={covers[0]?.kind} data-s={piece.start} {...events}>
      {piece.text}
    </span>
  );
}

/** Text offsets of the reader's selection, from the pieces' data-s (their start in the article text). */
function selectionSpan(text: string): CorrectionTarget | null {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.anchorNode || !sel.focusNode) return null;
  const pos = (node: Node, offset: number) => {
    const el = (node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element))?.closest(
      '[data-s]',
    );
    return el ? Number(el.getAttribute('data-s')) + offset : null;
  };
  const a = pos(sel.anchorNode, sel.anchorOffset);
  const b = pos(sel.focusNode, sel.focusOffset);
  if (a === null || b === null || a === b) return null;
  let start = Math.min(a, b);
  let end = Math.max(a, b);
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end > start ? { start, end, text: text.slice(start, end), covers: [] } : null;
}

function Reader({
  article,
  analysis,
  onChanged,
}: {
  article: Article;
  analysis: Analysis | null;
  onChanged: () => void;
}) {
  const loc = useLocation();
  const [correcting, setCorrecting] = useState(false);
  const [target, setTarget] = useState<CorrectionTarget | null>(null);
  const pick = (covers: Annotation[], piece: Piece) => {
    const inner = covers[0] ?? { start: piece.start, end: piece.end };
    setTarget({
      start: inner.start,
      end: inner.end,
      text: article.text.slice(inner.start, inner.end),
      covers,
    });
  };
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
  const evidence = /^s(\d+)$/.exec(loc.hash)?.[1];
  useEffect(() => {
    if (evidence === undefined) return;
    const el = document.getElementById(`s${evidence}`);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('flash');
    const t = setTimeout(() => el.classList.remove('flash'), 2500);
    return () => clearTimeout(t);
  }, [evidence, paragraphs]);

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
          <label>
            <input
              type="checkbox"
              checked={correcting}
              onChange={() => {
                setCorrecting(!correcting);
                setTarget(null);
              }}
            />
            <strong>Correct</strong>
          </label>
          {ANNOTATION_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={shown.has(k)} onChange={() => toggle(k)} />
              <span className={`hl ${k}`}>{KIND_LABEL[k]}</span>{' '}
              <span className="muted">{counts.get(k) ?? 0}</span>
            </label>
          ))}
        </fieldset>
      )}
      {correcting && (
        <p className="muted">Click an extraction to fix it, or select words the machine missed.</p>
      )}
      <div
        className={`reader${correcting ? ' correcting' : ''}`}
        data-testid="reader"
        onMouseUp={() => {
          if (!correcting) return;
          const sel = selectionSpan(article.text);
          if (sel) setTarget(sel);
        }}
      >
        {/* Each paragraph takes its direction from its own first strong letter: an Arabic quotation in an
            English report runs right to left, and highlights inside it follow the words they mark. */}
        {paragraphs.map((p, i) => {
          const lang = paragraphLanguage(analysis, p.start, paragraphs[i + 1]?.start ?? article.text.length);
          return (
            <p
              key={p.start}
              dir="auto"
              lang={lang ?? undefined}
              // A paragraph in another language than the article's is labelled (CSS ::before, not text, so a
              // selection for a correction still maps onto the article's text).
              data-lang={lang && lang !== analysis?.language ? lang : undefined}
            >
              {p.sentences.map((s, i) => (
                <span key={i} className="sent" {...(s.index >= 0 ? { id: `s${s.index}` } : {})}>
                  {s.pieces.map((piece) => (
                    <PieceView
                      key={piece.start}
                      piece={piece}
                      shown={shown}
                      onTip={onTip}
                      onPick={correcting ? pick : null}
                    />
                  ))}
                </span>
              ))}
            </p>
          );
        })}
      </div>
      {target && analysis && (
        <CorrectionPanel
          articleId={article.id}
          target={target}
          onClose={() => setTarget(null)}
          onDone={() => {
            setTarget(null);
            onChanged();
          }}
        />
      )}
      {tipNode}
    </>
  );
}

/**
 * The language of the paragraph at [start, end) on a mixed page: that of the analysis' paragraph segments
 * within it when they agree, else none (the article's `lang` applies).
 */
function paragraphLanguage(analysis: Analysis | null, start: number, end: number): string | null {
  const inside = (analysis?.paragraphLanguages ?? []).filter((s) => s.start < end && start < s.end);
  const langs = new Set(inside.map((s) => s.language));
  return langs.size === 1 ? ([...langs][0] ?? null) : null;
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
          <Geography analysis={analysis} />
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

/**
 * The story's inferred geography beside its places (issue 17, part 5): the countries and first-level
 * divisions its resolved places lie in, most named first, then each name with where it went, how many
 * gazetteer entries carried it and how sure the choice was, so an analyst sees why "Gaza" went to the Strip.
 */
function Geography({ analysis }: { analysis: Analysis }) {
  const { countries, admins, names } = useMemo(() => storyGeography(analysis.places), [analysis.places]);
  if (!analysis.places.length) return null;
  return (
    <div data-testid="article-geography">
      <h2>Geography</h2>
      <p className="muted">
        Countries: {countries.map(([cc, n]) => `${cc} (${n})`).join(', ') || 'none'}
        {admins.length > 0 && (
          <>
            <br />
            Divisions: {admins.map(([, v]) => `${v.label} (${v.count})`).join(', ')}
          </>
        )}
      </p>
      <ul className="plain">
        {names.map(({ mentions, place: p }) => (
          <li key={p.id}>
            {/* The name as written, isolated: an Arabic name does not reorder the arrow and English after it. */}
            <bdi>{p.span.text}</bdi>
            {mentions > 1 ? ` ×${mentions}` : ''} →{' '}
            {p.place ? (
              <>
                {p.place.name}, {[p.place.admin1, p.place.country].filter(Boolean).join(' ')}{' '}
                <span className="muted">
                  {p.place.featureCode} · {p.candidates} reading{p.candidates === 1 ? '' : 's'} ·{' '}
                  {Math.round(p.confidence * 100)}%
                </span>
              </>
            ) : (
              <span className="muted">
                not placed{p.approximate ? ` (near ${p.approximate.nearName})` : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A failed stage leaves its part of the reading empty: say so, so "no events" is not taken for a finding. */
function StageFailures({ analysis }: { analysis: Analysis }) {
  const stages = Object.entries(analysis.stages);
  const failed = stages.filter(([, s]) => s.error);
  if (failed.length === 0) return null;
  const skipped = stages.filter(([, s]) => s.skipped).map(([name]) => name);
  return (
    <p className="muted" role="status">
      {failed.map(([name, s]) => `stage ${name} failed: ${s.error?.message}`).join('; ')}
      {skipped.length > 0 && ` (not run: ${skipped.join(', ')})`}
    </p>
  );
}

export function ArticlePage({ id }: { id: number }) {
  const [version, setVersion] = useState(0);
  const article = useApi(`article:${id}`, (s) => api.article(id, s));
  const analysis = useApi(`analysis:${id}:${version}`, (s) =>
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
            <h1 dir="auto">{a.title ?? a.url}</h1>
            <ArticleMeta a={a} />
            {a.byline && (
              <div className="meta">
                By <bdi>{a.byline}</bdi>
              </div>
            )}
            {analysis.state === 'error' && <ErrorBox error={analysis.error} />}
            {analysis.state === 'done' && !analysis.data && (
              <p className="muted">Not analysed yet: run `watchfloor reanalyze`.</p>
            )}
            {analysis.data && <StageFailures analysis={analysis.data} />}
            {(analysis.state !== 'loading' || analysis.data) && (
              <Reader
                article={a}
                analysis={analysis.data ?? null}
                onChanged={() => setVersion((v) => v + 1)}
              />
            )}
          </article>
          <Sidebar article={a} analysis={analysis.data ?? null} />
        </div>
      )}
    </Load>
  );
}
