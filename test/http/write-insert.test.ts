// POST of JSON objects and arrays: statuses and headers for each `return=`, select= and
// embeds in the representation, Location, defaults, ?columns=, missing=default, forms, and
// what each request left in the table.
import { describe, expect, it } from 'vitest';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();
const rep = { Prefer: 'return=representation' };

describe('POST one object', () => {
  it('answers 201 with no body by default, and inserts the row', async () => {
    const r = await api.post('/menagerie', {
      integer: 13, double: 3.14159, varchar: 'testing!', boolean: false, date: '1900-01-01', money: '$3.99', enum: 'foo',
    });
    expect(r.status).toBe(201);
    expect(r.text).toBe('');
    expect(r.headers.get('content-type')).toBeNull();
    expect(r.headers.get('content-range')).toBe('*/*');
    expect(r.headers.get('preference-applied')).toBeNull();
    expect(await api.rows('select "varchar", "money"::text, "enum"::text from menagerie where "integer" = 13')).toEqual([
      { varchar: 'testing!', money: '$3.99', enum: 'foo' },
    ]);
  });

  it('returns the row shaped by select= with return=representation', async () => {
    const r = await api.post('/menagerie?select=integer,varchar', [{ integer: 14, varchar: 'testing!', enum: 'bar' }], rep);
    expect(r.status).toBe(201);
    expect(r.text).toBe('[{"integer":14,"varchar":"testing!"}]');
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.headers.get('preference-applied')).toBe('return=representation');
  });

  it('ignores select= with return=minimal, echoing the preference', async () => {
    const r = await api.post('/menagerie?select=integer,varchar', [{ integer: 16 }], { Prefer: 'return=minimal' });
    expect(r).toMatchObject({ status: 201, text: '' });
    expect(r.headers.get('preference-applied')).toBe('return=minimal');
    expect(r.headers.get('content-type')).toBeNull();
  });

  it('embeds related rows, renames and casts in the representation', async () => {
    const r = await api.post('/checked?select=cid:id::text,n,items(name)', { id: 2, n: 5, item_id: 3 }, { Prefer: 'return=representation, count=exact' });
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ cid: '2', n: 5, items: { name: 'item 3' } }]);
    expect(r.headers.get('content-range')).toBe('*/1');
    expect(r.headers.get('preference-applied')).toBe('return=representation, count=exact');
    expect(r.headers.get('location')).toBeNull();
  });

  it('orders the representation of a bulk insert by order=', async () => {
    const r = await api.post('/items?order=id.desc&select=id', [{ id: 101 }, { id: 103 }, { id: 102 }], rep);
    expect(r.json).toEqual([{ id: 103 }, { id: 102 }, { id: 101 }]);
  });

  it('fills columns from their defaults when keys are absent', async () => {
    const r = await api.post('/auto_pk', { label: 'first' }, rep);
    expect(r.status).toBe(201);
    const [row] = r.json as { id: number; label: string; made: string }[];
    expect(row).toMatchObject({ id: 1, label: 'first' });
    expect(Number.isNaN(Date.parse(row!.made))).toBe(false);
  });

  it('inserts rows of defaults for objects without keys', async () => {
    expect((await api.post('/json_table', {})).status).toBe(201);
    expect((await api.post('/json_table', [{}, {}])).status).toBe(201);
    expect(await api.rows('select count(*)::int as n from json_table where data is null')).toEqual([{ n: 3 }]);
  });

  it('answers [] for an empty array with return=representation', async () => {
    const r = await api.post('/items', [], rep);
    expect(r).toMatchObject({ status: 201, text: '[]' });
  });

  it('keeps JSON values as they are sent, whitespace around them aside', async () => {
    const r = await api.post('/json_table', '\t \n { "data": { "foo": "bar", "n": [1, 2, 3] } }\r\n', rep);
    expect(r.json).toEqual([{ data: { foo: 'bar', n: [1, 2, 3] } }]);
  });

  it('parses values as their columns, bit and char with a length included', async () => {
    const r = await api.post('/bitchar?select=bit,char', { bit: '10101', char: 'abcde' }, rep);
    expect(r.json).toEqual([{ bit: '10101', char: 'abcde' }]);
  });

  it('returns unicode values intact', async () => {
    const r = await api.post('/simple_pk?select=extra,k', { k: '棋圍', extra: '￥' }, rep);
    expect(r.json).toEqual([{ extra: '￥', k: '棋圍' }]);
  });

  it('computes generated columns and refuses values for them', async () => {
    expect((await api.post('/generated_cols', { a: 'x' }, rep)).json).toEqual([{ a: 'x', b: 'x!' }]);
    const r = await api.post('/generated_cols', { a: 'x', b: 'y' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '428C9' });
  });
});

