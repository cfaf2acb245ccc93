// Logic trees: `or=(...)`, `and=(...)`, `not.or`/`not.and`, nesting to any depth, `not.`
// inside trees, trees on embedded resources, and trees combined with plain filters.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();

const ids = (path: string) => api.ids(path);
const tasks = (q: string) => ids(`/tasks?select=id&order=id&${q}`);

describe('logic trees', () => {
  it.each([
    ['or=(id.eq.1,id.eq.8)', [1, 8]],
    ['and=(id.gt.2,id.lt.5)', [3, 4]],
    ['not.or=(id.lt.3,id.gt.6)', [3, 4, 5, 6]],
    ['not.and=(id.gt.1,id.lt.8)', [1, 8]],
    ['or=(id.eq.1,and(project_id.eq.4,name.like.Code*))', [1, 8]],
    ['or=(and(id.gt.1,or(id.eq.2,and(id.gt.6,id.not.eq.7))),id.eq.5)', [2, 5, 8]],
    ['or=(id.not.eq.1,name.eq.x)&id=lt.3', [2]],
    ['or=(name.not.like.Design*,id.eq.1)', [1, 2, 4, 6, 8]],
    ['or=(project_id.is.null,id.in.(3,4))', [3, 4]],
    ['or=(name.ilike.*ios,name.fts(english).osx)', [5, 6, 7, 8]],
    ['and=(id.gte.2,id.lte.4)&or=(id.eq.2,id.eq.4)', [2, 4]],
    ['or=(id.eq(any).{1,2},id.eq.7)', [1, 2, 7]],
  ])('%s', async (q, expected) => expect(await tasks(q)).toEqual(expected));

  it('filters JSON paths and booleans inside trees', async () => {
    expect(await ids('/items?select=id&order=id&or=(data->>k.eq.v1,flag.is.false)')).toEqual([1, 2]);
    expect(await ids('/items?select=id&order=id&and=(data->n.gt.1,settings->>color.eq.red)')).toEqual([3]);
  });

  it('applies a tree on an embedded resource to that resource only', async () => {
    const r = await api.get('/projects?select=id,tasks(id)&id=in.(1,2)&order=id&tasks.order=id&tasks.or=(id.eq.1,id.eq.4)');
    expect(r.json).toEqual([
      { id: 1, tasks: [{ id: 1 }] },
      { id: 2, tasks: [{ id: 4 }] },
    ]);
  });

  it('negates a tree on an embedded resource', async () => {
    const r = await api.get('/clients?select=id,projects(id)&order=id&projects.order=id&projects.not.and=(id.gt.1,id.lt.4)');
    expect(r.json).toEqual([
      { id: 1, projects: [{ id: 1 }] },
      { id: 2, projects: [{ id: 4 }] },
    ]);
  });

  it('tests embeds for null inside a tree', async () => {
    const r = await api.get('/countries?select=id,capitals(name)&order=id&or=(capitals.is.null,id.eq.1)');
    expect(r.json).toEqual([
      { id: 1, capitals: { name: 'Paris' } },
      { id: 3, capitals: null },
    ]);
  });
});
