// Beyond PostgREST: ordering and filtering the parent by an aggregate of a to-many embed that
// selects only aggregates (`order=projects(count).desc`, `projects(count)=gt.1`), and filtering
// by a to-one embed's column (`clients(name)=eq.Apple`): zero children, NULLs, nested paths,
// logic trees, pages, count=exact, `!inner` and embedded filters, and every error.
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

describe('filtering by an aggregate of a to-many embed', () => {
  it.each([
    ['gt.1', [1]],
    ['eq.1', [2, 3, 4]],
    ['eq.0', [5]],
    ['gte.0', [1, 2, 3, 4, 5]],
    ['in.(0,2)', [1, 5]],
    ['not.eq.1', [1, 5]],
    ['not.in.(0,2)', [2, 3, 4]],
    ['neq.2', [2, 3, 4, 5]],
    ['is.null', []],
  ])('project_invoices(count)=%s', async (filter, ids) => {
    expect(await api.ids(`/projects?${INVOICE_COUNT}&project_invoices(count)=${filter}&order=id`)).toEqual(ids);
  });

  it.each([
    ['gte.1000', [3, 4]],
    ['lt.600', [1, 2]],
    // NOT of NULL is NULL: the project without invoices passes neither.
    ['not.lt.600', [3, 4]],
    ['is.null', [5]],
    ['not.is.null', [1, 2, 3, 4]],
    ['in.(300,3000)', [1, 4]],
    ['isdistinct.300', [2, 3, 4, 5]],
  ])('project_invoices(total)=%s', async (filter, ids) => {
    expect(await api.ids(`/projects?${INVOICE_TOTAL}&project_invoices(total)=${filter}&order=id`)).toEqual(ids);
  });

  it('sees count() as 0 and sum() as NULL over no children', async () => {
    expect(
      await json('/projects?select=id,project_invoices(count(),total:invoice_total.sum())&project_invoices(count)=eq.0&project_invoices(total)=is.null'),
    ).toEqual([{ id: 5, project_invoices: [{ count: 0, total: null }] }]);
  });

  it('takes several filters and orders on the same embed, with casts and aliases', async () => {
    expect(
      await json(
        '/projects?select=id,inv:project_invoices(n:count()::int,top:invoice_total.max()::text)&inv(n)=gte.1&inv(top)=like.*00&order=inv(n).desc,inv(top).desc',
      ),
    ).toEqual([
      { id: 1, inv: [{ n: 2, top: '200' }] },
      // Cast to text, the maxima order as text.
      { id: 2, inv: [{ n: 1, top: '500' }] },
      { id: 4, inv: [{ n: 1, top: '3000' }] },
      { id: 3, inv: [{ n: 1, top: '1000' }] },
    ]);
  });

  it('aggregates over the filtered children: an embedded filter changes what is counted', async () => {
    const path = '/clients?select=id,projects(count())&projects.name=like.W*';
    expect(await json(`${path}&order=id`)).toEqual([
      { id: 1, projects: [{ count: 2 }] },
      { id: 2, projects: [{ count: 0 }] },
    ]);
    expect(await api.ids(`${path}&projects(count)=gt.0`)).toEqual([1]);
    expect(await api.ids(`${path}&order=projects(count)`)).toEqual([2, 1]);
    expect(await api.ids('/clients?select=id,projects(count())&projects(count)=gt.0&order=id')).toEqual([1, 2]);
  });

  it('filters an embedded resource by its own embed', async () => {
    expect(await json('/clients?select=id,projects(id,project_invoices(count()))&projects.project_invoices(count)=gte.2&order=id')).toEqual([
      { id: 1, projects: [{ id: 1, project_invoices: [{ count: 2 }] }] },
      { id: 2, projects: [] },
    ]);
    // A to-one embed filtered away is null in its parent, which stays.
    expect(
      await json('/projects?select=id,clients(name,projects(count()))&clients.projects.name=like.W*&clients.projects(count)=gte.1&order=id'),
    ).toEqual([
      { id: 1, clients: { name: 'Microsoft', projects: [{ count: 2 }] } },
      { id: 2, clients: { name: 'Microsoft', projects: [{ count: 2 }] } },
      { id: 3, clients: null },
      { id: 4, clients: null },
      { id: 5, clients: null },
    ]);
  });

  it('combines with an !inner embed and its filters', async () => {
    const path = '/projects?select=id,clients!inner(name),project_invoices(count())&clients.name=eq.Apple';
    expect(await api.ids(`${path}&order=project_invoices(count).desc,id.desc`)).toEqual([4, 3]);
    const r = await api.get(`${path}&project_invoices(count)=eq.1&limit=1&order=id`, { Prefer: 'count=exact' });
    expect([r.headers.get('content-range'), r.json]).toEqual(['0-0/2', [{ id: 3, clients: { name: 'Apple' }, project_invoices: [{ count: 1 }] }]]);
  });

  it('builds the embed the same whether or not the parent reads its aggregates', async () => {
    const select = '/projects?select=id,project_invoices(count(),avg:invoice_total.avg(),max:invoice_total.max(),t:invoice_total.min()::text)';
    const plain = await api.get(`${select}&order=id`);
    const read = await api.get(`${select}&project_invoices(count)=gte.0&order=project_invoices(avg).nullslast,project_invoices(t)`);
    expect(read.text).toBe(plain.text);
    expect((plain.json as unknown[])[0]).toEqual({ id: 1, project_invoices: [{ count: 2, avg: 150, max: 200, t: '100' }] });
  });
});

