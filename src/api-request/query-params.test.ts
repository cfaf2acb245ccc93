import { describe, expect, it } from 'vitest';
import { parseQueryParams } from './query-params.ts';
import type { Field, JsonStep, OrderTerm, SelectItem } from './types.ts';

const key = (name: string, arrow: JsonStep['arrow'] = '->'): JsonStep => ({ arrow, key: { kind: 'key', name } });
const idx = (index: number, arrow: JsonStep['arrow'] = '->'): JsonStep => ({ arrow, key: { kind: 'index', index } });
const fld = (name: string, ...jsonPath: JsonStep[]): Field => ({ name, jsonPath });
const col = (name: string, extra: Partial<Extract<SelectItem, { kind: 'field' }>> = {}): SelectItem => ({
  kind: 'field',
  field: fld(name),
  ...extra,
});
const star: SelectItem = { kind: 'star' };
const rel = (relation: string, children: SelectItem[], extra: Partial<Extract<SelectItem, { kind: 'relation' }>> = {}): SelectItem => ({
  kind: 'relation',
  relation,
  spread: false,
  children,
  ...extra,
});

const select = (s: string) => parseQueryParams(`select=${encodeURIComponent(s)}`).select;

describe('select', () => {
  it.each<[string, SelectItem[]]>([
    ['', []],
    ['*', [star]],
    ['id', [col('id')]],
    ['id,name', [col('id'), col('name')]],
    [' id , name ', [col('id'), col('name')]],
    ['alias:id', [col('id', { alias: 'alias' })]],
    ['id::text', [col('id', { cast: 'text' })]],
    ['total:id::character varying', [col('id', { alias: 'total', cast: 'character varying' })]],
    ['data->a->>b', [{ kind: 'field', field: fld('data', key('a'), key('b', '->>')) }]],
    ['data->0', [{ kind: 'field', field: fld('data', idx(0)) }]],
    ['data->>-1', [{ kind: 'field', field: fld('data', idx(-1, '->>')) }]],
    ['data->a->-2->>3', [{ kind: 'field', field: fld('data', key('a'), idx(-2), idx(3, '->>')) }]],
    ['data->"a,b"', [{ kind: 'field', field: fld('data', key('a,b')) }]],
    ['data->!@#$%^&*_a::int', [{ kind: 'field', field: fld('data', key('!@#$%^&*_a')), cast: 'int' }]],
    ['data->a b', [{ kind: 'field', field: fld('data', key('a b')) }]],
    ['data->key-with-dash', [{ kind: 'field', field: fld('data', key('key-with-dash')) }]],
    ['x:data->>a::int', [{ kind: 'field', field: fld('data', key('a', '->>')), alias: 'x', cast: 'int' }]],
    ['count()', [col('*', { aggregate: 'count' })]],
    ['n:count()::int', [col('*', { aggregate: 'count', alias: 'n', aggregateCast: 'int' })]],
    ['amount.sum()', [col('amount', { aggregate: 'sum' })]],
    ['amount.avg()::int', [col('amount', { aggregate: 'avg', aggregateCast: 'int' })]],
    ['amount::numeric.max()::text', [col('amount', { cast: 'numeric', aggregate: 'max', aggregateCast: 'text' })]],
    ['m:amount.min(),c:id.count()', [col('amount', { aggregate: 'min', alias: 'm' }), col('id', { aggregate: 'count', alias: 'c' })]],
    ['clients(*)', [rel('clients', [star])]],
    ['clients()', [rel('clients', [])]],
    ['c:clients(id,name)', [rel('clients', [col('id'), col('name')], { alias: 'c' })]],
    ['clients!fk(*)', [rel('clients', [star], { hint: 'fk' })]],
    ['clients!inner(*)', [rel('clients', [star], { joinType: 'inner' })]],
    ['clients!left(*)', [rel('clients', [star], { joinType: 'left' })]],
    ['clients!fk!inner(*)', [rel('clients', [star], { hint: 'fk', joinType: 'inner' })]],
    ['a:clients!inner!fk(*)', [rel('clients', [star], { alias: 'a', hint: 'fk', joinType: 'inner' })]],
    ['clients!inner_fk(*)', [rel('clients', [star], { hint: 'inner_fk' })]],
    ['clients!left!inner(*)', [rel('clients', [star], { joinType: 'left' })]],
    ['...clients(name)', [rel('clients', [col('name')], { spread: true })]],
    ['...clients!fk!inner(*)', [rel('clients', [star], { spread: true, hint: 'fk', joinType: 'inner' })]],
    ['*,...client(*),other(*)', [star, rel('client', [star], { spread: true }), rel('other', [star])]],
    ['id, clients(id, name)', [col('id'), rel('clients', [col('id'), col('name')])]],
    ['a(b(c(d(e(f)))))', [rel('a', [rel('b', [rel('c', [rel('d', [rel('e', [col('f')])])])])])]],
    ['a(b(*),c(...d(e)))', [rel('a', [rel('b', [star]), rel('c', [rel('d', [col('e')], { spread: true })])])]],
    ['"a b"', [col('a b')]],
    ['"a,b":"c:d"', [col('c:d', { alias: 'a,b' })]],
    ['"q\\"uote"', [col('q"uote')]],
    ['identifier with spaces', [col('identifier with spaces')]],
    ['first-name', [col('first-name')]],
    ['$,_,123', [col('$'), col('_'), col('123')]],
    ['naïve,名前', [col('naïve'), col('名前')]],
    ['𝒳', [col('𝒳')]],
    ['count', [col('count')]],
    ['orders:count()', [col('*', { aggregate: 'count', alias: 'orders' })]],
    ['rel(arr->0)', [rel('rel', [{ kind: 'field', field: fld('arr', idx(0)) }])]],
    ['data->99999999999999999999', [{ kind: 'field', field: fld('data', key('99999999999999999999')) }]],
  ])('%j', (input, expected) => {
    expect(select(input)).toEqual(expected);
  });

  it('defaults to * and takes the first select', () => {
    expect(parseQueryParams('').select).toEqual([star]);
    expect(parseQueryParams('a=eq.1').select).toEqual([star]);
    expect(parseQueryParams('select=a&select=b').select).toEqual([col('a')]);
    // A key without `=` is no value, as PostgREST's lookup sees it.
    expect(parseQueryParams('select&select=b').select).toEqual([star]);
  });
});