describe('Location for return=headers-only', () => {
  it('points at the one row inserted, by its key', async () => {
    const r = await api.post('/simple_pk', { k: 'a b&c', extra: 'x' }, { Prefer: 'return=headers-only' });
    expect(r.status).toBe(201);
    expect(r.text).toBe('');
    expect(r.headers.get('location')).toBe('/simple_pk?k=eq.a%20b%26c');
    expect(r.headers.get('content-range')).toBe('*/*');
    expect(r.headers.get('preference-applied')).toBe('return=headers-only');
    const back = await api.get(r.headers.get('location')!);
    expect(back.json).toEqual([{ k: 'a b&c', extra: 'x' }]);
  });

  it('names every column of a composite key, a default key included', async () => {
    const r = await api.post('/compound_pk', { k1: 12, k2: 'Rock & R+ll' }, { Prefer: 'return=headers-only' });
    expect(r.headers.get('location')).toBe('/compound_pk?k1=eq.12&k2=eq.Rock%20%26%20R%2Bll');
    const auto = await api.post('/auto_pk', { label: 'located' }, { Prefer: 'return=headers-only' });
    expect(auto.headers.get('location')).toMatch(/^\/auto_pk\?id=eq\.\d+$/);
  });

  it('is absent for several rows, for a table without a key, and without headers-only', async () => {
    const bulk = await api.post('/compound_pk', [{ k1: 21, k2: 'a' }, { k1: 22, k2: 'b' }], { Prefer: 'return=headers-only' });
    expect(bulk.headers.get('location')).toBeNull();
    expect((await api.post('/no_pk', { a: 'x', b: 'y' }, { Prefer: 'return=headers-only' })).headers.get('location')).toBeNull();
    expect((await api.post('/compound_pk', { k1: 23, k2: 'c' })).headers.get('location')).toBeNull();
    expect((await api.post('/compound_pk', { k1: 24, k2: 'c' }, rep)).headers.get('location')).toBeNull();
  });
});

describe('?columns= and missing=default', () => {
  it('takes only the columns named, ignoring other keys even if they would not parse', async () => {
    const r = await api.post('/complex_items?columns=id,name&select=id,name,settings', { id: 10, name: 'ten', settings: 'not json', junk: 1 }, rep);
    expect(r.json).toEqual([{ id: 10, name: 'ten', settings: null }]);
  });

  it('lets bulk objects differ, absent keys being NULL', async () => {
    const r = await api.post('/complex_items?columns=id,name,arr_data', [{ id: 11, name: 'a' }, { id: 12, arr_data: [1, 2] }], rep);
    expect(r.json).toEqual([
      { id: 11, name: 'a', 'field-with_sep': 1, arr_data: null, settings: null },
      { id: 12, name: null, 'field-with_sep': 1, arr_data: [1, 2], settings: null },
    ]);
  });

  it('takes each absent column default with Prefer: missing=default, an explicit null staying null', async () => {
    const r = await api.post(
      '/complex_items?columns=id,name,field-with_sep,arr_data',
      [{ id: 4, name: 'Vier' }, { id: 5, name: 'Funf', arr_data: null }, { id: 6, 'field-with_sep': 6, arr_data: '{1,2,3}' }],
      { Prefer: 'return=representation, missing=default' },
    );
    expect(r.status).toBe(201);
    expect(r.json).toEqual([
      { id: 4, name: 'Vier', 'field-with_sep': 1, arr_data: null, settings: null },
      { id: 5, name: 'Funf', 'field-with_sep': 1, arr_data: null, settings: null },
      { id: 6, name: 'Default', 'field-with_sep': 6, arr_data: [1, 2, 3], settings: null },
    ]);
    expect(r.headers.get('preference-applied')).toBe('missing=default, return=representation');
  });

  it('fails on a column that does not exist, inserting nothing', async () => {
    const r = await api.post('/complex_items?columns=id,helicopter', [{ id: 20 }]);
    expect(r.status).toBe(400);
    expect(r.json).toEqual(pgrstError('PGRST204', "Could not find the 'helicopter' column of 'complex_items' in the schema cache"));
    expect(await api.rows('select count(*)::int as n from complex_items where id = 20')).toEqual([{ n: 0 }]);
  });
});

