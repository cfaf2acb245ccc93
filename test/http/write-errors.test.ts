// Errors of writes, mapped as PostgREST maps them: unique and foreign-key violations 409,
// not-null and check violations 400, missing privileges 401 for the anonymous role, with
// Postgres's own message, details and hint; and none of them leaves a row behind.
import { describe, expect, it } from 'vitest';
import { pgrstError, useWriteServer } from './write-setup.ts';

const api = useWriteServer();

describe('write errors', () => {
  it('409 for a duplicate key (23505)', async () => {
    const r = await api.post('/simple_pk', { k: 'xyyx', extra: 'e1' });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.json).toEqual(pgrstError('23505', 'duplicate key value violates unique constraint "simple_pk_pkey"', 'Key (k)=(xyyx) already exists.'));
    expect((await api.post('/with_unique', { uni: 'nodup', extra: 'e2' })).status).toBe(409);
  });

  it('409 for a missing referenced row (23503)', async () => {
    const r = await api.post('/checked', { id: 5, n: 1, item_id: 9999 });
    expect(r.status).toBe(409);
    expect(r.json).toEqual(
      pgrstError('23503', 'insert or update on table "checked" violates foreign key constraint "checked_item_id_fkey"', 'Key (item_id)=(9999) is not present in table "items".'),
    );
  });

  it('400 for a NULL in a NOT NULL column (23502)', async () => {
    const r = await api.post('/simple_pk', { extra: 'foo' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(
      pgrstError('23502', 'null value in column "k" of relation "simple_pk" violates not-null constraint', 'Failing row contains (null, foo).'),
    );
  });

  it('400 for a failed check (23514), on PATCH too', async () => {
    const r = await api.patch('/checked?id=eq.1', { n: -5 });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '23514', message: 'new row for relation "checked" violates check constraint "checked_n_check"' });
    expect(await api.rows('select n from checked where id = 1')).toEqual([{ n: 1 }]);
  });

  it('400 for a value its column cannot parse (22P02)', async () => {
    const r = await api.post('/items', { id: 'one' });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "one"' });
  });

  it('401 for the anonymous role without the privilege (42501)', async () => {
    for (const r of [await api.patch('/insert_only', { v: 'x' }), await api.del('/insert_only')]) {
      expect(r.status).toBe(401);
      expect(r.json).toEqual(pgrstError('42501', 'permission denied for table insert_only'));
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('404 for an unknown table, before the body is looked at', async () => {
    const r = await api.post('/garlic?columns=helicopter', [{ id: 204 }]);
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ code: 'PGRST205', message: "Could not find the table 'public.garlic' in the schema cache" });
  });

  it('leaves nothing behind: a failing statement rolls back its transaction', async () => {
    const r = await api.post('/items', [{ id: 700 }, { id: 701 }, { id: 'x' }]);
    expect(r.status).toBe(400);
    expect(await api.rows('select count(*)::int as n from items where id >= 700')).toEqual([{ n: 0 }]);
  });
});
