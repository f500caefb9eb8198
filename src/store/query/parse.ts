import { PLOVER_TYPES } from '../../understand/events/types.js';
import { formCount, MAX_FORMS } from '../search-language.js';
/**
 * The analysts' search language, parsed to a tree the stores compile to their own SQL:
 *
 *   words  "exact phrases"  prefix*  a OR b  a AND b  NOT a  -a  ( … )
 *   actor:IRN  person:"Mohammad Bagheri"  type:ASSAULT  place:Damascus  country:SY
 *   source:example.com  from:2020-01-01  to:2020-12-31  lang:en
 *
 * Juxtaposed terms are ANDed; AND binds tighter than OR. A parse error names the position and the reason,
 * so the search box can point at it. Unquoted words match their stems and other forms (English inflections,
 * a country's demonym, Arabic and Persian clitics and letter variants), quoted ones the form written: the
 * compilers share that in ../search-language.ts.
 *
 * A query is also refused by cost (QUERY_LIMITS), not only by length: every term is a full-text match or a
 * subquery for the engines, and nesting becomes recursion in this parser, in the compilers and in the SQL
 * engines' own parsers (SQLite refused `NOT`×2,500 and `actor:IRN`×1,000 with "Recursion limit" and
 * "Expression tree is too large", and 50,000 parentheses overflowed this parser's stack).
 */

export type FieldName = 'actor' | 'person' | 'type' | 'place' | 'country' | 'source' | 'from' | 'to' | 'lang';
export const FIELDS: readonly FieldName[] = [
  'actor',
  'person',
  'type',
  'place',
  'country',
  'source',
  'from',
  'to',
  'lang',
];

export type QueryNode =
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }
  | { kind: 'not'; item: QueryNode }
  | { kind: 'text'; text: string; phrase: boolean; prefix: boolean }
  | { kind: 'field'; field: FieldName; value: string };

