// The checks made before commit: Prefer: max-affected=N with handling=strict (PGRST124) on
// PATCH and DELETE, and the singular media type on writes (PGRST116); either rolls back.
import { describe, expect, it } from 'vitest';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();
const singular = { Accept: 'application/vnd.pgrst.object+json' };
const itemCount = async (where: string) => (await api.rows(`select count(*)::int as n from items where ${where}`))[0]!.n;

describe('max-affected', () => {
  it('PGRST124 and rollback when a DELETE would affect more rows', async () => {
    const r = await api.del('/items?id=lt.15', { Prefer: 'handling=strict, max-affected=10' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(
      pgrstError('PGRST124', 'Query result exceeds max-affected preference constraint', 'The query affects 14 rows'),
    );
    expect(await itemCount('id < 15')).toBe(14);
  });

  it('PGRST124 and rollback when a PATCH would affect more rows', async () => {
    const r = await api.patch('/items?id=eq.1', { name: 'changed' }, { Prefer: 'handling=strict, max-affected=0' });
    expect(r.json).toMatchObject({ code: 'PGRST124', details: 'The query affects 1 rows' });
    expect(await itemCount("name = 'changed'")).toBe(0);
  });

  it('writes within the limit, echoing both preferences', async () => {
    const r = await api.del('/items?id=lt.3', { Prefer: 'handling=strict, max-affected=2' });
    expect(r.status).toBe(204);
    expect(r.headers.get('preference-applied')).toBe('handling=strict, max-affected=2');
    expect(await itemCount('id < 3')).toBe(0);
  });

  it('is not enforced with handling=lenient', async () => {
    const r = await api.patch('/items?id=gt.10', { name: 'lenient' }, { Prefer: 'handling=lenient, max-affected=1' });
    expect(r.status).toBe(204);
    expect(r.headers.get('preference-applied')).toBe('handling=lenient');
    expect(await itemCount("name = 'lenient'")).toBe(5);
  });

  it('does not apply to POST', async () => {
    const r = await api.post('/items', [{ id: 90 }, { id: 91 }], { Prefer: 'handling=strict, max-affected=1' });
    expect(r.status).toBe(201);
    expect(r.headers.get('preference-applied')).toBe('handling=strict');
  });
});

describe('singular media type', () => {
  it('returns the one row changed as an object', async () => {
    const r = await api.patch('/addresses?id=eq.1', { address: 'B Street' }, { ...singular, Prefer: 'return=representation' });
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"id":1,"address":"B Street"}');
    expect(r.headers.get('content-type')).toBe('application/vnd.pgrst.object+json; charset=utf-8');
    const created = await api.post('/addresses', [{ id: 102, address: 'xxx' }], { ...singular, Prefer: 'return=representation' });
    expect(created).toMatchObject({ status: 201, text: '{"id":102,"address":"xxx"}' });
  });

  it('works with return=minimal for one row', async () => {
    const r = await api.patch('/addresses?id=eq.1', { address: 'C Street' }, { ...singular, Prefer: 'return=minimal' });
    expect(r).toMatchObject({ status: 204, text: '' });
  });

  it.each([
    ['PATCH of several rows', () => api.patch('/addresses', { address: 'zzz' }, singular), 'The result contains 5 rows', "address = 'zzz'"],
    ['PATCH of no row', () => api.patch('/addresses?id=eq.999', { address: 'zzz' }, singular), 'The result contains 0 rows', "address = 'zzz'"],
    [
      'POST of two rows, even with return=minimal',
      () => api.post('/addresses', [{ id: 200, address: 'xxx' }, { id: 201, address: 'yyy' }], { ...singular, Prefer: 'return=minimal' }),
      'The result contains 2 rows',
      'id >= 200',
    ],
    ['POST of none', () => api.post('/addresses', [], singular), 'The result contains 0 rows', 'id >= 200'],
    ['DELETE of several rows', () => api.del('/addresses?id=lt.3', { ...singular, Prefer: 'return=representation' }), 'The result contains 2 rows', 'false'],
  ])('406 PGRST116 and rollback for %s', async (_, send, details, changed) => {
    const before = await api.rows('select * from addresses order by id');
    const r = await send();
    expect(r.status).toBe(406);
    expect(r.json).toEqual(pgrstError('PGRST116', 'Cannot coerce the result to a single JSON object', details));
    expect(await api.rows('select * from addresses order by id')).toEqual(before);
    expect(await api.rows(`select count(*)::int as n from addresses where ${changed}`)).toEqual([{ n: 0 }]);
  });
});
