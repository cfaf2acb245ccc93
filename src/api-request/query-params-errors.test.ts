import { describe, expect, it } from 'vitest';
import { isDataApiError } from '../errors/data-api-error.ts';
import { parseQueryParams } from './query-params.ts';

const errorOf = (search: string, rpcRead = false): { code: string; message: string; details: unknown } => {
  try {
    parseQueryParams(search, { rpcRead });
  } catch (e) {
    if (!isDataApiError(e)) throw e;
    return { code: e.code, message: e.message, details: e.details };
  }
  throw new Error(`parsed: ${search}`);
};

const q = (key: string, value: string) => `${key}=${encodeURIComponent(value)}`;

// Messages and details as PostgREST words them (its doctests and spec tests).
describe('PostgREST error messages, word for word', () => {
  it.each<[string, string, string]>([
    [q('order', 'id.asc.nullslasttt'), '"failed to parse order (id.asc.nullslasttt)" (line 1, column 17)', `unexpected 't' expecting "," or end of input`],
    ['id=0', '"failed to parse filter (0)" (line 1, column 1)', 'unexpected "0" expecting "not" or operator (eq, gt, ...)'],
    ['a.b=noop.0', '"failed to parse filter (noop.0)" (line 1, column 1)', 'unexpected "o" expecting "not" or operator (eq, gt, ...)'],
    [
      'or=()',
      '"failed to parse logic tree (())" (line 1, column 4)',
      'unexpected ")" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)',
    ],
    ['columns=', '"failed to parse columns parameter ()" (line 1, column 1)', 'unexpected end of input expecting field name (* or [a..z0..9_$])'],
    [
      'select=data->(!@#$%^%26*_d->>!@#$%^%26*_e::integer',
      '"failed to parse select parameter (data->(!@#$%^&*_d->>!@#$%^&*_e::integer)" (line 1, column 7)',
      'unexpected "(" expecting "-", digit or any non reserved character different from: .,>()',
    ],
    [q('select', 'data->>--34'), '"failed to parse select parameter (data->>--34)" (line 1, column 9)', 'unexpected "-" expecting digit'],
    [
      q('select', 'data->>-78xy'),
      '"failed to parse select parameter (data->>-78xy)" (line 1, column 11)',
      `unexpected 'x' expecting digit, "->", "::", ".", "," or end of input`,
    ],
    [
      q('select', 'id,clients(name[])'),
      '"failed to parse select parameter (id,clients(name[]))" (line 1, column 16)',
      `unexpected '[' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input`,
    ],
    [
      q('select', 'name!hint'),
      '"failed to parse select parameter (name!hint)" (line 1, column 5)',
      `unexpected '!' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input`,
    ],
    [q('select', '*!hint'), '"failed to parse select parameter (*!hint)" (line 1, column 2)', `unexpected '!' expecting ")", "," or end of input`],
    [q('select', 'name::'), '"failed to parse select parameter (name::)" (line 1, column 7)', 'unexpected end of input expecting letter or digit'],
    [q('order', 'id.ac'), '"failed to parse order (id.ac)" (line 1, column 4)', 'unexpected "c" expecting "asc", "desc", "nullsfirst" or "nullslast"'],
    [q('order', 'id.descc'), '"failed to parse order (id.descc)" (line 1, column 8)', `unexpected 'c' expecting delimiter (.), "," or end of input`],
    [q('order', 'id.nulsfist'), '"failed to parse order (id.nulsfist)" (line 1, column 4)', 'unexpected "n" expecting "asc", "desc", "nullsfirst" or "nullslast"'],
    [q('order', 'id.nullslasttt'), '"failed to parse order (id.nullslasttt)" (line 1, column 13)', `unexpected 't' expecting "," or end of input`],
    [q('order', 'id.smth34'), '"failed to parse order (id.smth34)" (line 1, column 4)', 'unexpected "s" expecting "asc", "desc", "nullsfirst" or "nullslast"'],
    [q('order', 'id.asc.nlsfst'), '"failed to parse order (id.asc.nlsfst)" (line 1, column 8)', 'unexpected "l" expecting "nullsfirst" or "nullslast"'],
    [q('order', 'id.asc.nullslasttt'), '"failed to parse order (id.asc.nullslasttt)" (line 1, column 17)', `unexpected 't' expecting "," or end of input`],
    [q('order', 'id.asc.smth34'), '"failed to parse order (id.asc.smth34)" (line 1, column 8)', 'unexpected "s" expecting "nullsfirst" or "nullslast"'],
    [
      q('order', 'clients(name,id)'),
      '"failed to parse order (clients(name,id))" (line 1, column 8)',
      `unexpected '(' expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input`,
    ],
    [q('or', '(id.in.1,2,id.eq.3)'), '"failed to parse logic tree ((id.in.1,2,id.eq.3))" (line 1, column 10)', 'unexpected "1" expecting "("'],
    [q('or', ')('), '"failed to parse logic tree ()()" (line 1, column 3)', 'unexpected ")" expecting "("'],
    [q('and', '(ord(id.eq.1,id.eq.1),id.eq.2)'), '"failed to parse logic tree ((ord(id.eq.1,id.eq.1),id.eq.2))" (line 1, column 7)', 'unexpected "d" expecting "("'],
    [
      q('or', '(id.eq.1,not.xor(id.eq.2,id.eq.3))'),
      '"failed to parse logic tree ((id.eq.1,not.xor(id.eq.2,id.eq.3)))" (line 1, column 16)',
      'unexpected "x" expecting logic operator (and, or)',
    ],
    [q('a', 'fts().value'), '"failed to parse filter (fts().value)" (line 1, column 5)', 'unexpected ")" expecting operator (eq, gt, ...)'],
    [q('a', 'eq().value'), '"failed to parse filter (eq().value)" (line 1, column 4)', 'unexpected ")" expecting operator (eq, gt, ...)'],
    [q('a', 'is().value'), '"failed to parse filter (is().value)" (line 1, column 3)', 'unexpected "(" expecting operator (eq, gt, ...)'],
    [q('a', 'in().value'), '"failed to parse filter (in().value)" (line 1, column 3)', 'unexpected "(" expecting operator (eq, gt, ...)'],
  ])('%s', (search, message, details) => {
    expect(errorOf(search)).toEqual({ code: 'PGRST100', message, details });
  });
});