export class QueryError extends Error {
  /** The API's error code for it. */
  readonly code: 'bad_query' | 'query_timeout' = 'bad_query';
  constructor(
    message: string,
    /** 0-based character offset in the query where the problem is. */
    readonly position: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** A well-formed query the engine stopped at its time bound (SEARCH_DEADLINE_MS): the caller's to narrow. */
export class QueryTimeout extends QueryError {
  override readonly code = 'query_timeout';
  constructor(ms: number) {
    super(
      `This search took longer than ${ms / 1000} s and was stopped: narrow it with fewer or rarer terms.`,
      0,
    );
    this.name = 'QueryTimeout';
  }
}

/**
 * What one query may cost. Sixty-four terms is well past what an analyst writes (the longest watchlist in the
 * demo has twelve); ranking cost grows with terms times matches per article, so this bounds it too.
 */
export const QUERY_LIMITS = {
  /** Characters: lexing is linear, but a query is a line typed or pasted, not a document. */
  length: 4000,
  /** Words, phrase words and field terms. */
  terms: 64,
  /** AND, OR, NOT and -. */
  operators: 128,
  /** Parentheses and NOTs inside one another. */
  depth: 16,
} as const;

/** How long one search may run, in milliseconds, on either engine. */
export const SEARCH_DEADLINE_MS = 5000;

const EVENT_TYPES = new Set<string>(PLOVER_TYPES);

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'phrase'; v: string; at: number }
  | { t: 'field'; name: string; v: string; quoted: boolean; at: number; valueAt: number }
  | { t: 'lparen' | 'rparen' | 'and' | 'or' | 'not'; at: number };

function lex(input: string): Token[] {
  if (input.length > QUERY_LIMITS.length) {
    throw new QueryError(
      `This query is ${input.length} characters long; the limit is ${QUERY_LIMITS.length}.`,
      QUERY_LIMITS.length,
    );
  }
  const out: Token[] = [];
  let terms = 0;
  let operators = 0;
  const push = (tok: Token): void => {
    if (tok.t === 'and' || tok.t === 'or' || tok.t === 'not') {
      if (++operators > QUERY_LIMITS.operators)
        throw new QueryError(
          `This query has more than ${QUERY_LIMITS.operators} operators (AND, OR, NOT, -): split it into several searches.`,
          tok.at,
        );
    } else if (tok.t !== 'lparen' && tok.t !== 'rparen') {
      // A phrase costs a term per word: each is a position to match, and a tsquery operand on PostgreSQL.
      terms += tok.t === 'phrase' ? Math.max(1, tok.v.split(/\s+/).filter(Boolean).length) : 1;
      if (terms > QUERY_LIMITS.terms)
        throw new QueryError(
          `This query has more than ${QUERY_LIMITS.terms} search terms: split it into several searches.`,
          tok.at,
        );
    }
    out.push(tok);
  };
  let i = 0;
  const readQuoted = (start: number): [string, number] => {
    const close = input.indexOf('"', start + 1);
    if (close < 0) throw new QueryError('This quotation mark is never closed.', start);
    return [input.slice(start + 1, close), close + 1];
  };
  while (i < input.length) {
    const c = input[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      push({ t: c === '(' ? 'lparen' : 'rparen', at: i });
      i++;
      continue;
    }
    if (c === '"') {
      const [v, next] = readQuoted(i);
      push({ t: 'phrase', v, at: i });
      i = next;
      continue;
    }
    if (c === '-' && i + 1 < input.length && !/[\s)]/.test(input[i + 1] ?? '')) {
      push({ t: 'not', at: i });
      i++;
      continue;
    }
    let j = i;
    while (j < input.length && !/[\s()"]/.test(input[j] ?? '')) j++;
    const word = input.slice(i, j);
    const colon = word.indexOf(':');
    if (colon > 0 && /^[a-z]+$/i.test(word.slice(0, colon))) {
      const name = word.slice(0, colon).toLowerCase();
      if (colon === word.length - 1 && input[j] === '"') {
        const [v, next] = readQuoted(j);
        push({ t: 'field', name, v, quoted: true, at: i, valueAt: j });
        i = next;
        continue;
      }
      push({ t: 'field', name, v: word.slice(colon + 1), quoted: false, at: i, valueAt: i + colon + 1 });
      i = j;
      continue;
    }
    if (word === 'AND' || word === 'OR' || word === 'NOT') {
      push({ t: word.toLowerCase() as 'and' | 'or' | 'not', at: i });
    } else {
      push({ t: 'word', v: word, at: i });
    }
    i = j;
  }
  return out;
}

function field(tok: Extract<Token, { t: 'field' }>): QueryNode {
  if (!(FIELDS as readonly string[]).includes(tok.name)) {
    throw new QueryError(
      `Unknown field "${tok.name}:". Fields: ${FIELDS.map((f) => `${f}:`).join(' ')}.`,
      tok.at,
    );
  }
  const name = tok.name as FieldName;
  const value = tok.v.trim();
  if (!value) throw new QueryError(`"${name}:" needs a value, e.g. ${example(name)}.`, tok.valueAt);
  if ((name === 'from' || name === 'to') && !isCalendarDate(value)) {
    throw new QueryError(
      `"${name}:" takes a calendar date as YYYY, YYYY-MM or YYYY-MM-DD, not "${value}".`,
      tok.valueAt,
    );
  }
  if (name === 'type' && !EVENT_TYPES.has(value.toUpperCase())) {
    throw new QueryError(
      `"${value}" is not an event type. Types: ${[...EVENT_TYPES].join(', ')}.`,
      tok.valueAt,
    );
  }
  if (name === 'country' && !/^[A-Za-z]{2}$/.test(value)) {
    throw new QueryError(`"country:" takes a two-letter ISO code such as SY, not "${value}".`, tok.valueAt);
  }
  const normal = name === 'type' || name === 'country' || name === 'actor' ? value.toUpperCase() : value;
  return { kind: 'field', field: name, value: normal };
}

/**
 * YYYY, YYYY-MM or YYYY-MM-DD naming a real month and day: "2020-13-45" has the shape but no such day, and
 * compared as text it would silently widen or empty a range.
 */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return false;
  const month = m[2] === undefined ? 1 : Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  return day >= 1 && day <= new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
}

function example(name: FieldName): string {
  const examples: Record<FieldName, string> = {
    actor: 'actor:IRN',
    person: 'person:"Mohammad Bagheri"',
    type: 'type:ASSAULT',
    place: 'place:Damascus',
    country: 'country:SY',
    source: 'source:example.com',
    from: 'from:2020-01-01',
    to: 'to:2020-12-31',
    lang: 'lang:en',
  };
  return examples[name];
}

/** Parses a query; an empty or blank query gives null (everything matches). */
export function parseQuery(input: string): QueryNode | null {
  const toks = lex(input);
  let pos = 0;
  const peek = (): Token | undefined => toks[pos];
  const end = input.length;

  const primary = (): QueryNode => {
    const tok = peek();
    if (!tok) throw new QueryError('The query ends where a search term was expected.', end);
    pos++;
    switch (tok.t) {
      case 'lparen': {
        if (peek()?.t === 'rparen') throw new QueryError('These parentheses are empty.', tok.at);
        enter(tok.at, 'parentheses and NOTs');
        const inner = or();
        const close = peek();
        if (close?.t !== 'rparen') throw new QueryError('This parenthesis is never closed.', tok.at);
        pos++;
        depth--;
        return inner;
      }
      case 'rparen':
        throw new QueryError('This closing parenthesis has no opening one.', tok.at);
      case 'phrase': {
        const text = tok.v.trim();
        if (!text) throw new QueryError('This phrase is empty.', tok.at);
        return { kind: 'text', text, phrase: true, prefix: false };
      }
      case 'field':
        return field(tok);
      case 'word': {
        const prefix = tok.v.endsWith('*') && tok.v.length > 1;
        const text = prefix ? tok.v.slice(0, -1) : tok.v;
        if (!/[\p{L}\p{N}]/u.test(text)) {
          throw new QueryError(`"${tok.v}" has no letters or digits to search for.`, tok.at);
        }
        return { kind: 'text', text, phrase: false, prefix };
      }
      default:
        throw new QueryError(`"${tok.t.toUpperCase()}" needs a search term after it.`, tok.at);
    }
  };
  // Nesting is counted as it is entered and refused at the limit, so the recursion below stays shallow
  // whatever the input (50,000 parentheses overflowed the stack before).
  let depth = 0;
  const enter = (at: number, what: string): void => {
    if (++depth > QUERY_LIMITS.depth)
      throw new QueryError(
        `This query nests ${what} more than ${QUERY_LIMITS.depth} deep: write it flatter.`,
        at,
      );
  };
  const unary = (): QueryNode => {
    // NOT NOT … is read in a loop, not by recursion.
    const nots: Token[] = [];
    for (let tok = peek(); tok?.t === 'not'; tok = peek()) {
      pos++;
      if (!peek() || peek()?.t === 'rparen')
        throw new QueryError('NOT needs a search term after it.', tok.at);
      enter(tok.at, 'NOTs and parentheses');
      nots.push(tok);
    }
    let node = primary();
    for (let k = 0; k < nots.length; k++) node = { kind: 'not', item: node };
    depth -= nots.length;
    return node;
  };
  const and = (): QueryNode => {
    const items = [unary()];
    for (;;) {
      const tok = peek();
      if (!tok || tok.t === 'or' || tok.t === 'rparen') break;
      if (tok.t === 'and') {
        pos++;
        if (!peek() || peek()?.t === 'or' || peek()?.t === 'rparen') {
          throw new QueryError('AND needs a search term after it.', tok.at);
        }
      }
      items.push(unary());
    }
    return group('and', items);
  };
  const or = (): QueryNode => {
    const first = peek();
    if (first?.t === 'or' || first?.t === 'and') {
      throw new QueryError(`"${first.t.toUpperCase()}" needs a search term before it.`, first.at);
    }
    const items = [and()];
    while (peek()?.t === 'or') {
      const tok = peek() as Token;
      pos++;
      if (!peek() || peek()?.t === 'rparen') throw new QueryError('OR needs a search term after it.', tok.at);
      items.push(and());
    }
    return group('or', items);
  };

  if (!toks.length) return null;
  const tree = or();
  const rest = peek();
  if (rest) {
    throw new QueryError(
      rest.t === 'rparen' ? 'This closing parenthesis has no opening one.' : 'Unexpected text here.',
      rest.at,
    );
  }
  if (onlyNegative(tree)) {
    throw new QueryError('A query needs at least one term to match, not only exclusions.', 0);
  }
  // An unquoted Arabic or Persian word is searched in about 25 forms (with and without its clitics): the
  // term limit alone would let 64 of them become 1,600 index look-ups.
  const forms = formCount(tree);
  if (forms > MAX_FORMS) {
    throw new QueryError(
      `This query searches ${forms} word forms (Arabic and Persian words are searched with and without their clitics); the limit is ${MAX_FORMS}: split it, or quote words to search them exactly.`,
      0,
    );
  }
  return tree;
}

/**
 * An AND or OR of its distinct items: repeating a term changes no result, but FTS5 ranks each occurrence of
 * each repeated phrase against all the others in every matching article (`a OR a OR …`, 800 terms, took 61 s).
 */
function group(kind: 'and' | 'or', all: QueryNode[]): QueryNode {
  const seen = new Set<string>();
  const items = all.filter((n) => {
    const key = JSON.stringify(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return items.length === 1 ? (items[0] as QueryNode) : { kind, items };
}

function onlyNegative(n: QueryNode): boolean {
  if (n.kind === 'not') return true;
  if (n.kind === 'and') return n.items.every(onlyNegative);
  if (n.kind === 'or') return n.items.every(onlyNegative);
  return false;
}
