// Prefer on writes: each return= per method, Preference-Applied, handling=strict|lenient with
// invalid preferences (PGRST122), and tx=commit|rollback under each db-tx-end.
import { describe, expect, it } from 'vitest';
import type { TxEndSetting } from '../../src/config/data-api-settings.ts';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();

describe('return=', () => {
  it.each([
    ['POST', 'minimal', 311, 201, ''],
    ['POST', 'headers-only', 312, 201, ''],
    ['POST', 'representation', 313, 201, '[{"id":313,"name":"new"}]'],
    ['PATCH', 'minimal', 321, 204, ''],
    ['PATCH', 'headers-only', 322, 204, ''],
    ['PATCH', 'representation', 323, 200, '[{"id":323,"name":"new"}]'],
    ['PUT', 'minimal', 331, 204, ''],
    ['PUT', 'headers-only', 332, 204, ''],
    ['PUT', 'representation', 333, 200, '[{"id":333,"name":"new"}]'],
    ['DELETE', 'minimal', 341, 204, ''],
    ['DELETE', 'headers-only', 342, 204, ''],
    ['DELETE', 'representation', 343, 200, '[{"id":343,"name":"old"}]'],
  ])('%s with return=%s: %i', async (method, ret, id, status, body) => {
    if (method !== 'POST') await api.rows('insert into items values ($1, $2)', [id, 'old']);
    const path = method === 'POST' ? '/items' : `/items?id=eq.${id}`;
    const payload = method === 'DELETE' ? {} : { body: { id, name: 'new' } };
    const r = await api.send(method, path, { ...payload, headers: { Prefer: `return=${ret}` } });
    expect(r.status).toBe(status);
    expect(r.text).toBe(body);
    expect(r.headers.get('preference-applied')).toBe(`return=${ret}`);
    expect(r.headers.get('content-type')).toBe(ret === 'representation' ? 'application/json; charset=utf-8' : null);
    expect(await api.rows('select name from items where id = $1', [id])).toEqual(method === 'DELETE' ? [] : [{ name: 'new' }]);
  });
});

describe('Preference-Applied', () => {
  it('echoes what was honoured, in PostgREST order, and nothing unknown', async () => {
    const r = await api.post('/items', { id: 400 }, { Prefer: 'count=exact, missing=default, return=minimal, timezone=UTC, whatever' });
    expect(r.status).toBe(201);
    expect(r.headers.get('preference-applied')).toBe('missing=default, return=minimal, count=exact, timezone=UTC');
  });
});

describe('handling=', () => {
  it('PGRST122 for invalid preferences with handling=strict, writing nothing', async () => {
    const r = await api.post('/items?select=*', { id: 401 }, { Prefer: 'return=representation, handling=strict, anything' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(pgrstError('PGRST122', 'Invalid preferences given with handling=strict', 'Invalid preferences: anything'));
    expect(await api.rows('select count(*)::int as n from items where id = 401')).toEqual([{ n: 0 }]);
  });

  it('ignores them with handling=lenient, echoing the handling', async () => {
    const r = await api.post('/items', { id: 402 }, { Prefer: 'return=representation, handling=lenient, anything' });
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ id: 402, name: null }]);
    expect(r.headers.get('preference-applied')).toBe('return=representation, handling=lenient');
  });
});

describe('tx= under db-tx-end', () => {
  // PostgREST's RollbackSpec: whether each write persists, and whether tx= is echoed.
  const cases: readonly (readonly [TxEndSetting, 'commit' | 'rollback' | undefined, boolean, boolean])[] = [
    ['commit', undefined, true, false],
    ['commit', 'commit', true, false],
    ['commit', 'rollback', true, false],
    ['commit-allow-override', undefined, true, false],
    ['commit-allow-override', 'commit', true, true],
    ['commit-allow-override', 'rollback', false, true],
    ['rollback', undefined, false, false],
    ['rollback', 'commit', false, false],
    ['rollback', 'rollback', false, false],
    ['rollback-allow-override', undefined, false, false],
    ['rollback-allow-override', 'commit', true, true],
    ['rollback-allow-override', 'rollback', false, true],
  ];
  let next = 500;

  it.each(cases)('db-tx-end=%s, tx=%s: persisted %s, echoed %s', async (dbTxEnd, tx, persists, echoed) => {
    const server = await api.withSettings({ dbTxEnd });
    const prefer = ['return=representation', ...(tx === undefined ? [] : [`tx=${tx}`])].join(', ');
    const applied = echoed ? `return=representation, tx=${tx}` : 'return=representation';
    const id = next++;
    await api.rows('insert into items values ($1, $2)', [id + 1000, 'kept']);
    const writes = [
      { r: await server.post('/items', { id }, { Prefer: prefer }), table: `id = ${id}`, status: 201 },
      { r: await server.put(`/items?id=eq.${id + 2000}`, { id: id + 2000 }, { Prefer: prefer }), table: `id = ${id + 2000}`, status: 201 },
      { r: await server.patch(`/items?id=eq.${id + 1000}`, { name: 'patched' }, { Prefer: prefer }), table: `name = 'patched' and id = ${id + 1000}`, status: 200 },
    ];
    for (const { r, table, status } of writes) {
      expect(r.status).toBe(status);
      expect(r.headers.get('preference-applied')).toBe(applied);
      expect(await api.rows(`select count(*)::int as n from items where ${table}`)).toEqual([{ n: persists ? 1 : 0 }]);
    }
    const del = await server.del(`/items?id=eq.${id + 1000}`, { Prefer: prefer });
    expect(del.status).toBe(200);
    expect(await api.rows(`select count(*)::int as n from items where id = ${id + 1000}`)).toEqual([{ n: persists ? 0 : 1 }]);
  });

  it('still raises errors when rolling back', async () => {
    const server = await api.withSettings({ dbTxEnd: 'rollback' });
    const r = await server.post('/simple_pk', { k: 'xyyx' });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ code: '23505' });
  });
});