describe('payloads that cannot be taken', () => {
  it.each([
    ['invalid JSON', '}{ x = 2', 'Empty or invalid json'],
    ['an empty body', '', 'Empty or invalid json'],
    ['objects with different keys', '[{"id":100,"name":"x"},{"id":111,"name":"y","extra":1}]', 'All object keys must match'],
    ['an array that is not all objects', '[{"id":100}, 123, "x"]', 'All object keys must match'],
  ])('PGRST102 for %s', async (_, body, message) => {
    const r = await api.post('/items', body);
    expect(r.status).toBe(400);
    expect(r.json).toEqual(pgrstError('PGRST102', message));
  });

  it('PGRST204 for a key that is no column', async () => {
    const r = await api.post('/items', { id: 200, nope: 1 });
    expect(r.json).toEqual(pgrstError('PGRST204', "Could not find the 'nope' column of 'items' in the schema cache"));
  });

  it('PGRST102 for a Content-Type it cannot read', async () => {
    const r = await api.post('/items', 'id=1', { 'Content-Type': 'text/plain' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(pgrstError('PGRST102', 'Content-Type not acceptable: text/plain'));
  });
});

describe('POST from an HTML form', () => {
  it('inserts the form fields as strings Postgres parses by column', async () => {
    const r = await api.post(
      '/menagerie?select=integer,double,varchar,boolean,money,enum',
      'integer=7&double=2.71828&varchar=forms+are+fun&boolean=false&date=1900-01-01&money=$3.99&enum=foo',
      { 'Content-Type': 'application/x-www-form-urlencoded', Prefer: 'return=representation' },
    );
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ integer: 7, double: 2.71828, varchar: 'forms are fun', boolean: false, money: '$3.99', enum: 'foo' }]);
  });
});

describe('privileges', () => {
  it('inserts with only INSERT granted when nothing is returned', async () => {
    const r = await api.post('/insert_only', { v: 'x' }, { Prefer: 'return=minimal' });
    expect(r.status).toBe(201);
    expect(r.headers.get('preference-applied')).toBe('return=minimal');
  });

  it('answers 401 to anonymous when the representation needs SELECT, and keeps nothing', async () => {
    const r = await api.post('/insert_only', { v: 'returned' }, rep);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ code: '42501', message: 'permission denied for table insert_only' });
    expect(await api.rows("select count(*)::int as n from insert_only where v = 'returned'")).toEqual([{ n: 0 }]);
  });
});

describe('writes through an auto-updatable view', () => {
  it('inserts, upserts, updates and deletes, with Location from the key inferred from its table', async () => {
    const created = await api.post('/items_view', { id: 900, name: 'v' }, { Prefer: 'return=headers-only' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/items_view?id=eq.900');
    const merged = await api.post('/items_view', [{ id: 900, name: 'v2' }, { id: 901, name: 'n' }], {
      Prefer: 'return=representation, resolution=merge-duplicates',
    });
    expect(merged).toMatchObject({ status: 201, json: [{ id: 900, name: 'v2' }, { id: 901, name: 'n' }] });
    expect((await api.put('/items_view?id=eq.902', { id: 902, name: 'p' }, rep)).status).toBe(201);
    expect((await api.patch('/items_view?id=eq.902', { name: 'q' }, rep)).json).toEqual([{ id: 902, name: 'q' }]);
    expect((await api.del('/items_view?id=eq.902', rep)).json).toEqual([{ id: 902, name: 'q' }]);
    expect(await api.rows('select id, name from items where id >= 900 order by id')).toEqual([
      { id: 900, name: 'v2' },
      { id: 901, name: 'n' },
    ]);
  });
});
