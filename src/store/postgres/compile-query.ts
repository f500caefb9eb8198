import type { QueryNode } from '../query/parse.js';
import { normaliseName } from '../search-query.js';
import { allQuoted, searchWords, stemmedAlternatives } from '../search-language.js';
import type { Params } from './connection.js';

/** The text search configuration of the stemmed column `tsv`: English stems, no stop words, no diacritics. */
export const TS_CONFIG = 'watchfloor';
/** The configuration of the exact column `tsv_exact` (migration 8): the same without the stemmer. */
export const EXACT_CONFIG = 'watchfloor_exact';

/** A compiled query: a WHERE clause over `articles a`, and the tsquery text to rank and highlight by, if any. */
export interface CompiledQuery {
  where: string;
  /**
   * The positive text of the query as to_tsquery input (operands quoted) for the stemmed column, for ranking
   * and snippets. A quoted phrase is in it stemmed; the WHERE clause holds it to its exact form.
   */
  rank: string | null;
  /** When every positive text term is quoted: the same text for the exact column, for snippets. */
  exact: string | null;
  /**
   * The column `rank` is for: `tsv` (TS_CONFIG), or `tsv_exact` (EXACT_CONFIG) with the exactRank option when
   * every positive text term is quoted (`rank` is then `exact`, and the WHERE clause leaves the phrases to
   * it), as the SQLite compiler ranks such a query on its exact index.
   */
  column: 'tsv' | 'tsv_exact';
}

/** A quoted tsquery operand: to_tsquery stems it like the indexed text, and reads nothing in it as syntax. */
const operand = (word: string): string => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

type Text = Extract<QueryNode, { kind: 'text' }>;

/**
 * A term as tsquery text, as the SQLite compiler builds its FTS5 expression: each alternative's words in
 * sequence (`<->`, as FTS5 matches a quoted string), the alternatives ORed; a prefix applies to the last word
 * of each.
 */
function tsOf(node: Text, exact: boolean): string | null {
  const alternatives = exact || node.phrase ? [searchWords(node.text)] : stemmedAlternatives(node.text);
  const parts = alternatives
    .filter((words) => words.length > 0)
    .map((words) => {
      const ops = words.map((w, i) => operand(w) + (node.prefix && i === words.length - 1 ? ':*' : ''));
      return ops.length === 1 ? ops[0]! : `(${ops.join(' <-> ')})`;
    });
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`;
}

function rankOf(node: QueryNode, exact = false): string | null {
  switch (node.kind) {
    case 'text':
      return tsOf(node, exact);
    case 'and': {
      const parts = node.items.map((n) => rankOf(n, exact)).filter((x): x is string => x !== null);
      return parts.length ? `(${parts.join(' & ')})` : null;
    }
    case 'or': {
      const parts = node.items.map((n) => rankOf(n, exact));
      // Ranking by the text of some alternatives only would drop results matched by the others.
      return parts.every((p) => p !== null) ? `(${parts.join(' | ')})` : null;
    }
    default:
      return null;
  }
}

export function tsquery(p: Params, text: string, config: string = TS_CONFIG): string {
  return `to_tsquery('${config}', ${p.add(text)})`;
}

function compile(node: QueryNode, p: Params): string {
  switch (node.kind) {
    case 'text': {
      const ts = tsOf(node, node.phrase);
      if (!ts) return 'TRUE';
      return node.phrase ? `a.tsv_exact @@ ${tsquery(p, ts, EXACT_CONFIG)}` : `a.tsv @@ ${tsquery(p, ts)}`;
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

/**
 * Text only, under AND and OR, of the kind the rank expression states exactly: unquoted words on the stemmed
 * column; on the exact column, quoted phrases (as in SQLite).
 */
function pure(node: QueryNode, exact: boolean): boolean {
  if (node.kind === 'text') return node.phrase === exact;
  if (node.kind === 'and' || node.kind === 'or') return node.items.every((n) => pure(n, exact));
  return false;
}

/**
 * As in SQLite, the parts of the query the rank expression states exactly (pure text, at the top or ANDed
 * at the top) are matched once, by the rank expression, so a plain text query runs on the GIN index alone.
 * Callers must then match `rank` themselves.
 */
export function compileQuery(
  tree: QueryNode,
  p: Params,
  options: { exactRank?: boolean } = {},
): CompiledQuery {
  const quoted = allQuoted(tree);
  const onExact = quoted && (options.exactRank ?? false);
  const rank = rankOf(tree, onExact);
  let where: string;
  if (rank && pure(tree, onExact)) where = 'TRUE';
  else if (rank && tree.kind === 'and') {
    const rest = tree.items.filter((n) => !pure(n, onExact)).map((n) => compile(n, p));
    where = rest.length ? rest.join(' AND ') : 'TRUE';
  } else where = compile(tree, p);
  const exact = rank && quoted ? (onExact ? rank : rankOf(tree, true)) : null;
  return { where, rank, exact, column: onExact ? 'tsv_exact' : 'tsv' };
}
