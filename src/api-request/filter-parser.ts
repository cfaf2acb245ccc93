// The filter grammar: `[not.]op[(any|all)|(lang)].value`, `in.(a,"b,c")`, `is.null`, and the
// key's embed path `rel.col->json` (PostgREST: QueryParams.hs pOpExpr, pListVal, pTreePath),
// or beyond PostgREST `rel.sub(key)`: a value of the embed `sub` of `rel`.
// `*` in like/ilike values is kept as sent: the compiler turns it into `%`.
import { Cursor, FAIL, type Fail, showChar, showString } from './cursor.ts';
import { delimiter, field, fieldName, identifier, jsonPath, quotedValue, skipBlanks } from './field-parser.ts';
import type { EmbedPath, Field, FtsOperator, IsValue, OpExpr, Operation, QuantOperator, SimpleOperator } from './types.ts';

export type ValueParser = (c: Cursor) => string | Fail;

const SIMPLE: readonly SimpleOperator[] = ['neq', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj'];
// Longer words first where one is a prefix of another (gte before gt).
const QUANT: readonly QuantOperator[] = ['eq', 'gte', 'gt', 'lte', 'lt', 'like', 'ilike', 'match', 'imatch'];
const FTS: readonly FtsOperator[] = ['fts', 'plfts', 'phfts', 'wfts'];
const IS: readonly IsValue[] = ['null', 'not_null', 'true', 'false', 'unknown'];

/** `pSingleVal`: the rest of the value, as sent. */
export const restOfValue: ValueParser = (c) => {
  const value = c.src.slice(c.pos);
  if (value.length > 0) c.advance(value.length);
  c.expected('');
  return value;
};

// `notFollowedBy (noneOf ",)")`: a quoted value must end its item.
const endsItem = (c: Cursor): boolean => {
  const code = c.src.charCodeAt(c.pos);
  if (Number.isNaN(code) || code === 44 || code === 41) {
    c.expected('');
    return true;
  }
  c.unexpected(showChar(c.charAt()), c.pos + c.charAt().length);
  return false;
};

// `many (noneOf ",)")`
const untilItemEnd = (c: Cursor): string => {
  let end = c.pos;
  while (end < c.src.length && c.src.charCodeAt(end) !== 44 && c.src.charCodeAt(end) !== 41) end++;
  const value = c.src.slice(c.pos, end);
  if (end > c.pos) c.advance(end - c.pos);
  c.expected('');
  return value;
};

const quotedThenEnd = (c: Cursor): string | Fail => {
  const value = quotedValue(c);
  return value !== FAIL && endsItem(c) ? value : FAIL;
};
const quotedItem = (c: Cursor): string | Fail => {
  if (c.src.charCodeAt(c.pos) === 34) return c.attempt(quotedThenEnd);
  if (c.tracking) c.expected(showString('"'));
  return FAIL;
};

// `pPgArray`: `{...}` kept with its braces.
const pgArray = (c: Cursor): string | Fail => {
  const start = c.pos;
  if (!c.char('{')) return FAIL;
  let end = c.pos;
  while (end < c.src.length && c.src[end] !== '{' && c.src[end] !== '}') end++;
  if (end > c.pos) c.advance(end - c.pos);
  c.expected('');
  return c.char('}') ? c.src.slice(start, c.pos) : FAIL;
};

/** `pLogicSingleVal`: inside and/or, a value ends at `,` or `)` unless quoted or a `{...}` array. */
export const logicValue: ValueParser = (c) => {
  const quoted = quotedItem(c);
  if (quoted !== FAIL) return quoted;
  const array = c.attempt(pgArray);
  return array !== FAIL ? array : untilItemEnd(c);
};

// `pListVal`. PostgREST takes the one-empty-element list of `in.()` as the empty set.
const listValue = (c: Cursor): string[] | Fail => {
  skipBlanks(c);
  if (!c.char('(')) return FAIL;
  skipBlanks(c);
  const values: string[] = [];
  for (;;) {
    const quoted = quotedItem(c);
    values.push(quoted !== FAIL ? quoted : untilItemEnd(c));
    if (!c.char(',')) break;
  }
  skipBlanks(c);
  if (!c.char(')')) return FAIL;
  skipBlanks(c);
  return values.length === 1 && values[0] === '' ? [] : values;
};

// `ciString`: each character as written or upper-cased; a mismatch is reported where it is.
const caseInsensitiveWord = (c: Cursor, word: string): boolean => {
  for (let i = 0; i < word.length; i++) {
    const ch = c.src[c.pos + i];
    if (ch !== word[i] && ch !== word[i]!.toUpperCase()) {
      c.expected('', c.pos + i);
      return false;
    }
  }
  c.advance(word.length);
  return true;
};

const isValue = (c: Cursor): IsValue | Fail =>
  c.labelled('isVal: (null, not_null, true, false, unknown)', () => {
    for (const v of IS) if (caseInsensitiveWord(c, v)) return v;
    return FAIL;
  });

/** `try (string kw *> pDelimiter)` */
export const keywordDot = (c: Cursor, kw: string): boolean => {
  const start = c.pos;
  if (c.src.startsWith(kw, start) && c.src.charCodeAt(start + kw.length) === 46) {
    c.advance(kw.length + 1);
    return true;
  }
  if (c.tracking) c.attempt((t) => (t.word(kw) && delimiter(t) ? true : FAIL));
  return false;
};

const firstWord = <T extends string>(c: Cursor, words: readonly T[]): T | undefined => words.find((w) => c.tryWord(w));

const parenthesised = <T>(c: Cursor, inner: () => T | Fail): T | undefined => {
  const r = c.attempt(() => {
    if (!c.char('(')) return FAIL;
    const v = inner();
    return v !== FAIL && c.char(')') ? v : FAIL;
  });
  return r === FAIL ? undefined : r;
};

const ftsOperation = (c: Cursor, value: ValueParser): Operation | Fail => {
  const op = firstWord(c, FTS);
  if (op === undefined) return FAIL;
  const language = parenthesised(c, () => identifier(c));
  if (!delimiter(c)) return FAIL;
  const v = value(c);
  if (v === FAIL) return FAIL;
  return language === undefined ? { kind: 'fts', op, value: v } : { kind: 'fts', op, language, value: v };
};

const simpleOperation = (c: Cursor, value: ValueParser): Operation | Fail => {
  const op = firstWord(c, SIMPLE);
  if (op === undefined || !delimiter(c)) return FAIL;
  const v = value(c);
  return v === FAIL ? FAIL : { kind: 'simple', op, value: v };
};

const quantOperation = (c: Cursor, value: ValueParser): Operation | Fail => {
  const op = firstWord(c, QUANT);
  if (op === undefined) return FAIL;
  const quantifier = parenthesised(c, () => (c.tryWord('any') ? 'any' : c.word('all') ? 'all' : FAIL));
  if (!delimiter(c)) return FAIL;
  const v = value(c);
  if (v === FAIL) return FAIL;
  return quantifier === undefined ? { kind: 'quant', op, value: v } : { kind: 'quant', op, quantifier, value: v };
};

// `pOperation`: once `in.`, `is.` or `isdistinct.` is read the operator is committed to.
const operation = (c: Cursor, value: ValueParser): Operation | Fail =>
  c.labelled('operator (eq, gt, ...)', () => {
    if (keywordDot(c, 'in')) {
      const values = listValue(c);
      return values === FAIL ? FAIL : { kind: 'in', values };
    }
    if (keywordDot(c, 'is')) {
      const v = isValue(c);
      return v === FAIL ? FAIL : { kind: 'is', value: v };
    }
    if (keywordDot(c, 'isdistinct')) {
      const v = value(c);
      return v === FAIL ? FAIL : { kind: 'isdistinct', value: v };
    }
    for (const alternative of [ftsOperation, simpleOperation, quantOperation]) {
      const op = c.attempt(() => alternative(c, value));
      if (op !== FAIL) return op;
    }
    return FAIL;
  });

/** `pOpExpr`: an optional `not.` then an operation whose free-form value `value` reads. */
export const opExpr = (c: Cursor, value: ValueParser): OpExpr | Fail => {
  const negated = keywordDot(c, 'not');
  const op = operation(c, value);
  return op === FAIL ? FAIL : { negated, operation: op };
};

/** `a.b.c`: names separated by dots, at least one. */
export const dottedNames = (c: Cursor): string[] | Fail => {
  const names: string[] = [];
  for (;;) {
    const name = fieldName(c);
    if (name === FAIL) return FAIL;
    names.push(name);
    if (!delimiter(c)) return names;
  }
};

/** `pTreePath`: the key of a filter, order or limit: `rel.sub.col->json`. */
export const treePath = (c: Cursor): { readonly path: EmbedPath; readonly field: Field } | Fail => {
  const names = dottedNames(c);
  if (names === FAIL) return FAIL;
  const path = jsonPath(c);
  if (path === FAIL) return FAIL;
  return { path: names.slice(0, -1), field: { name: names.at(-1)!, jsonPath: path } };
};

/**
 * `(key->json)` right after a relation name: the key of an embed a filter reads (beyond
 * PostgREST). Read silently on a cursor of its own, so a key without one fails exactly as
 * PostgREST's parser fails it.
 */
export const relatedKey = (c: Cursor): Field | undefined => {
  if (c.src.charCodeAt(c.pos) !== 40) return undefined;
  const probe = new Cursor(c.src);
  probe.pos = c.pos + 1;
  const key = field(probe);
  if (key === FAIL || !probe.char(')')) return undefined;
  c.advance(probe.pos - c.pos);
  return key;
};

/** The key of a filter: a tree path, or one whose last name is a relation with its key, `rel.sub(key)`. */
export const filterPath = (
  c: Cursor,
): { readonly path: EmbedPath; readonly relation?: string; readonly field: Field } | Fail => {
  const names = dottedNames(c);
  if (names === FAIL) return FAIL;
  const key = relatedKey(c);
  if (key !== undefined) return { path: names.slice(0, -1), relation: names.at(-1)!, field: key };
  const path = jsonPath(c);
  if (path === FAIL) return FAIL;
  return { path: names.slice(0, -1), field: { name: names.at(-1)!, jsonPath: path } };
};
