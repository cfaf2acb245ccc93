import { describe, expect, it } from 'vitest';
import { parseQueryParams } from './query-params.ts';
import type { Field, Filter, JsonStep, LogicTree, OpExpr, Operation } from './types.ts';

const fld = (name: string, ...jsonPath: JsonStep[]): Field => ({ name, jsonPath });
const op = (operation: Operation, negated = false): OpExpr => ({ negated, operation });
const filter = (name: string, operation: Operation, negated = false): Filter => ({ field: fld(name), opExpr: op(operation, negated) });
const leaf = (name: string, operation: Operation, negated = false): LogicTree => ({ kind: 'filter', filter: filter(name, operation, negated) });
const and = (...children: LogicTree[]): LogicTree => ({ kind: 'expr', negated: false, op: 'and', children });
const or = (...children: LogicTree[]): LogicTree => ({ kind: 'expr', negated: false, op: 'or', children });
const not = (t: LogicTree): LogicTree => ({ ...t, negated: true }) as LogicTree;
const eq = (value: string): Operation => ({ kind: 'quant', op: 'eq', value });

const operationOf = (value: string): OpExpr => {
  const q = parseQueryParams(`c=${encodeURIComponent(value)}`);
  return q.filters[0]!.filter.opExpr;
};

describe('filter operators', () => {
  it.each<[string, OpExpr]>([
    ['eq.1', op(eq('1'))],
    ['neq.1', op({ kind: 'simple', op: 'neq', value: '1' })],
    ['gt.1', op({ kind: 'quant', op: 'gt', value: '1' })],
    ['gte.1', op({ kind: 'quant', op: 'gte', value: '1' })],
    ['lt.1', op({ kind: 'quant', op: 'lt', value: '1' })],
    ['lte.1', op({ kind: 'quant', op: 'lte', value: '1' })],
    ['like.*abc*', op({ kind: 'quant', op: 'like', value: '*abc*' })],
    ['ilike.A%', op({ kind: 'quant', op: 'ilike', value: 'A%' })],
    ['match.^a.*$', op({ kind: 'quant', op: 'match', value: '^a.*$' })],
    ['imatch.^A', op({ kind: 'quant', op: 'imatch', value: '^A' })],
    ['in.(1,2,3)', op({ kind: 'in', values: ['1', '2', '3'] })],
    ['in.(a, b)', op({ kind: 'in', values: ['a', ' b'] })],
    ['in.( 1 )', op({ kind: 'in', values: ['1 '] })],
    ['in.("a,b",c)', op({ kind: 'in', values: ['a,b', 'c'] })],
    ['in.("Hebdon, John","Williams, Mary")', op({ kind: 'in', values: ['Hebdon, John', 'Williams, Mary'] })],
    ['in.("Double\\"Quote\\"McGraw\\"")', op({ kind: 'in', values: ['Double"Quote"McGraw"'] })],
    ['in.("\\\\")', op({ kind: 'in', values: ['\\'] })],
    ['in.("D\\a\\vid W\\h\\ite")', op({ kind: 'in', values: ['David White'] })],
    ['in.(")', op({ kind: 'in', values: ['"'] })],
    ['in.(Double"Quote"McGraw")', op({ kind: 'in', values: ['Double"Quote"McGraw"'] })],
    ['in.(\\)', op({ kind: 'in', values: ['\\'] })],
    ['in.("ab"c)', op({ kind: 'in', values: ['"ab"c'] })],
    ['in.("Double O Seven(007)")', op({ kind: 'in', values: ['Double O Seven(007)'] })],
    ['in.()', op({ kind: 'in', values: [] })],
    ['in.(    )', op({ kind: 'in', values: [] })],
    ['in.("")', op({ kind: 'in', values: [] })],
    ['in.( ,3,4)', op({ kind: 'in', values: ['', '3', '4'] })],
    ['in.(,)', op({ kind: 'in', values: ['', ''] })],
    ['not.in.(1,2)', op({ kind: 'in', values: ['1', '2'] }, true)],
    ['is.null', op({ kind: 'is', value: 'null' })],
    ['is.NULL', op({ kind: 'is', value: 'null' })],
    ['is.not_null', op({ kind: 'is', value: 'not_null' })],
    ['is.true', op({ kind: 'is', value: 'true' })],
    ['is.False', op({ kind: 'is', value: 'false' })],
    ['is.unknown', op({ kind: 'is', value: 'unknown' })],
    ['not.is.null', op({ kind: 'is', value: 'null' }, true)],
    ['isdistinct.5', op({ kind: 'isdistinct', value: '5' })],
    ['fts.cat', op({ kind: 'fts', op: 'fts', value: 'cat' })],
    ['plfts.fat cat', op({ kind: 'fts', op: 'plfts', value: 'fat cat' })],
    ['phfts(english).fat cats', op({ kind: 'fts', op: 'phfts', language: 'english', value: 'fat cats' })],
    ['wfts(simple)."fat" -cat', op({ kind: 'fts', op: 'wfts', language: 'simple', value: '"fat" -cat' })],
    ['fts(english).value', op({ kind: 'fts', op: 'fts', language: 'english', value: 'value' })],
    ['cs.{1,2}', op({ kind: 'simple', op: 'cs', value: '{1,2}' })],
    ['cd.{1,2}', op({ kind: 'simple', op: 'cd', value: '{1,2}' })],
    ['ov.[1,5)', op({ kind: 'simple', op: 'ov', value: '[1,5)' })],
    ['sl.(1,10)', op({ kind: 'simple', op: 'sl', value: '(1,10)' })],
    ['sr.(1,10)', op({ kind: 'simple', op: 'sr', value: '(1,10)' })],
    ['nxr.(1,10)', op({ kind: 'simple', op: 'nxr', value: '(1,10)' })],
    ['nxl.(1,10)', op({ kind: 'simple', op: 'nxl', value: '(1,10)' })],
    ['adj.(1,10)', op({ kind: 'simple', op: 'adj', value: '(1,10)' })],
    ['eq(any).{1,2}', op({ kind: 'quant', op: 'eq', quantifier: 'any', value: '{1,2}' })],
    ['eq(all).{a,b}', op({ kind: 'quant', op: 'eq', quantifier: 'all', value: '{a,b}' })],
    ['not.eq(all).value', op({ kind: 'quant', op: 'eq', quantifier: 'all', value: 'value' }, true)],
    ['gt(any).{1,5}', op({ kind: 'quant', op: 'gt', quantifier: 'any', value: '{1,5}' })],
    ['gte(all).{1}', op({ kind: 'quant', op: 'gte', quantifier: 'all', value: '{1}' })],
    ['lt(any).{1}', op({ kind: 'quant', op: 'lt', quantifier: 'any', value: '{1}' })],
    ['lte(any).{1}', op({ kind: 'quant', op: 'lte', quantifier: 'any', value: '{1}' })],
    ['like(any).{a*,*b}', op({ kind: 'quant', op: 'like', quantifier: 'any', value: '{a*,*b}' })],
    ['ilike(all).{%a%,%b%}', op({ kind: 'quant', op: 'ilike', quantifier: 'all', value: '{%a%,%b%}' })],
    ['match(any).{^a,^b}', op({ kind: 'quant', op: 'match', quantifier: 'any', value: '{^a,^b}' })],
    ['imatch(all).{a,b}', op({ kind: 'quant', op: 'imatch', quantifier: 'all', value: '{a,b}' })],
    ['not.like.a*', op({ kind: 'quant', op: 'like', value: 'a*' }, true)],
    ['not.neq.1', op({ kind: 'simple', op: 'neq', value: '1' }, true)],
    ['eq.a.b.c', op(eq('a.b.c'))],
    ['eq.not.x', op(eq('not.x'))],
    ['eq.(a,b)', op(eq('(a,b)'))],
    ['eq."quoted"', op(eq('"quoted"'))],
    ['eq.😀', op(eq('😀'))],
    ['eq.' + 'x'.repeat(100_000), op(eq('x'.repeat(100_000)))],
  ])('%s', (value, expected) => {
    expect(operationOf(value)).toEqual(expected);
  });
});

