import type { QueryNode } from '../query/parse.js';
import { normaliseName } from '../search-query.js';

/** A compiled query: a WHERE clause over `articles a` and the FTS5 expression to rank by, if any. */
export interface CompiledQuery {
  where: string;
  params: unknown[];
  /** The positive text of the query as one FTS5 expression, for BM25 ranking and snippets. */
  rank: string | null;
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
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;
/** Letters and digits only count: FTS5 would read punctuation as syntax. */
const clean = (s: string): string => s.replace(/[^\p{L}\p{N}\p{M}'’_-]+/gu, ' ').trim();

function ftsOf(node: Extract<QueryNode, { kind: 'text' }>): string | null {
  const c = clean(node.text);
  if (!c) return null;
  return quote(c) + (node.prefix ? '*' : '');
}

/** The FTS5 expression of the text a result must contain (positive text under AND/OR), or null. */
function rankOf(node: QueryNode): string | null {
  switch (node.kind) {
    case 'text':
      return ftsOf(node);
    case 'and': {
      const parts = node.items.map(rankOf).filter((x): x is string => x !== null);
      return parts.length ? parts.join(' AND ') : null;
    }
    case 'or': {
      const parts = node.items.map(rankOf);
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
      const fts = ftsOf(node);
      if (!fts) return '1';
      cx.params.push(fts);
      return `${cx.member} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)`;
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

/** Text only, under AND and OR: exactly what its FTS5 expression says. */
function pure(node: QueryNode): boolean {
  if (node.kind === 'text') return true;
  if (node.kind === 'and' || node.kind === 'or') return node.items.every(pure);
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
  const rank = rankOf(tree);
  let where: string;
  if (rank && pure(tree)) where = '1';
  else if (rank && tree.kind === 'and') {
    const rest = tree.items.filter((n) => !pure(n)).map((n) => compile(n, cx));
    where = rest.length ? rest.join(' AND ') : '1';
  } else where = compile(tree, cx);
  return { where, params: cx.params, rank, articleColumns: cx.articleColumns };
}
