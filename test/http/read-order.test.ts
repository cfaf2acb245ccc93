// Ordering: asc/desc, nullsfirst/nullslast, several terms, JSON paths, ordering embedded
// resources, and ordering by a column of a to-one embed.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();

const ids = async (path: string): Promise<readonly number[]> => {
  const r = await api.get(path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return (r.json as { id: number }[]).map((x) => x.id);
};

describe('order', () => {
  it.each([
    ['order=id', [1, 2, 3, 4]],
    ['order=id.desc', [4, 3, 2, 1]],
    ['order=id.asc', [1, 2, 3, 4]],
    ['order=name', [1, 3, 2, 4]],
    ['order=name.desc', [4, 2, 3, 1]],
    ['order=name.asc.nullsfirst', [4, 1, 3, 2]],
    ['order=name.desc.nullslast', [2, 3, 1, 4]],
    ['order=name.nullsfirst', [4, 1, 3, 2]],
    ['order=flag.desc.nullslast,id.desc', [1, 2, 4, 3]],
    ['order=flag,id.desc', [2, 1, 4, 3]],
    ['order=data->>k.desc', [4, 3, 2, 1]],
    ['order=data->n.desc.nullslast', [3, 2, 1, 4]],
    ['order=settings->>color,id', [2, 1, 3, 4]],
    ['order=tags->>0.nullsfirst,id', [3, 4, 1, 2]],
  ])('items?%s', async (q, expected) => expect(await ids(`/items?select=id&${q}`)).toEqual(expected));

  it('orders embedded resources', async () => {
    const r = await api.get('/clients?select=id,projects(id)&order=id.desc&projects.order=id.desc');
    expect(r.json).toEqual([
      { id: 2, projects: [{ id: 4 }, { id: 3 }] },
      { id: 1, projects: [{ id: 2 }, { id: 1 }] },
    ]);
  });

  it('orders nested embedded resources', async () => {
    const r = await api.get('/clients?select=id,projects(id,tasks(id))&id=eq.1&projects.order=id.desc&projects.tasks.order=id.desc');
    expect(r.json).toEqual([{ id: 1, projects: [{ id: 2, tasks: [{ id: 4 }, { id: 3 }] }, { id: 1, tasks: [{ id: 2 }, { id: 1 }] }] }]);
  });

  it('orders by a column of a to-one embed', async () => {
    const r = await api.get('/projects?select=id,clients(name)&order=clients(name).desc.nullslast,id');
    expect(r.json).toEqual([
      { id: 1, clients: { name: 'Microsoft' } },
      { id: 2, clients: { name: 'Microsoft' } },
      { id: 3, clients: { name: 'Apple' } },
      { id: 4, clients: { name: 'Apple' } },
      { id: 5, clients: null },
    ]);
    expect(await ids('/projects?select=id,client:clients(name)&order=client(name).nullsfirst,id.desc')).toEqual([5, 4, 3, 2, 1]);
  });

  it('orders by a column of a spread to-one embed', async () => {
    const r = await api.get('/projects?select=id,...clients(client:name)&id=lt.5&order=clients(client),id');
    expect(r.json).toEqual([
      { id: 3, client: 'Apple' },
      { id: 4, client: 'Apple' },
      { id: 1, client: 'Microsoft' },
      { id: 2, client: 'Microsoft' },
    ]);
  });
});
