// Resource embedding: many-to-one, one-to-many, one-to-one, many-to-many through a junction,
// self relationships, aliases, `!hint`, `!inner`, spreads (to-one and to-many), nesting,
// embedded filters, orders and limits, and `rel=is.null` / `rel=not.is.null`.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();

const json = async (path: string): Promise<unknown> => {
  const r = await api.get(path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return r.json;
};

describe('embedding', () => {
  it('embeds a many-to-one relationship as an object or null', async () => {
    const r = await api.get('/projects?select=id,clients(name)&id=in.(1,5)&order=id');
    expect(r.text).toBe('[{"id":1,"clients":{"name": "Microsoft"}}, \n {"id":5,"clients":null}]');
  });

  it('embeds a one-to-many relationship as an array', async () => {
    const r = await api.get('/clients?select=name,projects(name)&order=id&projects.order=id');
    expect(r.text).toBe(
      '[{"name":"Microsoft","projects":[{"name": "Windows 7"}, {"name": "Windows 10"}]}, \n {"name":"Apple","projects":[{"name": "IOS"}, {"name": "OSX"}]}]',
    );
    expect(await json('/projects?select=id,tasks(id)&id=eq.5')).toEqual([{ id: 5, tasks: [] }]);
  });

  it('embeds one-to-one relationships as objects both ways', async () => {
    expect(await json('/countries?select=name,capitals(name)&order=id')).toEqual([
      { name: 'France', capitals: { name: 'Paris' } },
      { name: 'Peru', capitals: { name: 'Lima' } },
      { name: 'Atlantis', capitals: null },
    ]);
    expect(await json('/capitals?select=name,countries(name)&id=eq.2')).toEqual([{ name: 'Lima', countries: { name: 'Peru' } }]);
  });

  it('embeds many-to-many through the junction, both ways', async () => {
    expect(await json('/users?select=name,tasks(name)&id=eq.3&tasks.order=id')).toEqual([
      { name: 'Dwight Schrute', tasks: [{ name: 'Design w7' }, { name: 'Design IOS' }] },
    ]);
    expect(await json('/tasks?select=id,users(id)&id=eq.1&users.order=id')).toEqual([{ id: 1, users: [{ id: 1 }, { id: 3 }] }]);
    expect(await json('/users?select=id,users_tasks(task_id)&id=eq.2&users_tasks.order=task_id')).toEqual([
      { id: 2, users_tasks: [{ task_id: 5 }, { task_id: 6 }, { task_id: 7 }] },
    ]);
  });

  it('embeds many-to-many through a junction whose foreign keys are a unique pair, not its primary key', async () => {
    expect(await json('/projects?select=id,labels(name)&id=in.(1,3)&order=id&labels.order=id')).toEqual([
      { id: 1, labels: [{ name: 'os' }, { name: 'legacy' }] },
      { id: 3, labels: [{ name: 'os' }, { name: 'mobile' }] },
    ]);
    expect(await json('/labels?select=name,projects(id)&id=eq.1&projects.order=id')).toEqual([
      { name: 'os', projects: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }] },
    ]);
    expect(await json('/labels?select=name,projects!project_labels(id)&id=eq.2')).toEqual([{ name: 'mobile', projects: [{ id: 3 }] }]);
    // The junction itself is still one-to-many from both sides.
    expect(await json('/labels?select=name,project_labels(project_id)&id=eq.2')).toEqual([{ name: 'mobile', project_labels: [{ project_id: 3 }] }]);
    // A partial unique index does not make a pair unique, so loose_labels is no junction.
    const r = await api.get('/projects?select=id,labels!loose_labels(name)');
    expect(r.json).toMatchObject({ code: 'PGRST200' });
  });

  it('embeds everything with *', async () => {
    expect(await json('/projects?select=*,clients(*)&id=eq.1')).toEqual([
      { id: 1, name: 'Windows 7', client_id: 1, clients: { id: 1, name: 'Microsoft' } },
    ]);
  });

  it('aliases embeds and their columns', async () => {
    expect(await json('/projects?select=id,client:clients(n:name)&id=eq.3')).toEqual([{ id: 3, client: { n: 'Apple' } }]);
  });

  it('disambiguates with a hint: a foreign key column or a constraint', async () => {
    expect(await json('/messages?select=id,sender:users!sender_id(name),recipient:users!messages_recipient_id_fkey(name)&order=id')).toEqual([
      { id: 1, sender: { name: 'Angela Martin' }, recipient: { name: 'Michael Scott' } },
      { id: 2, sender: { name: 'Michael Scott' }, recipient: { name: 'Angela Martin' } },
      { id: 3, sender: { name: 'Dwight Schrute' }, recipient: { name: 'Angela Martin' } },
    ]);
  });

  it('embeds by foreign key column or constraint name', async () => {
    expect(await json('/messages?select=id,sender_id(name)&id=eq.1')).toEqual([{ id: 1, sender_id: { name: 'Angela Martin' } }]);
    expect(await json('/messages?select=id,messages_recipient_id_fkey(name)&id=eq.1')).toEqual([
      { id: 1, messages_recipient_id_fkey: { name: 'Michael Scott' } },
    ]);
  });

  it('embeds self relationships: parent by column, children by table', async () => {
    expect(await json('/family_tree?select=id,parent(name)&order=id&id=in.(1,4)')).toEqual([
      { id: '1', parent: null },
      { id: '4', parent: { name: 'Kid One' } },
    ]);
    expect(await json('/family_tree?select=id,children:family_tree(id)&id=eq.1&children.order=id')).toEqual([
      { id: '1', children: [{ id: '2' }, { id: '3' }] },
    ]);
  });

  it('embeds through views', async () => {
    expect(await json('/projects_view?select=id,clients(name)&id=eq.1')).toEqual([{ id: 1, clients: { name: 'Microsoft' } }]);
  });

  it('embeds views through chains of views, both ways, renamed columns included', async () => {
    expect(await json('/projects_view2?select=id,clients_view2(client_name)&id=in.(1,5)&order=id')).toEqual([
      { id: 1, clients_view2: { client_name: 'Microsoft' } },
      { id: 5, clients_view2: null },
    ]);
    expect(await json('/clients_view2?select=client_key,projects_view2(id)&order=client_key&projects_view2.order=id')).toEqual([
      { client_key: 1, projects_view2: [{ id: 1 }, { id: 2 }] },
      { client_key: 2, projects_view2: [{ id: 3 }, { id: 4 }] },
    ]);
    expect(await json('/clients?select=id,projects_view2(id)&id=eq.2&projects_view2.order=id')).toEqual([{ id: 2, projects_view2: [{ id: 3 }, { id: 4 }] }]);
    expect(await json('/clients_view?select=client_key,projects(name)&client_key=eq.2&projects.order=id')).toEqual([
      { client_key: 2, projects: [{ name: 'IOS' }, { name: 'OSX' }] },
    ]);
  });

  it('embeds through a view joining several tables, by the column it takes from each', async () => {
    expect(await json('/tasks_view?select=id,project_name,projects_view(name,clients_view(client_name))&id=eq.5')).toEqual([
      { id: 5, project_name: 'IOS', projects_view: { name: 'IOS', clients_view: { client_name: 'Apple' } } },
    ]);
    expect(await json('/projects?select=id,tasks_view(id)&id=eq.1&tasks_view.order=id')).toEqual([{ id: 1, tasks_view: [{ id: 1 }, { id: 2 }] }]);
  });

  it('embeds from a table named like the alias of what it embeds', async () => {
    expect(await json('/clients_1?select=id,name,clients(id,name)&order=id')).toEqual([
      { id: 1, name: 'Note on Apple', clients: { id: 2, name: 'Apple' } },
      { id: 2, name: 'Note on Microsoft', clients: { id: 1, name: 'Microsoft' } },
    ]);
    expect(await json('/clients?select=id,clients_1(name)&id=eq.2')).toEqual([{ id: 2, clients_1: [{ name: 'Note on Apple' }] }]);
  });

  it('nests to any depth', async () => {
    expect(
      await json(
        '/clients?select=name,projects(name,tasks(name,users(name)))&id=eq.2&projects.order=id&projects.limit=1&projects.tasks.order=id&projects.tasks.users.order=id',
      ),
    ).toEqual([
      {
        name: 'Apple',
        projects: [
          {
            name: 'IOS',
            tasks: [
              { name: 'Design IOS', users: [{ name: 'Michael Scott' }, { name: 'Dwight Schrute' }] },
              { name: 'Code IOS', users: [{ name: 'Michael Scott' }] },
            ],
          },
        ],
      },
    ]);
  });
});

