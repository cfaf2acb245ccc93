// Every error a function call can meet, provoked over HTTP with PostgREST's body: PGRST101
// (method), PGRST202/203 (which function), PGRST128/124 (max-affected), PGRST116 (singular),
// PGRST122 (strict preferences), errors the function raises (PT402, PGRST and its PGRST121
// when malformed, plain RAISE) and the response GUCs it sets (PGRST111/112 when malformed).
import { describe, expect, it } from 'vitest';
import { pgrstError, useRpcServer } from './rpc-setup.ts';

const api = useRpcServer();

describe('PGRST101: other methods on /rpc', () => {
  it.each(['PUT', 'PATCH', 'DELETE'])('%s', async (method) => {
    const r = await api.send(method, '/rpc/sayhello', method === 'DELETE' ? undefined : {});
    expect([r.status, r.json]).toEqual([405, pgrstError('PGRST101', `Cannot use the ${method} method on RPC`)]);
  });
});

describe('PGRST202: no such function', () => {
  it('an unknown name, with the closest name as a hint', async () => {
    const r = await api.get('/rpc/sayhell');
    expect([r.status, r.json]).toEqual([
      404,
      pgrstError(
        'PGRST202',
        'Could not find the function public.sayhell without parameters in the schema cache',
        'Searched for the function public.sayhell without parameters, but no matches were found in the schema cache.',
        'Perhaps you meant to call the function public.sayhello',
      ),
    ]);
  });

  it('unknown arguments, with the closest parameter list as a hint', async () => {
    const r = await api.get('/rpc/sayhello?nam=Peter');
    expect(r.json).toEqual(
      pgrstError(
        'PGRST202',
        'Could not find the function public.sayhello(nam) in the schema cache',
        'Searched for the function public.sayhello with parameter nam, but no matches were found in the schema cache.',
        'Perhaps you meant to call the function public.sayhello(name)',
      ),
    );
  });

  it('one argument too many is not ignored; names are listed sorted', async () => {
    const r = await api.get('/rpc/add_them?smthelse=blabla&a=1&b=2');
    expect(r.json).toEqual(
      pgrstError(
        'PGRST202',
        'Could not find the function public.add_them(a, b, smthelse) in the schema cache',
        'Searched for the function public.add_them with parameters a, b, smthelse, but no matches were found in the schema cache.',
        'Perhaps you meant to call the function public.add_them(a, b)',
      ),
    );
  });

  it('overloads: the hint names the closest one, or none', async () => {
    expect(((await api.get('/rpc/overloaded?a=1&b=2&wrong_arg=value')).json as { hint: string }).hint).toBe(
      'Perhaps you meant to call the function public.overloaded(a, b, c)',
    );
    expect(((await api.get('/rpc/overloaded?wrong_arg=value')).json as { hint: unknown }).hint).toBeNull();
  });

  it('a JSON body also looks for a single unnamed json parameter', async () => {
    const r = await api.post('/rpc/sayhello', { nombre: 'x' });
    expect((r.json as { details: string }).details).toBe(
      'Searched for the function public.sayhello with parameter nombre or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
    );
  });

  it('a text body looks only for a single unnamed text parameter', async () => {
    const r = await api.post('/rpc/add_them', 'some text', { 'Content-Type': 'text/plain' });
    expect([r.status, r.json]).toEqual([
      404,
      pgrstError(
        'PGRST202',
        'Could not find the function public.add_them in the schema cache',
        'Searched for the function public.add_them with a single unnamed text parameter, but no matches were found in the schema cache.',
      ),
    ]);
  });
});

