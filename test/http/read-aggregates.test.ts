// Aggregates (db-aggregates-enabled): sum/avg/min/max/count, grouping by the other
// selected columns, aliases and casts, aggregates in embeds, and to-one spreads whose
// aggregates are computed in the parent (PostgREST's hoisting).
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer({ dbAggregatesEnabled: true });

const json = async (path: string): Promise<unknown> => {
  const r = await api.get(path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return r.json;
};

describe('aggregates', () => {
  it.each([
    ['invoice_total.sum()', [{ sum: 4800 }]],
    ['invoice_total.avg()', [{ avg: 960 }]],
    ['invoice_total.min()', [{ min: 100 }]],
    ['invoice_total.max()', [{ max: 3000 }]],
    ['invoice_total.count()', [{ count: 5 }]],
    ['count()', [{ count: 5 }]],
    ['n:count()', [{ n: 5 }]],
    ['count()::text', [{ count: '5' }]],
    ['total:invoice_total.sum()::text', [{ total: '4800' }]],
    ['invoice_total::int.max()', [{ max: 3000 }]],
  ])('select=%s', async (select, expected) => expect(await json(`/project_invoices?select=${select}`)).toEqual(expected));

  it('reads a bare count as count() (backwards compatible), also in embeds', async () => {
    expect(await json('/tasks?select=count')).toEqual([{ count: 8 }]);
    expect(await json('/clients?select=name,projects(count)&order=id')).toEqual([
      { name: 'Microsoft', projects: [{ count: 2 }] },
      { name: 'Apple', projects: [{ count: 2 }] },
    ]);
  });

  it('groups by the other selected columns', async () => {
    expect(await json('/project_invoices?select=project_id,total:invoice_total.sum(),n:count()&order=project_id')).toEqual([
      { project_id: 1, total: 300, n: 2 },
      { project_id: 2, total: 500, n: 1 },
      { project_id: 3, total: 1000, n: 1 },
      { project_id: 4, total: 3000, n: 1 },
    ]);
    expect(await json('/projects?select=c:count(),client_id&order=client_id.desc')).toEqual([
      { c: 1, client_id: null },
      { c: 2, client_id: 2 },
      { c: 2, client_id: 1 },
    ]);
  });

  it('groups by aliased columns and JSON paths', async () => {
    expect(await json('/project_invoices?select=pid:project_id,invoice_total.max()&project_id=lt.3&order=project_id')).toEqual([
      { pid: 1, max: 200 },
      { pid: 2, max: 500 },
    ]);
    expect(await json('/items?select=settings->>color,data->>n::int.sum()&id=lt.4&order=settings->>color')).toEqual([
      { color: 'blue', sum: 2 },
      { color: 'red', sum: 4 },
    ]);
  });

  it('aggregates inside an embed', async () => {
    expect(await json('/projects?select=name,project_invoices(invoice_total.sum())&id=in.(1,2)&order=id')).toEqual([
      { name: 'Windows 7', project_invoices: [{ sum: 300 }] },
      { name: 'Windows 10', project_invoices: [{ sum: 500 }] },
    ]);
  });

  it('groups by an embedded resource', async () => {
    expect(await json('/project_invoices?select=project_id,total:invoice_total.sum(),projects(name)&project_id=lt.3&order=project_id')).toEqual([
      { project_id: 1, total: 300, projects: { name: 'Windows 7' } },
      { project_id: 2, total: 500, projects: { name: 'Windows 10' } },
    ]);
  });

  it('groups by the columns of a to-one spread', async () => {
    expect(await json('/project_invoices?select=total:invoice_total.sum(),...projects(project:name)&order=projects(project)')).toEqual([
      { total: 1000, project: 'IOS' },
      { total: 3000, project: 'OSX' },
      { total: 500, project: 'Windows 10' },
      { total: 300, project: 'Windows 7' },
    ]);
  });

  it('hoists the aggregates of a to-one spread to its parent', async () => {
    expect(await json('/tasks?select=...projects(client_id,top:id.max())&order=projects(client_id)')).toEqual([
      { client_id: 1, top: 2 },
      { client_id: 2, top: 4 },
    ]);
    expect(await json('/project_invoices?select=...projects(...clients(client:name,n:count()))&order=projects(client)')).toEqual([
      { client: 'Apple', n: 2 },
      { client: 'Microsoft', n: 3 },
    ]);
  });
});