describe('embedded filters', () => {
  it('filter the embed, not the parent', async () => {
    expect(await json('/clients?select=id,projects(id)&projects.id=gt.2&order=id&projects.order=id')).toEqual([
      { id: 1, projects: [] },
      { id: 2, projects: [{ id: 3 }, { id: 4 }] },
    ]);
    expect(await json('/projects?select=id,clients(name)&clients.name=eq.Apple&id=in.(1,3)&order=id')).toEqual([
      { id: 1, clients: null },
      { id: 3, clients: { name: 'Apple' } },
    ]);
  });

  it('filter nested embeds by path', async () => {
    expect(await json('/clients?select=id,projects(id,tasks(id))&id=eq.1&projects.order=id&projects.tasks.id=in.(2,3)')).toEqual([
      { id: 1, projects: [{ id: 1, tasks: [{ id: 2 }] }, { id: 2, tasks: [{ id: 3 }] }] },
    ]);
  });

  it('filter the parent with !inner', async () => {
    expect(await json('/projects?select=id,clients!inner(name)&clients.name=eq.Apple&order=id')).toEqual([
      { id: 3, clients: { name: 'Apple' } },
      { id: 4, clients: { name: 'Apple' } },
    ]);
    expect(await json('/clients?select=id,projects!inner(id)&projects.id=eq.4')).toEqual([{ id: 2, projects: [{ id: 4 }] }]);
  });

  it('join without output for rel() and filter with it', async () => {
    expect(await json('/projects?select=id,clients!inner()&clients.name=eq.Microsoft&order=id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('keep parents whose embed matched with rel=not.is.null', async () => {
    expect(await json('/clients?select=id,projects(id)&projects.id=eq.3&projects=not.is.null')).toEqual([{ id: 2, projects: [{ id: 3 }] }]);
    expect(await json('/projects?select=id,clients(id)&clients=not.is.null&order=id')).toEqual([
      { id: 1, clients: { id: 1 } },
      { id: 2, clients: { id: 1 } },
      { id: 3, clients: { id: 2 } },
      { id: 4, clients: { id: 2 } },
    ]);
  });

  it('keep parents whose embed did not match with rel=is.null', async () => {
    expect(await json('/countries?select=name,capitals()&capitals=is.null')).toEqual([{ name: 'Atlantis' }]);
    expect(await json('/projects?select=id,tasks(id)&tasks=is.null')).toEqual([{ id: 5, tasks: [] }]);
  });

  it('filter on a column named like the embed', async () => {
    expect(await json('/messages?select=id,sender_id(name)&sender_id=eq.3')).toEqual([{ id: 3, sender_id: { name: 'Dwight Schrute' } }]);
  });
});

describe('spread', () => {
  it('merges a to-one embed into its parent', async () => {
    expect(await json('/projects?select=id,...clients(client_name:name)&id=in.(1,5)&order=id')).toEqual([
      { id: 1, client_name: 'Microsoft' },
      { id: 5, client_name: null },
    ]);
    expect(await json('/capitals?select=...countries(*)&id=eq.1')).toEqual([{ id: 1, name: 'France' }]);
  });

  it('merges nested spreads', async () => {
    expect(await json('/tasks?select=id,...projects(project:name,...clients(client:name))&id=eq.1')).toEqual([
      { id: 1, project: 'Windows 7', client: 'Microsoft' },
    ]);
  });

  it('spreads inside a normal embed', async () => {
    expect(await json('/clients?select=id,projects(name,...clients(owner:name))&id=eq.2&projects.order=id')).toEqual([
      { id: 2, projects: [{ name: 'IOS', owner: 'Apple' }, { name: 'OSX', owner: 'Apple' }] },
    ]);
  });

  it('spreads a to-many embed into arrays, one per column', async () => {
    expect(await json('/clients?select=name,...projects(project:name,pid:id)&order=id&projects.order=id')).toEqual([
      { name: 'Microsoft', project: ['Windows 7', 'Windows 10'], pid: [1, 2] },
      { name: 'Apple', project: ['IOS', 'OSX'], pid: [3, 4] },
    ]);
    expect(await json('/users?select=name,...tasks(task:name)&id=eq.3&tasks.order=id')).toEqual([
      { name: 'Dwight Schrute', task: ['Design w7', 'Design IOS'] },
    ]);
    expect(await json('/projects?select=id,...tasks(name)&id=eq.5')).toEqual([{ id: 5, name: [] }]);
  });

  it('nests a to-one spread in a to-many spread', async () => {
    expect(await json('/clients?select=name,...projects(...clients(owner:name))&id=eq.1')).toEqual([
      { name: 'Microsoft', owner: ['Microsoft', 'Microsoft'] },
    ]);
  });

  it('filters with !inner on a spread', async () => {
    expect(await json('/projects?select=id,...clients!inner(client:name)&clients.name=eq.Apple&order=id')).toEqual([
      { id: 3, client: 'Apple' },
      { id: 4, client: 'Apple' },
    ]);
  });
});

describe('embedding depth', () => {
  const nested = (levels: number): string => `id,${'parent(id,'.repeat(levels)}name${')'.repeat(levels)}`;

  it('follows a self relationship 32 levels deep', async () => {
    const r = await api.get(`/family_tree?select=${nested(32)}&id=eq.4`);
    expect(r.status).toBe(200);
  });

  it('refuses a 33rd level with PGRST100 before Postgres plans it', async () => {
    const r = await api.get(`/family_tree?select=${nested(33)}&id=eq.4`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      code: 'PGRST100',
      message: 'Embedded resources are nested too deeply',
      details: "Embeds may nest up to 32 levels; 'parent' is at level 33",
      hint: null,
    });
  });
});
