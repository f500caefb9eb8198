import type pg from 'pg';
import { parseQuery, SEARCH_DEADLINE_MS } from '../query/parse.js';
import { dateOrder, MARK_CLOSE, MARK_OPEN, snippetToHtml } from '../search-query.js';
import { FACET_SAMPLE } from '../search-query.js';
import type { FacetCount, SearchFacets, SearchHit, SearchOptions, SearchResult } from '../types.js';
import { toSummary, SUMMARY_COLUMNS, type SummaryRow } from '../articles.js';
import { Params } from './connection.js';
import { deadlineReader } from './deadline.js';
import { compileQuery, EXACT_CONFIG, TS_CONFIG, tsquery } from './compile-query.js';
import { postgresFold } from '../search-language.js';
import { INDEX_FOLD } from '../../understand/language/normalize.js';
import {
  DAY_COLUMN,
  MAX_VOLUME_DAYS,
  volumeFromDays,
  type DayCount,
  type VolumeOptions,
  type VolumeResult,
} from '../volume.js';

/**
 * Title matches weigh four times body matches (weights are {D, C, B, A}; titles are A, text B), as the
 * SQLite store's bm25(4, 1). Normalisation 1 divides by 1 + log(length), so long texts do not win by size.
 */
const RANK = (column: string, q: string) => `ts_rank_cd('{0.1, 0.2, 0.25, 1.0}', a.${column}, ${q}, 1)`;

// The default parser reads "<…>" as HTML tags: it leaves them out of the index, skips what follows
// "<script>", and ts_headline drops them from snippets. Article text is plain text, so angle brackets are
// handed to the parser as control characters it treats as spaces (in the index too, see migration 1). The
// snippet markers are removed from the text first, so only ts_headline can put them there. The headline is
// taken from the text folded as the index folds it (migration 9), or "القدس" would not mark "والقدس" written
// with a tatweel or a Persian yeh, and then mapped back onto the text as written (foldedToOriginal).
// The snippet markers (\x02, \x03) and the stand-ins for angle brackets (\x01, \x04).
const CONTROL = ['\x01', '\x02', '\x03', '\x04'];
const HEADLINE_DOC = postgresFold(
  `translate(translate(text, E'\\x01\\x02\\x03\\x04', ''), '<>', E'\\x01\\x04')`,
);
const HEADLINE_OPTIONS = `StartSel=${MARK_OPEN}, StopSel=${MARK_CLOSE}, MaxFragments=1, MaxWords=24, MinWords=10`;

/**
 * The text as HEADLINE_DOC folds it, and for each of its characters the offset of the character it came
 * from in `text` (the fold maps one character to one or drops it, so every folded character has one).
 */
function foldedWithOffsets(text: string): { folded: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const to = c === '<' ? '\x01' : c === '>' ? '\x04' : (INDEX_FOLD.get(c) ?? c);
    if (to === '') continue;
    folded += to;
    from.push(i);
  }
  return { folded, from };
}

/**
 * A headline of the folded text as a snippet of the text as written: the excerpt and its marks moved to the
 * same characters of the original (a dropped mark or tatweel inside a marked word stays inside the mark).
 * Null when the headline is not found in the folded text.
 */
function foldedToOriginal(text: string, headline: string): string | null {
  const { folded, from } = foldedWithOffsets(text);
  const plain = headline.split(MARK_OPEN).join('').split(MARK_CLOSE).join('');
  const at = folded.indexOf(plain);
  if (at < 0) return null;
  const original = (k: number): number => (k < from.length ? from[k]! : text.length);
  let out = '';
  let pos = at;
  let last = original(at);
  for (const ch of headline) {
    if (ch !== MARK_OPEN && ch !== MARK_CLOSE) {
      pos++;
      continue;
    }
    const here = original(pos);
    out += text.slice(last, here) + ch;
    last = here;
  }
  const end = original(at + plain.length);
  out += text.slice(last, end);
  // SQLite's snippet() marks a cut with an ellipsis; the excerpt's place in the text tells where.
  const head = at === 0 ? '' : '…';
  const tail = end >= text.trimEnd().length ? '' : '…';
  return `${head}${out}${tail}`;
}

type Rows = ReturnType<typeof deadlineReader>;

