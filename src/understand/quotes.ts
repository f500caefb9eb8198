import { Tree } from './events/clauses.js';
import { defineStage, type StageFactory } from './stage.js';
import type { ActorMention, AnalysisActor, Quote, Sentence, SentenceSyntax, Span, Token } from './types.js';

export interface QuoteInput {
  text: string;
  sentences: readonly Sentence[];
  tokens: readonly (readonly Token[])[];
  actors: readonly AnalysisActor[];
  actorMentions: readonly ActorMention[];
  /** Per sentence, its dependency parse (aligned with its tokens), when the syntax stage made one. */
  syntax?: readonly (SentenceSyntax | null)[];
}

/**
 * The token naming who speaks, from the parse: the subject of the speech verb ("X said"), or the object of
 * "quoted X as saying" ("…, the broadcaster quoted X as saying"); null without a parse or a subject.
 */
export function speakerToken(
  syntax: SentenceSyntax | null | undefined,
  toks: readonly Token[],
  cue: Token,
): Token | null {
  if (!syntax || syntax.heads.length !== toks.length) return null;
  const i = toks.indexOf(cue);
  if (i < 0) return null;
  const t = new Tree(
    syntax,
    toks.map((x) => x.text.toLowerCase()),
  );
  let verb = i;
  // "quoted X as saying": the cue may be "saying", whose clause hangs on "quoted".
  if (t.word(i) === 'saying' && t.word(t.head(i)) === 'quoted') verb = t.head(i);
  const who =
    t.word(verb) === 'quoted'
      ? (t.children(verb, 'obj')[0] ?? t.children(verb, 'nsubj')[0])
      : (t.children(verb, 'nsubj')[0] ?? t.children(verb, 'nsubj:pass')[0]);
  return who === undefined ? null : (toks[who] ?? null);
}

const OPEN = new Set(['“', '"', '«', '„']);
const CLOSE_OF = new Map([
  ['“', '”'],
  ['"', '"'],
  ['«', '»'],
  ['„', '“'],
]);
const CUES =
  /^(said|says|say|told|tells|added|adds|stated|states|noted|notes|warned|warns|stressed|stresses|insisted|declared|announced|explained|wrote|writes|tweeted|asked|urged|emphasized|emphasised|emphasizes|emphasises|saying|continued|argued|claimed|vowed|pledged|reiterated|affirmed|confirmed|denied|quoted|reported|underlined|pointed|recalled|concluded|replied|responded|acknowledged|admitted|threatened|called)$/i;
const PRONOUNS = /^(he|she|they|him|her)$/i;

interface Segment {
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
}

/**
 * Quotation segments. A quote left open at the end of a paragraph continues when the next paragraph opens
 * with a quotation mark (the newspaper convention for long quotes), so it is one quote across paragraphs.
 */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    // A straight quote opens only at a word start, so inch marks and closing quotes are not taken for openers.
    if (!OPEN.has(ch) || (ch === '"' && i > 0 && /\w/.test(text[i - 1] ?? ''))) {
      i++;
      continue;
    }
    const close = CLOSE_OF.get(ch) ?? '”';
    let j = i + 1;
    let end = -1;
    while (j < text.length) {
      const c = text[j] ?? '';
      if (c === close) {
        end = j;
        break;
      }
      if (c === '\n' && /\n[ \t]*\n/.test(text.slice(j, j + 3))) {
        let k = j;
        while (k < text.length && /\s/.test(text[k] ?? '')) k++;
        if (text[k] === ch) {
          j = k + 1;
          continue;
        }
        break;
      }
      j++;
    }
    if (end === -1) {
      i++;
      continue;
    }
    out.push({ start: i, end: end + 1, innerStart: i + 1, innerEnd: end });
    i = end + 1;
  }
  return out;
}

function sentenceAt(sentences: readonly Sentence[], offset: number): Sentence | undefined {
  return sentences.find((s) => offset >= s.start && offset < s.end);
}