const order = (s: string) => parseQueryParams(`order=${encodeURIComponent(s)}`).order[0]!.terms;

describe('order', () => {
  it.each<[string, OrderTerm[]]>([
    ['id', [{ field: fld('id') }]],
    ['id.asc', [{ field: fld('id'), direction: 'asc' }]],
    ['id.desc', [{ field: fld('id'), direction: 'desc' }]],
    ['id.nullsfirst', [{ field: fld('id'), nulls: 'first' }]],
    ['id.desc.nullslast', [{ field: fld('id'), direction: 'desc', nulls: 'last' }]],
    ['a,b.desc,c.asc.nullsfirst', [{ field: fld('a') }, { field: fld('b'), direction: 'desc' }, { field: fld('c'), direction: 'asc', nulls: 'first' }]],
    ['json_col->key.asc.nullslast', [{ field: fld('json_col', key('key')), direction: 'asc', nulls: 'last' }]],
    ['data->>x.desc', [{ field: fld('data', key('x', '->>')), direction: 'desc' }]],
    ['data->0.desc', [{ field: fld('data', idx(0)), direction: 'desc' }]],
    ['clients(name).desc.nullsfirst', [{ relation: 'clients', field: fld('name'), direction: 'desc', nulls: 'first' }]],
    ['clients(json_col->key)', [{ relation: 'clients', field: fld('json_col', key('key')) }]],
    ['name,clients(name),id', [{ field: fld('name') }, { relation: 'clients', field: fld('name') }, { field: fld('id') }]],
    ['"a.b".desc', [{ field: fld('a.b'), direction: 'desc' }]],
    [' id .desc', [{ field: fld('id'), direction: 'desc' }]],
  ])('%j', (input, expected) => {
    expect(order(input)).toEqual(expected);
  });

  it('keeps every order parameter with its embed path', () => {
    expect(parseQueryParams('order=id&clients.order=name.desc&clients.projects.order=id').order).toEqual([
      { path: [], terms: [{ field: fld('id') }] },
      { path: ['clients'], terms: [{ field: fld('name'), direction: 'desc' }] },
      { path: ['clients', 'projects'], terms: [{ field: fld('id') }] },
    ]);
  });
});

describe('limit and offset', () => {
  it.each([
    ['limit=10', [{ path: [], range: { offset: 0, limit: 10 } }]],
    ['offset=5', [{ path: [], range: { offset: 5 } }]],
    ['limit=10&offset=5', [{ path: [], range: { offset: 5, limit: 10 } }]],
    ['limit=0', [{ path: [], range: { offset: 0, limit: 0 } }]],
    ['offset=-4', [{ path: [], range: { offset: 0 } }]],
    ['limit=3&limit=4', [{ path: [], range: { offset: 0, limit: 4 } }]],
    [
      'clients.limit=2&clients.offset=1&clients.projects.limit=1',
      [
        { path: ['clients'], range: { offset: 1, limit: 2 } },
        { path: ['clients', 'projects'], range: { offset: 0, limit: 1 } },
      ],
    ],
    ['projects.offset=3', [{ path: ['projects'], range: { offset: 3 } }]],
    ['limit=%2010%20', [{ path: [], range: { offset: 0, limit: 10 } }]],
  ])('%s', (search, expected) => {
    expect(parseQueryParams(search).ranges).toEqual(expected);
  });

  it.each([
    ['limit=abc', 'PGRST100', 'failed to parse limit parameter (abc)'],
    ['offset=1.5', 'PGRST100', 'failed to parse offset parameter (1.5)'],
    ['limit=', 'PGRST100', 'failed to parse limit parameter ()'],
    ['rel.limit=x', 'PGRST100', 'failed to parse rel.limit parameter (x)'],
    ['limit=99999999999999999999', 'PGRST100', 'failed to parse limit parameter (99999999999999999999)'],
    ['limit=-1', 'PGRST103', 'Requested range not satisfiable'],
    ['rel.limit=-2', 'PGRST103', 'Requested range not satisfiable'],
  ])('%s fails with %s', (search, code, message) => {
    expect(() => parseQueryParams(search)).toThrow(expect.objectContaining({ code, message }));
  });
});

