// Calling functions at /rpc/fn over HTTP, HTTP in and HTTP out: each return kind (scalar,
// set of scalars, row, rows, void, OUT and TABLE results), arguments from GET parameters, JSON
// and form bodies (defaults, variadic, overloads, one unnamed parameter), and results shaped
// like reads: select, embeds, filters, order, limit/offset, Range, counts, CSV, singular, HEAD.
import { describe, expect, it } from 'vitest';
import { useRpcServer } from './rpc-setup.ts';

const api = useRpcServer();
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('return kinds', () => {
  it.each([
    ['a scalar by GET', 'GET', '/rpc/add_them?a=3&b=4', undefined, '7'],
    ['a scalar by POST', 'POST', '/rpc/add_them', { a: 3, b: 4 }, '7'],
    ['text, unicode included', 'POST', '/rpc/sayhello', { name: '￥' }, '"Hello, ￥"'],
    ['an array', 'GET', '/rpc/ret_array', undefined, '[1,2,3]'],
    ['a set of integers', 'POST', '/rpc/ret_setof_integers', {}, '[1,2,3]'],
    ['null', 'GET', '/rpc/ret_null', undefined, 'null'],
    ['a composite value', 'GET', '/rpc/ret_point', undefined, '{"x":10,"y":5}'],
    ['a single row of a table', 'GET', '/rpc/single_project?id=3', undefined, '{"id":3,"name":"IOS","client_id":2}'],
    ['OUT parameters as one object', 'GET', '/rpc/many_out_params', undefined, '{"num":3,"str":"four"}'],
    ['a TABLE result as rows', 'GET', '/rpc/table_return', undefined, '[{"a":"A","b":"B"},{"a":"C","b":"D"}]'],
    ['an empty set', 'GET', '/rpc/getitemrange?min=100&max=200', undefined, '[]'],
    ['a set of rows', 'POST', '/rpc/getitemrange', { min: 2, max: 4 }, '[{"id":3},{"id":4}]'],
    ['json built by the function', 'GET', '/rpc/upperCased?SSN=401-32', undefined, '{"SSN" : "401-32"}'],
  ])('%s', async (_name, method, path, body, expected) => {
    const r = await api.send(method, path, body);
    expect([r.status, r.json]).toEqual([200, JSON.parse(expected)]);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('a stable function returning one value runs once, not once per use of its value', async () => {
    const r = await api.get('/rpc/stable_counter');
    expect([r.status, r.json]).toEqual([200, 1]);
  });

  it('void: 204 without a body or Content-Type', async () => {
    const r = await api.post('/rpc/ret_void', {});
    expect([r.status, r.text, r.headers.get('content-type')]).toEqual([204, '', null]);
  });
});

describe('arguments', () => {
  it('no parameters: an empty POST body or a bare GET', async () => {
    expect((await api.post('/rpc/noparams')).json).toBe('No parameters');
    expect((await api.get('/rpc/noparams')).json).toBe('No parameters');
  });

  it('typed from text by GET and from JSON by POST', async () => {
    const expected = { d: 3.1, dt: '2019-01-01', flag: true, arr: ['a', 'b', 'c'] };
    expect((await api.get('/rpc/varied?d=3.1&dt=20190101&flag=true&arr=%7Ba,b,c%7D')).json).toEqual(expected);
    expect((await api.post('/rpc/varied', { d: 3.1, dt: '20190101', flag: true, arr: ['a', 'b', 'c'] })).json).toEqual(expected);
    expect((await api.post('/rpc/varied', 'd=3.1&dt=20190101&flag=true&arr=%7Ba,b,c%7D', FORM)).json).toEqual(expected);
  });

  it('JSON values stay JSON; a JSON string stays a string', async () => {
    expect((await api.post('/rpc/json_argument', { arg: { key: 3 } })).json).toBe('object');
    expect((await api.post('/rpc/json_argument', { arg: '{"key": 3}' })).json).toBe('string');
  });

  it('character parameters are not cut to one character', async () => {
    expect((await api.get('/rpc/char_echo?c=abcdef')).json).toBe('abcdef');
  });

  it('defaults fill what is not given', async () => {
    expect((await api.get('/rpc/three_defaults?b=4')).json).toBe(8);
    expect((await api.get('/rpc/three_defaults')).json).toBe(6);
    expect((await api.post('/rpc/three_defaults', { c: 10 })).json).toBe(13);
  });

  it('variadic: a JSON array, repeated GET parameters or form fields, or the default', async () => {
    expect((await api.post('/rpc/variadic_param', { v: ['hi', 'hello', 'there'] })).json).toEqual(['hi', 'hello', 'there']);
    expect((await api.get('/rpc/variadic_param')).json).toEqual([]);
    expect((await api.get('/rpc/variadic_param?v=hi')).json).toEqual(['hi']);
    expect((await api.get('/rpc/variadic_param?v=hi&v=there')).json).toEqual(['hi', 'there']);
    expect((await api.post('/rpc/variadic_param', 'v=hi&v=there', FORM)).json).toEqual(['hi', 'there']);
    expect((await api.post('/rpc/variadic_param', '', FORM)).json).toEqual([]);
  });

  it('a repeated parameter that is not variadic keeps its last value', async () => {
    expect((await api.get('/rpc/sayhello?name=ignored&name=world')).json).toBe('Hello, world');
  });

  it('a JSON array body: only its first object is the arguments', async () => {
    expect((await api.post('/rpc/add_them', [{ a: 1, b: 2 }, { a: 4, b: 6 }])).text).toBe('3');
  });

  it('?columns= picks the keys that are arguments', async () => {
    const r = await api.post('/rpc/sayhello?columns=name', { name: 'John', smth: 'here', other: 13 });
    expect(r.json).toBe('Hello, John');
  });

  it('request GUCs are set for the function', async () => {
    expect((await api.post('/rpc/get_guc_value', { name: 'request.method' })).json).toBe('POST');
    expect((await api.post('/rpc/get_guc_value', { name: 'request.path' })).json).toBe('/rpc/get_guc_value');
    expect((await api.get('/rpc/get_guc_value?name=role')).json).toBe('anonymous');
  });
});

describe('overloads', () => {
  it.each([
    ['/rpc/overloaded', '[1,2,3]'],
    ['/rpc/overloaded?a=1&b=2', '3'],
    ['/rpc/overloaded?a=1&b=2&c=3', '"123"'],
  ])('by argument names: %s', async (path, expected) => {
    expect((await api.get(path)).json).toEqual(JSON.parse(expected));
  });

  it('the same by form fields', async () => {
    expect((await api.post('/rpc/overloaded', 'a=1&b=2', FORM)).text).toBe('3');
    expect((await api.post('/rpc/overloaded', 'a=1&b=2&c=3', FORM)).text).toBe('"123"');
  });
});

describe('a single unnamed parameter takes the whole body', () => {
  it('json, text and bytea bodies', async () => {
    expect((await api.post('/rpc/unnamed_json_param', { A: 1, B: [2] })).json).toEqual({ A: 1, B: [2] });
    expect((await api.post('/rpc/unnamed_text_param', 'unnamed text arg', { 'Content-Type': 'text/plain' })).json).toBe('unnamed text arg');
    const bytes = Buffer.from([0, 1, 2, 255, 10]);
    expect((await api.post('/rpc/unnamed_bytea_param', bytes, { 'Content-Type': 'application/octet-stream' })).json).toBe(5);
  });

  it('only when no overload matches the keys by name', async () => {
    expect((await api.post('/rpc/overloaded_unnamed', { x: 1, y: 2 })).json).toBe(3);
    expect((await api.post('/rpc/overloaded_unnamed', { A: 1 })).json).toEqual({ A: 1 });
  });
});

describe('shaping the rows like a read', () => {
  it.each([
    ['select', '/rpc/getproject?id=1&select=id,name', '[{"id":1,"name":"Windows 7"}]'],
    ['filters on the result', '/rpc/getallprojects?id=gt.1&id=lt.5&select=id', '[{"id":2},{"id":3},{"id":4}]'],
    ['an argument and a filter of the same name', '/rpc/get_projects_below?id=5&id=gt.2&select=id', '[{"id":3},{"id":4}]'],
    ['a negated filter', '/rpc/get_projects_below?id=5&id=not.in.(1,3)&select=id', '[{"id":2},{"id":4}]'],
    ['a filter on a column not selected', '/rpc/getallprojects?select=id,client_id&name=like.OSX', '[{"id":4,"client_id":2}]'],
    ['a logic tree', '/rpc/getallprojects?select=id&or=(name.eq.OSX,name.eq.IOS)', '[{"id":3},{"id":4}]'],
    ['order', '/rpc/getallprojects?select=id&order=id.desc&limit=2', '[{"id":5},{"id":4}]'],
    ['embeds of the row type', '/rpc/getproject?id=1&select=id,client:clients(id),tasks(id)', '[{"id":1,"client":{"id":1},"tasks":[{"id":1},{"id":2}]}]'],
    ['a single row with select', '/rpc/single_project?id=2&select=name', '{"name":"Windows 10"}'],
    ['filters on a TABLE result', '/rpc/table_return?a=eq.C', '[{"a":"C","b":"D"}]'],
  ])('%s', async (_name, path, expected) => {
    const r = await api.get(path);
    expect([r.status, r.json]).toEqual([200, JSON.parse(expected)]);
  });

  it('a POST takes the same shaping from its query string', async () => {
    const r = await api.post('/rpc/getallprojects?id=gt.1&id=lt.5&select=id&limit=2&offset=1', {});
    expect([r.status, r.json, r.headers.get('content-range')]).toEqual([200, [{ id: 3 }, { id: 4 }], '1-2/*']);
  });
});

describe('pages and counts', () => {
  it('limit and offset, by GET and POST', async () => {
    const get = await api.get('/rpc/getitemrange?min=2&max=4&limit=1&offset=1');
    const post = await api.post('/rpc/getitemrange?limit=1&offset=1', { min: 2, max: 4 });
    for (const r of [get, post]) expect([r.status, r.text, r.headers.get('content-range')]).toEqual([200, '[{"id":4}]', '1-1/*']);
  });

  it('the Range header on GET; POST ignores it', async () => {
    const get = await api.get('/rpc/getitemrange?min=2&max=4', { Range: '1-1' });
    expect([get.status, get.text, get.headers.get('content-range')]).toEqual([200, '[{"id":4}]', '1-1/*']);
    const post = await api.post('/rpc/getitemrange', { min: 2, max: 4 }, { Range: '1-1', Prefer: 'count=exact' });
    expect([post.status, post.json, post.headers.get('content-range')]).toEqual([200, [{ id: 3 }, { id: 4 }], '0-1/2']);
  });

  it('count=exact on a set: 206 for part of it', async () => {
    const r = await api.post('/rpc/getitemrange?limit=1&offset=1', { min: 2, max: 4 }, { Prefer: 'count=exact' });
    expect([r.status, r.text, r.headers.get('content-range'), r.headers.get('preference-applied')]).toEqual([
      206,
      '[{"id":4}]',
      '1-1/2',
      'count=exact',
    ]);
  });

  it('count=exact counts only rows the filters and inner embeds keep', async () => {
    const r = await api.get('/rpc/getallprojects?select=id,clients!inner(id)&clients.id=eq.1&limit=1', { Prefer: 'count=exact' });
    expect([r.status, r.headers.get('content-range')]).toEqual([206, '0-0/2']);
  });

  it('count=exact of a single value is 1', async () => {
    const r = await api.get('/rpc/add_them?a=3&b=4', { Prefer: 'count=exact' });
    expect([r.status, r.text, r.headers.get('content-range')]).toEqual([200, '7', '0-0/1']);
  });

  it('416 past the end', async () => {
    const r = await api.get('/rpc/getallprojects?offset=10', { Prefer: 'count=exact' });
    expect([r.status, (r.json as { code: string }).code, r.headers.get('content-range')]).toEqual([416, 'PGRST103', '*/5']);
  });
});

describe('media types and HEAD', () => {
  it('CSV', async () => {
    const r = await api.get('/rpc/getitemrange?min=2&max=4', { Accept: 'text/csv' });
    expect([r.status, r.text, r.headers.get('content-type')]).toEqual([200, 'id\n3\n4', 'text/csv; charset=utf-8']);
  });

  it('the singular object of one row, and of a scalar', async () => {
    const singular = { Accept: 'application/vnd.pgrst.object+json' };
    const row = await api.post('/rpc/getproject', { id: 1 }, singular);
    expect([row.status, row.text]).toEqual([200, '{"id":1,"name":"Windows 7","client_id":1}']);
    expect(row.headers.get('content-type')).toBe('application/vnd.pgrst.object+json; charset=utf-8');
    expect((await api.post('/rpc/sayhello', { name: 'world' }, singular)).text).toBe('"Hello, world"');
  });

  it('nulls=stripped', async () => {
    const r = await api.get('/rpc/getallprojects?id=eq.5', { Accept: 'application/vnd.pgrst.array+json;nulls=stripped' });
    expect(r.text).toBe('[{"id":5,"name":"Orphan"}]');
  });

  it('HEAD: the headers of a GET without its body', async () => {
    const r = await api.send('HEAD', '/rpc/getitemrange?min=2&max=4&limit=1&offset=1', undefined, { Prefer: 'count=exact' });
    expect([r.status, r.text, r.headers.get('content-range')]).toEqual([206, '', '1-1/2']);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('OPTIONS: GET and HEAD only for functions that are not volatile', async () => {
    expect((await api.send('OPTIONS', '/rpc/getallprojects')).headers.get('allow')).toBe('OPTIONS,GET,HEAD,POST');
    expect((await api.send('OPTIONS', '/rpc/callcounter')).headers.get('allow')).toBe('OPTIONS,POST');
  });
});
