// The pieces every query-string grammar shares: field names (plain, dashed or quoted), JSON
// paths (`->a->>0`), quoted values and blanks (PostgREST: QueryParams.hs pFieldName,
// pJsonPath, pQuotedValue). Each follows Parsec's rules for what counts as consumed.
import { Cursor, FAIL, type Fail, showChar } from './cursor.ts';
import type { Field, JsonStep } from './types.ts';

export const FIELD_NAME = 'field name (* or [a..z0..9_$])';
const JSON_KEY = 'any non reserved character different from: .,>()';
// NUL ends a key too: the last key of a path names an output column (see quoted()).
const JSON_KEY_RESERVED = '(-:.,>)\u0000';

const LETTER = /\p{L}/u;
// Haskell's isAlpha (any Unicode letter), isDigit (ASCII only), or one of `_ $`.
const isIdentifierChar = (code: number): boolean =>
  (code >= 97 && code <= 122) ||
  (code >= 65 && code <= 90) ||
  (code >= 48 && code <= 57) ||
  code === 95 ||
  code === 32 ||
  code === 36 ||
  (code > 127 && LETTER.test(String.fromCodePoint(code)));

/** `ws`: blanks and tabs around items. */
export const skipBlanks = (c: Cursor): void => {
  let end = c.pos;
  for (let code = c.src.charCodeAt(end); code === 32 || code === 9; code = c.src.charCodeAt(++end));
  if (end > c.pos) c.advance(end - c.pos);
  if (c.tracking) c.expected('');
};

/**
 * `"..."` with backslash escaping any character. A name (`isName`) may not hold a NUL: no
 * Postgres identifier can, and one in the statement text breaks the wire protocol (08P01).
 */
const quoted = (c: Cursor, isName: boolean): string | Fail => {
  if (!c.char('"')) return FAIL;
  let out = '';
  let from = c.pos;
  for (let i = c.pos; ; ) {
    const code = c.src.charCodeAt(i);
    if (Number.isNaN(code) || code === 34 || (isName && code === 0)) {
      out += c.src.slice(from, i);
      c.advance(i - c.pos);
      break;
    }
    if (code === 92) {
      out += c.src.slice(from, i);
      if (i + 1 >= c.src.length || (isName && c.src.charCodeAt(i + 1) === 0)) {
        c.advance(i + 1 - c.pos);
        c.expected('');
        return FAIL;
      }
      const escaped = c.charAt(i + 1);
      out += escaped;
      i += 1 + escaped.length;
      from = i;
      continue;
    }
    i++;
  }
  c.expected('');
  c.expected('"\\\\"');
  return c.char('"') ? out : FAIL;
};

export const quotedValue = (c: Cursor): string | Fail => quoted(c, false);
const quotedName = (c: Cursor): string | Fail => quoted(c, true);

/** `pIdentifier`: letters, digits, `_`, `$` and blanks, trimmed. */
export const identifier = (c: Cursor): string | Fail => {
  const start = c.pos;
  let end = start;
  while (end < c.src.length) {
    const cp = c.src.codePointAt(end)!;
    if (!isIdentifierChar(cp)) break;
    end += cp > 0xffff ? 2 : 1;
  }
  if (end > start) c.advance(end - start);
  c.expected('letter');
  c.expected('digit');
  return end > start ? c.src.slice(start, end).trim() : FAIL;
};

// `sepByDash`: pieces joined by a `-` that does not start an arrow.
const dashed = (c: Cursor, piece: (c: Cursor) => string | Fail): string | Fail => {
  let out = piece(c);
  if (out === FAIL) return FAIL;
  for (;;) {
    if (c.src.charCodeAt(c.pos) !== 45) {
      c.expected('"-"');
      return out;
    }
    if (c.src.charCodeAt(c.pos + 1) === 62) {
      c.unexpected(showChar('>'), c.pos + 2);
      return out;
    }
    c.advance(1);
    c.expected('">"');
    const next = piece(c);
    if (next === FAIL) return FAIL;
    out += `-${next}`;
  }
};

