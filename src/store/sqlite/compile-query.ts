import type { QueryNode } from '../query/parse.js';
import { normaliseName } from '../search-query.js';
import { allQuoted, searchWords, stemmedAlternatives } from '../search-language.js';

/** The stemmed full-text index (unquoted words) and the exact one (quoted phrases): migration 8. */
export const STEMMED_INDEX = 'articles_fts' as const;
export const EXACT_INDEX = 'articles_fts_exact' as const;

/** A compiled query: a WHERE clause over `articles a` and the FTS5 expression to rank by, if any. */
export interface CompiledQuery {
  where: string;
  params: unknown[];
  /**
   * The positive text of the query as one FTS5 expression over the stemmed index (STEMMED_INDEX), for BM25
   * ranking and snippets. A quoted phrase is in it stemmed, which every exact match also matches; the WHERE
   * clause holds it to its exact form.
   */
  rank: string | null;
  /** When every positive text term is quoted: the same text over the exact index, for snippets. */
  exact: string | null;
  /**
   * The index `rank` is over: STEMMED_INDEX, or EXACT_INDEX with CompileOptions.exactRank when every
   * positive text term is quoted (`rank` is then `exact`, and the WHERE clause leaves the phrases to it).
   */
  index: typeof STEMMED_INDEX | typeof EXACT_INDEX;
  /** The WHERE clause reads columns of `articles a`, not only the article id. */
  articleColumns: boolean;
}

