import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings, type DataApiSettings, type TxEndSetting } from '../config/data-api-settings.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { planMutate } from './mutate-plan.ts';
import { col, eq, filterOf, rel, star } from './test-schema.ts';
import { writeCache, writeRequest, type WriteOptions } from './test-write-request.ts';
import type { InsertRows, Mutation } from './types.ts';

const plan = (request: ApiRequest, settings: Partial<DataApiSettings> = {}) =>
  planMutate(request, writeCache, { ...defaultDataApiSettings, ...settings });

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataApiError) return { status: e.status, code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
};

const post = (table: string, body: string, options?: WriteOptions) => plan(writeRequest(table, 'create', body, options));
const insertOf = (m: Mutation) => {
  if (m.kind !== 'insert') throw new Error('expected an insert');
  return m;
};
const byId = eq('id', '1');

describe('planMutate: columns', () => {
  it.each<[string, string, WriteOptions, readonly string[]]>([
    ['payload keys, in table order', '{"client_id":1,"name":"a"}', {}, ['name', 'client_id']],
    ['?columns restricts the keys taken', '{"id":1,"name":"a","junk":2}', { query: { columns: ['name'] } }, ['name']],
    ['no keys: every column takes its default', '[{},{}]', {}, []],
  ])('%s', (_, body, options, columns) => {
    expect(insertOf(post('projects', body, options).mutation).columns).toEqual(columns);
  });

  it.each<[string, string, string, WriteOptions, string]>([
    ['an unknown key', 'projects', '{"name":"a","zzz":1,"bogus":2}', {}, "Could not find the 'bogus' column of 'projects' in the schema cache"],
    ['an unknown ?columns name', 'projects', '{"name":"a"}', { query: { columns: ['name', 'helicopter'] } }, "Could not find the 'helicopter' column of 'projects' in the schema cache"],
    ['an unknown on_conflict column', 'projects', '{"name":"a"}', { query: { onConflict: ['nope'] }, prefs: { resolution: 'merge-duplicates' } }, "Could not find the 'nope' column of 'projects' in the schema cache"],
  ])('PGRST204 for %s', (_, table, body, options, message) => {
    expect(errorOf(() => post(table, body, options))).toEqual({ status: 400, code: 'PGRST204', message });
  });

  it('keeps the payload as one JSON array and the key for Location', () => {
    const p = post('projects', '{"id":1}', { prefs: { return: 'headers-only' } });
    expect(insertOf(p.mutation).payload).toBe('[{"id":1}]');
    expect(p.locationColumns).toEqual(['id']);
    expect(p.mutation.returning).toEqual(['id']);
  });
});

describe('planMutate: upserts', () => {
  it.each([
    ['merge on the primary key', 'projects', {}, 'merge-duplicates', { columns: ['id'], resolution: 'merge-duplicates' }],
    ['ignore on on_conflict', 'projects', { onConflict: ['name'] }, 'ignore-duplicates', { columns: ['name'], resolution: 'ignore-duplicates' }],
    ['nothing to conflict on without a key', 'no_pk', {}, 'merge-duplicates', undefined],
  ] as const)('%s', (_, table, query, resolution, onConflict) => {
    const p = post(table, '[{"id":1,"name":"a"}]', { query, prefs: { resolution } });
    expect(insertOf(p.mutation).onConflict).toEqual(onConflict);
    expect(p.preferenceApplied).toEqual(onConflict === undefined ? [] : [`resolution=${resolution}`]);
  });
});