/**
 * Direct quotes with their speakers. Attribution tries, in order: "quoted X as saying", "according to X",
 * a speech verb next to an actor ("X said", "said X", "he added" — a pronoun resolves to the last speaker
 * or person named before), "the statement …" to the actor who issued the statement earlier, and the
 * nearest actor before a speech verb in the same sentence.
 */
export function extractQuotes(input: QuoteInput): Quote[] {
  const { text, sentences, tokens, actors, actorMentions } = input;
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const quotes: Quote[] = [];
  let lastSpeaker: { actor: string; span: Span } | null = null;
  let statementSpeaker: { actor: string; span: Span } | null = null;

  for (const seg of segments(text)) {
    const inner = text.slice(seg.innerStart, seg.innerEnd).trim();
    const words = inner.split(/\s+/).filter(Boolean);
    // One or two words in quotation marks are a term ("takfiri"), not speech.
    if (words.length < 3) continue;
    const first = sentenceAt(sentences, seg.start);
    const last = sentenceAt(sentences, seg.end - 1) ?? first;
    if (!first || !last) continue;
    const outsideMentions = actorMentions.filter(
      (m) =>
        m.span.sentence >= first.index &&
        m.span.sentence <= last.index &&
        (m.span.end <= seg.start || m.span.start >= seg.end),
    );
    const sentTokens = [
      ...(tokens[first.index] ?? []),
      ...(first.index !== last.index ? (tokens[last.index] ?? []) : []),
    ];
    const outside = sentTokens.filter((t) => t.end <= seg.start || t.start >= seg.end);
    const cueTokens = outside.filter((t) => CUES.test(t.text));
    const partial =
      seg.start > first.start + 1 &&
      /[a-z,]/.test(text.slice(first.start, seg.start).trim().slice(-1) || 'x') &&
      !/[:,]\s*$/.test(text.slice(first.start, seg.start));

    let speaker: { actor: string; span: Span } | null = null;
    let cue: string | null = null;
    let confidence = 0.5;
    const sentenceText = text.slice(first.start, last.end);

    const quotedAs = /\bquoted\b([\s\S]*?)\bas saying\b/.exec(sentenceText);
    if (quotedAs) {
      const from = first.start + quotedAs.index;
      const to = from + quotedAs[0].length;
      const inside = outsideMentions.filter(
        (m) => m.span.start >= from && m.span.end <= to && isSpeakerKind(actorById.get(m.actor)),
      );
      const m = inside[inside.length - 1];
      if (m) {
        speaker = { actor: m.actor, span: m.span };
        cue = 'quoted … as saying';
        confidence = 0.9;
      }
    }
    // The subject of the speech verb speaks, whoever else the sentence cites: "'It is over,' Zarif said,
    // according to Tasnim news agency" is Zarif's quote, which Tasnim reports.
    const nearestCue = [...cueTokens].sort((a, b) => distance(a, seg) - distance(b, seg))[0];
    const parsedSubject = nearestCue
      ? speakerToken(input.syntax?.[nearestCue.sentence], tokens[nearestCue.sentence] ?? [], nearestCue)
      : null;
    if (!speaker && nearestCue && parsedSubject) {
      const m = outsideMentions.find(
        (x) => x.span.start < parsedSubject.end && x.span.end > parsedSubject.start,
      );
      const resolved: { actor: string; span: Span } | null = m
        ? { actor: m.actor, span: m.span }
        : PRONOUNS.test(parsedSubject.text)
          ? (lastSpeaker ?? lastPersonBefore(actorMentions, actorById, parsedSubject.start))
          : null;
      if (resolved) {
        speaker = m
          ? resolved
          : {
              actor: resolved.actor,
              span: {
                sentence: first.index,
                start: parsedSubject.start,
                end: parsedSubject.end,
                text: parsedSubject.text,
              },
            };
        cue = nearestCue.text.toLowerCase();
        confidence = m ? 0.85 : 0.75;
      }
    }
    if (!speaker) {
      const according = /\baccording to\b/.exec(sentenceText);
      if (according) {
        const at = first.start + according.index + according[0].length;
        const m = outsideMentions
          .filter((x) => x.span.start >= at)
          .sort((a, b) => a.span.start - b.span.start)[0];
        if (m) {
          speaker = { actor: m.actor, span: m.span };
          cue = 'according to';
          confidence = 0.85;
        }
      }
    }
    if (!speaker && cueTokens.length > 0) {
      // The speech verb nearest the quote, and its subject in the parse, else the actor or pronoun right
      // next to it.
      const nearest = [...cueTokens].sort((a, b) => distance(a, seg) - distance(b, seg))[0] as Token;
      cue = nearest.text.toLowerCase();
      const idx = outside.indexOf(nearest);
      const subject = speakerToken(input.syntax?.[nearest.sentence], tokens[nearest.sentence] ?? [], nearest);
      const neighbours = [
        subject,
        outside[idx - 1],
        outside[idx + 1],
        outside[idx - 2],
        outside[idx + 2],
      ].filter((t): t is Token => !!t);
      for (const t of neighbours) {
        if (PRONOUNS.test(t.text)) {
          const resolved: { actor: string; span: Span } | null =
            lastSpeaker ?? lastPersonBefore(actorMentions, actorById, t.start);
          if (resolved) {
            speaker = {
              actor: resolved.actor,
              span: { sentence: first.index, start: t.start, end: t.end, text: t.text },
            };
            confidence = 0.75;
          }
          break;
        }
        const m = outsideMentions.find(
          (x) =>
            x.span.start < t.end &&
            x.span.end > t.start &&
            (t === subject || isSpeakerKind(actorById.get(x.actor))),
        );
        if (m) {
          speaker = { actor: m.actor, span: m.span };
          confidence = 0.85;
          break;
        }
      }
      if (
        !speaker &&
        /\bstatement\b/i.test(sentenceText) &&
        statementSpeaker &&
        !outsideMentions.some(
          (m) =>
            m.span.end <= nearest.start &&
            isSpeakerKind(actorById.get(m.actor)) &&
            actorById.get(m.actor)?.kind === 'person',
        )
      ) {
        speaker = statementSpeaker;
        cue = `${cue} (statement)`;
        confidence = 0.6;
      }
      if (!speaker) {
        const before = outsideMentions
          .filter((m) => m.span.end <= nearest.start && isSpeakerKind(actorById.get(m.actor)))
          .sort((a, b) => b.span.start - a.span.start)[0];
        if (before) {
          speaker = { actor: before.actor, span: before.span };
          confidence = 0.6;
        }
      }
    }
    if (speaker) {
      lastSpeaker = speaker;
      if (/\bstatement\b/i.test(sentenceText)) statementSpeaker ??= speaker;
    }
    quotes.push({
      id: `q${quotes.length + 1}`,
      text: inner,
      span: { sentence: first.index, start: seg.start, end: seg.end, text: text.slice(seg.start, seg.end) },
      speaker: speaker?.actor ?? null,
      speakerSpan: speaker?.span ?? null,
      cue,
      partial,
      confidence: speaker ? confidence : 0.3,
    });
  }
  return quotes;
}

function distance(t: Token, seg: Segment): number {
  return t.start >= seg.end ? t.start - seg.end : seg.start - t.end;
}

/** People and organisations speak; countries do through their officials, so they come last. */
function isSpeakerKind(a: AnalysisActor | undefined): boolean {
  return !!a && a.kind !== 'country';
}

function lastPersonBefore(
  mentions: readonly ActorMention[],
  actors: ReadonlyMap<string, AnalysisActor>,
  offset: number,
): { actor: string; span: Span } | null {
  const m = mentions
    .filter((x) => x.span.end <= offset && actors.get(x.actor)?.kind === 'person')
    .sort((a, b) => b.span.start - a.span.start)[0];
  return m ? { actor: m.actor, span: m.span } : null;
}

export const quoteStage: StageFactory = () =>
  defineStage({
    name: 'quotes',
    version: 'parse-2',
    reads: ['sentences', 'tokens', 'syntax', 'actors', 'actorMentions'],
    writes: ['quotes'],
    run: (input) => ({ quotes: extractQuotes(input) }),
  });