describe('filter keys', () => {
  it.each([
    ['id=eq.1', [], fld('id')],
    ['data->a=eq.1', [], fld('data', { arrow: '->', key: { kind: 'key', name: 'a' } })],
    ['data->>a=eq.1', [], fld('data', { arrow: '->>', key: { kind: 'key', name: 'a' } })],
    ['arr->0=eq.1', [], fld('arr', { arrow: '->', key: { kind: 'index', index: 0 } })],
    ['clients.name=eq.1', ['clients'], fld('name')],
    ['clients.projects.data->>x=eq.1', ['clients', 'projects'], fld('data', { arrow: '->>', key: { kind: 'key', name: 'x' } })],
    ['"a.b"=eq.1', [], fld('a.b')],
    ['"my table"."my col"=eq.1', ['my table'], fld('my col')],
    ['x.select=eq.1', ['x'], fld('select')],
    ['名前=eq.1', [], fld('名前')],
  ])('%s', (search, path, field) => {
    expect(parseQueryParams(search).filters).toEqual([{ path, filter: { field, opExpr: op(eq('1')) } }]);
  });

  it('keeps repeated filters, in order', () => {
    expect(parseQueryParams('a=gt.1&a=lt.5').filters.map((f) => f.filter.opExpr.operation)).toEqual([
      { kind: 'quant', op: 'gt', value: '1' },
      { kind: 'quant', op: 'lt', value: '5' },
    ]);
  });

  it.each(['select', 'columns', 'on_conflict', 'order', 'limit', 'offset', 'and', 'or', 'x.order', 'x.limit', 'x.offset', 'x.or', 'x.and', 'not.or'])(
    '%s is reserved, not a filter',
    (k) => {
      const value = k.endsWith('or') || k.endsWith('and') ? '(a.eq.1)' : k.endsWith('order') ? 'id' : k.endsWith('limit') || k.endsWith('offset') ? '1' : 'id';
      expect(parseQueryParams(`${k}=${value}`).filters).toEqual([]);
    },
  );
});

