/**
 * The query syntax people type into `q` (and into a saved search), parsed by a small recursive-descent parser into
 * an AST, then translated into OpenSearch match/term queries. User text never reaches a Lucene parser
 * (no query_string, no regexp, no scripts): every word becomes a `multi_match`, every `field:value` a `term`.
 *
 * Grammar (operators are upper case; lower-case `and`/`or`/`not` are words):
 *
 *     query   := or EOF
 *     or      := and (("OR" | "|") and)*
 *     and     := unary (["AND" | "&&"] unary)*          adjacent terms are ANDed
 *     unary   := ("NOT" | "-") unary | "+"? primary
 *     primary := "(" or ")" | PHRASE | FIELD ":" (WORD | PHRASE) | WORD ["*"]
 */

/** Fields a user may name as `field:value`, with the document fields they search. */
export const QUERY_FIELDS = {
  source: ['source'],
  topic: ['topic', 'topicTags'],
  iptc: ['iptcCodes', 'iptcLabels'],
  entity: ['entityNames'],
  country: ['countries'],
  language: ['language'],
} as const;
export type QueryField = keyof typeof QUERY_FIELDS;

/** Text fields a bare word or phrase is matched against, with their boosts. */
export const TEXT_FIELDS = ['title^3', 'summary^1.5', 'body', 'source.text', 'author.text'] as const;

export const MAX_QUERY_CLAUSES = 64;
export const MAX_QUERY_DEPTH = 16;

export type QueryNode =
  | { kind: 'word'; text: string; prefix: boolean; position: number }
  | { kind: 'phrase'; text: string; position: number }
  | { kind: 'field'; field: QueryField; value: string; position: number }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };

/** A query the parser cannot read; `position` is the 0-based character offset of the problem in the query. */
export class QuerySyntaxError extends Error {
  readonly code = 'query_syntax';
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
  }
}

type Token =
  | { t: 'word'; text: string; position: number }
  | { t: 'phrase'; text: string; position: number }
  | { t: 'field'; field: string; value: string; phrase: boolean; position: number; valuePosition: number }
  | { t: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'plus'; position: number };

const isSpace = (c: string) => /\s/u.test(c);
const BREAK = new Set(['(', ')', '"']);

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const readPhrase = (start: number): { text: string; end: number } => {
    // start is the index of the opening quote
    const close = q.indexOf('"', start + 1);
    if (close < 0) throw new QuerySyntaxError('unclosed quote', start);
    return { text: q.slice(start + 1, close), end: close + 1 };
  };
  while (i < q.length) {
    const c = q[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ t: 'lparen', position: i++ });
      continue;
    }
    if (c === ')') {
      out.push({ t: 'rparen', position: i++ });
      continue;
    }
    if (c === '"') {
      const p = readPhrase(i);
      out.push({ t: 'phrase', text: p.text, position: i });
      i = p.end;
      continue;
    }
    // A leading - or + directly before a term negates / requires it ("-sport", "+floods").
    if ((c === '-' || c === '+') && i + 1 < q.length && !isSpace(q[i + 1] as string)) {
      out.push({ t: c === '-' ? 'minus' : 'plus', position: i++ });
      continue;
    }
    const start = i;
    while (i < q.length && !isSpace(q[i] as string) && !BREAK.has(q[i] as string)) i++;
    let word = q.slice(start, i);
    const colon = word.indexOf(':');
    // `name:value` names a field, except a pasted URL (`https://…`), which is searched as text.
    if (colon > 0 && /^[A-Za-z]+$/.test(word.slice(0, colon)) && !word.startsWith('//', colon + 1)) {
      const field = word.slice(0, colon);
      let value = word.slice(colon + 1);
      const valuePosition = start + colon + 1;
      let phrase = false;
      if (value === '' && q[i] === '"') {
        const p = readPhrase(i);
        value = p.text;
        phrase = true;
        i = p.end;
      }
      out.push({ t: 'field', field, value, phrase, position: start, valuePosition });
      continue;
    }
    if (word === '') {
      // Only reachable for a lone quote-like break char, handled above; kept for safety.
      i++;
      continue;
    }
    if (word === 'AND' || word === '&&') out.push({ t: 'and', position: start });
    else if (word === 'OR' || word === '|' || word === '||') out.push({ t: 'or', position: start });
    else if (word === 'NOT') out.push({ t: 'not', position: start });
    else {
      // "-" or "+" alone (surrounded by spaces) is a word of punctuation: dropped by the analyzer, harmless.
      word = word.normalize('NFC');
      out.push({ t: 'word', text: word, position: start });
    }
  }
  return out;
}

