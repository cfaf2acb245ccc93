// The `order` grammar: `col.desc.nullslast,data->>x.asc,rel(col).desc` (PostgREST:
// QueryParams.hs pOrder), and the name lists of `columns` and `on_conflict` (pColumns).
import { Cursor, FAIL, type Fail } from './cursor.ts';
import { delimiter, field, fieldName, skipBlanks } from './field-parser.ts';
import type { OrderTerm } from './types.ts';

// `try (pDelimiter *> string w)` for each word, first match wins.
const dotWord = <T extends string>(c: Cursor, words: readonly T[]): T | undefined =>
  words.find((w) => c.attempt(() => (delimiter(c) && c.word(w) ? true : FAIL)) === true);

const DIRECTIONS = ['asc', 'desc'] as const;
const NULLS = ['nullsfirst', 'nullslast'] as const;

// The direction and nulls order, then the term must end at `,` or the end of the value.
const termEnd = (c: Cursor, term: { relation?: string; field: OrderTerm['field'] }): OrderTerm | Fail => {
  const direction = dotWord(c, DIRECTIONS);
  const nulls = dotWord(c, NULLS);
  if (!(c.lookWord(',') || c.eof())) return FAIL;
  return {
    ...(term.relation !== undefined && { relation: term.relation }),
    field: term.field,
    ...(direction !== undefined && { direction }),
    ...(nulls !== undefined && { nulls: nulls === 'nullsfirst' ? 'first' : 'last' }),
  };
};

// `pOrderRelationTerm`: `rel(col->json)`.
const relationTerm = (c: Cursor): OrderTerm | Fail => {
  const relation = fieldName(c);
  if (relation === FAIL || !c.char('(')) return FAIL;
  const f = field(c);
  if (f === FAIL || !c.char(')')) return FAIL;
  return termEnd(c, { relation, field: f });
};

const plainTerm = (c: Cursor): OrderTerm | Fail => {
  const f = field(c);
  return f === FAIL ? FAIL : termEnd(c, { field: f });
};

/** `pOrder`: one or more comma-separated terms. */
export const orderTerms = (c: Cursor): OrderTerm[] | Fail => {
  const terms: OrderTerm[] = [];
  for (;;) {
    skipBlanks(c);
    let term = c.attempt(() => relationTerm(c));
    if (term === FAIL) term = plainTerm(c);
    if (term === FAIL) return FAIL;
    skipBlanks(c);
    terms.push(term);
    if (!c.char(',')) return terms;
  }
};

/** `pColumns`: one or more names separated by commas. */
export const nameList = (c: Cursor): string[] | Fail => {
  const names: string[] = [];
  for (;;) {
    const name = fieldName(c);
    if (name === FAIL) return FAIL;
    names.push(name);
    const before = c.pos;
    skipBlanks(c);
    if (!c.char(',')) return c.pos === before ? names : FAIL;
    skipBlanks(c);
  }
};
