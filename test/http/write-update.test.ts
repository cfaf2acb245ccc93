// PATCH: root filters pick the rows, the payload's first object sets them; Content-Range,
// 200/204, ?columns=, missing=default, empty payloads, and embeds in the representation.
import { describe, expect, it } from 'vitest';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();
const rep = { Prefer: 'return=representation' };

describe('PATCH', () => {
  it('updates the filtered row: 204 and 0-0/*', async () => {
    const r = await api.patch('/items?id=eq.2', { name: 'two' });
    expect(r).toMatchObject({ status: 204, text: '' });
    expect(r.headers.get('content-range')).toBe('0-0/*');
    expect(r.headers.get('content-type')).toBeNull();
    expect(await api.rows('select name from items where id = 2')).toEqual([{ name: 'two' }]);
  });

  it('updates every row matching, counting them in Content-Range', async () => {
    const r = await api.patch('/no_pk?b=eq.0', { b: '1' }, { Prefer: 'count=exact' });
    expect(r.status).toBe(204);
    expect(r.headers.get('content-range')).toBe('0-1/2');
    expect(await api.rows("select a from no_pk where b = '1' order by a")).toEqual([{ a: '1' }, { a: '2' }]);
  });

  it('returns the updated rows with return=representation, after the update', async () => {
    const r = await api.patch('/items?id=eq.3', { id: 99 }, rep);
    expect(r.status).toBe(200);
    expect(r.json).toEqual([{ id: 99, name: 'item 3' }]);
    expect(r.headers.get('content-range')).toBe('0-0/*');
    expect(r.headers.get('preference-applied')).toBe('return=representation');
  });

  it('answers [] and */* when no row matches', async () => {
    const r = await api.patch('/items?id=eq.999999', { name: 'none' }, rep);
    expect(r).toMatchObject({ status: 200, text: '[]' });
    expect(r.headers.get('content-range')).toBe('*/*');
    expect((await api.patch('/items?id=eq.999999', { name: 'none' })).status).toBe(204);
  });

  it('filters with logic trees and any operator', async () => {
    const r = await api.patch('/items?or=(id.eq.4,id.eq.5)&name=like.item*', { name: 'four or five' }, { Prefer: 'return=representation' });
    expect((r.json as { id: number }[]).map((x) => x.id).sort()).toEqual([4, 5]);
  });

  it('can set a column to NULL, unicode values intact', async () => {
    expect((await api.patch('/items?id=eq.6', { name: null }, rep)).json).toEqual([{ id: 6, name: null }]);
    expect((await api.patch('/items?id=eq.6', { name: '圍棋' }, rep)).json).toEqual([{ id: 6, name: '圍棋' }]);
  });

  it('takes the first object of an array payload', async () => {
    const r = await api.patch('/items?id=eq.7', [{ name: 'first' }, { name: 'second' }], rep);
    expect(r.json).toEqual([{ id: 7, name: 'first' }]);
  });

  it('changes nothing for an empty payload: 204 */*, or [] with a representation', async () => {
    for (const body of ['{}', '[]', '[{}]']) {
      const r = await api.patch('/items', body);
      expect(r.status).toBe(204);
      expect(r.headers.get('content-range')).toBe('*/*');
    }
    const r = await api.patch('/items?select=id', {}, rep);
    expect(r).toMatchObject({ status: 200, text: '[]' });
  });

  it('updates only the columns named by ?columns=', async () => {
    const r = await api.patch('/complex_items?id=eq.1&columns=name', { name: 'Uno', settings: 'ignored', junk: 1 }, rep);
    expect(r.json).toEqual([{ id: 1, name: 'Uno', 'field-with_sep': 1, arr_data: [1], settings: { a: 1 } }]);
    const bad = await api.patch('/complex_items?id=eq.1&columns=helicopter', { name: 'x' });
    expect(bad.json).toEqual(pgrstError('PGRST204', "Could not find the 'helicopter' column of 'complex_items' in the schema cache"));
  });

  it('sets absent columns to their defaults with missing=default', async () => {
    const r = await api.patch('/complex_items?id=eq.3&columns=name,field-with_sep', { name: 'Tres' }, {
      Prefer: 'return=representation, missing=default',
    });
    expect(r.json).toEqual([{ id: 3, name: 'Tres', 'field-with_sep': 1, arr_data: [1, 2, 3], settings: null }]);
    expect(r.headers.get('preference-applied')).toBe('missing=default, return=representation');
  });

  it('embeds related rows in the representation, with their own filters', async () => {
    await api.rows("insert into checked values (10, 1, 8), (11, 2, 8), (12, 3, 8)");
    const r = await api.patch('/items?id=eq.8&select=name,checked(id)&checked.id=gt.10&checked.order=id.desc', { name: 'eight' }, rep);
    expect(r.json).toEqual([{ name: 'eight', checked: [{ id: 12 }, { id: 11 }] }]);
  });

  it('orders the representation of several rows', async () => {
    const r = await api.patch('/addresses?order=id.desc&select=id', { address: 'same' }, rep);
    expect(r.json).toEqual([{ id: 4 }, { id: 3 }, { id: 2 }, { id: 1 }]);
  });

  it('PGRST102 for invalid JSON or no body, PGRST205 for an unknown table', async () => {
    expect((await api.patch('/items?id=eq.1', '}{ x = 2')).json).toEqual(pgrstError('PGRST102', 'Empty or invalid json'));
    expect((await api.patch('/items?id=eq.1', '')).json).toEqual(pgrstError('PGRST102', 'Empty or invalid json'));
    const r = await api.patch('/fake', { real: false });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ code: 'PGRST205', message: "Could not find the table 'public.fake' in the schema cache" });
  });
});

describe('PATCH with limit and offset', () => {
  it('updates only that page of the filtered rows, in the order given', async () => {
    const r = await api.patch('/limited?n=gt.1&order=id.desc&limit=2&offset=1', { n: 0 }, { Prefer: 'return=representation' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual([
      { id: 5, n: 0 },
      { id: 4, n: 0 },
    ]);
    expect(await api.rows('select id from limited where n = 0 order by id')).toEqual([{ id: 4 }, { id: 5 }]);
  });

  it('picks the rows of a table without a key by ctid', async () => {
    const r = await api.patch('/limited_no_pk?order=n&limit=2', { n: 100 });
    expect(r.status).toBe(204);
    expect(await api.rows('select count(*)::int as n from limited_no_pk where n = 100')).toEqual([{ n: 2 }]);
  });

  it('updates nothing with limit=0', async () => {
    expect((await api.patch('/limited?limit=0', { n: -1 })).status).toBe(204);
    expect(await api.rows('select count(*)::int as n from limited where n = -1')).toEqual([{ n: 0 }]);
  });
});