/** Full-text search over the articles' tsvector (GIN index), ranked with ts_rank_cd, highlighted with ts_headline. */
export class PgSearch {
  constructor(
    private readonly pool: pg.Pool,
    /** How long one search may run (tests shorten it). */
    private readonly deadlineMs = SEARCH_DEADLINE_MS,
  ) {}

  /**
   * Runs the search language (src/store/query/parse.ts). Throws QueryError on a malformed query, and
   * QueryTimeout past the deadline. Results are ranked when the query has text to rank by, else newest first.
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const rows = deadlineReader(this.pool, this.deadlineMs);
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
    const offset = Math.max(options.offset ?? 0, 0);
    const tree = parseQuery(query);
    if (!tree) return { query, total: 0, hits: [] };
    const p = new Params();
    // A query of quoted phrases only is ranked on the exact column, as SQLite ranks it on its exact index.
    const compiled = compileQuery(tree, p, { exactRank: true });
    const { column } = compiled;
    const config = column === 'tsv_exact' ? EXACT_CONFIG : TS_CONFIG;
    const q = compiled.rank ? tsquery(p, compiled.rank, config) : null;
    const where = [compiled.where];
    if (q) where.push(`a.${column} @@ ${q}`);
    if (options.site) where.push(`a.site = ${p.add(options.site)}`);
    if (options.idRange) {
      where.push(`a.id > ${p.add(options.idRange.after)} AND a.id <= ${p.add(options.idRange.upTo)}`);
    }
    if (options.language) where.push(`a.language = ${p.add(options.language)}`);
    if (options.from) where.push(`a.published_at >= ${p.add(options.from)}`);
    // An inclusive day: "to 2020-07-08" covers that whole day.
    if (options.to) where.push(`a.published_at <= ${p.add(`${options.to}\uffff`)}`);
    const filter = where.filter((w) => w !== 'TRUE').join(' AND ') || 'TRUE';
    const sort = options.sort ?? (q ? 'relevance' : 'newest');
    const order =
      q && sort === 'relevance'
        ? `${RANK(column, q)} DESC, a.id DESC`
        : dateOrder(sort === 'oldest' ? 'oldest' : 'newest');

    const found = await rows<SummaryRow & { score: number }>(
      `SELECT ${SUMMARY_COLUMNS.split(', ')
        .map((c) => `a.${c}`)
        .join(', ')}, ${q ? RANK(column, q) : '0'} AS score
       FROM articles a WHERE ${filter} ORDER BY ${order} LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
      p.values,
    );
    const total =
      found.length < limit && (offset === 0 || found.length > 0)
        ? offset + found.length
        : (
            await rows<{ n: number }>(
              `SELECT count(*) AS n FROM articles a WHERE ${filter}`,
              p.values.slice(0, -2),
            )
          )[0]!.n;
    const snippets = await this.snippets(
      rows,
      found.map((r) => r.id),
      compiled.rank,
      compiled.exact,
    );
    const hits: SearchHit[] = found.map((r) => ({
      ...toSummary(r),
      score: r.score,
      snippet: snippets.get(r.id) ?? '',
    }));
    const result: SearchResult = { query, total, hits };
    if (options.facets) result.facets = await this.facets(rows, filter, order, p.values.slice(0, -2));
    return result;
  }

  /**
   * Every match of the query counted by publication day (../volume.ts makes the buckets): the same match
   * as search, without ranking; the date range is applied after, so matches outside it are counted too.
   */
  async volume(query: string, options: VolumeOptions = {}): Promise<VolumeResult> {
    const tree = parseQuery(query);
    if (!tree) return volumeFromDays(query, [], options);
    const rows = deadlineReader(this.pool, this.deadlineMs);
    const p = new Params();
    const compiled = compileQuery(tree, p, { exactRank: true });
    const config = compiled.column === 'tsv_exact' ? EXACT_CONFIG : TS_CONFIG;
    const where = [compiled.where];
    if (compiled.rank) where.push(`a.${compiled.column} @@ ${tsquery(p, compiled.rank, config)}`);
    const filter = where.filter((w) => w !== 'TRUE').join(' AND ') || 'TRUE';
    const days = await rows<DayCount>(
      `SELECT ${DAY_COLUMN} AS day, count(*)::int AS n FROM articles a WHERE ${filter}
       GROUP BY 1 LIMIT ${MAX_VOLUME_DAYS}`,
      p.values,
    );
    return volumeFromDays(query, days, options);
  }

