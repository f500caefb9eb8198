import { PLOVER_TYPES } from '../../understand/events/types.js';
/**
 * The analysts' search language, parsed to a tree the stores compile to their own SQL:
 *
 *   words  "exact phrases"  prefix*  a OR b  a AND b  NOT a  -a  ( … )
 *   actor:IRN  person:"Mohammad Bagheri"  type:ASSAULT  place:Damascus  country:SY
 *   source:example.com  from:2020-01-01  to:2020-12-31  lang:en
 *
 * Juxtaposed terms are ANDed; AND binds tighter than OR. A parse error names the position and the reason,
 * so the search box can point at it.
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
  constructor(
    message: string,
    /** 0-based character offset in the query where the problem is. */
    readonly position: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

const EVENT_TYPES = new Set<string>(PLOVER_TYPES);

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'phrase'; v: string; at: number }
  | { t: 'field'; name: string; v: string; quoted: boolean; at: number; valueAt: number }
  | { t: 'lparen' | 'rparen' | 'and' | 'or' | 'not'; at: number };

function lex(input: string): Token[] {
  const out: Token[] = [];
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
      out.push({ t: c === '(' ? 'lparen' : 'rparen', at: i });
      i++;
      continue;
    }
    if (c === '"') {
      const [v, next] = readQuoted(i);
      out.push({ t: 'phrase', v, at: i });
      i = next;
      continue;
    }
    if (c === '-' && i + 1 < input.length && !/[\s)]/.test(input[i + 1] ?? '')) {
      out.push({ t: 'not', at: i });
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
        out.push({ t: 'field', name, v, quoted: true, at: i, valueAt: j });
        i = next;
        continue;
      }
      out.push({ t: 'field', name, v: word.slice(colon + 1), quoted: false, at: i, valueAt: i + colon + 1 });
      i = j;
      continue;
    }
    if (word === 'AND' || word === 'OR' || word === 'NOT') {
      out.push({ t: word.toLowerCase() as 'and' | 'or' | 'not', at: i });
    } else {
      out.push({ t: 'word', v: word, at: i });
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
  if ((name === 'from' || name === 'to') && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) {
    throw new QueryError(
      `"${name}:" takes a date as YYYY, YYYY-MM or YYYY-MM-DD, not "${value}".`,
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
        const inner = or();
        const close = peek();
        if (close?.t !== 'rparen') throw new QueryError('This parenthesis is never closed.', tok.at);
        pos++;
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
  const unary = (): QueryNode => {
    const tok = peek();
    if (tok?.t === 'not') {
      pos++;
      if (!peek() || peek()?.t === 'rparen')
        throw new QueryError('NOT needs a search term after it.', tok.at);
      return { kind: 'not', item: unary() };
    }
    return primary();
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
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'and', items };
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
    return items.length === 1 ? (items[0] as QueryNode) : { kind: 'or', items };
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
  return tree;
}

function onlyNegative(n: QueryNode): boolean {
  if (n.kind === 'not') return true;
  if (n.kind === 'and') return n.items.every(onlyNegative);
  if (n.kind === 'or') return n.items.every(onlyNegative);
  return false;
}
