// Every error the read path raises, provoked over HTTP with PostgREST's exact body:
// PGRST205 (table), PGRST200/201 (relationships), PGRST108 (not embedded), PGRST118
// (related order), PGRST120 (embed filter), PGRST123/127 (aggregates), PGRST122 (strict
// preferences), PGRST100 (cast), and Postgres errors passed through with their SQLSTATE.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();
const aggregates = useReadServer({ dbAggregatesEnabled: true });

describe('read errors', () => {
  it('PGRST205 for an unknown table, with a suggestion', async () => {
    const r = await api.get('/projectz');
    expect([r.status, r.json]).toEqual([
      404,
      { code: 'PGRST205', message: "Could not find the table 'public.projectz' in the schema cache", details: null, hint: "Perhaps you meant the table 'public.projects'" },
    ]);
  });

  it('PGRST200 when no relationship exists', async () => {
    const r = await api.get('/projects?select=*,users(*)');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      code: 'PGRST200',
      message: "Could not find a relationship between 'projects' and 'users' in the schema cache",
      details: "Searched for a foreign key relationship between 'projects' and 'users' in the schema 'public', but no matches were found.",
    });
  });

  it('PGRST200 names the hint it searched with', async () => {
    const r = await api.get('/messages?select=users!nope(*)');
    expect(r.json).toMatchObject({
      code: 'PGRST200',
      details: "Searched for a foreign key relationship between 'messages' and 'users' using the hint 'nope' in the schema 'public', but no matches were found.",
    });
  });

  it('PGRST201 when several relationships match', async () => {
    const r = await api.get('/messages?select=*,users(*)');
    expect(r.status).toBe(300);
    const body = r.json as { code: string; message: string; details: readonly unknown[]; hint: string };
    expect([body.code, body.message]).toEqual(['PGRST201', "Could not embed because more than one relationship was found for 'messages' and 'users'"]);
    expect(body.details).toHaveLength(2);
    expect(body.details).toContainEqual({
      cardinality: 'many-to-one',
      embedding: 'messages with users',
      relationship: 'messages_sender_id_fkey using messages(sender_id) and users(id)',
    });
    expect(body.hint).toMatch(/^Try changing 'users' to one of the following: 'users!messages_(sender|recipient)_id_fkey', 'users!messages_(sender|recipient)_id_fkey'\. Find the desired relationship in the 'details' key\.$/);
  });

  it('PGRST108 for parameters on a resource that is not embedded', async () => {
    for (const q of ['clients.id=eq.1', 'clients.order=id', 'clients.limit=1', 'clients.or=(id.eq.1)']) {
      const r = await api.get(`/projects?${q}`);
      expect([r.status, r.json]).toEqual([
        400,
        { code: 'PGRST108', message: "'clients' is not an embedded resource in this request", details: null, hint: "Verify that 'clients' is included in the 'select' query parameter." },
      ]);
    }
  });

  it('PGRST108 when filtering by the name of an aliased embed', async () => {
    const r = await api.get('/projects?select=*,c:clients(*)&clients.id=eq.1');
    expect([r.status, r.json]).toEqual([
      400,
      {
        code: 'PGRST108',
        message: "'clients' is not an embedded resource in this request",
        details: 'Target names are not allowed in filters if they have an alias',
        hint: "Change 'clients' to 'c' in filters, orders or limits.",
      },
    ]);
  });

  it('PGRST108 for a related order on a resource that is not embedded', async () => {
    expect(((await api.get('/projects?order=clients(name)')).json as { code: string }).code).toBe('PGRST108');
  });

  it('PGRST118 for a related order on a to-many embed', async () => {
    const r = await api.get('/clients?select=*,projects(*)&order=projects(name)');
    expect([r.status, r.json]).toEqual([
      400,
      {
        code: 'PGRST118',
        message: "A related order on 'projects' is not possible",
        details: "'clients' and 'projects' do not form a many-to-one or one-to-one relationship",
        // Beyond PostgREST (which has no hint): how a to-many embed can be ordered by.
        hint: "A one-to-many or many-to-many embed can be used in a related order when it selects only aggregates, as in 'select=...,projects(count())&order=projects(count)'",
      },
    ]);
  });

  it('PGRST120 for operators other than is.null on an embed', async () => {
    const r = await api.get('/projects?select=*,clients(*)&clients=eq.1');
    expect([r.status, r.json]).toEqual([
      400,
      {
        code: 'PGRST120',
        message: "Bad operator on the 'clients' embedded resource",
        details: 'Only is null or not is null filters are allowed on embedded resources',
        hint: null,
      },
    ]);
  });

  it('PGRST123 for aggregates when they are disabled, at any depth', async () => {
    for (const path of [
      '/project_invoices?select=invoice_total.sum()',
      '/project_invoices?select=count()',
      '/clients?select=id,projects(id.count())',
      '/project_invoices?select=...projects(id.max())',
    ]) {
      const r = await api.get(path);
      expect([r.status, r.json]).toEqual([400, { code: 'PGRST123', message: 'Use of aggregate functions is not allowed', details: null, hint: null }]);
    }
  });

  it('PGRST127 for aggregates beside grouping columns in a to-many spread', async () => {
    const r = await aggregates.get('/clients?select=name,...projects(name,id.sum())');
    expect([r.status, r.json]).toEqual([
      400,
      { code: 'PGRST127', message: 'Feature not implemented', details: 'Aggregates are not implemented for one-to-many or many-to-many spreads.', hint: null },
    ]);
  });

  it('PGRST122 for unknown preferences with handling=strict', async () => {
    const r = await api.get('/clients', { Prefer: 'handling=strict, count=exact, nope=1' });
    expect([r.status, r.json]).toEqual([400, { code: 'PGRST122', message: 'Invalid preferences given with handling=strict', details: 'Invalid preferences: nope=1', hint: null }]);
    expect((await api.get('/clients', { Prefer: 'handling=lenient, nope=1' })).status).toBe(200);
  });

  it("passes Postgres's errors through with their SQLSTATE", async () => {
    const missing = await api.get('/projects?select=id,clients(nope)');
    expect([missing.status, (missing.json as { code: string; message: string }).message]).toEqual([400, 'column clients_1.nope does not exist']);
    const operator = await api.get('/tasks?name=cs.{a}');
    expect([operator.status, (operator.json as { code: string }).code]).toEqual([404, '42883']);
  });
});
