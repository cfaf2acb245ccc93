// The `and`/`or` grammar: `or=(a.eq.1,not.and(b.gt.2,c.is.null))` nested to any depth, and the
// keys that carry it, `rel.not.or` (PostgREST: QueryParams.hs pLogicTree, pLogicPath); a
// filter may read an embed's value, `or=(rel(key).gt.2,...)`.
import { Cursor, FAIL, type Fail } from './cursor.ts';
import { delimiter, field, skipBlanks } from './field-parser.ts';
import { dottedNames, keywordDot, logicValue, opExpr, relatedKey } from './filter-parser.ts';
import type { EmbedPath, Filter, LogicTree } from './types.ts';

// `pLogicFilter`: `col->json.op.value`, values ending at `,` or `)`; beyond PostgREST also
// `rel(key).op.value`, a value of the embed `rel`.
const logicFilter = (c: Cursor): Filter | Fail => {
  const f = field(c);
  if (f === FAIL) return FAIL;
  const key = f.jsonPath.length === 0 ? relatedKey(c) : undefined;
  if (!delimiter(c)) return FAIL;
  const op = opExpr(c, logicValue);
  if (op === FAIL) return FAIL;
  return key === undefined ? { field: f, opExpr: op } : { relation: f.name, field: key, opExpr: op };
};

/** `pLogicTree`: a filter, or `[not.]and|or(` trees separated by commas `)`. */
export const logicTree = (c: Cursor): LogicTree | Fail => {
  const filter = c.attempt(() => logicFilter(c));
  if (filter !== FAIL) return { kind: 'filter', filter };
  const negated = c.labelled('negation operator (not)', () => keywordDot(c, 'not'));
  const op = c.labelled('logic operator (and, or)', () => (c.tryWord('and') ? 'and' : c.word('or') ? 'or' : FAIL));
  if (op === FAIL) return FAIL;
  skipBlanks(c);
  if (!c.char('(')) return FAIL;
  skipBlanks(c);
  const children: LogicTree[] = [];
  for (;;) {
    const child = c.nested(logicTree);
    if (child === FAIL) return FAIL;
    children.push(child);
    const before = c.pos;
    skipBlanks(c);
    if (!c.char(',')) {
      if (c.pos !== before) return FAIL;
      break;
    }
    skipBlanks(c);
  }
  skipBlanks(c);
  if (!c.char(')')) return FAIL;
  skipBlanks(c);
  return { kind: 'expr', negated: negated === true, op, children };
};

/** `pLogicPath`: `a.b.not.or` -> the embed path `[a, b]` and the operator `not.or`; a `not` anywhere negates. */
export const logicPath = (c: Cursor): { readonly path: EmbedPath; readonly op: string } | Fail => {
  const names = dottedNames(c);
  if (names === FAIL) return FAIL;
  const op = names.at(-1)!;
  return {
    path: names.slice(0, -1).filter((n) => n !== 'not'),
    op: names.includes('not') ? `not.${op}` : op,
  };
};
