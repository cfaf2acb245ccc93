// How a function call's transaction runs: GET and HEAD read-only (a volatile function that
// writes gets 405), POST of a volatile function read-write and executed exactly once,
// `Prefer: tx=` honoured where db-tx-end allows it, and row-level security applied to the caller.
import { describe, expect, it } from 'vitest';
import { useRpcServer } from './rpc-setup.ts';

const api = useRpcServer();

describe('volatility', () => {
  it('a function that writes cannot run by GET: 405, nothing written', async () => {
    const r = await api.get('/rpc/insert_item?id=300');
    expect([r.status, (r.json as { code: string }).code]).toEqual([405, '25006']);
    expect(await api.rows('select count(*)::int as n from items where id = 300')).toEqual([{ n: 0 }]);
  });

  it('by POST it writes, and runs exactly once per request', async () => {
    const r = await api.post('/rpc/insert_item', { id: 301 });
    expect([r.status, r.text]).toEqual([200, '{"id":301}']);
    expect(await api.rows('select count(*)::int as n from items where id = 301')).toEqual([{ n: 1 }]);
    const first = Number((await api.post('/rpc/callcounter', {})).text);
    const second = Number((await api.post('/rpc/callcounter', {})).text);
    expect(second).toBe(first + 1);
  });
});

describe('Prefer: tx=', () => {
  it('rollback undoes the call where db-tx-end allows overrides, and is echoed', async () => {
    const overridable = await api.withSettings({ dbTxEnd: 'commit-allow-override' });
    const r = await overridable.post('/rpc/insert_item', { id: 302 }, { Prefer: 'tx=rollback' });
    expect([r.status, r.text, r.headers.get('preference-applied')]).toEqual([200, '{"id":302}', 'tx=rollback']);
    expect(await api.rows('select count(*)::int as n from items where id = 302')).toEqual([{ n: 0 }]);
  });

  it('is ignored, and not echoed, where db-tx-end does not allow it', async () => {
    const r = await api.post('/rpc/insert_item', { id: 303 }, { Prefer: 'tx=rollback' });
    expect([r.status, r.headers.get('preference-applied')]).toEqual([200, null]);
    expect(await api.rows('select count(*)::int as n from items where id = 303')).toEqual([{ n: 1 }]);
  });

  it('db-tx-end=rollback rolls every call back', async () => {
    const rollback = await api.withSettings({ dbTxEnd: 'rollback' });
    expect((await rollback.post('/rpc/insert_item', { id: 304 })).status).toBe(200);
    expect(await api.rows('select count(*)::int as n from items where id = 304')).toEqual([{ n: 0 }]);
  });
});

describe('row-level security', () => {
  it('a function reads only the rows the caller may see', async () => {
    expect((await api.get('/rpc/all_secrets?select=label')).json).toEqual([{ label: 'open' }, { label: 'also open' }]);
    expect((await api.get('/rpc/count_secrets')).json).toBe(2);
    expect(await api.rows('select count(*)::int as n from secrets')).toEqual([{ n: 3 }]);
  });
});