// Where PostgREST has no wording to match, the failure still names the parameter and the place.
describe('malformed and hostile input', () => {
  it.each<[string, string]>([
    [q('select', 'id,'), '"failed to parse select parameter (id,)" (line 1, column 4)'],
    [q('select', 'id)'), '"failed to parse select parameter (id))" (line 1, column 3)'],
    [q('select', 'clients(id'), '"failed to parse select parameter (clients(id)" (line 1, column 11)'],
    [q('select', 'clients((id)'), '"failed to parse select parameter (clients((id))" (line 1, column 9)'],
    [q('select', '(id)'), '"failed to parse select parameter ((id))" (line 1, column 1)'],
    [q('select', ',id'), '"failed to parse select parameter (,id)" (line 1, column 1)'],
    [q('select', 'a:'), '"failed to parse select parameter (a:)" (line 1, column 3)'],
    [q('select', 'a:*'), '"failed to parse select parameter (a:*)" (line 1, column 3)'],
    [q('select', '""'), '"failed to parse select parameter ("")" (line 1, column 1)'],
    [q('select', '"unterminated'), '"failed to parse select parameter ("unterminated)" (line 1, column 14)'],
    [q('select', 'id.sux()'), '"failed to parse select parameter (id.sux())" (line 1, column 4)'],
    [q('select', 'rel!(*)'), '"failed to parse select parameter (rel!(*))" (line 1, column 4)'],
    [q('select', 'a!b!c!d(*)'), '"failed to parse select parameter (a!b!c!d(*))" (line 1, column 2)'],
    [q('select', 'alias:...rel(*)'), '"failed to parse select parameter (alias:...rel(*))" (line 1, column 7)'],
    [q('select', 'data->'), '"failed to parse select parameter (data->)" (line 1, column 7)'],
    [q('select', 'a\tb'), '"failed to parse select parameter (a\tb)" (line 1, column 9)'],
    [q('select', '"x\ny"!'), '"failed to parse select parameter ("x\ny"!)" (line 2, column 3)'],
    [q('select', 'é!'), '"failed to parse select parameter (é!)" (line 1, column 2)'],
    [q('order', ''), '"failed to parse order ()" (line 1, column 1)'],
    [q('order', 'id,'), '"failed to parse order (id,)" (line 1, column 4)'],
    [q('order', 'id.desc '), '"failed to parse order (id.desc )" (line 1, column 8)'],
    [q('or', ''), '"failed to parse logic tree ()" (line 1, column 3)'],
    [q('or', '(a.eq.1'), '"failed to parse logic tree ((a.eq.1)" (line 1, column 10)'],
    [q('or', '(a.eq.1))'), '"failed to parse logic tree ((a.eq.1)))" (line 1, column 11)'],
    [q('or', '(a.eq.1,)'), '"failed to parse logic tree ((a.eq.1,))" (line 1, column 11)'],
    [q('or', 'a.eq.1'), '"failed to parse logic tree (a.eq.1)" (line 1, column 3)'],
    [q('or', '(a.in.(1,2)'), '"failed to parse logic tree ((a.in.(1,2))" (line 1, column 14)'],
    [q('or', '(a.xx.1)'), '"failed to parse logic tree ((a.xx.1))" (line 1, column 6)'],
    [q('not.or', '(a)'), '"failed to parse logic tree ((a))" (line 1, column 9)'],
    [q('a', 'in.(1,2'), '"failed to parse filter (in.(1,2)" (line 1, column 8)'],
    [q('a', 'in.1,2'), '"failed to parse filter (in.1,2)" (line 1, column 4)'],
    [q('a', 'in.(1)x'), '"failed to parse filter (in.(1)x)" (line 1, column 7)'],
    [q('a', 'is.nothing'), '"failed to parse filter (is.nothing)" (line 1, column 7)'],
    [q('a', 'is.nullx'), '"failed to parse filter (is.nullx)" (line 1, column 8)'],
    [q('a', 'eq(some).1'), '"failed to parse filter (eq(some).1)" (line 1, column 4)'],
    [q('a', 'neq(any).1'), '"failed to parse filter (neq(any).1)" (line 1, column 4)'],
    [q('a', 'fts(english.x'), '"failed to parse filter (fts(english.x)" (line 1, column 12)'],
    [q('a', 'not.'), '"failed to parse filter (not.)" (line 1, column 5)'],
    [q('a', 'not.nope.1'), '"failed to parse filter (not.nope.1)" (line 1, column 5)'],
    [q('a', ''), '"failed to parse filter ()" (line 1, column 1)'],
    [q('a', 'eq'), '"failed to parse filter (eq)" (line 1, column 3)'],
    [q('a(', 'eq.1'), '"failed to parse tree path (a()" (line 1, column 2)'],
    [q('a(b', 'eq.1'), '"failed to parse tree path (a(b)" (line 1, column 2)'],
    [q('a(b)c', 'eq.1'), '"failed to parse tree path (a(b)c)" (line 1, column 5)'],
    [q('a(b).c', 'eq.1'), '"failed to parse tree path (a(b).c)" (line 1, column 5)'],
    [q('a(b)', 'nope'), '"failed to parse filter (nope)" (line 1, column 1)'],
    [q('or', '(a(b.eq.1)'), '"failed to parse logic tree ((a(b.eq.1))" (line 1, column 5)'],
    [q('a..b', 'eq.1'), '"failed to parse tree path (a..b)" (line 1, column 3)'],
    [q('', 'eq.1'), '"failed to parse tree path ()" (line 1, column 1)'],
    [q(' ', 'eq.1'), '"failed to parse tree path ( )" (line 1, column 2)'],
    [q('a->', 'eq.1'), '"failed to parse tree path (a->)" (line 1, column 4)'],
    [q('x).order', 'id'), '"failed to parse tree path (x).order)" (line 1, column 2)'],
    [q('x(.or', '(a.eq.1)'), '"failed to parse logic path (x(.or)" (line 1, column 2)'],
    [q('columns', 'a,,b'), '"failed to parse columns parameter (a,,b)" (line 1, column 3)'],
    [q('columns', 'a(b'), '"failed to parse columns parameter (a(b)" (line 1, column 2)'],
    [q('on_conflict', ''), '"failed to parse on_conflict parameter ()" (line 1, column 1)'],
    [q('on_conflict', 'a,'), '"failed to parse on_conflict parameter (a,)" (line 1, column 3)'],
  ])('%s', (search, message) => {
    const e = errorOf(search);
    expect(e).toMatchObject({ code: 'PGRST100', message });
    expect(e.details).toMatch(/^(unexpected|expecting)/);
  });

  it('shows non-ASCII as Haskell does, columns counted in characters', () => {
    expect(errorOf(q('select', '名前!'))).toEqual({
      code: 'PGRST100',
      message: '"failed to parse select parameter (名前!)" (line 1, column 3)',
      details: `unexpected '!' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input`,
    });
    expect(errorOf(q('select', 'a,€')).details).toBe(
      'unexpected "\\8364" expecting "...", field name (* or [a..z0..9_$]), "*" or "count()"',
    );
    expect(errorOf(q('select', 'a,\n')).details).toBe('unexpected "\\n" expecting "...", field name (* or [a..z0..9_$]), "*" or "count()"');
    expect(errorOf(q('select', 'a,😀')).message).toBe('"failed to parse select parameter (a,😀)" (line 1, column 3)');
  });

  it('refuses nesting deeper than 500 levels instead of exhausting the stack', () => {
    const deep = (n: number) => `select=${'a('.repeat(n)}b${')'.repeat(n)}`;
    expect(parseQueryParams(deep(499)).select).toHaveLength(1);
    expect(errorOf(deep(10_000))).toMatchObject({ code: 'PGRST100', details: 'nesting deeper than 500 levels' });
    const logic = (n: number) => `or=${'(a.eq.1,or'.repeat(n)}(z.eq.0)${')'.repeat(n)}`;
    expect(errorOf(logic(10_000))).toMatchObject({ code: 'PGRST100', details: 'nesting deeper than 500 levels' });
  });

  it('parses huge values in linear time', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',');
    const parseAll = (n: number): number => {
      const list = many(n);
      const started = performance.now();
      expect(parseQueryParams(`select=${list}`).select).toHaveLength(n);
      expect(parseQueryParams(`a=in.(${list})`).filters[0]!.filter.opExpr.operation).toMatchObject({ kind: 'in' });
      expect(parseQueryParams(`${'k&'.repeat(n)}z=eq.1`).filters).toHaveLength(1);
      expect(errorOf(`select=${list},`).code).toBe('PGRST100');
      return performance.now() - started;
    };
    parseAll(2_000);
    // Four times the input may take about four times as long, not sixteen (a wall-clock bound
    // would fail on a loaded CI machine; a ratio does not).
    const small = parseAll(5_000);
    const large = parseAll(20_000);
    expect(large).toBeLessThan(Math.max(10 * small, 50));
  });

  it.each([
    ['a quoted column in select', 'select="a%00b"'],
    ['an escaped NUL in a quoted name', 'select="a\\%00b"'],
    ['a quoted alias', 'select="x%00y":id'],
    ['a quoted filter key', '"a%00b"=eq.1'],
    ['a quoted order column', 'order="a%00b".desc'],
    ['a JSON key', 'select=data->a%00b'],
    ['a quoted JSON key', 'select=data->"a%00b"'],
    ['a quoted name in columns', 'columns="a%00b"'],
  ])('refuses a NUL in %s: no identifier can hold one, and the statement text cannot carry it', (_, search) => {
    expect(errorOf(search).code).toBe('PGRST100');
  });

  it('keeps a NUL in a quoted value, which is a parameter', () => {
    expect(parseQueryParams('name=in.("a%00b")').filters[0]!.filter.opExpr.operation).toMatchObject({ values: ['a\u0000b'] });
    expect(parseQueryParams('or=(name.eq."a%00b")').logic).toHaveLength(1);
  });
});