const logic = (search: string) => parseQueryParams(search).logic;

describe('logic trees', () => {
  it.each<[string, { path: string[]; tree: LogicTree }[]]>([
    ['or=(a.eq.1,b.eq.2)', [{ path: [], tree: or(leaf('a', eq('1')), leaf('b', eq('2'))) }]],
    ['and=(a.eq.1)', [{ path: [], tree: and(leaf('a', eq('1'))) }]],
    ['not.or=(a.eq.1,b.eq.2)', [{ path: [], tree: not(or(leaf('a', eq('1')), leaf('b', eq('2')))) }]],
    ['not.and=(a.eq.1,b.eq.2)', [{ path: [], tree: not(and(leaf('a', eq('1')), leaf('b', eq('2')))) }]],
    ['clients.or=(a.eq.1,b.eq.2)', [{ path: ['clients'], tree: or(leaf('a', eq('1')), leaf('b', eq('2'))) }]],
    ['clients.not.and=(a.eq.1)', [{ path: ['clients'], tree: not(and(leaf('a', eq('1')))) }]],
    ['a.b.or=(c.eq.1)', [{ path: ['a', 'b'], tree: or(leaf('c', eq('1'))) }]],
    [
      'or=(a.eq.1,and(b.gt.2,c.is.null))',
      [{ path: [], tree: or(leaf('a', eq('1')), and(leaf('b', { kind: 'quant', op: 'gt', value: '2' }), leaf('c', { kind: 'is', value: 'null' }))) }],
    ],
    [
      'and=(a.eq.1,or(b.eq.2,not.and(c.eq.3,or(d.eq.4,e.eq.5))))',
      [
        {
          path: [],
          tree: and(leaf('a', eq('1')), or(leaf('b', eq('2')), not(and(leaf('c', eq('3')), or(leaf('d', eq('4')), leaf('e', eq('5'))))))),
        },
      ],
    ],
    ['or=(a.not.eq.1,b.not.is.null)', [{ path: [], tree: or(leaf('a', eq('1'), true), leaf('b', { kind: 'is', value: 'null' }, true)) }]],
    ['or=( a.eq.1 , b.eq.2 )', [{ path: [], tree: or(leaf('a', eq('1 ')), leaf('b', eq('2 '))) }]],
    ['or=(a.eq."x,y",b.eq."q\\"uote")', [{ path: [], tree: or(leaf('a', eq('x,y')), leaf('b', eq('q"uote'))) }]],
    ['or=(a.cs.{1,2},b.eq(any).{x,y})', [{ path: [], tree: or(leaf('a', { kind: 'simple', op: 'cs', value: '{1,2}' }), leaf('b', { kind: 'quant', op: 'eq', quantifier: 'any', value: '{x,y}' })) }]],
    ['or=(a.in.(1,2),b.in.("x,y",z))', [{ path: [], tree: or(leaf('a', { kind: 'in', values: ['1', '2'] }), leaf('b', { kind: 'in', values: ['x,y', 'z'] })) }]],
    ['or=(a.eq.,b.eq.)', [{ path: [], tree: or(leaf('a', eq('')), leaf('b', eq(''))) }]],
    ['or=(a.fts(english).cat,b.like.*x*)', [{ path: [], tree: or(leaf('a', { kind: 'fts', op: 'fts', language: 'english', value: 'cat' }), leaf('b', { kind: 'quant', op: 'like', value: '*x*' })) }]],
    [
      'or=(data->>a.eq.1,arr->0.gt.2)',
      [
        {
          path: [],
          tree: or(
            { kind: 'filter', filter: { field: fld('data', { arrow: '->>', key: { kind: 'key', name: 'a' } }), opExpr: op(eq('1')) } },
            { kind: 'filter', filter: { field: fld('arr', { arrow: '->', key: { kind: 'index', index: 0 } }), opExpr: op({ kind: 'quant', op: 'gt', value: '2' }) } },
          ),
        },
      ],
    ],
    ['or=(not.eq.1)', [{ path: [], tree: or(leaf('not', eq('1'))) }]],
    ['or=(and.eq.1)', [{ path: [], tree: or(leaf('and', eq('1'))) }]],
    [
      'or=(a.eq.1)&and=(b.eq.2)',
      [
        { path: [], tree: or(leaf('a', eq('1'))) },
        { path: [], tree: and(leaf('b', eq('2'))) },
      ],
    ],
  ])('%s', (search, expected) => {
    expect(logic(search)).toEqual(expected);
  });

  it('nests to any depth', () => {
    const depth = 200;
    const tree = parseQueryParams(`or=${'(a.eq.1,or'.repeat(depth)}(z.eq.0)${')'.repeat(depth)}`).logic[0]!.tree;
    let n = 0;
    for (let t: LogicTree | undefined = tree; t?.kind === 'expr'; t = t.children[1]) n++;
    expect(n).toBe(depth + 1);
  });
});

