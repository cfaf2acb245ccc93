import { describe, expect, it } from 'vitest';
import type { Filter, LogicTree, Operation } from '../api-request/types.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { planMutate } from './mutate-plan.ts';
import { planRead } from './read-plan.ts';
import { col, fieldOf, readRequest, rel, star, testCache } from './test-schema.ts';
import { writeCache, writeRequest } from './test-write-request.ts';

const plan = (request: Parameters<typeof planRead>[0], aggregates = true) =>
  planRead(request, testCache, { ...defaultDataApiSettings, dbAggregatesEnabled: aggregates }).read;

const gt: Operation = { kind: 'quant', op: 'gt', value: '1' };
const related = (relation: string, key: string, negated = false): Filter => ({ relation, field: fieldOf(key), opExpr: { negated, operation: gt } });
const count = col('*', { aggregate: 'count' });
const maxId = col('id', { aggregate: 'max', alias: 'top' });

const errorOf = (f: () => unknown): Record<string, unknown> => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataApiError) return { status: e.status, code: e.code, message: e.message, details: e.details, hint: e.hint };
    throw e;
  }
  throw new Error('expected an error');
};

describe('related filters and orders', () => {
  it('plans a to-many aggregate filter and order, and registers each key on the embed once', () => {
    const read = plan(
      readRequest('clients', {
        select: [col('id'), rel('projects', [count, maxId])],
        filters: [
          { path: [], filter: related('projects', 'count') },
          { path: [], filter: related('projects', 'top', true) },
        ],
        order: [{ path: [], terms: [{ relation: 'projects', field: fieldOf('count'), direction: 'desc', nulls: 'last' }, { field: fieldOf('id') }] }],
      }),
    );
    expect(read.where).toEqual([
      { kind: 'related-filter', embed: 'projects', field: fieldOf('count'), negated: false, operation: gt, columnType: 'bigint' },
      { kind: 'related-filter', embed: 'projects', field: fieldOf('top'), negated: true, operation: gt, columnType: '' },
    ]);
    expect(read.order).toEqual([
      { embed: 'projects', field: fieldOf('count'), direction: 'desc', nulls: 'last', columnType: 'bigint' },
      { field: fieldOf('id'), columnType: 'integer' },
    ]);
    expect(read.embeds[0]!.aggregateKeys).toEqual(['count', 'top']);
  });

  it('plans a to-one column filter like a related order, leaving no aggregate keys', () => {
    const read = plan(readRequest('projects', { select: [col('id'), rel('clients', [col('name')])], filters: [{ path: [], filter: related('clients', 'name') }] }), false);
    expect(read.where).toEqual([{ kind: 'related-filter', embed: 'clients', field: fieldOf('name'), negated: false, operation: gt, columnType: 'text' }]);
    expect(read.embeds[0]!.aggregateKeys).toEqual([]);
  });

  it('plans filters on an embedded path and inside logic trees on their node', () => {
    const tree: LogicTree = {
      kind: 'expr',
      negated: false,
      op: 'or',
      children: [
        { kind: 'filter', filter: related('tasks', 'count') },
        { kind: 'filter', filter: { field: fieldOf('id'), opExpr: { negated: false, operation: gt } } },
      ],
    };
    const read = plan(
      readRequest('clients', {
        select: [rel('projects', [col('id'), rel('tasks', [count])])],
        logic: [{ path: ['projects'], tree }],
        order: [{ path: ['projects'], terms: [{ relation: 'tasks', field: fieldOf('count') }] }],
      }),
    );
    const projects = read.embeds[0]!;
    expect(read.where).toEqual([]);
    expect(projects.aggregateKeys).toEqual([]);
    expect(projects.plan.where[0]).toMatchObject({ kind: 'logic', children: [{ kind: 'related-filter', embed: 'tasks' }, { kind: 'filter' }] });
    expect(projects.plan.order).toEqual([{ embed: 'tasks', field: fieldOf('count'), columnType: 'bigint' }]);
    expect(projects.plan.embeds[0]!.aggregateKeys).toEqual(['count']);
  });
});

