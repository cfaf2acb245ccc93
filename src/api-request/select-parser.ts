// The `select` grammar: columns, `*`, aliases, casts, JSON paths, aggregates, embedded and
// spread relations nested to any depth (PostgREST: QueryParams.hs pFieldForest and friends).
import { Cursor, FAIL, type Fail } from './cursor.ts';
import { field, fieldName, identifier, skipBlanks } from './field-parser.ts';
import type { AggregateFunction, SelectItem } from './types.ts';

type Relation = Extract<SelectItem, { kind: 'relation' }>;
type FieldItem = Extract<SelectItem, { kind: 'field' }>;
type EmbedHead = Omit<Relation, 'children'>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const STAR: SelectItem = Object.freeze({ kind: 'star' });
const COUNT_STAR: FieldItem['field'] = Object.freeze({ name: '*', jsonPath: Object.freeze([]) });

// `pEnd`: an item ends before `)`, `,` or the end.
const itemEnd = (c: Cursor): boolean => c.lookWord(')') || c.lookWord(',') || c.eof();

// `aliasSeparator`: a `:` that is not the start of a cast.
const aliasSeparator = (c: Cursor): boolean => {
  if (c.src.charCodeAt(c.pos) !== 58) {
    c.expected('":"');
    return false;
  }
  if (c.src.charCodeAt(c.pos + 1) === 58) {
    c.unexpected("':'", c.pos + 2);
    return false;
  }
  c.advance(1);
  c.expected('":"');
  return true;
};

const aliasThenSeparator = (c: Cursor): string | Fail => {
  const name = fieldName(c);
  return name !== FAIL && aliasSeparator(c) ? name : FAIL;
};

const optionalAlias = (c: Cursor): string | undefined => {
  const alias = c.attempt(aliasThenSeparator);
  return alias === FAIL ? undefined : alias;
};

/** `::type`, or undefined when absent; FAIL when started and broken. */
const optionalCast = (c: Cursor): string | undefined | Fail => {
  const start = c.pos;
  if (!c.word('::')) return c.pos === start ? undefined : FAIL;
  const type = identifier(c);
  return type === '' ? FAIL : type;
};

// A join keyword must be the whole parameter: PostgREST reads `!inner_fk` as `!inner` and then
// fails; here it is the hint `inner_fk`.
const joinKeyword = (c: Cursor, word: 'left' | 'inner'): boolean => {
  if (!c.tryWord(word)) return false;
  const next = c.src.charCodeAt(c.pos);
  if (next === 33 || next === 40 || Number.isNaN(next)) return true;
  c.pos -= word.length;
  return false;
};

// `pEmbedParams`: up to two of `!hint`, `!inner`, `!left`; the first of each kind wins.
const NO_PARAMS: { hint?: string; joinType?: 'inner' | 'left' } = Object.freeze({});

const embedParams = (c: Cursor): { hint?: string; joinType?: 'inner' | 'left' } | Fail => {
  if (c.src.charCodeAt(c.pos) !== 33) {
    if (c.tracking) c.expected('"!"');
    return NO_PARAMS;
  }
  const out: { hint?: string; joinType?: 'inner' | 'left' } = {};
  for (let i = 0; i < 2; i++) {
    if (!c.char('!')) break;
    if (joinKeyword(c, 'left')) out.joinType ??= 'left';
    else if (joinKeyword(c, 'inner')) out.joinType ??= 'inner';
    else {
      const hint = c.attempt(fieldName);
      if (hint === FAIL) return FAIL;
      out.hint ??= hint;
    }
  }
  return out;
};

// `pSpreadRelationSelect` / `pRelationSelect`: everything up to the `(` of the children.
const embedHead = (c: Cursor, spread: boolean): EmbedHead | Fail => {
  skipBlanks(c);
  if (spread && !c.word('...')) return FAIL;
  const alias = spread ? undefined : optionalAlias(c);
  const relation = fieldName(c);
  if (relation === FAIL || (!spread && relation === 'count')) return FAIL;
  const params = embedParams(c);
  if (params === FAIL || !c.lookWord('(')) return FAIL;
  skipBlanks(c);
  const head: Mutable<EmbedHead> = { kind: 'relation', relation, spread };
  if (alias !== undefined) head.alias = alias;
  if (params.hint !== undefined) head.hint = params.hint;
  if (params.joinType !== undefined) head.joinType = params.joinType;
  return head;
};
const spreadHead = (c: Cursor): EmbedHead | Fail => embedHead(c, true);
const relationHead = (c: Cursor): EmbedHead | Fail => embedHead(c, false);