describe('planMutate: PUT', () => {
  const put = (query: WriteOptions['query'], body = '{"id":1,"name":"a"}') => plan(writeRequest('projects', 'single-upsert', body, { query }));

  it('upserts the one row named by the whole key', () => {
    const m = insertOf(put({ filters: [{ path: [], filter: byId }] }).mutation);
    expect(m).toMatchObject({ singleUpsert: true, onConflict: { columns: ['id'], resolution: 'merge-duplicates' }, columns: ['id', 'name'] });
    expect(m.where).toEqual([{ kind: 'filter', field: { name: 'id', jsonPath: [] }, negated: false, operation: { kind: 'quant', op: 'eq', value: '1' }, columnType: 'integer' }]);
  });

  it.each([
    ['no filter', {}],
    ['a filter on another column', { filters: [{ path: [], filter: eq('name', 'a') }] }],
    ['a negated eq', { filters: [{ path: [], filter: filterOf('id', { kind: 'quant', op: 'eq', value: '1' }, true) }] }],
    ['in', { filters: [{ path: [], filter: filterOf('id', { kind: 'in', values: ['1'] }) }] }],
    ['a logic tree', { logic: [{ path: [], tree: { kind: 'filter', filter: byId } }] }],
  ] as const)('PGRST105 for %s', (_, query) => {
    expect(errorOf(() => put(query as WriteOptions['query'])).code).toBe('PGRST105');
  });

  it('PGRST105 on a table without a key, PGRST114 with limit, PGRST115 when the payload lacks the key', () => {
    expect(errorOf(() => plan(writeRequest('no_pk', 'single-upsert', '{"id":1}', { query: { filters: [{ path: [], filter: byId }] } }))).code).toBe('PGRST105');
    expect(errorOf(() => put({ filters: [{ path: [], filter: byId }], ranges: [{ path: [], range: { offset: 0, limit: 1 } }] }))).toEqual({
      status: 400,
      code: 'PGRST114',
      message: 'limit/offset querystring parameters are not allowed for PUT',
    });
    expect(errorOf(() => put({ filters: [{ path: [], filter: byId }] }, '{"name":"a"}')).code).toBe('PGRST115');
  });
});

describe('planMutate: PATCH and DELETE', () => {
  it('takes root filters and logic as the WHERE, and leaves embed filters to the representation', () => {
    const p = plan(
      writeRequest('projects', 'update', '{"name":"b"}', {
        query: {
          select: [star, rel('tasks', [star])],
          filters: [{ path: [], filter: byId }, { path: ['tasks'], filter: eq('id', '2') }],
          logic: [{ path: [], tree: { kind: 'expr', negated: false, op: 'or', children: [{ kind: 'filter', filter: eq('name', 'a') }] } }],
        },
        prefs: { return: 'representation' },
      }),
    );
    expect(p.mutation.where.map((c) => c.kind)).toEqual(['filter', 'logic']);
    expect(p.read.where).toEqual([]);
    expect(p.read.embeds[0]?.plan.where).toHaveLength(1);
  });

  it('rejects keys that are no column, relationships included', () => {
    expect(errorOf(() => plan(writeRequest('projects', 'update', '{"tasks":[]}'))).code).toBe('PGRST204');
  });

  it('limits the rows changed to the page limit/offset name, picked by key in the root order', () => {
    const order = [{ path: [], terms: [{ field: { name: 'name', jsonPath: [] } }] }];
    const limitedOf = (m: Mutation) => (m.kind === 'insert' ? undefined : m.limited);
    const limited = (table: string, kind: 'update' | 'delete', range: { offset: number; limit?: number }, query = {}) => {
      const request = writeRequest(table, kind, kind === 'update' ? '{"name":"b"}' : undefined, { query: { order, ...query } });
      return plan({ ...request, range });
    };
    expect(limitedOf(limited('projects', 'update', { offset: 0, limit: 2 }).mutation)).toMatchObject({
      range: { offset: 0, limit: 2 },
      order: [{ field: { name: 'name' } }],
      key: ['id'],
    });
    expect(limitedOf(limited('no_pk', 'delete', { offset: 3 }).mutation)).toMatchObject({ range: { offset: 3 }, key: 'ctid' });
    expect(limitedOf(limited('projects', 'delete', { offset: 0 }).mutation)).toBeUndefined();
    // The page is of the table's own rows: an order on an embed cannot pick them.
    const embedOrder = { select: [star, rel('clients', [star])], order: [{ path: [], terms: [{ relation: 'clients', field: { name: 'name', jsonPath: [] } }] }] };
    expect(errorOf(() => limited('projects', 'delete', { offset: 0, limit: 1 }, embedOrder)).code).toBe('PGRST127');
  });
});