describe('filtering by a to-one embed', () => {
  it.each([
    ['eq.Apple', [3, 4]],
    ['like.*soft', [1, 2]],
    // The project without a client has NULL there: excluded by operators, kept by is.null.
    ['not.eq.Apple', [1, 2]],
    ['is.null', [5]],
    ['not.is.null', [1, 2, 3, 4]],
    ['in.(Apple,Nobody)', [3, 4]],
  ])('clients(name)=%s', async (filter, ids) => {
    expect(await api.ids(`/projects?select=id,clients(name)&clients(name)=${filter}&order=id`)).toEqual(ids);
  });

  it('reads a hidden embed, a spread and an alias', async () => {
    expect(await json('/projects?select=id,clients()&clients(name)=eq.Apple&order=id')).toEqual([{ id: 3 }, { id: 4 }]);
    expect(await json('/projects?select=id,...clients(client:name)&clients(client)=eq.Apple&order=id')).toEqual([
      { id: 3, client: 'Apple' },
      { id: 4, client: 'Apple' },
    ]);
    expect(await api.ids('/projects?select=id,owner:clients(name)&owner(name)=eq.Microsoft&order=id')).toEqual([1, 2]);
  });

  it('filters an embedded resource by its own to-one embed', async () => {
    expect(await json('/clients?select=id,projects(id,clients(name))&projects.clients(name)=eq.Apple&order=id&projects.order=id')).toEqual([
      { id: 1, projects: [] },
      { id: 2, projects: [{ id: 3, clients: { name: 'Apple' } }, { id: 4, clients: { name: 'Apple' } }] },
    ]);
  });

  it('counts with the filter applied', async () => {
    const r = await api.get('/projects?select=id,clients(name)&clients(name)=eq.Apple&limit=1&order=id', { Prefer: 'count=exact' });
    expect([r.status, r.headers.get('content-range')]).toEqual([206, '0-0/2']);
  });
});

