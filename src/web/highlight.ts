import { anchorFor } from '../understand/dates/anchor.js';
import type { Analysis, Sentence, TimeAnchor } from '../understand/types.js';

// The reader's layer model: every extraction becomes an annotation over a character range of the article
// text; the text is cut at every annotation and sentence boundary so each piece knows all that covers it.
// Pieces are rendered as text nodes, never as HTML.

export type AnnotationKind = 'actor' | 'place' | 'date' | 'quote' | 'claim' | 'event' | 'entity';
export const ANNOTATION_KINDS: readonly AnnotationKind[] = [
  'actor',
  'place',
  'date',
  'event',
  'quote',
  'claim',
  'entity',
];

export interface Annotation {
  kind: AnnotationKind;
  start: number;
  end: number;
  /** One line: what was extracted. */
  label: string;
  /** Further lines for the hover card. */
  details: string[];
  confidence: number;
  /** Where a click goes (the entity's page), when anywhere. */
  href: string | null;
}

export interface Piece {
  start: number;
  end: number;
  text: string;
  /** Annotations covering this piece, innermost (shortest) first. */
  covers: Annotation[];
}

export interface ReaderSentence {
  /** The sentence index, or -1 for text between sentences. */
  index: number;
  pieces: Piece[];
}

export interface ReaderParagraph {
  start: number;
  sentences: ReaderSentence[];
}

const pct = (c: number) => `confidence ${Math.round(c * 100)}%`;

const ANCHOR_SOURCES: Record<TimeAnchor['source'], string> = {
  published: 'publication date',
  updated: '"Updated" line',
  byline: 'byline',
  dateline: 'dateline',
  text: 'latest date the text reports',
  sentence: "sentence's date",
};

/**
 * An event without a date of its own says so, and when its sentence or article has a time anchor, when that
 * is and what it was read from (issue 17): "undated; set in 2009 by the latest date the text reports ("2009")".
 */
function undated(a: Analysis, sentence: number): string {
  const t = anchorFor(a.timeAnchors ?? [], sentence);
  if (!t) return 'undated';
  return `undated; set in ${t.value} by the ${ANCHOR_SOURCES[t.source]}${t.evidence ? ` ("${t.evidence.text}")` : ''}`;
}

