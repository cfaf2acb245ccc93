// Beyond PostgREST: ordering the parent by an aggregate of a to-many embed that selects only
// aggregates (`order=projects(count).desc`): zero children, NULLs, nested paths, pages and
// count=exact, and every error.
import { describe, expect, it } from 'vitest';
import { pgrstError } from '../support/fixture-server.ts';
import { useReadServer } from './read-setup.ts';

const api = useReadServer({ dbAggregatesEnabled: true });
const noAggregates = useReadServer();

const json = async (path: string): Promise<unknown> => {
  const r = await api.get(path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return r.json;
};

// read.sql: project_invoices per project: 1 -> 100, 200; 2 -> 500; 3 -> 1000; 4 -> 3000; 5 (no client) -> none.
const INVOICE_COUNT = 'select=id,project_invoices(count())';
const INVOICE_TOTAL = 'select=id,project_invoices(total:invoice_total.sum())';

describe('ordering by an aggregate of a to-many embed', () => {
  it('orders by count, ties broken by the next term', async () => {
    expect(await json(`/projects?${INVOICE_COUNT}&order=project_invoices(count).desc,id`)).toEqual([
      { id: 1, project_invoices: [{ count: 2 }] },
      { id: 2, project_invoices: [{ count: 1 }] },
      { id: 3, project_invoices: [{ count: 1 }] },
      { id: 4, project_invoices: [{ count: 1 }] },
      { id: 5, project_invoices: [{ count: 0 }] },
    ]);
    expect(await api.ids(`/projects?${INVOICE_COUNT}&order=project_invoices(count).asc,id.desc`)).toEqual([5, 4, 3, 2, 1]);
    expect(await api.ids(`/projects?${INVOICE_COUNT}&order=project_invoices(count),id.desc`)).toEqual([5, 4, 3, 2, 1]);
  });

  it('orders by sum, NULL over no children, with nullsfirst and nullslast', async () => {
    const ids = (order: string) => api.ids(`/projects?${INVOICE_TOTAL}&order=${order}`);
    expect(await ids('project_invoices(total).desc')).toEqual([5, 4, 3, 2, 1]);
    expect(await ids('project_invoices(total).desc.nullslast')).toEqual([4, 3, 2, 1, 5]);
    expect(await ids('project_invoices(total).asc')).toEqual([1, 2, 3, 4, 5]);
    expect(await ids('project_invoices(total).asc.nullsfirst')).toEqual([5, 1, 2, 3, 4]);
    expect(await json(`/projects?${INVOICE_TOTAL}&order=project_invoices(total).nullsfirst&limit=2`)).toEqual([
      { id: 5, project_invoices: [{ total: null }] },
      { id: 1, project_invoices: [{ total: 300 }] },
    ]);
  });

  it('orders by max, named by its function', async () => {
    expect(await api.ids('/projects?select=id,project_invoices(invoice_total.max())&order=project_invoices(max).desc.nullslast')).toEqual([
      4, 3, 2, 1, 5,
    ]);
  });

  it('orders through a many-to-many embed', async () => {
    expect(await json('/users?select=name,tasks(count())&order=tasks(count)')).toEqual([
      { name: 'Dwight Schrute', tasks: [{ count: 2 }] },
      { name: 'Michael Scott', tasks: [{ count: 3 }] },
      { name: 'Angela Martin', tasks: [{ count: 4 }] },
    ]);
  });

  it('orders an embedded resource by its own embed', async () => {
    expect(
      await json('/clients?select=id,projects(id,project_invoices(count()))&order=id&projects.order=project_invoices(count).desc,id.desc'),
    ).toEqual([
      { id: 1, projects: [{ id: 1, project_invoices: [{ count: 2 }] }, { id: 2, project_invoices: [{ count: 1 }] }] },
      { id: 2, projects: [{ id: 4, project_invoices: [{ count: 1 }] }, { id: 3, project_invoices: [{ count: 1 }] }] },
    ]);
  });

  it('pages the ordered rows', async () => {
    expect(await api.ids(`/projects?${INVOICE_TOTAL}&order=project_invoices(total).desc.nullslast&limit=2&offset=1`)).toEqual([3, 2]);
    const r = await api.get(`/projects?${INVOICE_COUNT}&order=project_invoices(count).desc,id&limit=2`, { Prefer: 'count=exact' });
    expect([r.headers.get('content-range'), (r.json as { id: number }[]).map((x) => x.id)]).toEqual(['0-1/5', [1, 2]]);
  });
});

describe('errors', () => {
  const error = async (path: string, server = api) => {
    const r = await server.get(path);
    return [r.status, r.json];
  };

  it('PGRST108 when the relation is not embedded, with the alias hint when aliased', async () => {
    const notEmbedded = pgrstError(
      'PGRST108',
      "'project_invoices' is not an embedded resource in this request",
      null,
      "Verify that 'project_invoices' is included in the 'select' query parameter.",
    );
    expect(await error('/projects?select=id&order=project_invoices(count)')).toEqual([400, notEmbedded]);
    expect(await error('/projects?select=id,inv:project_invoices(count())&order=project_invoices(count)')).toEqual([
      400,
      pgrstError(
        'PGRST108',
        "'project_invoices' is not an embedded resource in this request",
        'Target names are not allowed in filters if they have an alias',
        "Change 'project_invoices' to 'inv' in filters, orders or limits.",
      ),
    ]);
  });

  it('PGRST118 with a hint when the to-many embed selects grouping columns', async () => {
    expect(await error('/clients?select=id,projects(id)&order=projects(id)')).toEqual([
      400,
      pgrstError(
        'PGRST118',
        "A related order on 'projects' is not possible",
        "'clients' and 'projects' do not form a many-to-one or one-to-one relationship",
        "A one-to-many or many-to-many embed can be used in a related order when it selects only aggregates, as in 'select=...,projects(count())&order=projects(count)'",
      ),
    ]);
    // A shown embed below makes one row per group too.
    expect(((await api.get('/clients?select=id,projects(count(),tasks(id))&order=projects(count)')).json as { code: string }).code).toBe(
      'PGRST118',
    );
  });

  it('PGRST100 when the key is not an aggregate the embed selects, or it selects nothing', async () => {
    expect(await error('/clients?select=id,projects(count(),top:id.max())&order=projects(total)')).toEqual([
      400,
      pgrstError(
        'PGRST100',
        "A related order on 'projects' is not possible",
        "'projects' selects no aggregate named 'total'",
        "Use the output key of one of its aggregates: 'count', 'top'",
      ),
    ]);
    expect(await error('/clients?select=id,projects()&order=projects(count)')).toEqual([
      400,
      pgrstError(
        'PGRST100',
        "A related order on 'projects' is not possible",
        "'projects' selects nothing, so it has no 'count'",
        "Select the aggregate in the embed, as in 'select=...,projects(count())&order=projects(count)'",
      ),
    ]);
  });

  it('PGRST123 when aggregates are disabled', async () => {
    expect(await error('/clients?select=id,projects(count())&order=projects(count)', noAggregates)).toEqual([
      400,
      pgrstError('PGRST123', 'Use of aggregate functions is not allowed'),
    ]);
    // A to-one column needs no aggregates.
    expect(await noAggregates.ids('/projects?select=id,clients(name)&order=clients(name).desc,id')).toEqual([5, 1, 2, 3, 4]);
  });
});