  /** HTML-safe snippets of the page of hits only: ts_headline re-parses the whole text of each. */
  private async snippets(
    rows: Rows,
    ids: number[],
    rank: string | null,
    exact: string | null,
  ): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    if (!ids.length) return out;
    if (!rank) {
      for (const r of await rows<{ id: number; s: string }>(
        'SELECT id, left(text, 240) AS s FROM articles WHERE id = ANY($1::bigint[])',
        [ids],
      ))
        out.set(r.id, snippetToHtml(`${r.s}…`));
      return out;
    }
    const [config, match] = exact ? [EXACT_CONFIG, exact] : [TS_CONFIG, rank];
    const found = await rows<{ id: number; h: string; text: string }>(
      `SELECT id, text, ts_headline('${config}', ${HEADLINE_DOC}, to_tsquery('${config}', $2), $3) AS h
       FROM articles WHERE id = ANY($1::bigint[])`,
      [ids, match, HEADLINE_OPTIONS],
    );
    for (const r of found) {
      let text = r.text;
      // Rarely present: a scan per character, a copy only when there is one.
      for (const c of CONTROL) if (text.includes(c)) text = text.split(c).join('');
      // Not found (the headline is always an excerpt of its document, so this is a guard): the folded excerpt.
      const raw = foldedToOriginal(text, r.h) ?? r.h.split('\x01').join('<').split('\x04').join('>');
      out.set(r.id, snippetToHtml(raw));
    }
    return out;
  }

  /**
   * Facets count the best FACET_SAMPLE results (by rank, else newest), like the SQLite store: counting every
   * match of a common word through the mention tables takes seconds on a large corpus.
   */
  private async facets(rows: Rows, filter: string, order: string, params: unknown[]): Promise<SearchFacets> {
    const hits = `SELECT a.id FROM articles a WHERE ${filter} ORDER BY ${order} LIMIT ${FACET_SAMPLE}`;
    const count = async (sql: string): Promise<FacetCount[]> =>
      (
        await rows<{ value: unknown; label: unknown; count: number }>(`WITH hits AS (${hits}) ${sql}`, params)
      ).map((r) => ({ value: String(r.value), label: String(r.label ?? r.value), count: r.count }));
    const [counted, source, actor, place, type, date] = await Promise.all([
      rows<{ n: number }>(`WITH hits AS (${hits}) SELECT count(*) AS n FROM hits`, params),
      count(
        `SELECT a.site AS value, a.site AS label, count(*) AS count FROM hits JOIN articles a ON a.id = hits.id
         WHERE a.site IS NOT NULL GROUP BY a.site ORDER BY count DESC, value LIMIT 10`,
      ),
      count(
        `SELECT m.actor_id AS value, max(m.name) AS label, count(DISTINCT m.article_id) AS count
         FROM hits JOIN actor_mentions m ON m.article_id = hits.id GROUP BY m.actor_id
         ORDER BY count DESC, value LIMIT 10`,
      ),
      count(
        `SELECT pm.place_id AS value, max(pm.name) AS label, count(DISTINCT pm.article_id) AS count
         FROM hits JOIN place_mentions pm ON pm.article_id = hits.id WHERE pm.place_id IS NOT NULL
         GROUP BY pm.place_id ORDER BY count DESC, value LIMIT 10`,
      ),
      count(
        `SELECT v.type AS value, v.type AS label, count(DISTINCT v.article_id) AS count
         FROM hits JOIN events v ON v.article_id = hits.id WHERE NOT v.negated
         GROUP BY v.type ORDER BY count DESC, value LIMIT 10`,
      ),
      count(
        `SELECT substr(a.published_at, 1, 7) AS value, substr(a.published_at, 1, 7) AS label, count(*) AS count
         FROM hits JOIN articles a ON a.id = hits.id WHERE a.published_at IS NOT NULL
         GROUP BY 1 ORDER BY 1`,
      ),
    ]);
    return { counted: counted[0]!.n, source, actor, place, type, date };
  }
}