const aggregation = (c: Cursor): AggregateFunction | Fail => {
  for (const name of ['sum', 'avg', 'count'] as const) {
    const start = c.pos;
    if (c.word(name)) return name;
    if (c.pos !== start) return FAIL;
  }
  return c.tryWord('max') ? 'max' : c.tryWord('min') ? 'min' : FAIL;
};

const fieldItem = (
  field: FieldItem['field'],
  alias: string | undefined,
  cast: string | undefined,
  aggregate: AggregateFunction | undefined,
  aggregateCast: string | undefined,
): FieldItem => {
  const item: Mutable<FieldItem> = { kind: 'field', field };
  if (alias !== undefined) item.alias = alias;
  if (cast !== undefined) item.cast = cast;
  if (aggregate !== undefined) item.aggregate = aggregate;
  if (aggregateCast !== undefined) item.aggregateCast = aggregateCast;
  return item;
};

// `count()` on its own counts rows: PostgREST models it as `*` with the count aggregate.
const countItem = (c: Cursor): FieldItem | Fail => {
  const alias = optionalAlias(c);
  if (!c.word('count()')) return FAIL;
  const aggregateCast = optionalCast(c);
  if (aggregateCast === FAIL || !itemEnd(c)) return FAIL;
  return fieldItem(COUNT_STAR, alias, undefined, 'count', aggregateCast);
};

const starItem = (c: Cursor): SelectItem | Fail => (c.word('*') && itemEnd(c) ? STAR : FAIL);

// `.sum()` and the others.
const aggregateCall = (c: Cursor): AggregateFunction | Fail => {
  if (!c.char('.')) return FAIL;
  const fn = aggregation(c);
  return fn !== FAIL && c.word('()') ? fn : FAIL;
};

// `pFieldSelect`
const fieldSelect = (c: Cursor): SelectItem | Fail => {
  skipBlanks(c);
  let item: SelectItem | Fail = c.attempt(starItem);
  if (item === FAIL) item = c.attempt(countItem);
  if (item === FAIL) {
    const alias = optionalAlias(c);
    const f = field(c);
    if (f === FAIL) return FAIL;
    const cast = optionalCast(c);
    if (cast === FAIL) return FAIL;
    const aggregate = c.attempt(aggregateCall);
    const aggregateCast = optionalCast(c);
    if (aggregateCast === FAIL || !itemEnd(c)) return FAIL;
    item = fieldItem(f, alias, cast, aggregate === FAIL ? undefined : aggregate, aggregateCast);
  }
  skipBlanks(c);
  return item;
};

const embedded = (c: Cursor, head: EmbedHead): SelectItem | Fail => {
  c.char('(');
  const children = c.nested(selectForest);
  if (children === FAIL || !c.char(')')) return FAIL;
  return { ...head, children };
};

// `pFieldTree`
const selectTree = (c: Cursor): SelectItem | Fail => {
  const spread = c.attempt(spreadHead);
  if (spread !== FAIL) return embedded(c, spread);
  const relation = c.attempt(relationHead);
  if (relation !== FAIL) return embedded(c, relation);
  return fieldSelect(c);
};

/** `pFieldForest`: comma-separated items, possibly none. */
export const selectForest = (c: Cursor): SelectItem[] | Fail => {
  const start = c.pos;
  const first = selectTree(c);
  if (first === FAIL) return c.pos === start ? [] : FAIL;
  const items = [first];
  for (;;) {
    const before = c.pos;
    skipBlanks(c);
    if (!c.char(',')) return c.pos === before ? items : FAIL;
    skipBlanks(c);
    const next = selectTree(c);
    if (next === FAIL) return FAIL;
    items.push(next);
  }
};
