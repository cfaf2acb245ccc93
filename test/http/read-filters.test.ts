// Horizontal filtering: every operator, with `not.`, the (any)/(all) modifiers, `in`, the
// `is` forms, full-text search with and without a language, containment and range
// operators on arrays, ranges and jsonb, and filters on JSON paths.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();

const ids = (path: string) => api.ids(path);

const tasks = (q: string) => ids(`/tasks?select=id&order=id&${q}`);
const items = (q: string) => ids(`/items?select=id&order=id&${q}`);

describe('comparison operators', () => {
  it.each([
    ['id=eq.3', [3]],
    ['id=neq.3', [1, 2, 4, 5, 6, 7, 8]],
    ['id=gt.6', [7, 8]],
    ['id=gte.6', [6, 7, 8]],
    ['id=lt.3', [1, 2]],
    ['id=lte.3', [1, 2, 3]],
    ['id=not.eq.3&id=lt.5', [1, 2, 4]],
    ['id=not.gt.2', [1, 2]],
    ['project_id=eq.1&id=gt.1', [2]],
  ])('%s', async (q, expected) => expect(await tasks(q)).toEqual(expected));
});

describe('pattern operators', () => {
  it.each([
    ['name=like.Design*', [1, 3, 5, 7]],
    ['name=like.*w1*', [3, 4]],
    ['name=ilike.design*', [1, 3, 5, 7]],
    ['name=not.ilike.*W*', [5, 6, 7, 8]],
    ['name=match.^Code', [2, 4, 6, 8]],
    ['name=imatch.^code.*s$', [6]],
    ['name=not.match.e', []],
    ['name=like.Code%20w7', [2]],
  ])('%s', async (q, expected) => expect(await tasks(q)).toEqual(expected));
});

describe('(any) and (all)', () => {
  it.each([
    ['id=eq(any).{1,3}', [1, 3]],
    ['id=gt(all).{2,5}', [6, 7, 8]],
    ['name=like(any).{*w7,*IOS}', [1, 2, 5, 6]],
    ['name=like(all).{Design*,*w7}', [1]],
    ['name=ilike(any).{code*,*osx}', [2, 4, 6, 7, 8]],
    ['id=not.eq(any).{1,2,3,4,5,6}', [7, 8]],
  ])('%s', async (q, expected) => expect(await tasks(q)).toEqual(expected));
});

describe('in', () => {
  it.each([
    ['id=in.(1,3,5)', [1, 3, 5]],
    ['id=not.in.(1,2,3,4,5,6)', [7, 8]],
    ['name=in.("Code w7","Design IOS")', [2, 5]],
    ['name=in.("a,b",Code%20OSX)', [8]],
    ['id=in.()', []],
  ])('%s', async (q, expected) => expect(await tasks(q)).toEqual(expected));

  it('works on enums and views', async () => {
    expect(await items('status=in.(new,done)')).toEqual([1, 3]);
    expect(await ids('/active_items?select=id&order=id&id=in.(2,3)')).toEqual([2]);
  });
});

describe('is and isdistinct', () => {
  it.each([
    ['flag=is.true', [1]],
    ['flag=is.false', [2]],
    ['flag=is.unknown', [3, 4]],
    ['flag=is.null', [3, 4]],
    ['flag=not.is.null', [1, 2]],
    ['flag=not.is.true', [2, 3, 4]],
    ['name=is.null', [4]],
    ['flag=isdistinct.true', [2, 3, 4]],
    ['flag=not.isdistinct.false', [2]],
  ])('%s', async (q, expected) => expect(await items(q)).toEqual(expected));

  it('compares booleans with eq', async () => {
    expect(await items('flag=eq.true')).toEqual([1]);
    expect(await items('flag=eq.false')).toEqual([2]);
    expect(await ids('/posts?select=id&order=id&is_published=eq.false')).toEqual([2]);
  });
});

describe('full-text search', () => {
  it.each([
    ['search=fts.fat', [1, 2]],
    ['search=fts(english).cats', [1]],
    ['search=fts(english).fat%26rats', [2]],
    ['search=plfts(english).fat%20cats', [1]],
    ['search=phfts(english).fat%20cats', [1]],
    ['search=phfts(english).cats%20fat', []],
    ['search=wfts(english).fat%20-rats', [1]],
    ['search=wfts(english).%22fat%20rats%22%20or%20nothing', [2, 3]],
    ['search=not.fts(english).fat', [3]],
    ['body=fts(english).rat', [2]],
    ['body=plfts(simple).fat%20cats', [1]],
  ])('%s', async (q, expected) => expect(await items(q)).toEqual(expected));
});

describe('containment and overlap', () => {
  it.each([
    ['tags=cs.{a}', [1]],
    ['tags=cs.{b}', [1, 2]],
    ['tags=cd.{a,b,c}', [1, 2, 3]],
    ['tags=ov.{a,c}', [1, 2]],
    ['tags=not.ov.{a,c}', [3]],
    ['scores=cs.{4}', [2]],
    ['during=cs.[2,3]', [1]],
    ['during=cd.[0,100)', [1, 2, 3]],
    ['during=ov.[4,6)', [1, 2]],
    ['data=cs.{"a":{"b":"x"}}', [1]],
    ['data=cd.{"n":3,"arr":[],"k":"v3","extra":1}', [3]],
    ['data->arr=cs.[10]', [1]],
  ])('%s', async (q, expected) => expect(await items(q)).toEqual(expected));
});

describe('range operators', () => {
  it.each([
    ['during=sl.[10,20)', [1, 2]],
    ['during=sr.[10,20)', [3]],
    ['during=nxr.[6,7)', [1]],
    ['during=nxl.[6,7)', [3]],
    ['during=adj.[10,20)', [2, 3]],
    ['during=not.adj.[10,20)', [1]],
  ])('%s', async (q, expected) => expect(await items(q)).toEqual(expected));
});

describe('filters on JSON paths', () => {
  it.each([
    ['data->>k=eq.v1', [1]],
    ['data->a->>b=eq.y', [2]],
    ['data->n=eq.1', [1]],
    ['data->n=gt.1', [2, 3]],
    ['data->>n=in.(1,3)', [1, 3]],
    ['data->arr->0=eq.10', [1]],
    ['data->arr->>-1=eq.1', [2]],
    ['settings->>color=eq.red', [1, 3]],
    ['settings->>size=is.null', [3, 4]],
    ['data->>k=like.v*', [1, 2, 3]],
    ['tags->>0=eq.b', [2]],
  ])('%s', async (q, expected) => expect(await items(q)).toEqual(expected));
});

describe('other types', () => {
  it('compares numerics, enums and unicode text', async () => {
    expect(await items('amount=gte.2')).toEqual([2]);
    expect(await items('status=eq.active')).toEqual([2]);
    const r = await api.get(`/${encodeURIComponent('unicode_名前')}?${encodeURIComponent('čšž')}=eq.${encodeURIComponent('ä')}`);
    expect(r.json).toEqual([{ čšž: 'ä', ελληνικά: 1 }]);
  });

  it('lets Postgres refuse a value of the wrong type', async () => {
    const r = await api.get('/tasks?id=eq.abc');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' });
  });

  it('treats hostile values as values', async () => {
    expect(await tasks(`name=eq.${encodeURIComponent("x'); drop table tasks; --")}`)).toEqual([]);
    expect(await tasks('id=gt.0')).toHaveLength(8);
  });
});