const unlabelledFieldName = (c: Cursor): string | Fail => {
  const start = c.pos;
  const name = c.src.charCodeAt(start) === 34 ? quotedName(c) : dashed(c, identifier);
  if (name !== '') return name;
  c.pos = start;
  return FAIL;
};

/** `pFieldName`: a column, relation or alias name. Empty names are refused (Postgres would refuse them later). */
export const fieldName = (c: Cursor): string | Fail => {
  if (c.tracking) return c.labelled(FIELD_NAME, unlabelledFieldName);
  const start = c.pos;
  const memo = c.memo;
  if (memo !== undefined && memo.start === start) {
    c.advance(memo.end - start);
    return memo.value;
  }
  const name = unlabelledFieldName(c);
  if (name !== FAIL) c.memo = { start, end: c.pos, value: name };
  return name;
};

const jsonKeyPiece = (c: Cursor): string | Fail => {
  const start = c.pos;
  let end = start;
  while (end < c.src.length && !JSON_KEY_RESERVED.includes(c.src[end]!)) end++;
  if (end > start) c.advance(end - start);
  c.expected('');
  return end > start ? c.src.slice(start, end).trim() : FAIL;
};

const jsonKeyName = (c: Cursor): string | Fail => (c.src.charCodeAt(c.pos) === 34 ? quotedName(c) : dashed(c, jsonKeyPiece));

const jsonKey = (c: Cursor): JsonStep['key'] | Fail => {
  const name = c.labelled(JSON_KEY, jsonKeyName);
  return name === FAIL ? FAIL : { kind: 'key', name };
};

// `->0`, `->-1`: an index only when what follows ends the step. A `)` ends it too, which
// PostgREST forgets (it reads `rel(arr->0)` as the key "0"); it is checked silently so
// error details stay PostgREST's.
const jsonIndex = (c: Cursor): JsonStep['key'] | Fail => {
  const start = c.pos;
  const negative = c.src.charCodeAt(start) === 45;
  if (negative) c.advance(1);
  else c.expected('"-"');
  let end = c.pos;
  while (end < c.src.length && c.src.charCodeAt(end) >= 48 && c.src.charCodeAt(end) <= 57) end++;
  if (end === c.pos) {
    c.expected('digit');
    return FAIL;
  }
  const digits = c.src.slice(c.pos, end);
  c.advance(end - c.pos);
  c.expected('digit');
  const ends =
    c.src.charCodeAt(c.pos) === 41 || c.lookWord('->') || c.lookWord('::') || c.lookWord('.') || c.lookWord(',') || c.eof();
  const index = Number(digits) * (negative ? -1 : 1);
  // An index too large for a number is left to be read as a key.
  if (!ends || !Number.isSafeInteger(index)) return FAIL;
  return { kind: 'index', index: index === 0 ? 0 : index };
};

const NO_STEPS: readonly JsonStep[] = Object.freeze([]);

/** `pJsonPath`: zero or more `->key`, `->>key`, `->index` steps. */
export const jsonPath = (c: Cursor): readonly JsonStep[] | Fail => {
  const steps: JsonStep[] = [];
  for (;;) {
    const arrow = c.tryWord('->>') ? '->>' : c.tryWord('->') ? '->' : undefined;
    if (arrow === undefined) return steps.length === 0 ? NO_STEPS : steps;
    let key = c.attempt(jsonIndex);
    if (key === FAIL) key = c.attempt(jsonKey);
    if (key === FAIL) return FAIL;
    steps.push({ arrow, key });
  }
};

/** `pField`: a name and its JSON path, with blanks around. */
export const field = (c: Cursor): Field | Fail => {
  skipBlanks(c);
  const name = fieldName(c);
  if (name === FAIL) return FAIL;
  const path = jsonPath(c);
  if (path === FAIL) return FAIL;
  skipBlanks(c);
  return { name, jsonPath: path };
};

/** `pDelimiter` */
export const delimiter = (c: Cursor): boolean => {
  if (c.src.charCodeAt(c.pos) === 46) {
    c.advance(1);
    return true;
  }
  c.expected('delimiter (.)');
  return false;
};
