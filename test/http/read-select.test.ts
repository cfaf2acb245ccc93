// GET with `select`: columns, `*`, aliases, casts, JSON paths and their output names,
// array indexes, composite and enum columns, views and unicode names.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();

describe('select', () => {
  it('returns every column by default, the body built in Postgres byte for byte', async () => {
    const r = await api.get('/clients?order=id');
    expect(r.status).toBe(200);
    expect(r.text).toBe('[{"id":1,"name":"Microsoft"}, \n {"id":2,"name":"Apple"}]');
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // One exposed schema: nothing was negotiated.
    expect(r.headers.get('content-profile')).toBeNull();
  });

  it('selects columns in the order asked', async () => {
    const r = await api.get('/projects?select=name,id&id=lt.3&order=id');
    expect(r.text).toBe('[{"name":"Windows 7","id":1}, \n {"name":"Windows 10","id":2}]');
  });

  it('renames with an alias', async () => {
    expect((await api.get('/projects?select=project:name,pid:id&id=eq.1')).json).toEqual([{ project: 'Windows 7', pid: 1 }]);
  });

  it('casts a column, keeping its name', async () => {
    expect((await api.get('/projects?select=id::text,name&id=eq.1')).json).toEqual([{ id: '1', name: 'Windows 7' }]);
    expect((await api.get('/items?select=amount::int&id=eq.2')).json).toEqual([{ amount: 3 }]);
  });

  it('selects the same column twice', async () => {
    expect((await api.get('/clients?select=a:name,b:name&id=eq.1')).json).toEqual([{ a: 'Microsoft', b: 'Microsoft' }]);
  });

  it('names JSON paths after their last key', async () => {
    expect((await api.get('/items?select=id,data->a->>b&id=eq.1')).json).toEqual([{ id: 1, b: 'x' }]);
    expect((await api.get('/items?select=data->a&id=eq.1')).json).toEqual([{ a: { b: 'x' } }]);
    expect((await api.get('/items?select=data->>n&id=eq.1')).json).toEqual([{ n: '1' }]);
    expect((await api.get('/items?select=data->n&id=eq.1')).json).toEqual([{ n: 1 }]);
    expect((await api.get('/items?select=settings->>color&id=eq.1')).json).toEqual([{ color: 'red' }]);
  });

  it('names an array index after the last key before it, else the column', async () => {
    expect((await api.get('/items?select=data->arr->0&id=eq.1')).json).toEqual([{ arr: 10 }]);
    expect((await api.get('/items?select=data->arr->-1&id=eq.1')).json).toEqual([{ arr: 30 }]);
    expect((await api.get('/items?select=tags->0&id=eq.1')).json).toEqual([{ tags: 'a' }]);
    expect((await api.get('/items?select=scores->>1&id=eq.1')).json).toEqual([{ scores: '2' }]);
  });

  it('aliases and casts JSON paths', async () => {
    expect((await api.get('/items?select=c:settings->>color,n:data->>n::int&id=eq.2')).json).toEqual([{ c: 'blue', n: 2 }]);
  });

  it('gives null for a missing JSON key', async () => {
    expect((await api.get('/items?select=data->>missing&id=eq.1')).json).toEqual([{ missing: null }]);
  });

  it('reads into composite columns with arrows', async () => {
    expect((await api.get('/items?select=z->r,z->>i&id=eq.1')).json).toEqual([{ r: 1, i: '2' }]);
  });

  it('renders enums, arrays, ranges, json, jsonb, numeric and booleans as Postgres does', async () => {
    expect((await api.get('/items?select=status,tags,scores,during,settings,data,amount,flag&id=eq.1')).json).toEqual([
      {
        status: 'new',
        tags: ['a', 'b'],
        scores: [1, 2, 3],
        during: '[1,5)',
        settings: { color: 'red', size: 1 },
        data: { a: { b: 'x' }, n: 1, arr: [10, 20, 30], k: 'v1' },
        amount: 1.5,
        flag: true,
      },
    ]);
  });

  it('reads views', async () => {
    expect((await api.get('/active_items?order=id')).json).toEqual([
      { id: 1, name: 'one', tags: ['a', 'b'] },
      { id: 2, name: 'two', tags: ['b', 'c'] },
    ]);
  });

  it('reads tables and columns with unicode names', async () => {
    const r = await api.get(`/${encodeURIComponent('unicode_名前')}?select=${encodeURIComponent('čšž')}&order=${encodeURIComponent('ελληνικά')}.desc`);
    expect(r.json).toEqual([{ čšž: 'ö' }, { čšž: 'ä' }]);
  });

  it('reads the getting-started posts table', async () => {
    expect((await api.get('/posts?select=id,content&is_published=eq.true&order=created_at.desc&limit=2')).json).toEqual([
      { id: 4, content: 'Carol, "quoted"' },
      { id: 3, content: 'Bob says hi' },
    ]);
  });

  it('answers [] when nothing matches', async () => {
    const r = await api.get('/clients?id=eq.99');
    expect([r.status, r.text]).toEqual([200, '[]']);
  });

  it('passes an unknown column to Postgres, which refuses it', async () => {
    const r = await api.get('/clients?select=nope');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      code: '42703',
      details: null,
      hint: 'Perhaps you meant to reference the column "clients.name".',
      message: 'column clients.nope does not exist',
    });
  });
});
