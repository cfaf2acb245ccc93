import { describe, expect, it } from 'vitest';
import type { ApiRequest, JsonStep } from '../api-request/types.ts';
import { defaultDataApiSettings, type DataApiSettings } from '../config/data-api-settings.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { planRead } from './read-plan.ts';
import { col, eq, fieldOf, filterOf, readRequest, rel, star, testCache, testTable } from './test-schema.ts';
import type { PlanSelect } from './types.ts';

const plan = (request: ApiRequest, settings: Partial<DataApiSettings> = {}) =>
  planRead(request, testCache, { ...defaultDataApiSettings, ...settings });

const errorOf = (f: () => unknown): { code: string; status: number; message: string; details: unknown; hint: unknown } => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataApiError) return { code: e.code, status: e.status, message: e.message, details: e.details, hint: e.hint };
    throw e;
  }
  throw new Error('expected an error');
};

const key = (name: string, arrow: '->' | '->>' = '->'): JsonStep => ({ arrow, key: { kind: 'key', name } });
const index = (i: number): JsonStep => ({ arrow: '->', key: { kind: 'index', index: i } });
const outputNames = (select: readonly PlanSelect[]) => select.map((s) => (s.kind === 'star' ? '*' : s.outputName));

describe('planRead output names', () => {
  it.each([
    ['a column', col('id'), 'id'],
    ['an alias', col('id', { alias: 'x' }), 'x'],
    ['a cast keeps the column name', col('id', { cast: 'text' }), 'id'],
    ['the last JSON key', col('data', { field: fieldOf('data', [key('a'), key('b', '->>')]) }), 'b'],
    ['the last key before an index', col('data', { field: fieldOf('data', [key('a'), index(0)]) }), 'a'],
    ['the column for an index alone', col('data', { field: fieldOf('data', [index(1)]) }), 'data'],
    ['an aggregate is named by its function', col('id', { aggregate: 'sum' }), 'sum'],
    ['count()', col('*', { aggregate: 'count' }), 'count'],
  ])('%s', (_name, item, expected) => {
    expect(outputNames(plan(readRequest('items', { select: [item] }), { dbAggregatesEnabled: true }).read.select)).toEqual([expected]);
  });
});

