// The errors of embedding, whole bodies over HTTP: PGRST100 for select syntax an embed
// cannot have, PGRST200 (no relationship) with its "Perhaps you meant" hint, and PGRST201
// (several) listing every candidate with the hint naming how to pick each one, and one
// relation embedded twice under the same key.
import { describe, expect, it } from 'vitest';
import { useReadServer } from './read-setup.ts';

const api = useReadServer();

const errorOf = async (path: string) => {
  const r = await api.get(path);
  return [r.status, r.json];
};

describe('PGRST100: embeds the select grammar refuses', () => {
  it.each([
    [
      'an unclosed embed',
      'clients?select=*,projects(',
      '"failed to parse select parameter (*,projects()" (line 1, column 12)',
      'unexpected end of input expecting "...", field name (* or [a..z0..9_$]), "*", "count()" or ")"',
    ],
    [
      'an empty hint',
      'clients?select=*,projects!(*)',
      '"failed to parse select parameter (*,projects!(*))" (line 1, column 11)',
      'unexpected \'!\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    ],
    [
      'a spread without its columns',
      'clients?select=*,...projects',
      '"failed to parse select parameter (*,...projects)" (line 1, column 14)',
      'unexpected end of input expecting letter, digit, "-", "!" or "("',
    ],
    [
      'a join type after the columns',
      'clients?select=*,projects(*)!inner',
      '"failed to parse select parameter (*,projects(*)!inner)" (line 1, column 14)',
      'unexpected \'!\' expecting "," or end of input',
    ],
    [
      'an alias without a name',
      'clients?select=*,:projects(*)',
      '"failed to parse select parameter (*,:projects(*))" (line 1, column 3)',
      'unexpected ":" expecting "...", field name (* or [a..z0..9_$]), "*" or "count()"',
    ],
  ])('%s', async (_name, path, message, details) => {
    expect(await errorOf(`/${path}`)).toEqual([400, { code: 'PGRST100', message, details, hint: null }]);
  });
});

describe('PGRST200: no relationship', () => {
  const searched = (from: string, to: string, hint?: string) =>
    `Searched for a foreign key relationship between '${from}' and '${to}'${
      hint === undefined ? '' : ` using the hint '${hint}'`
    } in the schema 'public', but no matches were found.`;

  it('suggests the closest relation when the name is a near miss', async () => {
    expect(await errorOf('/clients?select=*,project(*)')).toEqual([
      400,
      {
        code: 'PGRST200',
        message: "Could not find a relationship between 'clients' and 'project' in the schema cache",
        details: searched('clients', 'project'),
        hint: "Perhaps you meant 'projects' instead of 'project'.",
      },
    ]);
  });

  it('has no hint when nothing is close, or the tables are simply unrelated', async () => {
    for (const [from, to] of [
      ['clients', 'zzzz'],
      ['clients', 'tasks'],
    ] as const)
      expect(await errorOf(`/${from}?select=*,${to}(*)`)).toEqual([
        400,
        { code: 'PGRST200', message: `Could not find a relationship between '${from}' and '${to}' in the schema cache`, details: searched(from, to), hint: null },
      ]);
  });

  it('names the hint it searched with, for foreign keys and junctions alike', async () => {
    for (const [from, to, hint] of [
      ['projects', 'clients', 'outer'],
      ['users', 'tasks', 'nope'],
    ] as const)
      expect(await errorOf(`/${from}?select=*,${to}!${hint}(*)`)).toEqual([
        400,
        { code: 'PGRST200', message: `Could not find a relationship between '${from}' and '${to}' in the schema cache`, details: searched(from, to, hint), hint: null },
      ]);
  });
});

describe('PGRST201: several relationships', () => {
  it('lists both foreign keys of a one-to-many embed and how to choose', async () => {
    expect(await errorOf('/users?select=*,messages(*)')).toEqual([
      300,
      {
        code: 'PGRST201',
        message: "Could not embed because more than one relationship was found for 'users' and 'messages'",
        details: [
          {
            cardinality: 'one-to-many',
            embedding: 'users with messages',
            relationship: 'messages_recipient_id_fkey using users(id) and messages(recipient_id)',
          },
          {
            cardinality: 'one-to-many',
            embedding: 'users with messages',
            relationship: 'messages_sender_id_fkey using users(id) and messages(sender_id)',
          },
        ],
        hint: "Try changing 'messages' to one of the following: 'messages!messages_recipient_id_fkey', 'messages!messages_sender_id_fkey'. Find the desired relationship in the 'details' key.",
      },
    ]);
  });

  it('is resolved by each hint it suggests, and by the column of either side', async () => {
    const senders = async (path: string) => ((await api.get(path)).json as { messages: { sender_id: number }[] }[]).map((u) => u.messages.map((m) => m.sender_id));
    expect(await senders('/users?select=messages!messages_sender_id_fkey(sender_id)&order=id')).toEqual([[1], [2], [3]]);
    expect(await senders('/users?select=messages!sender_id(sender_id)&order=id')).toEqual([[1], [2], [3]]);
    const recipients = await api.get('/users?select=messages!recipient_id(id)&order=id&messages.order=id');
    expect(recipients.json).toEqual([{ messages: [{ id: 2 }, { id: 3 }] }, { messages: [{ id: 1 }] }, { messages: [] }]);
  });
});

describe('the same embed twice', () => {
  it('is refused unless the embeds have keys of their own', async () => {
    for (const select of ['id,projects(id),projects(name)', 'id,projects(),projects()', 'id,...projects(name),projects(id)'])
      expect(await errorOf(`/clients?select=${select}`)).toEqual([
        400,
        {
          code: 'PGRST100',
          message: "'projects' is embedded more than once in 'clients'",
          details: 'Each embedded resource is one key of the response, so two embeds cannot share a name',
          hint: "Give all but one of them an alias, e.g. 'projects_2:projects(...)'.",
        },
      ]);
    expect(await errorOf('/clients?select=id,...projects(name),...projects(id)')).toEqual([
      400,
      {
        code: 'PGRST100',
        message: "'projects' is embedded more than once in 'clients'",
        details: 'Each embedded resource is one key of the response, so two embeds cannot share a name',
        hint: "Spread it once with all the columns, e.g. '...projects(a,b)'.",
      },
    ]);
    const r = await api.get('/clients?select=id,projects(id),names:projects(name)&id=eq.2&projects.order=id&names.order=id');
    expect(r.json).toEqual([{ id: 2, projects: [{ id: 3 }, { id: 4 }], names: [{ name: 'IOS' }, { name: 'OSX' }] }]);
  });
});