function normaliseFieldValue(field: QueryField, value: string, position: number): string {
  switch (field) {
    case 'country':
      if (!/^[A-Za-z]{2}$/.test(value))
        throw new QuerySyntaxError('country: expects an ISO 3166-1 alpha-2 code such as DE', position);
      return value.toUpperCase();
    case 'language':
      if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(value))
        throw new QuerySyntaxError('language: expects a language code such as en', position);
      return value.toLowerCase();
    case 'source':
    case 'topic':
    case 'iptc':
    case 'entity':
      if (value.length > 200)
        throw new QuerySyntaxError(`${field}: value longer than 200 characters`, position);
      return value;
  }
}

class Parser {
  private i = 0;
  private clauses = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): QueryNode | undefined {
    if (this.tokens.length === 0) return undefined;
    const node = this.or(0);
    const next = this.peek();
    if (next) {
      if (next.t === 'rparen')
        throw new QuerySyntaxError("unexpected ')' without a matching '('", next.position);
      throw new QuerySyntaxError('unexpected token', next.position);
    }
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private endPosition(): number {
    return this.peek()?.position ?? this.length;
  }

  private or(depth: number): QueryNode {
    const children = [this.and(depth)];
    while (this.peek()?.t === 'or') {
      const op = this.tokens[this.i++] as Token;
      if (!this.startsOperand()) throw new QuerySyntaxError('OR needs a term after it', op.position);
      children.push(this.and(depth));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'or', children };
  }

  private startsOperand(): boolean {
    const t = this.peek()?.t;
    return t !== undefined && t !== 'rparen' && t !== 'or' && t !== 'and';
  }

  private and(depth: number): QueryNode {
    const first = this.peek();
    if (first && (first.t === 'or' || first.t === 'and'))
      throw new QuerySyntaxError(`${first.t.toUpperCase()} needs a term before it`, first.position);
    const children = [this.unary(depth)];
    for (;;) {
      const t = this.peek();
      if (!t || t.t === 'or' || t.t === 'rparen') break;
      if (t.t === 'and') {
        this.i++;
        if (!this.startsOperand()) throw new QuerySyntaxError('AND needs a term after it', t.position);
      }
      children.push(this.unary(depth));
    }
    return children.length === 1 ? (children[0] as QueryNode) : { kind: 'and', children };
  }

  private unary(depth: number): QueryNode {
    if (depth > MAX_QUERY_DEPTH)
      throw new QuerySyntaxError(`nested deeper than ${MAX_QUERY_DEPTH} levels`, this.endPosition());
    const t = this.peek();
    if (t && (t.t === 'not' || t.t === 'minus')) {
      this.i++;
      if (!this.startsOperand())
        throw new QuerySyntaxError(`${t.t === 'not' ? 'NOT' : "'-'"} needs a term after it`, t.position);
      return { kind: 'not', child: this.unary(depth + 1) };
    }
    if (t?.t === 'plus') {
      this.i++;
      if (!this.startsOperand()) throw new QuerySyntaxError("'+' needs a term after it", t.position);
    }
    return this.primary(depth);
  }

  private primary(depth: number): QueryNode {
    const t = this.tokens[this.i];
    if (!t) throw new QuerySyntaxError('the query ends where a term was expected', this.length);
    this.i++;
    switch (t.t) {
      case 'lparen': {
        if (this.peek()?.t === 'rparen') throw new QuerySyntaxError('empty parentheses', t.position);
        if (!this.peek()) throw new QuerySyntaxError("'(' is never closed", t.position);
        const inner = this.or(depth + 1);
        const close = this.peek();
        if (close?.t !== 'rparen') throw new QuerySyntaxError("'(' is never closed", t.position);
        this.i++;
        return inner;
      }
      case 'rparen':
        throw new QuerySyntaxError("unexpected ')'", t.position);
      case 'phrase': {
        this.count(t.position);
        if (!/[\p{L}\p{N}]/u.test(t.text)) throw new QuerySyntaxError('empty phrase', t.position);
        return { kind: 'phrase', text: t.text, position: t.position };
      }
      case 'field': {
        this.count(t.position);
        if (!Object.hasOwn(QUERY_FIELDS, t.field))
          throw new QuerySyntaxError(
            `unknown field '${t.field}' (allowed: ${Object.keys(QUERY_FIELDS).join(', ')})`,
            t.position,
          );
        const field = t.field as QueryField;
        if (t.value.trim() === '') throw new QuerySyntaxError(`${field}: needs a value`, t.valuePosition);
        return {
          kind: 'field',
          field,
          value: normaliseFieldValue(field, t.value.trim(), t.valuePosition),
          position: t.position,
        };
      }
      case 'word': {
        this.count(t.position);
        const prefix = t.text.length > 1 && t.text.endsWith('*');
        const text = prefix ? t.text.slice(0, -1) : t.text;
        return { kind: 'word', text, prefix, position: t.position };
      }
      case 'and':
      case 'or':
        throw new QuerySyntaxError(`${t.t.toUpperCase()} needs a term before it`, t.position);
      case 'not':
      case 'minus':
      case 'plus':
        throw new QuerySyntaxError('unexpected operator', t.position);
    }
  }

  private count(position: number): void {
    if (++this.clauses > MAX_QUERY_CLAUSES)
      throw new QuerySyntaxError(`more than ${MAX_QUERY_CLAUSES} terms`, position);
  }
}

