// Exact SQL of related filters and orders: a to-many embed's aggregates are columns of its
// lateral row, computed once and read by the parent's WHERE and ORDER BY (and the count's
// WHERE); a to-one embed's column is read from its lateral row as related orders read it.
import { describe, expect, it } from 'vitest';
import type { ApiRequest, Filter, Operation } from '../api-request/types.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { planRead } from '../plan/read-plan.ts';
import { col, fieldOf, readRequest, rel, testCache } from '../plan/test-schema.ts';
import { compileRead } from './compile-read.ts';

const compile = (request: ApiRequest) => compileRead(planRead(request, testCache, { ...defaultDataApiSettings, dbAggregatesEnabled: true })).main;

const related = (relation: string, key: string, operation: Operation, negated = false): Filter => ({
  relation,
  field: fieldOf(key),
  opExpr: { negated, operation },
});
const gt = (value: string): Operation => ({ kind: 'quant', op: 'gt', value });
const count = col('*', { aggregate: 'count' });

const PROJECTS_COUNT =
  'LEFT JOIN LATERAL (SELECT jsonb_build_array(to_jsonb("clients_projects_1")) AS "clients_projects_1", "clients_projects_1"."count"' +
  ' FROM (SELECT COUNT(*) AS "count" FROM "public"."projects" AS "projects_1" WHERE "projects_1"."client_id" = "clients"."id") AS "clients_projects_1") AS "clients_projects_1" ON TRUE';

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('compileRead related filters and orders', () => {
  it('computes a to-many aggregate once, in the lateral, for the WHERE, the ORDER BY and the count', () => {
    const { text, params } = compile(
      readRequest(
        'clients',
        {
          select: [col('id'), rel('projects', [count])],
          filters: [{ path: [], filter: related('projects', 'count', gt('1')) }],
          order: [{ path: [], terms: [{ relation: 'projects', field: fieldOf('count'), direction: 'desc', nulls: 'last' }] }],
        },
        { range: { offset: 0, limit: 10 }, preferences: { handling: 'lenient', invalid: [], count: 'exact' } },
      ),
    );
    const [read, countQuery] = text.split(', pgrst_source_count AS ');
    expect(read).toBe(
      `WITH pgrst_source AS (SELECT "clients"."id", COALESCE("clients_projects_1"."clients_projects_1", '[]') AS "projects" FROM "public"."clients" AS "clients" ${PROJECTS_COUNT}` +
        ' WHERE "clients_projects_1"."count" > $1 ORDER BY "clients_projects_1"."count" DESC NULLS LAST LIMIT $2 OFFSET $3)',
    );
    expect(countQuery?.startsWith(`(SELECT 1 FROM "public"."clients" AS "clients" ${PROJECTS_COUNT} WHERE "clients_projects_1"."count" > $4)`)).toBe(true);
    expect(occurrences(read!, 'COUNT(*)')).toBe(1);
    expect(params).toEqual(['1', 10, 0, '1']);
  });

  it('exposes each key once however often it is used, alongside the embed of an embed', () => {
    const { text } = compile(
      readRequest('clients', {
        select: [rel('projects', [col('id'), rel('tasks', [count, col('id', { aggregate: 'max', alias: 'top' })])])],
        filters: [
          { path: ['projects'], filter: related('tasks', 'top', gt('1')) },
          { path: ['projects'], filter: related('tasks', 'top', { kind: 'is', value: 'null' }, true) },
        ],
        order: [{ path: ['projects'], terms: [{ relation: 'tasks', field: fieldOf('top') }] }],
      }),
    );
    expect(text).toContain(
      'LEFT JOIN LATERAL (SELECT jsonb_build_array(to_jsonb("projects_tasks_2")) AS "projects_tasks_2", "projects_tasks_2"."top" FROM (SELECT COUNT(*) AS "count", MAX("tasks_2"."id") AS "top" FROM "public"."tasks" AS "tasks_2" WHERE "tasks_2"."project_id" = "projects_1"."id") AS "projects_tasks_2") AS "projects_tasks_2" ON TRUE' +
        ' WHERE "projects_1"."client_id" = "clients"."id" AND "projects_tasks_2"."top" > $1 AND NOT "projects_tasks_2"."top" IS NULL ORDER BY "projects_tasks_2"."top")',
    );
    expect(occurrences(text, 'MAX(')).toBe(1);
  });

  it('reads a to-one column from the lateral row, also in a logic tree, and joins it in the count', () => {
    const { text, params } = compile(
      readRequest(
        'projects',
        {
          select: [col('id'), rel('clients', [col('name')])],
          logic: [
            {
              path: [],
              tree: {
                kind: 'expr',
                negated: false,
                op: 'or',
                children: [
                  { kind: 'filter', filter: related('clients', 'name', { kind: 'quant', op: 'eq', value: 'Apple' }) },
                  { kind: 'filter', filter: { field: fieldOf('id'), opExpr: { negated: false, operation: gt('3') } } },
                ],
              },
            },
          ],
        },
        { range: { offset: 1 }, preferences: { handling: 'lenient', invalid: [], count: 'exact' } },
      ),
    );
    const lateral =
      'LEFT JOIN LATERAL (SELECT "clients_1"."name" FROM "public"."clients" AS "clients_1" WHERE "clients_1"."id" = "projects"."client_id") AS "projects_clients_1" ON TRUE';
    const where = 'WHERE ("projects_clients_1"."name" = $1 OR "projects"."id" > $2)';
    expect(text).toContain(`FROM "public"."projects" AS "projects" ${lateral} ${where} LIMIT ALL OFFSET $3)`);
    expect(text).toContain(`pgrst_source_count AS (SELECT 1 FROM "public"."projects" AS "projects" ${lateral} WHERE ("projects_clients_1"."name" = $4 OR "projects"."id" > $5))`);
    expect(params).toEqual(['Apple', '3', 1, 'Apple', '3']);
  });

  it('leaves embeds nobody filters or orders by out of the count', () => {
    const { text } = compile(
      readRequest('projects', { select: [col('id'), rel('clients', [col('name')]), rel('tasks', [count])] }, { range: { offset: 1 }, preferences: { handling: 'lenient', invalid: [], count: 'exact' } }),
    );
    expect(text).toContain('pgrst_source_count AS (SELECT 1 FROM "public"."projects" AS "projects")');
    expect(text).toContain('SELECT jsonb_agg("projects_tasks_1") AS "projects_tasks_1"');
  });
});
