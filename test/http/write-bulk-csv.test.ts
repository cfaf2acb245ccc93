// Bulk inserts (10,000 rows in one request and one statement) and CSV bodies: CSV in, CSV
// out and back again, NULL handling, malformed CSV, and no partial write when one row fails.
import { describe, expect, it } from 'vitest';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();
const csv = { 'Content-Type': 'text/csv' };

describe('bulk insert', () => {
  it('inserts 10,000 rows in one request', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, label: `row ${i + 1}`, n: i % 7 }));
    const r = await api.post('/bulk', rows, { Prefer: 'count=exact' });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-range')).toBe('*/10000');
    expect(await api.rows('select count(*)::int as n, sum(n)::int as s, max(label) as m from bulk')).toEqual([
      { n: 10_000, s: rows.reduce((a, b) => a + b.n, 0), m: 'row 9999' },
    ]);
  });

  it('returns 10,000 rows in order with return=representation', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: 20_001 + i, label: 'r', n: 1 }));
    const r = await api.post('/bulk?select=id&order=id', rows, { Prefer: 'return=representation' });
    expect(r.status).toBe(201);
    const ids = (r.json as { id: number }[]).map((x) => x.id);
    expect(ids).toHaveLength(10_000);
    expect(ids[0]).toBe(20_001);
    expect(ids.at(-1)).toBe(30_000);
  });

  it('leaves no row behind when one row of the bulk fails', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: 40_001 + i, label: 'ok', n: i === 377 ? -1 : 1 }));
    const r = await api.post('/bulk', rows);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '23514', message: 'new row for relation "bulk" violates check constraint "bulk_n_check"' });
    expect(await api.rows('select count(*)::int as n from bulk where id > 40000')).toEqual([{ n: 0 }]);
  });

  it('leaves no row behind when a later row repeats a key', async () => {
    const r = await api.post('/bulk', [{ id: 50_001, label: 'a', n: 1 }, { id: 50_002, label: 'b', n: 1 }, { id: 50_001, label: 'c', n: 1 }]);
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ code: '23505', details: 'Key (id)=(50001) already exists.' });
    expect(await api.rows('select count(*)::int as n from bulk where id > 50000')).toEqual([{ n: 0 }]);
  });
});

describe('CSV', () => {
  it('inserts CSV with a header row, NULL as null and quoted fields as text', async () => {
    const body = 'a,b\nfoo,"bar, ""baz"""\nNULL,\n"multi\nline",x';
    const r = await api.post('/no_pk', body, { ...csv, Prefer: 'return=representation' });
    expect(r.status).toBe(201);
    expect(r.json).toEqual([
      { a: 'foo', b: 'bar, "baz"' },
      { a: null, b: '' },
      { a: 'multi\nline', b: 'x' },
    ]);
  });

  it('round-trips: CSV posted, CSV represented, CSV read back', async () => {
    const body = 'integer,double,varchar,boolean,date,money,enum\n13,3.14159,testing!,false,1900-01-01,$3.99,foo\n12,0.1,a string,true,1929-10-01,$12.00,bar';
    const r = await api.post('/menagerie?select=integer,varchar,enum', body, { ...csv, Accept: 'text/csv', Prefer: 'return=representation' });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.text).toBe('integer,varchar,enum\n13,testing!,foo\n12,"a string",bar');
    const back = await api.get('/menagerie?select=integer,double,varchar,date,money,enum&order=integer.desc', { Accept: 'text/csv' });
    expect(back.text).toBe('integer,double,varchar,date,money,enum\n13,3.14159,testing!,1900-01-01,$3.99,foo\n12,0.1,"a string",1929-10-01,$12.00,bar');
    // What was read back goes in again, as it came out.
    const again = await api.post('/menagerie', back.text.replaceAll('13,', '113,').replaceAll('12,', '112,'), csv);
    expect(again.status).toBe(201);
    expect(await api.rows('select "integer", "varchar" from menagerie where "integer" > 100 order by 1')).toEqual([
      { integer: 112, varchar: 'a string' },
      { integer: 113, varchar: 'testing!' },
    ]);
  });

  it('returns only the selected columns of a CSV insert as CSV', async () => {
    const r = await api.post('/items?select=id', 'id,name\n8001,Xenix\n8002,Windows NT', { ...csv, Accept: 'text/csv', Prefer: 'return=representation' });
    expect(r.text).toBe('id\n8001\n8002');
    expect(r.headers.get('content-range')).toBe('*/*');
  });

  it.each([
    ['too few fields', 'a,b\nfoo,bar\nbaz', 'All lines must have same number of fields'],
    ['a quote left open', 'a,b\n"foo,bar', 'Error in CSV body: unterminated quoted field'],
  ])('PGRST102 for %s, nothing inserted', async (_, body, message) => {
    const r = await api.post('/no_pk', body, csv);
    expect(r.status).toBe(400);
    expect(r.json).toEqual(pgrstError('PGRST102', message));
    expect(await api.rows("select count(*)::int as n from no_pk where a = 'foo'")).toEqual([{ n: 1 }]);
  });

  it('leaves no row behind when a CSV line fails', async () => {
    const r = await api.post('/bulk', 'id,label,n\n60001,a,1\n60002,NULL,1', csv);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '23502' });
    expect(await api.rows('select count(*)::int as n from bulk where id > 60000')).toEqual([{ n: 0 }]);
  });
});
