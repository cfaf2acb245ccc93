import { describe, expect, it } from 'vitest';
import { ident, join, raw, sql, toSqlQuery, param, isEmpty, empty } from './sql.ts';

describe('sql fragments', () => {
  it('binds interpolated values as parameters', () => {
    expect(toSqlQuery(sql`select ${1}, ${'a'}`)).toEqual({ text: 'select $1, $2', params: [1, 'a'] });
  });
  it('splices nested fragments and renumbers', () => {
    const inner = sql`x = ${'v'}`;
    expect(toSqlQuery(sql`where ${inner} and ${sql`y = ${2}`} or ${true}`)).toEqual({
      text: 'where x = $1 and y = $2 or $3',
      params: ['v', 2, true],
    });
  });
  it('quotes identifiers, doubling embedded quotes', () => {
    expect(toSqlQuery(sql`select ${ident('we"ird', 'col')}`).text).toBe('select "we""ird"."col"');
    expect(() => ident('a\u0000b')).toThrow('an identifier cannot contain NUL');
  });
  it('joins fragments with a separator', () => {
    const q = join([sql`a = ${1}`, raw('b'), sql`c = ${3}`], ', ');
    expect(toSqlQuery(q)).toEqual({ text: 'a = $1, b, c = $2', params: [1, 3] });
    expect(isEmpty(join([], ','))).toBe(true);
  });
  it('never treats a value as SQL', () => {
    const hostile = "'; drop table x; --";
    expect(toSqlQuery(sql`select ${hostile}`)).toEqual({ text: 'select $1', params: [hostile] });
    expect(toSqlQuery(param(null))).toEqual({ text: '$1', params: [null] });
    expect(isEmpty(empty)).toBe(true);
  });
});