describe('related filter and order errors', () => {
  const hint118 = (use: string, example: string) =>
    `A one-to-many or many-to-many embed can be used in a related ${use} when it selects only aggregates, as in '${example}'`;
  const cases: readonly (readonly [string, () => unknown, Record<string, unknown>])[] = [
    [
      'PGRST108 a filter on a relation not embedded',
      () => plan(readRequest('projects', { filters: [{ path: [], filter: related('clients', 'name') }] })),
      { status: 400, code: 'PGRST108', hint: "Verify that 'clients' is included in the 'select' query parameter." },
    ],
    [
      'PGRST108 naming an aliased relation',
      () => plan(readRequest('clients', { select: [rel('projects', [count], { alias: 'p' })], order: [{ path: [], terms: [{ relation: 'projects', field: fieldOf('count') }] }] })),
      { code: 'PGRST108', hint: "Change 'projects' to 'p' in filters, orders or limits." },
    ],
    [
      'PGRST118 an order on a to-many embed with grouping columns',
      () => plan(readRequest('clients', { select: [rel('projects', [star])], order: [{ path: [], terms: [{ relation: 'projects', field: fieldOf('name') }] }] })),
      {
        code: 'PGRST118',
        message: "A related order on 'projects' is not possible",
        details: "'clients' and 'projects' do not form a many-to-one or one-to-one relationship",
        hint: hint118('order', 'select=...,projects(count())&order=projects(count)'),
      },
    ],
    [
      'PGRST118 a filter on a to-many embed grouping by a column',
      () => plan(readRequest('clients', { select: [rel('projects', [col('client_id'), count])], filters: [{ path: [], filter: related('projects', 'count') }] })),
      { code: 'PGRST118', message: "A related filter on 'projects' is not possible", hint: hint118('filter', 'select=...,projects(count())&projects(count)=gt.0') },
    ],
    [
      'PGRST118 a to-many embed with a shown embed below',
      () => plan(readRequest('clients', { select: [rel('projects', [count, rel('tasks', [col('id')])])], filters: [{ path: [], filter: related('projects', 'count') }] })),
      { code: 'PGRST118' },
    ],
    [
      'PGRST100 a key the embed does not select',
      () => plan(readRequest('clients', { select: [rel('projects', [count, maxId])], filters: [{ path: [], filter: related('projects', 'id') }] })),
      {
        code: 'PGRST100',
        message: "A related filter on 'projects' is not possible",
        details: "'projects' selects no aggregate named 'id'",
        hint: "Use the output key of one of its aggregates: 'count', 'top'",
      },
    ],
    [
      'PGRST100 a hidden to-many embed',
      () => plan(readRequest('clients', { select: [rel('projects', [rel('tasks', [])])], order: [{ path: [], terms: [{ relation: 'projects', field: fieldOf('count') }] }] })),
      { code: 'PGRST100', details: "'projects' selects nothing, so it has no 'count'" },
    ],
    [
      'PGRST123 before any of these when aggregates are off',
      () => plan(readRequest('clients', { select: [rel('projects', [count])], filters: [{ path: [], filter: related('projects', 'count') }] }), false),
      { code: 'PGRST123' },
    ],
    [
      'PGRST127 a write filtered by an embed',
      () => planMutate(writeRequest('projects', 'update', '{"name":"x"}', { query: { filters: [{ path: [], filter: related('clients', 'name') }] } }), writeCache, defaultDataApiSettings),
      { code: 'PGRST127', details: "A write cannot be filtered by a value of the embedded resource 'clients'" },
    ],
    [
      'PGRST127 a write filtered by an embed in a logic tree',
      () =>
        planMutate(
          writeRequest('projects', 'delete', undefined, {
            query: { logic: [{ path: [], tree: { kind: 'expr', negated: false, op: 'or', children: [{ kind: 'filter', filter: related('tasks', 'count') }] } }] },
          }),
          writeCache,
          defaultDataApiSettings,
        ),
      { code: 'PGRST127', details: "A write cannot be filtered by a value of the embedded resource 'tasks'" },
    ],
    [
      'PGRST105 a PUT whose filter names the key of an embed, not its own',
      () => {
        const eqOne = (filter: Filter): Filter => ({ ...filter, opExpr: { negated: false, operation: { kind: 'quant', op: 'eq', value: '1' } } });
        const filters = [{ path: [], filter: eqOne(related('clients', 'id')) }];
        return planMutate(writeRequest('projects', 'single-upsert', '{"id":1,"name":"x"}', { query: { filters } }), writeCache, defaultDataApiSettings);
      },
      { code: 'PGRST105' },
    ],
  ];
  it.each(cases)('%s', (_name, f, expected) => {
    expect(errorOf(f)).toMatchObject(expected);
  });
});