/**
 * Parses a user query. Returns undefined for an empty or blank query (match everything); throws a
 * {@link QuerySyntaxError} naming the offending position for malformed input.
 */
export function parseQuery(q: string): QueryNode | undefined {
  return new Parser(tokenize(q), q.length).parse();
}

/** The OpenSearch query of a parsed node: bool/multi_match/term only (no query_string, no scripts). */
export function queryNodeToOpenSearch(node: QueryNode): Record<string, unknown> {
  switch (node.kind) {
    case 'word':
      return {
        multi_match: {
          query: node.text,
          fields: [...TEXT_FIELDS],
          ...(node.prefix ? { type: 'phrase_prefix', max_expansions: 50 } : { type: 'best_fields' }),
          // A stop word or punctuation analyses to nothing: it then constrains nothing instead of matching nothing.
          zero_terms_query: 'all',
        },
      };
    case 'phrase':
      return {
        multi_match: { query: node.text, fields: [...TEXT_FIELDS], type: 'phrase', zero_terms_query: 'all' },
      };
    case 'field': {
      const fields = QUERY_FIELDS[node.field];
      const terms = fields.map((f) => ({ term: { [f]: { value: node.value, case_insensitive: true } } }));
      return terms.length === 1
        ? (terms[0] as Record<string, unknown>)
        : { bool: { should: terms, minimum_should_match: 1 } };
    }
    case 'and': {
      const must = node.children.filter((c) => c.kind !== 'not').map(queryNodeToOpenSearch);
      const mustNot = node.children
        .filter((c): c is Extract<QueryNode, { kind: 'not' }> => c.kind === 'not')
        .map((c) => queryNodeToOpenSearch(c.child));
      return {
        bool: {
          ...(must.length ? { must } : { must: [{ match_all: {} }] }),
          ...(mustNot.length ? { must_not: mustNot } : {}),
        },
      };
    }
    case 'or':
      return { bool: { should: node.children.map(queryNodeToOpenSearch), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must: [{ match_all: {} }], must_not: [queryNodeToOpenSearch(node.child)] } };
  }
}

/** Parses and translates in one step: the OpenSearch query for `q`, or match_all when q is blank. */
export function userQueryToOpenSearch(q: string | undefined): Record<string, unknown> {
  const node = q === undefined ? undefined : parseQuery(q);
  return node ? queryNodeToOpenSearch(node) : { match_all: {} };
}

/** True when the query has at least one positive text term (worth highlighting and scoring by relevance). */
export function hasTextTerms(node: QueryNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'word':
    case 'phrase':
      return true;
    case 'field':
    case 'not':
      return false;
    case 'and':
    case 'or':
      return node.children.some(hasTextTerms);
  }
}
