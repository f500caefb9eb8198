import type { QueryNode } from '../query/parse.js';
import { normaliseName } from '../search-query.js';
import type { Params } from './connection.js';

/** The text search configuration of migration 1: English stems, no stop words, no diacritics. */
export const TS_CONFIG = 'watchfloor';

/** A compiled query: a WHERE clause over `articles a`, and the tsquery text to rank and highlight by, if any. */
export interface CompiledQuery {
  where: string;
  /** The positive text of the query as to_tsquery input (operands quoted), for ranking and snippets. */
  rank: string | null;
}

/** Letters and digits only count, as in the SQLite compiler: the rest would be tsquery syntax. */
const clean = (s: string): string => s.replace(/[^\p{L}\p{N}\p{M}'’_-]+/gu, ' ').trim();

/** A quoted tsquery operand: to_tsquery stems it like the indexed text, and reads nothing in it as syntax. */
const operand = (word: string): string => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * A word or a phrase as tsquery text: its words in sequence (`<->`), as SQLite matches a quoted FTS5
 * string; a prefix applies to the last word.
 */
function tsOf(node: Extract<QueryNode, { kind: 'text' }>): string | null {
  const words = clean(node.text).split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const parts = words.map((w, i) => operand(w) + (node.prefix && i === words.length - 1 ? ':*' : ''));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
}

function rankOf(node: QueryNode): string | null {
  switch (node.kind) {
    case 'text':
      return tsOf(node);
    case 'and': {
      const parts = node.items.map(rankOf).filter((x): x is string => x !== null);
      return parts.length ? `(${parts.join(' & ')})` : null;
    }
    case 'or': {
      const parts = node.items.map(rankOf);
      // Ranking by the text of some alternatives only would drop results matched by the others.
      return parts.every((p) => p !== null) ? `(${parts.join(' | ')})` : null;
    }
    default:
      return null;
  }
}

export function tsquery(p: Params, text: string): string {
  return `to_tsquery('${TS_CONFIG}', ${p.add(text)})`;
}

function compile(node: QueryNode, p: Params): string {
  switch (node.kind) {
    case 'text': {
      const ts = tsOf(node);
      return ts ? `a.tsv @@ ${tsquery(p, ts)}` : 'TRUE';
    }
    case 'and':
      return `(${node.items.map((n) => compile(n, p)).join(' AND ')})`;
    case 'or':
      return `(${node.items.map((n) => compile(n, p)).join(' OR ')})`;
    case 'not':
      return `NOT ${compile(node.item, p)}`;
    case 'field':
      return field(node.field, node.value, p);
  }
}

function field(name: string, value: string, p: Params): string {
  switch (name) {
    case 'actor':
      // A dictionary id ("person:mohammad-bagheri") or a code or code prefix ("IRN" takes IRNMIL too).
      return `EXISTS (SELECT 1 FROM actor_mentions m WHERE m.article_id = a.id
        AND (lower(m.actor_id) = ${p.add(value.toLowerCase())} OR position(${p.add(` ${value}`)} IN (' ' || m.codes)) > 0))`;
    case 'person': {
      const norm = p.add(normaliseName(value));
      return `(EXISTS (SELECT 1 FROM actor_mentions m WHERE m.article_id = a.id AND m.kind = 'person'
        AND lower(m.name) = ${norm}) OR EXISTS (SELECT 1 FROM entity_mentions e WHERE e.article_id = a.id
        AND e.type = 'PER' AND e.norm = ${norm}))`;
    }
    case 'type':
      return `EXISTS (SELECT 1 FROM events v WHERE v.article_id = a.id AND v.type = ${p.add(value)} AND NOT v.negated)`;
    case 'place': {
      const norm = p.add(normaliseName(value));
      const id = p.add(/^\d+$/.test(value) ? value : null);
      return `EXISTS (SELECT 1 FROM place_mentions pm WHERE pm.article_id = a.id
        AND (pm.norm = ${norm} OR lower(pm.name) = ${norm} OR pm.place_id = ${id}::text))`;
    }
    case 'country':
      return `EXISTS (SELECT 1 FROM place_mentions pm WHERE pm.article_id = a.id AND pm.country = ${p.add(value)})`;
    case 'source': {
      const site = value
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/^www\./, '')
        .replace(/\/.*$/, '');
      const dotted = p.add(`.${site}`);
      return `(lower(a.site) = ${p.add(site)} OR right(lower(a.site), length(${dotted})) = ${dotted})`;
    }
    case 'from':
      return `a.published_at >= ${p.add(value)}`;
    case 'to':
      // Inclusive: "to:2020" covers the whole year, "to:2020-07-08" the whole day.
      return `a.published_at <= ${p.add(`${value}\uffff`)}`;
    case 'lang':
      return `starts_with(lower(coalesce(a.language, '')), ${p.add(value.toLowerCase())})`;
    default:
      return 'TRUE';
  }
}

/** Text only, under AND and OR: exactly what its tsquery says. */
function pure(node: QueryNode): boolean {
  if (node.kind === 'text') return true;
  if (node.kind === 'and' || node.kind === 'or') return node.items.every(pure);
  return false;
}

/**
 * As in SQLite, the parts of the query the rank expression states exactly (pure text, at the top or ANDed
 * at the top) are matched once, by the rank expression, so a plain text query runs on the GIN index alone.
 * Callers must then match `rank` themselves.
 */
export function compileQuery(tree: QueryNode, p: Params): CompiledQuery {
  const rank = rankOf(tree);
  let where: string;
  if (rank && pure(tree)) where = 'TRUE';
  else if (rank && tree.kind === 'and') {
    const rest = tree.items.filter((n) => !pure(n)).map((n) => compile(n, p));
    where = rest.length ? rest.join(' AND ') : 'TRUE';
  } else where = compile(tree, p);
  return { where, rank };
}