// Beyond PostgREST: `rel(key)` reads a value of an embed (a to-one column, a to-many aggregate).
describe('related filter keys', () => {
  const gt = (value: string): Operation => ({ kind: 'quant', op: 'gt', value });
  it.each<[string, Omit<Filter, 'opExpr'>, string[], OpExpr]>([
    ['comments(count)=gt.2', { relation: 'comments', field: fld('count') }, [], op(gt('2'))],
    ['clients(name)=eq.1', { relation: 'clients', field: fld('name') }, [], op(eq('1'))],
    ['clients.projects(count)=gt.2', { relation: 'projects', field: fld('count') }, ['clients'], op(gt('2'))],
    ['a.b.c(total)=not.is.null', { relation: 'c', field: fld('total') }, ['a', 'b'], op({ kind: 'is', value: 'null' }, true)],
    ['clients(data->>x)=eq.1', { relation: 'clients', field: fld('data', { arrow: '->>', key: { kind: 'key', name: 'x' } }) }, [], op(eq('1'))],
    ['"my rel"("my key")=eq.1', { relation: 'my rel', field: fld('my key') }, [], op(eq('1'))],
    ['comments( n )=in.(1,2)', { relation: 'comments', field: fld('n') }, [], op({ kind: 'in', values: ['1', '2'] })],
  ])('%s', (search, key, path, opExpr) => {
    expect(parseQueryParams(search).filters).toEqual([{ path, filter: { ...key, opExpr } }]);
  });

  it('is a filter on an RPC read even when the value is no operator expression', () => {
    expect(() => parseQueryParams('items(count)=5', { rpcRead: true })).toThrow(/failed to parse filter/);
    expect(parseQueryParams('x=5', { rpcRead: true }).rpcArgs).toEqual([['x', '5']]);
  });

  it.each<[string, LogicTree]>([
    [
      'or=(comments(count).gt.2,is_published.is.true)',
      or(
        { kind: 'filter', filter: { relation: 'comments', field: fld('count'), opExpr: op(gt('2')) } },
        leaf('is_published', { kind: 'is', value: 'true' }),
      ),
    ],
    [
      'and=(a.eq.1,not.or(clients(name).eq.x,b(c).not.in.(1)))',
      and(
        leaf('a', eq('1')),
        not(
          or(
            { kind: 'filter', filter: { relation: 'clients', field: fld('name'), opExpr: op(eq('x')) } },
            { kind: 'filter', filter: { relation: 'b', field: fld('c'), opExpr: op({ kind: 'in', values: ['1'] }, true) } },
          ),
        ),
      ),
    ],
    // A relation named like the operator is read as one only before `.op.value`.
    ['or=(and(a.eq.1))', or(and(leaf('a', eq('1'))))],
  ])('in a logic tree: %s', (search, tree) => {
    expect(logic(search)).toEqual([{ path: [], tree }]);
  });
});
