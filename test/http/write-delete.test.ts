// DELETE: root filters pick the rows; 204 or 200 with the deleted rows, shaped by select= and
// embeds; Content-Range `*/*` or `*/N` with count=exact.
import { describe, expect, it } from 'vitest';
import { useWriteServer } from './write-setup.ts';

const api = useWriteServer();

describe('DELETE', () => {
  it('deletes the filtered row: 204 and */*', async () => {
    const r = await api.del('/items?id=eq.1');
    expect(r).toMatchObject({ status: 204, text: '' });
    expect(r.headers.get('content-range')).toBe('*/*');
    expect(await api.rows('select count(*)::int as n from items where id = 1')).toEqual([{ n: 0 }]);
  });

  it('returns the deleted rows and their count when asked', async () => {
    const r = await api.del('/items?id=eq.2', { Prefer: 'return=representation, count=exact' });
    expect(r.status).toBe(200);
    expect(r.text).toBe('[{"id":2,"name":"item 2"}]');
    expect(r.headers.get('content-range')).toBe('*/1');
    expect(r.headers.get('preference-applied')).toBe('return=representation, count=exact');
  });

  it('ignores select= without a representation', async () => {
    const r = await api.del('/items?id=eq.3&select=id', { Prefer: 'return=minimal' });
    expect(r.status).toBe(204);
    expect(r.headers.get('preference-applied')).toBe('return=minimal');
  });

  it('shapes, renames and casts the deleted rows, and embeds their parents', async () => {
    const r = await api.del('/checked?id=eq.1&select=cid:id::text,items(name)', { Prefer: 'return=representation' });
    expect(r.json).toEqual([{ cid: '1', items: { name: 'item 15' } }]);
  });

  it('deletes every row matching, ordered in the representation', async () => {
    const r = await api.del('/items?id=gte.10&id=lte.12&order=id.desc&select=id', { Prefer: 'return=representation' });
    expect(r.json).toEqual([{ id: 12 }, { id: 11 }, { id: 10 }]);
  });

  it('answers [] when nothing matches', async () => {
    const r = await api.del('/items?id=eq.101', { Prefer: 'return=representation' });
    expect(r).toMatchObject({ status: 200, text: '[]' });
    expect(r.headers.get('content-range')).toBe('*/*');
  });

  it('answers 409 for a row still referenced, deleting nothing', async () => {
    await api.rows('insert into checked values (20, 1, 5)');
    const r = await api.del('/items?id=in.(4,5)');
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ code: '23503', details: 'Key (id)=(5) is still referenced from table "checked".' });
    expect(await api.rows('select count(*)::int as n from items where id in (4, 5)')).toEqual([{ n: 2 }]);
  });

  it('answers 404 for an unknown table', async () => {
    expect((await api.del('/foozle?id=eq.101')).json).toMatchObject({ code: 'PGRST205' });
  });
});

describe('DELETE with limit and offset', () => {
  it('deletes only that page of the filtered rows, in the order given', async () => {
    const r = await api.del('/limited?id=lt.6&order=id.desc&limit=2', { Prefer: 'return=representation' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual([
      { id: 5, n: 5 },
      { id: 4, n: 4 },
    ]);
    expect(await api.rows('select id from limited order by id')).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 6 }]);
  });

  it('refuses a limit on a view without a key, deleting nothing', async () => {
    const r = await api.del('/limited_view?limit=1');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'PGRST127' });
    expect(await api.rows('select count(*)::int as n from limited_no_pk')).toEqual([{ n: 6 }]);
  });
});