describe('PGRST203: overloads that cannot be told apart', () => {
  it('the same argument names', async () => {
    const r = await api.get('/rpc/overloaded_same_args?arg=value');
    expect([r.status, r.json]).toEqual([
      300,
      pgrstError(
        'PGRST203',
        'Could not choose the best candidate function between: public.overloaded_same_args(arg => integer), public.overloaded_same_args(arg => xml), public.overloaded_same_args(arg => text, num => integer)',
        null,
        'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      ),
    ]);
  });
});

describe('max-affected with handling=strict', () => {
  it('PGRST128 on a function that does not return a set, changing nothing', async () => {
    await api.rows('insert into items select generate_series(101, 103) on conflict do nothing');
    const r = await api.post('/rpc/delete_items_returns_void', {}, { Prefer: 'handling=strict, max-affected=20' });
    expect([r.status, r.json]).toEqual([
      400,
      pgrstError('PGRST128', 'Function must return SETOF or TABLE when max-affected preference is used with handling=strict'),
    ]);
    expect(await api.rows('select count(*)::int as n from items where id > 100')).toEqual([{ n: 3 }]);
  });

  it('PGRST124 when a set has more rows, rolled back', async () => {
    const r = await api.post('/rpc/delete_items_returns_setof', {}, { Prefer: 'handling=strict, max-affected=2' });
    expect([r.status, r.json]).toEqual([
      400,
      pgrstError('PGRST124', 'Query result exceeds max-affected preference constraint', 'The query affects 3 rows'),
    ]);
    expect(await api.rows('select count(*)::int as n from items where id > 100')).toEqual([{ n: 3 }]);
  });

  it('within the limit the set is returned and max-affected echoed', async () => {
    const r = await api.post('/rpc/delete_items_returns_setof', {}, { Prefer: 'handling=strict, max-affected=3' });
    expect([r.status, r.json, r.headers.get('preference-applied')]).toEqual([
      200,
      [{ id: 101 }, { id: 102 }, { id: 103 }],
      'handling=strict, max-affected=3',
    ]);
  });
});

describe('PGRST116: the singular media type', () => {
  const singular = { Accept: 'application/vnd.pgrst.object+json' };

  it('for zero rows and for several, the latter rolled back', async () => {
    const none = await api.post('/rpc/getproject', { id: 9999 }, singular);
    expect([none.status, none.json]).toEqual([
      406,
      pgrstError('PGRST116', 'Cannot coerce the result to a single JSON object', 'The result contains 0 rows'),
    ]);
    const many = await api.post('/rpc/insert_items', { ids: [201, 202] }, singular);
    expect([many.status, (many.json as { details: string }).details]).toEqual([406, 'The result contains 2 rows']);
    expect(await api.rows('select count(*)::int as n from items where id > 200')).toEqual([{ n: 0 }]);
  });
});

it('PGRST122: invalid preferences with handling=strict', async () => {
  const r = await api.get('/rpc/sayhello?name=x', { Prefer: 'handling=strict, nonsense' });
  expect([r.status, r.json]).toEqual([
    400,
    pgrstError('PGRST122', 'Invalid preferences given with handling=strict', 'Invalid preferences: nonsense'),
  ]);
});

describe('errors the function raises', () => {
  it('RAISE SQLSTATE PTnnn sets the status', async () => {
    const r = await api.get('/rpc/raise_pt402');
    expect([r.status, r.json]).toEqual([402, pgrstError('PT402', 'Payment Required', 'Quota exceeded', 'Upgrade your plan')]);
  });

  it('a plain RAISE is a 400 with its SQLSTATE', async () => {
    const r = await api.post('/rpc/problem', {});
    expect([r.status, r.json]).toEqual([400, pgrstError('P0001', 'bad thing')]);
  });

  it("RAISE SQLSTATE 'PGRST' sets the status, headers and body", async () => {
    const r = await api.get('/rpc/raise_pgrst');
    expect([r.status, r.json, r.headers.get('x-header')]).toEqual([332, pgrstError('123', 'ABC', 'DEF', 'XYZ'), 'str']);
  });

  it.each([
    [
      'raise_pgrst_bad_message',
      "Invalid JSON value for MESSAGE: 'INVALID'",
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    ],
    [
      'raise_pgrst_bad_detail',
      "Invalid JSON value for DETAIL: 'INVALID'",
      "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.",
    ],
    [
      'raise_pgrst_no_detail',
      'DETAIL is missing in the RAISE statement',
      "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.",
    ],
  ])('PGRST121 for %s', async (fn, details, hint) => {
    const r = await api.get(`/rpc/${fn}`);
    expect([r.status, r.json]).toEqual([
      500,
      pgrstError('PGRST121', 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error', details, hint),
    ]);
  });
});

describe('response GUCs', () => {
  it('headers set by a set-returning and by a scalar function', async () => {
    const rows = await api.get('/rpc/projects_with_headers?id=eq.2&select=id');
    expect([rows.json, rows.headers.get('x-test'), rows.headers.get('x-test-2')]).toEqual([
      [{ id: 2 }],
      'key1=val1; someValue; key2=val2',
      'key1=val1',
    ]);
    const scalar = await api.post('/rpc/int_with_headers', { num: 1 });
    expect([scalar.text, scalar.headers.get('x-test')]).toEqual(['1', 'on a scalar']);
  });

  it('a status, on a body and on a void function', async () => {
    const r = await api.get('/rpc/send_body_status_403');
    expect([r.status, r.json]).toEqual([403, { message: 'invalid user or password' }]);
    expect((await api.get('/rpc/created_void')).status).toBe(201);
  });

  it('PGRST111 and PGRST112 when malformed', async () => {
    const headers = await api.get('/rpc/bad_guc_headers');
    expect([headers.status, headers.json]).toEqual([
      500,
      pgrstError('PGRST111', 'response.headers guc must be a JSON array composed of objects with a single key and a string value'),
    ]);
    const status = await api.post('/rpc/bad_guc_status', {});
    expect([status.status, status.json]).toEqual([500, pgrstError('PGRST112', 'response.status guc must be a valid status code')]);
  });
});

it('a malformed JSON body is PGRST102', async () => {
  const r = await api.post('/rpc/sayhello', 'sdfsdf');
  expect([r.status, r.json]).toEqual([400, pgrstError('PGRST102', 'Empty or invalid json')]);
});

it('GET-style arguments on a POST are filters, which must parse (PGRST100)', async () => {
  const r = await api.post('/rpc/sayhello?name=John', { name: 'John' });
  expect([r.status, (r.json as { code: string }).code]).toEqual([400, 'PGRST100']);
});
