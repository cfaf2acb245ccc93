// Upserts with POST: resolution=merge-duplicates and ignore-duplicates on the primary key or
// ?on_conflict=, 201 when a row was inserted and 200 when merging only updated, and no
// partial write when one row of an upsert fails.
import { describe, expect, it } from 'vitest';
import { useWriteServer } from './write-setup.ts';

const api = useWriteServer();
const merge = { Prefer: 'return=representation, resolution=merge-duplicates' };
const ignore = { Prefer: 'return=representation, resolution=ignore-duplicates' };

describe('resolution=merge-duplicates', () => {
  it('inserts new rows and updates rows with an existing key: 201', async () => {
    const r = await api.post('/tiobe_pls', [{ name: 'Javascript', rank: 6 }, { name: 'Java', rank: 2 }, { name: 'C', rank: 1 }], merge);
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ name: 'Javascript', rank: 6 }, { name: 'Java', rank: 2 }, { name: 'C', rank: 1 }]);
    expect(r.headers.get('preference-applied')).toBe('resolution=merge-duplicates, return=representation');
    expect(await api.rows('select name, rank from tiobe_pls order by name')).toEqual([
      { name: 'C', rank: 1 },
      { name: 'Java', rank: 2 },
      { name: 'Javascript', rank: 6 },
      { name: 'Python', rank: 3 },
    ]);
  });

  it('answers 200 when every row only updated, and for an empty payload', async () => {
    const r = await api.post('/tiobe_pls', [{ name: 'Python', rank: 6 }, { name: 'Java', rank: 2 }], merge);
    expect(r.status).toBe(200);
    expect(r.json).toEqual([{ name: 'Python', rank: 6 }, { name: 'Java', rank: 2 }]);
    expect((await api.post('/tiobe_pls', [], merge)).status).toBe(200);
    const minimal = await api.post('/tiobe_pls', [{ name: 'Python', rank: 7 }], { Prefer: 'resolution=merge-duplicates' });
    expect(minimal).toMatchObject({ status: 200, text: '' });
  });

  it('merges on a composite key, keeping columns the payload does not name', async () => {
    const r = await api.post(
      '/employees',
      [{ first_name: 'Frances M.', last_name: 'Roe', salary: '30000' }, { first_name: 'Peter S.', last_name: 'Yang', salary: 42000 }],
      merge,
    );
    expect(r.status).toBe(201);
    expect(r.json).toEqual([
      { first_name: 'Frances M.', last_name: 'Roe', salary: '$30,000.00', company: 'One-Up Realty', occupation: 'Author' },
      { first_name: 'Peter S.', last_name: 'Yang', salary: '$42,000.00', company: null, occupation: null },
    ]);
  });

  it('merges on unique columns named by on_conflict', async () => {
    const r = await api.post('/single_unique?on_conflict=unique_key', [{ unique_key: 1, value: 'B' }, { unique_key: 2, value: 'C' }], merge);
    expect(r.status).toBe(201);
    expect(await api.rows('select unique_key, value from single_unique order by 1')).toEqual([
      { unique_key: 1, value: 'B' },
      { unique_key: 2, value: 'C' },
    ]);
    const compound = await api.post('/compound_unique?on_conflict=key1,key2', [{ key1: 1, key2: 1, value: 'B' }], merge);
    expect(compound.status).toBe(200);
    expect(compound.json).toEqual([{ key1: 1, key2: 1, value: 'B' }]);
  });

  it('works on a table of key columns only', async () => {
    const r = await api.post('/only_pk', [{ id: 1 }, { id: 2 }, { id: 4 }], merge);
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
  });

  it('is a plain insert, not echoed, on a table without a key', async () => {
    const r = await api.post('/no_pk', [{ a: 'u1', b: '0' }], merge);
    expect(r.status).toBe(201);
    expect(r.headers.get('preference-applied')).toBe('return=representation');
  });

  it('leaves no row behind, inserted or updated, when one row fails', async () => {
    const before = await api.rows('select name, rank from tiobe_pls order by name');
    const r = await api.post('/tiobe_pls', [{ name: 'Go', rank: 9 }, { name: 'C', rank: 50 }, { name: null, rank: 1 }], merge);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '23502' });
    expect(await api.rows('select name, rank from tiobe_pls order by name')).toEqual(before);
  });
});

describe('resolution=ignore-duplicates', () => {
  it('inserts new rows and skips rows with an existing key', async () => {
    const r = await api.post('/tiobe_pls', [{ name: 'PHP', rank: 9 }, { name: 'Python', rank: 10 }], ignore);
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ name: 'PHP', rank: 9 }]);
    expect(r.headers.get('preference-applied')).toBe('resolution=ignore-duplicates, return=representation');
    expect(await api.rows("select rank from tiobe_pls where name = 'Python'")).not.toEqual([{ rank: 10 }]);
  });

  it('skips rows conflicting on on_conflict columns', async () => {
    const r = await api.post('/single_unique?on_conflict=unique_key', [{ unique_key: 1, value: 'X' }, { unique_key: 3, value: 'D' }], ignore);
    expect(r.json).toEqual([{ unique_key: 3, value: 'D' }]);
  });

  it('with missing=default, surrogate keys come from their sequence', async () => {
    const r = await api.post('/auto_pk?columns=id,label&select=label', [{ label: 'n1' }, { label: 'n2' }], {
      Prefer: 'return=representation, resolution=ignore-duplicates, missing=default',
    });
    expect(r.status).toBe(201);
    expect(r.json).toEqual([{ label: 'n1' }, { label: 'n2' }]);
    expect(r.headers.get('preference-applied')).toBe('resolution=ignore-duplicates, missing=default, return=representation');
  });
});
