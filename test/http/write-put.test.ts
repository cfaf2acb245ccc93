// PUT: the single-row upsert named by the whole primary key, with PostgREST's checks
// (PGRST105 filters, PGRST114 limit/offset, PGRST115 payload key) and its 201/200/204.
import { describe, expect, it } from 'vitest';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();
const rep = { Prefer: 'return=representation' };
const FILTERS = "Filters must include all and only primary key columns with 'eq' operators";

describe('PUT', () => {
  it('inserts a missing row: 201 with the representation', async () => {
    const r = await api.put('/tiobe_pls?name=eq.Go', [{ name: 'Go', rank: 19 }], rep);
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ name: 'Go', rank: 19 }]);
    expect(r.headers.get('content-range')).toBeNull();
    expect(r.headers.get('preference-applied')).toBe('return=representation');
  });

  it('replaces an existing row: 200 with the representation', async () => {
    const r = await api.put('/tiobe_pls?name=eq.Java', { name: 'Java', rank: 13 }, rep);
    expect(r.status).toBe(200);
    expect(r.json).toEqual([{ name: 'Java', rank: 13 }]);
  });

  it('answers 204 without a representation, either way', async () => {
    const r = await api.put('/tiobe_pls?name=eq.Ruby', { name: 'Ruby', rank: 11 });
    expect(r).toMatchObject({ status: 204, text: '' });
    const again = await api.put('/tiobe_pls?name=eq.Ruby', { name: 'Ruby', rank: 12 }, { Prefer: 'return=minimal' });
    expect(again.status).toBe(204);
    expect(again.headers.get('preference-applied')).toBe('return=minimal');
    expect(await api.rows("select rank from tiobe_pls where name = 'Ruby'")).toEqual([{ rank: 12 }]);
  });

  it('upserts on a composite key', async () => {
    const row = { first_name: 'Susan', last_name: 'Heidt', salary: '48000', company: 'GEX', occupation: 'Railroad engineer' };
    const r = await api.put('/employees?first_name=eq.Susan&last_name=eq.Heidt', [row], rep);
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ ...row, salary: '$48,000.00' }]);
  });

  it('writes only the payload row with the URL key, as a singular object when asked', async () => {
    const r = await api.put('/tiobe_pls?name=eq.Java', [{ name: 'Java', rank: 19 }, { name: 'Swift', rank: 12 }], {
      ...rep,
      Accept: 'application/vnd.pgrst.object+json',
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"name":"Java","rank":19}');
    expect(r.headers.get('content-type')).toBe('application/vnd.pgrst.object+json; charset=utf-8');
    expect(await api.rows("select count(*)::int as n from tiobe_pls where name = 'Swift'")).toEqual([{ n: 0 }]);
  });

  it('PGRST115 and nothing written when the payload key differs from the URL', async () => {
    const r = await api.put('/tiobe_pls?name=eq.MATLAB', [{ name: 'Perl', rank: 17 }]);
    expect(r.status).toBe(400);
    expect(r.json).toEqual(pgrstError('PGRST115', 'Payload values do not match URL in primary key column(s)'));
    expect(await api.rows("select count(*)::int as n from tiobe_pls where name in ('Perl', 'MATLAB')")).toEqual([{ n: 0 }]);
    const composite = await api.put('/employees?first_name=eq.Wendy&last_name=eq.Anderson', [{ first_name: 'Susan', last_name: 'Heidt' }]);
    expect(composite.json).toMatchObject({ code: 'PGRST115' });
  });

  it.each([
    ['a filter on another column', '/tiobe_pls?rank=eq.19'],
    ['a negated key filter', '/tiobe_pls?name=not.eq.Go'],
    ['another operator', '/tiobe_pls?name=in.(Go)'],
    ['a logic tree', '/tiobe_pls?and=(name.eq.Go)'],
    ['part of a composite key', '/employees?first_name=eq.Susan'],
    ['a table without a key', '/no_pk?a=eq.one&b=eq.two'],
  ])('PGRST105 (405) for %s', async (_, path) => {
    const r = await api.put(path, [{ name: 'Go', rank: 19 }]);
    expect(r.status).toBe(405);
    expect(r.json).toEqual(pgrstError('PGRST105', FILTERS));
  });

  it.each(['limit=1', 'offset=1'])('PGRST114 for %s', async (q) => {
    const r = await api.put(`/tiobe_pls?name=eq.Javascript&${q}`, [{ name: 'Javascript', rank: 1 }]);
    expect(r.status).toBe(400);
    expect(r.json).toEqual(pgrstError('PGRST114', 'limit/offset querystring parameters are not allowed for PUT'));
  });

  it('ignores the Range header', async () => {
    const r = await api.put('/tiobe_pls?name=eq.C', [{ name: 'C', rank: 5 }], { ...rep, Range: '1-1' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual([{ name: 'C', rank: 5 }]);
  });
});