describe('columns and on_conflict', () => {
  it.each([
    ['columns=a,b', { columns: ['a', 'b'] }],
    ['columns=a, b ,a', { columns: ['a', 'b'] }],
    ['columns="a,b",c', { columns: ['a,b', 'c'] }],
    ['on_conflict=a,b', { onConflict: ['a', 'b'] }],
    ['on_conflict=id', { onConflict: ['id'] }],
  ])('%s', (search, expected) => {
    expect(parseQueryParams(search)).toMatchObject(expected);
  });

  it('leaves them out when absent', () => {
    const q = parseQueryParams('a=eq.1');
    expect(q.columns).toBeUndefined();
    expect(q.onConflict).toBeUndefined();
  });
});

describe('query-string decoding', () => {
  it.each([
    ['name=eq.a+b', 'a b'],
    ['name=eq.a%2Bb', 'a+b'],
    ['name=eq.%E2%9C%93', '✓'],
    ['name=eq.%zz%', '%zz%'],
    ['name=eq.%C3', '\uFFFD'],
    ['name=eq.a=b', 'a=b'],
    ['name=eq.', ''],
    ['name=eq.ü', 'ü'],
  ])('%s -> %j', (search, value) => {
    const op = parseQueryParams(search).filters[0]!.filter.opExpr.operation;
    expect(op).toEqual({ kind: 'quant', op: 'eq', value });
  });

  it('separates pairs on & and ;, skips keys without =, keeps decoded keys', () => {
    const q = parseQueryParams('a=eq.1;b=eq.2&c&first%20name=eq.x');
    expect(q.filters.map((f) => f.filter.field.name)).toEqual(['a', 'b', 'first name']);
  });

  it('gives the canonical query string, sorted, repeated keys joined', () => {
    expect(parseQueryParams('select=id&b=eq.2&a=eq.1&a=eq.3&d').canonical).toBe('a=eq.1,eq.3&b=eq.2&d=&select=id');
    expect(parseQueryParams('name=eq.a b&x=eq.é').canonical).toBe('name=eq.a%20b&x=eq.%C3%A9');
    expect(parseQueryParams('').canonical).toBe('');
  });
});

describe('rootParams and rpcArgs', () => {
  it('lists every non-reserved root pair raw, embedded filters aside', () => {
    const q = parseQueryParams('select=id&id=eq.1&data->>a=eq.x&clients.id=eq.2&order=id&or=(a.eq.1)&limit=1');
    expect(q.rootParams).toEqual([
      ['id', 'eq.1'],
      ['data->>a', 'eq.x'],
    ]);
    expect(q.rpcArgs).toBeUndefined();
  });

  it('makes plain values function arguments on an RPC read, operator values filters', () => {
    const q = parseQueryParams('name=john&id=eq.1&n=5&not=not&fts=fts(x', { rpcRead: true });
    expect(q.rpcArgs).toEqual([
      ['name', 'john'],
      ['n', '5'],
      ['not', 'not'],
      ['fts', 'fts(x'],
    ]);
    expect(q.filters.map((f) => f.filter.field.name)).toEqual(['id']);
    expect(q.rootParams.map(([k]) => k)).toEqual(['name', 'id', 'n', 'not', 'fts']);
  });

  it.each(['x=in.abc', 'x=is.foo', 'x=not.foo', 'x=in.(1'])('still refuses a started operator on an RPC read: %s', (search) => {
    expect(() => parseQueryParams(search, { rpcRead: true })).toThrow(expect.objectContaining({ code: 'PGRST100' }));
  });

  it('refuses plain values outside RPC reads', () => {
    expect(() => parseQueryParams('name=john')).toThrow(expect.objectContaining({ code: 'PGRST100' }));
  });
});

describe('caching', () => {
  it('returns the same parse for the same query string, apart per mode', () => {
    const a = parseQueryParams('select=id,name&order=id');
    expect(parseQueryParams('select=id,name&order=id')).toBe(a);
    expect(parseQueryParams('select=id,name&order=id', { rpcRead: true })).not.toBe(a);
  });
});