describe('planRead tree', () => {
  it('resolves embeds with aliases, join types and PostgREST-style SQL aliases', () => {
    const read = plan(readRequest('projects', { select: [star, rel('clients', [star], { alias: 'c', joinType: 'inner' }), rel('tasks', [col('id')])] })).read;
    expect(read.alias).toBe('projects');
    expect(read.embeds.map((e) => [e.name, e.alias, e.plan.alias, e.toOne, e.joinType])).toEqual([
      ['c', 'projects_c_1', 'clients_1', true, 'inner'],
      ['tasks', 'projects_tasks_1', 'tasks_1', false, 'left'],
    ]);
  });

  it('places embedded filters, orders and pages on their node and caps every node at db-max-rows', () => {
    const read = plan(
      readRequest(
        'clients',
        {
          select: [rel('projects', [rel('tasks', [col('id')])])],
          filters: [{ path: ['projects', 'tasks'], filter: eq('id', '1') }],
          order: [{ path: ['projects'], terms: [{ field: fieldOf('name'), direction: 'desc' }] }],
          ranges: [{ path: ['projects'], range: { offset: 1, limit: 50 } }],
        },
        { range: { offset: 0, limit: 2 } },
      ),
      { dbMaxRows: 10 },
    ).read;
    const projects = read.embeds[0]!.plan;
    const tasks = projects.embeds[0]!.plan;
    expect(read.range).toEqual({ offset: 0, limit: 2 });
    expect(projects.range).toEqual({ offset: 1, limit: 10 });
    expect(projects.order).toEqual([{ field: fieldOf('name'), direction: 'desc', columnType: 'text' }]);
    expect(tasks.range).toEqual({ offset: 0, limit: 10 });
    expect(tasks.where).toEqual([{ kind: 'filter', field: fieldOf('id'), negated: false, operation: { kind: 'quant', op: 'eq', value: '1' }, columnType: 'integer' }]);
  });

  it('turns is.null on an embed into an existence test, and keeps filters on a column of that name', () => {
    const read = plan(
      readRequest('projects', {
        select: [rel('clients', [])],
        filters: [
          { path: [], filter: filterOf('clients', { kind: 'is', value: 'null' }, true) },
          { path: [], filter: filterOf('clients', { kind: 'is', value: 'null' }) },
        ],
      }),
    ).read;
    expect(read.where).toEqual([
      { kind: 'embed-exists', embed: 'clients', negated: false },
      { kind: 'embed-exists', embed: 'clients', negated: true },
    ]);
    expect(read.embeds[0]!.hidden).toBe(true);
    const status = plan(readRequest('items', { filters: [{ path: [], filter: eq('status', '1') }] })).read.where[0];
    expect(status?.kind).toBe('filter');
  });

  it('spells out * in spreads so the parent can take the columns', () => {
    const embed = plan(readRequest('projects', { select: [col('id'), rel('clients', [star], { spread: true })] })).read.embeds[0]!;
    expect(embed.spreadColumns).toEqual([
      { name: 'id', outputName: 'id' },
      { name: 'name', outputName: 'name' },
    ]);
  });

  it('echoes the count, an honoured tx, handling when sent and the timezone', () => {
    const prefs = { handling: 'lenient' as const, handlingSent: true, invalid: [], count: 'exact' as const, tx: 'rollback' as const, timezone: 'UTC' };
    expect(plan(readRequest('projects', {}, { preferences: prefs })).preferenceApplied).toEqual(['count=exact', 'handling=lenient', 'timezone=UTC']);
    expect(plan(readRequest('projects', {}, { preferences: prefs }), { dbTxEnd: 'commit-allow-override' }).preferenceApplied).toEqual([
      'count=exact',
      'tx=rollback',
      'handling=lenient',
      'timezone=UTC',
    ]);
  });

  it('picks the media type from Accept', () => {
    expect(plan(readRequest('projects', {}, { accept: ['text/html', 'text/csv'] })).media).toBe('text/csv');
    const singular = plan(readRequest('projects', {}, { accept: ['application/vnd.pgrst.object+json; nulls=stripped'] }));
    expect([singular.media, singular.stripNulls]).toEqual(['application/vnd.pgrst.object+json', true]);
    expect(plan(readRequest('projects', {}, { accept: ['*/*'] })).media).toBe('application/json');
  });
});