describe('related filters in logic trees', () => {
  it('reads aggregates and to-one columns inside or/and', async () => {
    expect(await api.ids(`/projects?${INVOICE_COUNT}&or=(project_invoices(count).gt.1,id.eq.5)&order=id`)).toEqual([1, 5]);
    expect(await api.ids(`/projects?${INVOICE_COUNT}&not.or=(project_invoices(count).gt.1,id.eq.5)&order=id`)).toEqual([2, 3, 4]);
    expect(await api.ids('/projects?select=id,clients(name)&or=(clients(name).eq.Apple,id.eq.1)&order=id')).toEqual([1, 3, 4]);
    expect(
      await api.ids(`/projects?${INVOICE_TOTAL}&and=(project_invoices(total).gt.100,or(project_invoices(total).lt.600,project_invoices(total).is.null))&order=id`),
    ).toEqual([1, 2]);
  });

  it('applies on an embedded path and in the count', async () => {
    expect(await json('/clients?select=id,projects(id,project_invoices(count()))&projects.or=(project_invoices(count).eq.2,id.eq.4)&order=id&projects.order=id')).toEqual([
      { id: 1, projects: [{ id: 1, project_invoices: [{ count: 2 }] }] },
      { id: 2, projects: [{ id: 4, project_invoices: [{ count: 1 }] }] },
    ]);
    const r = await api.get(`/projects?${INVOICE_COUNT}&or=(project_invoices(count).eq.1,id.eq.1)&limit=1&order=id`, { Prefer: 'count=exact' });
    expect(r.headers.get('content-range')).toBe('0-0/4');
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
    expect(await error('/projects?select=id&project_invoices(count)=gt.1')).toEqual([400, notEmbedded]);
    expect(await error('/projects?select=id&or=(project_invoices(count).gt.1)')).toEqual([400, notEmbedded]);
    expect(await error('/projects?select=id,inv:project_invoices(count())&project_invoices(count)=gt.1')).toEqual([
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
    expect(await error('/clients?select=id,projects(client_id,count())&projects(count)=gt.1')).toEqual([
      400,
      pgrstError(
        'PGRST118',
        "A related filter on 'projects' is not possible",
        "'clients' and 'projects' do not form a many-to-one or one-to-one relationship",
        "A one-to-many or many-to-many embed can be used in a related filter when it selects only aggregates, as in 'select=...,projects(count())&projects(count)=gt.0'",
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
    expect(await error('/clients?select=id,projects()&projects(count)=gt.1')).toEqual([
      400,
      pgrstError(
        'PGRST100',
        "A related filter on 'projects' is not possible",
        "'projects' selects nothing, so it has no 'count'",
        "Select the aggregate in the embed, as in 'select=...,projects(count())&projects(count)=gt.0'",
      ),
    ]);
  });

  it('PGRST100 for a malformed related key', async () => {
    const r = await api.get('/projects?select=id,clients(name)&clients(name=eq.x');
    expect([r.status, (r.json as { message: string }).message]).toEqual([400, '"failed to parse tree path (clients(name)" (line 1, column 8)']);
  });

  it('PGRST123 when aggregates are disabled', async () => {
    expect(await error('/clients?select=id,projects(count())&order=projects(count)', noAggregates)).toEqual([
      400,
      pgrstError('PGRST123', 'Use of aggregate functions is not allowed'),
    ]);
    expect(await error('/clients?select=id,projects(count())&projects(count)=gt.1', noAggregates)).toEqual([
      400,
      pgrstError('PGRST123', 'Use of aggregate functions is not allowed'),
    ]);
    // A to-one column needs no aggregates.
    expect(await noAggregates.ids('/projects?select=id,clients(name)&clients(name)=eq.Apple&order=id')).toEqual([3, 4]);
  });
});

describe('keys that are not values of the embed row', () => {
  const refused = async (path: string, server = api) => {
    const r = await server.get(path);
    return [r.status, r.json];
  };

  it('refuses a to-one key its row does not select, rather than a function of the row', async () => {
    for (const [path, key] of [
      ['/projects?select=id,clients(name)&order=clients(count)', 'count'],
      ['/projects?select=id,clients(name)&clients(to_jsonb)=cs.{"name":"Apple"}', 'to_jsonb'],
    ] as const) {
      const use = path.includes('order=') ? 'order' : 'filter';
      expect(await refused(path)).toEqual([
        400,
        pgrstError('PGRST100', `A related ${use} on 'clients' is not possible`, `'clients' has no '${key}' among the keys it selects`, "Use one of its keys: 'name'"),
      ]);
    }
    // A hidden embed selects every column; `count` is none of them, so all five rows stay rows.
    const [status, body] = await refused('/projects?select=id,clients()&order=clients(count)');
    expect(status).toBe(400);
    expect((body as { hint: string }).hint).toBe("Use one of its keys: 'id', 'name'");
    expect(await api.ids('/projects?select=id,clients()&order=clients(name).desc.nullslast,id')).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a key a to-one spread aggregates, which its parent computes', async () => {
    const [status, body] = await refused('/projects?select=...clients(c:count())&clients(c)=gt.1');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'PGRST100', details: "'clients' has no 'c' among the keys it selects" });
  });

  it('refuses a related order on a node that groups, unless it orders by a column a to-one spread groups by', async () => {
    for (const path of [
      '/projects?select=client_id,count(),project_invoices(count())&order=project_invoices(count)',
      '/projects?select=client_id,count(),clients(name)&order=clients(name)',
    ])
      expect(await refused(path)).toEqual([
        400,
        pgrstError(
          'PGRST100',
          `A related order on '${path.includes('clients(name)') ? 'clients' : 'project_invoices'}' is not possible`,
          `'projects' selects aggregates, so its rows are groups and '${path.includes('clients(name)') ? 'clients' : 'project_invoices'}' has no single value for a group`,
          'Order by a selected column or aggregate instead',
        ),
      ]);
    expect(await json('/tasks?select=...projects(client_id,top:id.max())&order=projects(client_id).desc')).toEqual([
      { client_id: 2, top: 4 },
      { client_id: 1, top: 2 },
    ]);
  });

  it('needs db-aggregates-enabled to group by a bare count or read it as a key', async () => {
    const off = pgrstError('PGRST123', 'Use of aggregate functions is not allowed');
    for (const path of [
      '/projects?select=client_id,count',
      '/projects?select=c:count::text,name',
      '/clients?select=name,projects(client_id,count)',
      '/clients?select=id,projects(count)&order=projects(count)',
      '/clients?select=id,projects(count)&projects(count)=gt.1',
    ])
      expect(await refused(path, noAggregates)).toEqual([400, off]);
    // Alone, a bare count is the row count it always was.
    expect((await noAggregates.get('/projects?select=count')).json).toEqual([{ count: 5 }]);
    expect((await noAggregates.get('/clients?select=name,projects(count)&order=id')).json).toEqual([
      { name: 'Microsoft', projects: [{ count: 2 }] },
      { name: 'Apple', projects: [{ count: 2 }] },
    ]);
  });
});

describe('whether an aggregates-only embed has children', () => {
  const page = async (path: string) => {
    const r = await api.get(path, { Prefer: 'count=exact' });
    return [r.status, r.headers.get('content-range'), (r.json as { id: number }[]).map((x) => x.id)];
  };

  it('is asked of its children, so !inner, is.null and not.is.null agree with the count', async () => {
    // Project 5 has no invoices: its count() is 0, but it has no children.
    expect(await page('/projects?select=id,project_invoices!inner(count())&order=id&limit=10')).toEqual([200, '0-3/4', [1, 2, 3, 4]]);
    expect(await page('/projects?select=id,project_invoices!inner(count())&order=id')).toEqual([200, '0-3/4', [1, 2, 3, 4]]);
    expect(await page('/projects?select=id,project_invoices(count())&project_invoices=is.null&limit=10')).toEqual([200, '0-0/1', [5]]);
    expect(await page('/projects?select=id,project_invoices(count())&project_invoices=not.is.null&order=id&limit=10')).toEqual([
      200,
      '0-3/4',
      [1, 2, 3, 4],
    ]);
    expect(await page('/projects?select=id,project_invoices(total:invoice_total.sum())&or=(project_invoices.is.null,id.eq.1)&order=id')).toEqual([
      200,
      '0-1/2',
      [1, 5],
    ]);
  });

  it('asks through hidden !inner embeds below it', async () => {
    // Only Microsoft's project 1 has task 1.
    expect(await page('/clients?select=id,projects!inner(count(),tasks!inner())&projects.tasks.id=eq.1&limit=5')).toEqual([200, '0-0/1', [1]]);
  });

  it('counts the children embedded filters leave', async () => {
    const r = await api.get('/projects?select=id,project_invoices!inner(count())&project_invoices.invoice_total=gt.400&order=id', {
      Prefer: 'count=exact',
    });
    expect([r.headers.get('content-range'), r.json]).toEqual([
      '0-2/3',
      [
        { id: 2, project_invoices: [{ count: 1 }] },
        { id: 3, project_invoices: [{ count: 1 }] },
        { id: 4, project_invoices: [{ count: 1 }] },
      ],
    ]);
  });
});

describe('keys that name no single aggregate', () => {
  it('refuses two aggregates of one key, and one named like the embed SQL alias', async () => {
    for (const [path, key] of [
      ['/clients?select=id,projects(c:count(),c:id.max())&order=projects(c)', 'c'],
      ['/clients?select=id,projects(clients_projects_1:count())&projects(clients_projects_1)=gt.1', 'clients_projects_1'],
    ] as const) {
      const r = await api.get(path);
      expect([r.status, r.json]).toEqual([
        400,
        pgrstError(
          'PGRST100',
          `A related ${path.includes('order=') ? 'order' : 'filter'} on 'projects' is not possible`,
          `'${key}' does not name exactly one aggregate of 'projects'`,
          'Give the aggregate an alias of its own',
        ),
      ]);
    }
  });
});

describe('to-many spreads of aggregates only (beyond PostgREST)', () => {
  it('lift their one row of values into the parent', async () => {
    expect(await json('/projects?select=id,...project_invoices(n:count(),total:invoice_total.sum())&order=id')).toEqual([
      { id: 1, n: 2, total: 300 },
      { id: 2, n: 1, total: 500 },
      { id: 3, n: 1, total: 1000 },
      { id: 4, n: 1, total: 3000 },
      { id: 5, n: 0, total: null },
    ]);
    // Through a many-to-many junction, with an embedded filter narrowing what is aggregated.
    expect(await json('/users?select=name,...tasks(tasks:count())&tasks.project_id=eq.1&order=id')).toEqual([
      { name: 'Angela Martin', tasks: 2 },
      { name: 'Michael Scott', tasks: 0 },
      { name: 'Dwight Schrute', tasks: 1 },
    ]);
  });

  it('filter, order and count like other aggregates-only embeds, !inner asking the children', async () => {
    expect(await api.ids('/projects?select=id,...project_invoices(n:count())&project_invoices(n)=gt.0&order=project_invoices(n).desc,id')).toEqual([
      1, 2, 3, 4,
    ]);
    const r = await api.get('/projects?select=id,...project_invoices!inner(n:count())&order=id&limit=10', { Prefer: 'count=exact' });
    expect([r.headers.get('content-range'), (r.json as { id: number }[]).map((p) => p.id)]).toEqual(['0-3/4', [1, 2, 3, 4]]);
  });
});