describe('planMutate: Prefer', () => {
  it.each<[string, 'create' | 'update' | 'delete', WriteOptions, readonly string[]]>([
    ['nothing sent', 'create', {}, []],
    ['PostgREST order', 'create', { prefs: { return: 'representation', missing: 'default', count: 'exact', timezone: 'UTC' } }, ['missing=default', 'return=representation', 'count=exact', 'timezone=UTC']],
    ['missing is for POST and PATCH only', 'delete', { prefs: { missing: 'default' } }, []],
    ['handling when sent', 'delete', { prefs: { handling: 'lenient', handlingSent: true, maxAffected: 3 } }, ['handling=lenient']],
    ['max-affected with strict handling', 'update', { prefs: { handling: 'strict', handlingSent: true, maxAffected: 3 } }, ['handling=strict', 'max-affected=3']],
    ['no max-affected on POST', 'create', { prefs: { handling: 'strict', handlingSent: true, maxAffected: 3 } }, ['handling=strict']],
  ])('Preference-Applied: %s', (_, kind, options, applied) => {
    const body = kind === 'delete' ? undefined : '{"name":"a"}';
    expect(plan(writeRequest('projects', kind, body, options)).preferenceApplied).toEqual(applied);
  });

  it.each<[TxEndSetting, 'commit' | 'rollback' | undefined, 'commit' | 'rollback', boolean]>([
    ['commit', undefined, 'commit', false],
    ['commit', 'rollback', 'commit', false],
    ['commit-allow-override', 'rollback', 'rollback', true],
    ['commit-allow-override', undefined, 'commit', false],
    ['rollback', 'commit', 'rollback', false],
    ['rollback', undefined, 'rollback', false],
    ['rollback-allow-override', 'commit', 'commit', true],
    ['rollback-allow-override', undefined, 'rollback', false],
  ])('db-tx-end=%s with tx=%s ends in %s', (dbTxEnd, tx, end, echoed) => {
    const p = plan(writeRequest('projects', 'delete', undefined, { prefs: tx === undefined ? {} : { tx } }), { dbTxEnd });
    expect(p.txEnd).toBe(end);
    expect(p.preferenceApplied).toEqual(echoed ? [`tx=${tx}`] : []);
  });

  it('checks max-affected only with handling=strict on PATCH and DELETE, and singular on all but PUT', () => {
    const strict = { prefs: { handling: 'strict' as const, maxAffected: 2 } };
    expect(plan(writeRequest('projects', 'delete', undefined, strict)).maxAffected).toBe(2);
    expect(plan(writeRequest('projects', 'delete', undefined, { prefs: { maxAffected: 2 } })).maxAffected).toBeUndefined();
    expect(plan(writeRequest('projects', 'create', '{"name":"a"}', strict)).maxAffected).toBeUndefined();
    const singular = { accept: ['application/vnd.pgrst.object+json'] };
    expect(plan(writeRequest('projects', 'create', '{"name":"a"}', singular)).singular).toBe(true);
    expect(plan(writeRequest('projects', 'single-upsert', '{"id":1}', { ...singular, query: { filters: [{ path: [], filter: byId }] } })).singular).toBe(false);
  });

  it('PGRST122 for invalid preferences with handling=strict only', () => {
    const bad = (handling: 'strict' | 'lenient') => () => plan(writeRequest('projects', 'delete', undefined, { prefs: { handling, invalid: ['anything'] } }));
    expect(errorOf(bad('strict'))).toMatchObject({ status: 400, code: 'PGRST122' });
    expect(bad('lenient')()).toMatchObject({ kind: 'mutate' });
  });
});