describe('planRead errors', () => {
  const cases: readonly (readonly [string, () => unknown, Record<string, unknown>])[] = [
    [
      'PGRST205 unknown table',
      () => plan(readRequest('projectz')),
      { code: 'PGRST205', status: 404, hint: "Perhaps you meant the table 'public.projects'" },
    ],
    [
      'PGRST200 no relationship',
      () => plan(readRequest('projects', { select: [rel('users', [star])] })),
      { code: 'PGRST200', status: 400, message: "Could not find a relationship between 'projects' and 'users' in the schema cache" },
    ],
    [
      'PGRST201 ambiguous relationship',
      () => plan(readRequest('messages', { select: [rel('users', [star])] })),
      { code: 'PGRST201', status: 300, message: "Could not embed because more than one relationship was found for 'messages' and 'users'" },
    ],
    [
      'PGRST108 filter on a path not embedded',
      () => plan(readRequest('projects', { filters: [{ path: ['clients'], filter: eq('id', '1') }] })),
      { code: 'PGRST108', status: 400, hint: "Verify that 'clients' is included in the 'select' query parameter." },
    ],
    [
      'PGRST108 filter naming an aliased relation',
      () => plan(readRequest('projects', { select: [rel('clients', [star], { alias: 'c' })], ranges: [{ path: ['clients'], range: { offset: 0, limit: 1 } }] })),
      { code: 'PGRST108', details: 'Target names are not allowed in filters if they have an alias', hint: "Change 'clients' to 'c' in filters, orders or limits." },
    ],
    [
      'PGRST108 related order on a relation not embedded',
      () => plan(readRequest('projects', { order: [{ path: [], terms: [{ relation: 'clients', field: fieldOf('name') }] }] })),
      { code: 'PGRST108' },
    ],
    [
      'PGRST118 related order on a to-many embed',
      () => plan(readRequest('clients', { select: [rel('projects', [star])], order: [{ path: [], terms: [{ relation: 'projects', field: fieldOf('name') }] }] })),
      { code: 'PGRST118', message: "A related order on 'projects' is not possible", details: "'clients' and 'projects' do not form a many-to-one or one-to-one relationship" },
    ],
    [
      'PGRST120 other operators on an embed',
      () => plan(readRequest('projects', { select: [rel('clients', [star])], filters: [{ path: [], filter: eq('clients', '1') }] })),
      { code: 'PGRST120', message: "Bad operator on the 'clients' embedded resource" },
    ],
    [
      'PGRST123 aggregates disabled, also in embeds',
      () => plan(readRequest('clients', { select: [rel('projects', [col('id', { aggregate: 'sum' })])] })),
      { code: 'PGRST123', message: 'Use of aggregate functions is not allowed' },
    ],
    [
      'PGRST127 aggregates beside grouping columns in a to-many spread',
      () =>
        plan(readRequest('clients', { select: [rel('projects', [col('name'), col('id', { aggregate: 'sum' })], { spread: true })] }), {
          dbAggregatesEnabled: true,
        }),
      { code: 'PGRST127', details: 'Aggregates are not implemented for one-to-many or many-to-many spreads.' },
    ],
    [
      'PGRST107 no producible media type',
      () => plan(readRequest('projects', {}, { accept: ['text/html', 'application/xml'] })),
      { code: 'PGRST107', status: 406, message: 'None of these media types are available: text/html, application/xml' },
    ],
    [
      'PGRST122 invalid preferences with handling=strict',
      () => plan(readRequest('projects', {}, { preferences: { handling: 'strict', invalid: ['foo=bar'] } })),
      { code: 'PGRST122', details: 'Invalid preferences: foo=bar' },
    ],
    [
      'PGRST100 a cast that is not a type name',
      () => plan(readRequest('projects', { select: [col('id', { cast: 'int); drop table x; --' })] })),
      { code: 'PGRST100' },
    ],
  ];
  it.each(cases)('%s', (_name, f, expected) => {
    expect(errorOf(f)).toMatchObject(expected);
  });
});

describe('planRead select width', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => col('id', { alias: `a${i}` }));

  it('refuses more select entries than Postgres allows (54011 would be a 500) with PGRST100', () => {
    expect(errorOf(() => plan(readRequest('items', { select: ids(1665) })))).toMatchObject({
      status: 400,
      code: 'PGRST100',
      details: 'The select list has 1665 entries, more than the 1664 Postgres allows',
    });
    expect(plan(readRequest('items', { select: ids(1664) })).read.select).toHaveLength(1664);
  });

  it('counts * as the columns of the table, and embeds as entries of their parent', () => {
    const columns = testTable('projects').columns.size;
    const stars = Math.ceil(1665 / columns);
    expect(errorOf(() => plan(readRequest('projects', { select: Array.from({ length: stars }, () => star) }))).code).toBe('PGRST100');
    const embedded = [...ids(1663), rel('clients', [col('id')])];
    expect(plan(readRequest('projects', { select: embedded })).read.embeds).toHaveLength(1);
    expect(errorOf(() => plan(readRequest('projects', { select: [...embedded, rel('tasks', [col('id')])] }))).code).toBe('PGRST100');
  });
});