/** Annotations for every extraction of an analysis that has a span in the text. */
export function annotationsOf(a: Analysis): Annotation[] {
  const out: Annotation[] = [];
  const actors = new Map(a.actors.map((x) => [x.id, x]));
  const places = new Map(a.places.map((p) => [p.id, p]));
  const covered = new Set<string>();
  for (const m of a.actorMentions) {
    const actor = actors.get(m.actor);
    if (!actor) continue;
    if (m.entity) covered.add(m.entity);
    const role = actor.role ? [actor.role.title, actor.role.organisation].filter(Boolean).join(', ') : '';
    out.push({
      kind: 'actor',
      start: m.span.start,
      end: m.span.end,
      label: `${actor.name}${actor.codes.length ? ` (${actor.codes.join(', ')})` : ''}`,
      details: [
        `${actor.kind}${actor.discovered ? ', not in the dictionary' : ''}${actor.country ? `, ${actor.country}` : ''}`,
        ...(role ? [role] : []),
        `linked by ${m.via}`,
        pct(m.confidence),
      ],
      confidence: m.confidence,
      href: actor.discovered ? null : `/actors/${encodeURIComponent(actor.actorId)}`,
    });
  }
  for (const p of a.places) {
    if (p.entity) covered.add(p.entity);
    const r = p.place;
    out.push({
      kind: 'place',
      start: p.span.start,
      end: p.span.end,
      label: r ? `${r.name}${r.country ? `, ${r.country}` : ''}` : `${p.span.text} (not in the gazetteer)`,
      details: r
        ? [
            `${r.featureClass}.${r.featureCode}${r.geonameId ? ` · GeoNames ${r.geonameId}` : ''}`,
            `${r.lat.toFixed(3)}, ${r.lon.toFixed(3)}`,
            `${p.candidates} candidate${p.candidates === 1 ? '' : 's'}`,
            pct(p.confidence),
          ]
        : p.approximate
          ? [
              `most likely near ${p.approximate.nearName} (approximate)`,
              `${p.approximate.lat.toFixed(3)}, ${p.approximate.lon.toFixed(3)}`,
              pct(p.confidence),
            ]
          : [pct(p.confidence)],
      confidence: p.confidence,
      // A name the gazetteer lacks is placed near the story's middle only as a guess: linking it to that
      // place's page would say "Coptic Church" is Saint Peter, Minnesota. It links nowhere.
      href: r ? `/places/${encodeURIComponent(r.id)}` : null,
    });
  }
  for (const d of a.dates) {
    const value = d.start === d.end ? (d.start ?? '…') : `${d.start ?? '…'} – ${d.end ?? '…'}`;
    out.push({
      kind: 'date',
      start: d.span.start,
      end: d.span.end,
      label: value,
      details: [`${d.kind}, ${d.precision}${d.future ? ', future' : ''}`, pct(d.confidence)],
      confidence: d.confidence,
      href: null,
    });
  }
  for (const q of a.quotes) {
    const speaker = q.speaker ? actors.get(q.speaker) : undefined;
    out.push({
      kind: 'quote',
      start: q.span.start,
      end: q.span.end,
      label: `Quote${speaker ? ` by ${speaker.name}` : q.speakerSpan ? ` by “${q.speakerSpan.text}”` : ', speaker unknown'}`,
      details: [
        ...(q.cue ? [`cue: ${q.cue}`] : []),
        ...(q.partial ? ['partial quote'] : []),
        pct(q.confidence),
      ],
      confidence: q.confidence,
      href: null,
    });
  }
  for (const c of a.claims) {
    const value =
      c.value === null
        ? 'a magnitude'
        : c.valueMax !== null && c.valueMax !== c.value
          ? `${c.value}–${c.valueMax}`
          : String(c.value);
    out.push({
      kind: 'claim',
      start: c.span.start,
      end: c.span.end,
      label: `${c.kind}: ${c.qualifier === 'exact' ? '' : `${c.qualifier} `}${value}${c.unit ? ` ${c.unit}` : ''}`,
      details: [...(c.cue ? [`cue: ${c.cue}`] : []), pct(c.confidence)],
      confidence: c.confidence,
      href: null,
    });
  }
  const actorName = (id: string) => actors.get(id)?.name ?? id;
  for (const e of a.events) {
    const where = e.place ? places.get(e.place)?.place?.name : undefined;
    const flags = [e.negated ? 'negated' : '', e.intended ? 'intended' : ''].filter(Boolean);
    out.push({
      kind: 'event',
      start: e.trigger.start,
      end: e.trigger.end,
      label: `${e.type}${e.mode ? `/${e.mode}` : ''} · CAMEO ${e.cameo}${flags.length ? ` (${flags.join(', ')})` : ''}`,
      details: [
        `${e.sources.map(actorName).join(', ') || '?'} → ${e.targets.map(actorName).join(', ') || '?'}`,
        [where, e.date ?? undated(a, e.span.sentence)].filter(Boolean).join(', '),
        pct(e.confidence),
      ].filter(Boolean),
      confidence: e.confidence,
      href: null,
    });
  }
  for (const m of a.entities) {
    if (covered.has(m.id)) continue;
    out.push({
      kind: 'entity',
      start: m.span.start,
      end: m.span.end,
      label: `${m.type} entity`,
      details: ['not linked to an actor or place', pct(m.confidence)],
      confidence: m.confidence,
      href: null,
    });
  }
  return out.filter((x) => x.end > x.start);
}

/** Paragraphs (blank-line separated) of sentences of pieces, covering the whole text. */
export function layoutText(
  text: string,
  sentences: readonly Sentence[],
  annotations: readonly Annotation[],
): ReaderParagraph[] {
  const cuts = new Set<number>([0, text.length]);
  const paragraphs: Array<[number, number]> = [];
  const re = /\n\s*\n/g;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    paragraphs.push([from, m.index]);
    from = m.index + m[0].length;
  }
  paragraphs.push([from, text.length]);
  for (const [s, e] of paragraphs) cuts.add(s).add(e);
  for (const s of sentences) cuts.add(s.start).add(s.end);
  for (const a of annotations)
    cuts.add(Math.max(0, Math.min(a.start, text.length))).add(Math.max(0, Math.min(a.end, text.length)));
  const points = [...cuts].sort((x, y) => x - y);
  const sorted = [...annotations].sort((x, y) => x.end - x.start - (y.end - y.start));
  const sentenceAt = (pos: number) => sentences.find((s) => pos >= s.start && pos < s.end)?.index ?? -1;

  return paragraphs
    .filter(([s, e]) => e > s && text.slice(s, e).trim())
    .map(([ps, pe]) => {
      const out: ReaderSentence[] = [];
      for (let i = 0; i < points.length - 1; i++) {
        const start = points[i] as number;
        const end = points[i + 1] as number;
        if (start < ps || end > pe || end <= start) continue;
        const index = sentenceAt(start);
        const piece: Piece = {
          start,
          end,
          text: text.slice(start, end),
          covers: sorted.filter((a) => a.start <= start && a.end >= end),
        };
        const last = out[out.length - 1];
        if (last && last.index === index) last.pieces.push(piece);
        else out.push({ index, pieces: [piece] });
      }
      return { start: ps, sentences: out };
    });
}