describe('planMutate: RETURNING', () => {
  it.each<[string, WriteOptions, readonly string[]]>([
    ['minimal returns nothing', {}, []],
    ['headers-only returns the key', { prefs: { return: 'headers-only' } }, ['id']],
    ['representation of everything', { prefs: { return: 'representation' } }, ['*']],
    ['a select with an embed takes its FK and the key', { prefs: { return: 'representation' }, query: { select: [col('name'), rel('clients', [star])] } }, ['name', 'client_id', 'id']],
  ])('%s', (_, options, returning) => {
    expect(post('projects', '{"name":"a"}', options).mutation.returning).toEqual(returning);
  });
});

describe('planMutate: nested inserts', () => {
  const nestedOf = (rows: InsertRows) => rows.nested.map((n) => [n.key, n.relationship.kind, n.isParent, n.rows.table.name, n.rows.columns]);

  it('plans children (one-to-many) without their FK columns, and parents (many-to-one) by table name', () => {
    const clients = insertOf(post('clients', '{"name":"c","projects":[{"name":"p","client_id":9,"tasks":[{"name":"t"}]}]}').mutation);
    expect(clients.columns).toEqual(['name']);
    expect(nestedOf(clients)).toEqual([['projects', 'o2m', false, 'projects', ['name']]]);
    expect(nestedOf(clients.nested[0]!.rows)).toEqual([['tasks', 'o2m', false, 'tasks', ['name']]]);
    // The children link to the parent's id, so RETURNING hands it on.
    expect(clients.returning).toEqual(['id']);
    const projects = insertOf(post('projects', '{"name":"p","clients":{"name":"c"}}').mutation);
    expect(nestedOf(projects)).toEqual([['clients', 'm2o', true, 'clients', ['name']]]);
    expect(projects.nested[0]!.rows.returning).toEqual(['id']);
  });

  it('names relationships by FK constraint, by `target!hint`, and by the select alias of an embed', () => {
    expect(nestedOf(insertOf(post('projects', '{"projects_client_id_fkey":{"name":"c"}}').mutation))[0]?.[0]).toBe('projects_client_id_fkey');
    const hinted = insertOf(post('messages', '{"users!messages_sender_id_fkey":{"name":"u"}}').mutation);
    expect(hinted.nested[0]?.relationship).toMatchObject({ constraint: 'messages_sender_id_fkey' });
    const aliased = post('projects', '{"owner":{"name":"c"}}', { prefs: { return: 'representation' }, query: { select: [star, rel('clients', [star], { alias: 'owner' })] } });
    expect(nestedOf(insertOf(aliased.mutation))).toEqual([['owner', 'm2o', true, 'clients', ['name']]]);
    // Represented nested rows come back whole for the embed.
    expect(insertOf(aliased.mutation).nested[0]?.rows.returning).toEqual(['*']);
  });

  it('plans many-to-many rows: no FK to fill, both sides hand on the columns the junction links', () => {
    const users = insertOf(post('users', '{"name":"u","tasks":[{"name":"t"}]}').mutation);
    expect(nestedOf(users)).toEqual([['tasks', 'm2m', false, 'tasks', ['name']]]);
    expect(users.returning).toEqual(['id']);
    expect(users.nested[0]!.rows.returning).toEqual(['id']);
  });

  it.each([
    ['an ambiguous relationship', 'messages', '{"users":{"name":"u"}}', 'PGRST201'],
    ['a parent that is not an object', 'projects', '{"clients":[{"name":"c"}]}', 'PGRST102'],
    ['children that are not objects', 'clients', '{"projects":[1,2]}', 'PGRST102'],
    ['an upsert', 'clients', '{"id":1,"projects":[]}', 'PGRST127'],
  ])('refuses %s', (_, table, body, code) => {
    const options: WriteOptions = table === 'clients' && body.includes('"id"') ? { prefs: { resolution: 'merge-duplicates' } } : {};
    expect(errorOf(() => post(table, body, options)).code).toBe(code);
  });
});