export interface CompileOptions {
  /**
   * The article id the clause tests: `a.id`, or `f.rowid` when it filters the full-text index alone (no join
   * with articles: reading 10k article rows cost more than ranking the 10k matches).
   */
  id?: 'a.id' | 'f.rowid';
  /**
   * Test event types and countries against each one's list of articles, built once per query, rather than
   * probing the facet rows once per candidate: cheaper when the full-text match has thousands of rows.
   */
  lists?: boolean;
  /**
   * Rank a query of quoted phrases only on the exact index, so its phrases are matched once rather than
   * stemmed for the rank and exactly in the WHERE clause (search does; explore filters on `rank` over the
   * stemmed index).
   */
  exactRank?: boolean;
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

type Text = Extract<QueryNode, { kind: 'text' }>;

/**
 * A term as an FTS5 expression: a quoted phrase (or any term on the exact index) as its folded words; an
 * unquoted word as its alternatives (search-language.ts), each a quoted FTS5 string (FTS5 reads nothing in
 * one as syntax, and a string of several words as a phrase). A prefix applies to each alternative.
 */
function ftsOf(node: Text, exact: boolean): string | null {
  const alternatives = exact || node.phrase ? [searchWords(node.text)] : stemmedAlternatives(node.text);
  const parts = alternatives
    .filter((words) => words.length > 0)
    .map((words) => quote(words.join(' ')) + (node.prefix ? '*' : ''));
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** The FTS5 expression of the text a result must contain (positive text under AND/OR), or null. */
function rankOf(node: QueryNode, exact = false): string | null {
  switch (node.kind) {
    case 'text':
      return ftsOf(node, exact);
    case 'and': {
      const parts = node.items.map((n) => rankOf(n, exact)).filter((x): x is string => x !== null);
      return parts.length ? parts.join(' AND ') : null;
    }
    case 'or': {
      const parts = node.items.map((n) => rankOf(n, exact));
      // Ranking by the text of some alternatives only would drop results matched by the others.
      return parts.every((p) => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    default:
      return null;
  }
}

interface Context {
  params: unknown[];
  id: string;
  /** The id in `<id> IN (…)`: FTS5 would take `f.rowid IN` as a lookup per listed id, so it is hidden. */
  member: string;
  lists: boolean;
  articleColumns: boolean;
}

function compile(node: QueryNode, cx: Context): string {
  switch (node.kind) {
    case 'text': {
      const fts = ftsOf(node, node.phrase);
      if (!fts) return '1';
      cx.params.push(fts);
      const table = node.phrase ? EXACT_INDEX : STEMMED_INDEX;
      return `${cx.member} IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?)`;
    }
    case 'and':
      return `(${node.items.map((n) => compile(n, cx)).join(' AND ')})`;
    case 'or':
      return `(${node.items.map((n) => compile(n, cx)).join(' OR ')})`;
    case 'not':
      return `NOT ${compile(node.item, cx)}`;
    case 'field':
      return field(node.field, node.value, cx);
  }
}

/** Articles with a facet row (kind, value): a probe of the row's key per article, or a list built once. */
function facet(kind: 'type' | 'country', value: string, cx: Context): string {
  cx.params.push(value);
  return cx.lists
    ? `${cx.member} IN (SELECT article_id FROM article_facets WHERE kind = '${kind}' AND value = ?)`
    : `EXISTS (SELECT 1 FROM article_facets x WHERE x.article_id = ${cx.id} AND x.kind = '${kind}' AND x.value = ?)`;
}

function field(name: string, value: string, cx: Context): string {
  const { params, id } = cx;
  if (['source', 'from', 'to', 'lang'].includes(name)) cx.articleColumns = true;
  switch (name) {
    case 'actor':
      // A dictionary id ("person:mohammad-bagheri") or a code or code prefix ("IRN" takes IRNMIL too).
      params.push(value.toLowerCase(), `% ${value}%`);
      return `EXISTS (SELECT 1 FROM actor_mentions m WHERE m.article_id = ${id}
        AND (lower(m.actor_id) = ? OR (' ' || m.codes) LIKE ?))`;
    case 'person':
      params.push(normaliseName(value), normaliseName(value));
      return `(EXISTS (SELECT 1 FROM actor_mentions m WHERE m.article_id = ${id} AND m.kind = 'person'
        AND lower(m.name) = ?) OR EXISTS (SELECT 1 FROM entity_mentions e WHERE e.article_id = ${id}
        AND e.type = 'PER' AND e.norm = ?))`;
    case 'type':
      // Facet rows of kind 'type' stand for the article's events that are not negated.
      return facet('type', value, cx);
    case 'place': {
      const placeId = /^\d+$/.test(value) ? value : null;
      params.push(normaliseName(value), normaliseName(value), placeId);
      return `EXISTS (SELECT 1 FROM place_mentions p WHERE p.article_id = ${id}
        AND (p.norm = ? OR lower(p.name) = ? OR p.place_id = ?))`;
    }
    case 'country':
      return facet('country', value, cx);
    case 'source': {
      const site = value
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/^www\./, '')
        .replace(/\/.*$/, '');
      params.push(site, `%.${site}`);
      return '(lower(a.site) = ? OR lower(a.site) LIKE ?)';
    }
    case 'from':
      params.push(value);
      return 'a.published_at >= ?';
    case 'to':
      // Inclusive: "to:2020" covers the whole year, "to:2020-07-08" the whole day.
      params.push(`${value}\uffff`);
      return 'a.published_at <= ?';
    case 'lang':
      params.push(value.toLowerCase());
      return "lower(coalesce(a.language, '')) LIKE ? || '%'";
    default:
      return '1';
  }
}

/**
 * Unquoted text only, under AND and OR: exactly what its FTS5 expression says (a quoted phrase is in the rank
 * expression stemmed, so it needs its exact match in the WHERE clause too).
 */
function pure(node: QueryNode, exact: boolean): boolean {
  if (node.kind === 'text') return node.phrase === exact;
  if (node.kind === 'and' || node.kind === 'or') return node.items.every((n) => pure(n, exact));
  return false;
}

/**
 * The rank expression is matched anyway, so the parts of the query it states exactly (pure text, at the top
 * or ANDed at the top) are not matched a second time in the WHERE clause: a plain text query then runs on the
 * full-text index alone.
 */
export function compileQuery(tree: QueryNode, options: CompileOptions = {}): CompiledQuery {
  const id = options.id ?? 'a.id';
  const cx: Context = {
    params: [],
    id,
    member: id === 'f.rowid' ? '+f.rowid' : id,
    lists: options.lists ?? false,
    articleColumns: false,
  };
  const quoted = allQuoted(tree);
  const onExact = quoted && (options.exactRank ?? false);
  const rank = rankOf(tree, onExact);
  let where: string;
  if (rank && pure(tree, onExact)) where = '1';
  else if (rank && tree.kind === 'and') {
    const rest = tree.items.filter((n) => !pure(n, onExact)).map((n) => compile(n, cx));
    where = rest.length ? rest.join(' AND ') : '1';
  } else where = compile(tree, cx);
  const exact = rank && quoted ? (onExact ? rank : rankOf(tree, true)) : null;
  const index = onExact ? EXACT_INDEX : STEMMED_INDEX;
  return { where, params: cx.params, rank, exact, index, articleColumns: cx.articleColumns };
}
