// Relationships derived from a real catalog (tables, views, junctions, self and one-to-one
// keys) and embedding resolution by PostgREST's rules, including hints and ambiguity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createPool, type DbPool } from '../db/pool.ts';
import { ambiguousRelationship } from '../errors/schema-cache-errors.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { describeRelationship, findRelationships, isToOne, noRelationshipHint } from './relationships.ts';
import { loadSchemaCache } from './schema-cache.ts';
import type { Relationship, SchemaCache } from './types.ts';

const fixtureSql = await readFile(new URL('./fixture.sql', import.meta.url), 'utf8');

let db: TestDatabase;
let pool: DbPool;
let cache: SchemaCache;

beforeAll(async () => {
  db = await createTestDatabase(fixtureSql);
  pool = createPool({ connectionString: db.url, max: 1 });
  cache = await loadSchemaCache(pool, ['public', 'api']);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const cols = (pairs: readonly (readonly [string, string])[]): string => pairs.map(([a, b]) => `${a}=${b}`).join(',');
/** One line per relationship: kind, target, constraint(s) and column pairs. */
const brief = (r: Relationship): string => {
  if (r.kind === 'computed')
    return `computed ${r.function.schema}.${r.function.name} -> ${r.foreignTable.name}${r.toOne ? ' to-one' : ''}${r.isSelf ? ' self' : ''}`;
  return r.kind === 'm2m'
    ? `m2m ${r.foreignTable.name} via ${r.junction.table.name} ${r.junction.constraint1}(${cols(r.junction.sourceColumns)}) ` +
        `${r.junction.constraint2}(${cols(r.junction.targetColumns)})${r.isSelf ? ' self' : ''}`
    : `${r.kind}${r.kind === 'o2o' ? (r.isParent ? ' fk-side' : ' ref-side') : ''} ${r.foreignTable.name} ` +
        `${r.constraint}(${cols(r.columns)})${r.isSelf ? ' self' : ''}`;
};

describe('derived relationships', () => {
  it('has every relationship of the fixture, in PostgREST order', () => {
    const all = Object.fromEntries(
      [...cache.relationships].map(([key, rels]) => [key.replace('\u0000', '.'), rels.map(brief)]),
    );
    expect(all).toEqual({
      'public.projects': [
        // The view client_names shows clients.id as client_key, so it is a target of the FK too.
        'm2o client_names projects_client_id_fkey(client_id=client_key)',
        'm2o clients projects_client_id_fkey(client_id=id)',
        // private.secrets is not exposed, but the view of it is.
        'o2m secrets_view secrets_project_id_fkey(id=project_id)',
        'm2m users via users_projects users_projects_project_id_fkey(id=project_id) users_projects_user_id_fkey(id=user_id)',
        'o2m users_projects users_projects_project_id_fkey(id=project_id)',
      ],
      'public.project_counts': [
        'm2o client_names projects_client_id_fkey(client_id=client_key)',
        'm2o clients projects_client_id_fkey(client_id=id)',
      ],
      'public.projects_view': [
        'm2o client_names projects_client_id_fkey(client_id=client_key)',
        'm2o clients projects_client_id_fkey(client_id=id)',
        'o2m secrets_view secrets_project_id_fkey(id=project_id)',
        'm2m users via users_projects users_projects_project_id_fkey(id=project_id) users_projects_user_id_fkey(id=user_id)',
        'o2m users_projects users_projects_project_id_fkey(id=project_id)',
      ],
      'public.users_projects': [
        'm2o project_stats users_projects_project_id_fkey(project_id=id)',
        'm2o projects users_projects_project_id_fkey(project_id=id)',
        'm2o projects_view users_projects_project_id_fkey(project_id=id)',
        'm2o users users_projects_user_id_fkey(user_id=id)',
      ],
      'public.profiles': ['o2o fk-side users profiles_user_id_fkey(user_id=id)'],
      // Two FKs to users but the primary key is id: not a junction.
      'public.messages': [
        'm2o users messages_recipient_id_fkey(recipient_id=id)',
        'm2o users messages_sender_id_fkey(sender_id=id)',
      ],
      'public.employees': [
        'o2m employees employees_manager_id_fkey(id=manager_id) self',
        'm2o employees employees_manager_id_fkey(manager_id=id) self',
      ],
      'public.assignments': ['m2o shifts assignments_shift_fkey(unit=unit,day=day)'],
      'public.secrets_view': [
        'm2o project_stats secrets_project_id_fkey(project_id=id)',
        'm2o projects secrets_project_id_fkey(project_id=id)',
        'm2o projects_view secrets_project_id_fkey(project_id=id)',
      ],
      'api.tasks': ['m2o projects tasks_project_id_fkey(project_id=id)'],
      'public.project_stats': [
        'o2m secrets_view secrets_project_id_fkey(id=project_id)',
        'm2m users via users_projects users_projects_project_id_fkey(id=project_id) users_projects_user_id_fkey(id=user_id)',
        'o2m users_projects users_projects_project_id_fkey(id=project_id)',
      ],
      'public.users': [
        'o2m messages messages_recipient_id_fkey(id=recipient_id)',
        'o2m messages messages_sender_id_fkey(id=sender_id)',
        'o2o ref-side profiles profiles_user_id_fkey(id=user_id)',
        'm2m project_stats via users_projects users_projects_user_id_fkey(id=user_id) users_projects_project_id_fkey(id=project_id)',
        'm2m projects via users_projects users_projects_user_id_fkey(id=user_id) users_projects_project_id_fkey(id=project_id)',
        'm2m projects_view via users_projects users_projects_user_id_fkey(id=user_id) users_projects_project_id_fkey(id=project_id)',
        'o2m users_projects users_projects_user_id_fkey(id=user_id)',
      ],
      'public.clients': [
        'o2m project_counts projects_client_id_fkey(id=client_id)',
        'o2m projects projects_client_id_fkey(id=client_id)',
        'o2m projects_view projects_client_id_fkey(id=client_id)',
      ],
      'public.client_names': [
        'o2m project_counts projects_client_id_fkey(client_key=client_id)',
        'o2m projects projects_client_id_fkey(client_key=client_id)',
        'o2m projects_view projects_client_id_fkey(client_key=client_id)',
      ],
      'public.shifts': ['o2m assignments assignments_shift_fkey(unit=unit,day=day)'],
      'api.projects': ['o2m tasks tasks_project_id_fkey(id=project_id)'],
    });
  });
});

describe('findRelationships', () => {
  const pub = (name: string) => ({ schema: 'public', name });
  const find = (from: string, target: string, hint?: string, schema = 'public'): string[] =>
    findRelationships(cache, { schema, name: from }, target, hint).map(brief);

  it.each([
    // target: a table or view name
    ['projects', 'clients', undefined, ['m2o clients projects_client_id_fkey(client_id=id)']],
    ['projects', 'client_names', undefined, ['m2o client_names projects_client_id_fkey(client_id=client_key)']],
    ['clients', 'projects', undefined, ['o2m projects projects_client_id_fkey(id=client_id)']],
    ['projects_view', 'clients', undefined, ['m2o clients projects_client_id_fkey(client_id=id)']],
    ['projects', 'secrets_view', undefined, ['o2m secrets_view secrets_project_id_fkey(id=project_id)']],
    ['assignments', 'shifts', undefined, ['m2o shifts assignments_shift_fkey(unit=unit,day=day)']],
    ['users', 'profiles', undefined, ['o2o ref-side profiles profiles_user_id_fkey(id=user_id)']],
    ['profiles', 'users', undefined, ['o2o fk-side users profiles_user_id_fkey(user_id=id)']],
    // many-to-many through the junction, with or without its name as hint
    ['users', 'projects', undefined, ['m2m projects via users_projects users_projects_user_id_fkey(id=user_id) users_projects_project_id_fkey(id=project_id)']],
    ['users', 'projects', 'users_projects', ['m2m projects via users_projects users_projects_user_id_fkey(id=user_id) users_projects_project_id_fkey(id=project_id)']],
    ['users', 'projects', 'users_projects_user_id_fkey', []],
    // target: a FK column or constraint name, which reach tables only, not views
    ['projects', 'client_id', undefined, ['m2o clients projects_client_id_fkey(client_id=id)']],
    ['projects', 'projects_client_id_fkey', undefined, ['m2o clients projects_client_id_fkey(client_id=id)']],
    ['messages', 'sender_id', undefined, ['m2o users messages_sender_id_fkey(sender_id=id)']],
    ['assignments', 'unit', undefined, []],
    // hints: a constraint, a column of either side
    ['messages', 'users', 'messages_recipient_id_fkey', ['m2o users messages_recipient_id_fkey(recipient_id=id)']],
    ['messages', 'users', 'sender_id', ['m2o users messages_sender_id_fkey(sender_id=id)']],
    ['users', 'messages', 'sender_id', ['o2m messages messages_sender_id_fkey(id=sender_id)']],
    ['users', 'messages', 'messages_recipient_id_fkey', ['o2m messages messages_recipient_id_fkey(id=recipient_id)']],
    ['projects', 'clients', 'id', ['m2o clients projects_client_id_fkey(client_id=id)']],
    ['projects', 'clients', 'nope', []],
    // self: the table name is the one-to-many, the FK column the many-to-one
    ['employees', 'employees', undefined, ['o2m employees employees_manager_id_fkey(id=manager_id) self']],
    ['employees', 'manager_id', undefined, ['m2o employees employees_manager_id_fkey(manager_id=id) self']],
    ['employees', 'employees', 'manager_id', ['o2m employees employees_manager_id_fkey(id=manager_id) self']],
    // nothing between them, or not exposed
    ['projects', 'employees', undefined, []],
    ['projects', 'secrets', undefined, []],
  ] as const)('%s?select=%s!%s', (from, target, hint, expected) => {
    expect(find(from, target, hint)).toEqual(expected);
  });

  it('finds ambiguity where PostgREST does', () => {
    expect(find('users', 'messages')).toEqual([
      'o2m messages messages_recipient_id_fkey(id=recipient_id)',
      'o2m messages messages_sender_id_fkey(id=sender_id)',
    ]);
    expect(find('messages', 'users')).toHaveLength(2);
    expect(find('users', 'messages', 'id')).toHaveLength(2);
  });

  it('stays within the schema of the origin', () => {
    expect(find('tasks', 'projects', undefined, 'api')).toEqual(['m2o projects tasks_project_id_fkey(project_id=id)']);
    expect(findRelationships(cache, pub('tasks'), 'projects')).toEqual([]);
  });

  it('tells to-one from to-many', () => {
    const [m2o] = findRelationships(cache, pub('projects'), 'clients');
    const [o2m] = findRelationships(cache, pub('clients'), 'projects');
    const [m2m] = findRelationships(cache, pub('users'), 'projects');
    const [o2o] = findRelationships(cache, pub('users'), 'profiles');
    expect([m2o, o2m, m2m, o2o].map((r) => isToOne(r!))).toEqual([true, false, false, true]);
  });
});

describe('error details', () => {
  it('describes relationships as PGRST201 does', () => {
    const rels = findRelationships(cache, { schema: 'public', name: 'users' }, 'messages');
    const error = ambiguousRelationship('users', 'messages', rels.map(describeRelationship));
    expect(error.status).toBe(300);
    expect(error.body()).toEqual({
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
      hint:
        "Try changing 'messages' to one of the following: 'messages!messages_recipient_id_fkey', " +
        "'messages!messages_sender_id_fkey'. Find the desired relationship in the 'details' key.",
    });
    const [m2m] = findRelationships(cache, { schema: 'public', name: 'users' }, 'projects');
    expect(describeRelationship(m2m!)).toEqual({
      embedding: 'users with projects',
      cardinality: 'many-to-many',
      relationship: 'users_projects using users_projects_user_id_fkey(user_id) and users_projects_project_id_fkey(project_id)',
      hint: 'projects!users_projects',
    });
    const [o2o] = findRelationships(cache, { schema: 'public', name: 'profiles' }, 'users');
    expect(describeRelationship(o2o!)).toMatchObject({
      cardinality: 'one-to-one',
      relationship: 'profiles_user_id_fkey using profiles(user_id) and users(id)',
    });
    const [composite] = findRelationships(cache, { schema: 'public', name: 'assignments' }, 'shifts');
    expect(describeRelationship(composite!)).toHaveProperty(
      'relationship',
      'assignments_shift_fkey using assignments(unit, day) and shifts(unit, day)',
    );
  });

  it("suggests names for PGRST200 as PostgREST's hint does", () => {
    expect(noRelationshipHint(cache, 'public', 'projectz', 'clients')).toBe("Perhaps you meant 'projects' instead of 'projectz'.");
    expect(noRelationshipHint(cache, 'public', 'projects', 'clientz')).toBe("Perhaps you meant 'clients' instead of 'clientz'.");
    // Both names exist, so the hint was wrong: nothing to suggest.
    expect(noRelationshipHint(cache, 'public', 'projects', 'clients')).toBeUndefined();
    expect(noRelationshipHint(cache, 'public', 'zzzzzzzzzzzz', 'clients')).toBeUndefined();
  });
});
