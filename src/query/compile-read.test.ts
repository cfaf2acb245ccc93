import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings, type DataApiSettings } from '../config/data-api-settings.ts';
import { planRead } from '../plan/read-plan.ts';
import { col, eq, fieldOf, filterOf, readRequest, rel, star, testCache } from '../plan/test-schema.ts';
import { compileRead } from './compile-read.ts';
import { compileReadNode } from './compile-read-node.ts';
import { raw, toSqlQuery } from './sql.ts';

const compile = (request: ApiRequest, settings: Partial<DataApiSettings> = {}) =>
  compileRead(planRead(request, testCache, { ...defaultDataApiSettings, ...settings }));

const TAIL =
  " AS body, nullif(current_setting('response.headers', true), '') AS response_headers, " +
  "nullif(current_setting('response.status', true), '') AS response_status FROM pgrst_source AS _postgrest_t";
const JSON_BODY = "coalesce(json_agg(_postgrest_t), '[]')";
const main = (source: string, total = 'NULL::bigint', body = JSON_BODY, countCte = ''): string =>
  `WITH pgrst_source AS (${source})${countCte} SELECT ${total} AS total_count, pg_catalog.count(_postgrest_t) AS page_total, ${body}${TAIL}`;
const prefs = (count: 'exact' | 'planned' | 'estimated') => ({ handling: 'lenient' as const, invalid: [], count });

describe('compileRead', () => {
  const cases: readonly (readonly [string, ApiRequest, Partial<DataApiSettings>, string, readonly unknown[]])[] = [
    ['a whole table', readRequest('projects'), {}, main('SELECT "projects".* FROM "public"."projects" AS "projects"'), []],
    [
      'columns, alias, cast, JSON path, filter and order',
      readRequest('items', {
        select: [
          col('id'),
          col('status', { alias: 's', cast: 'text' }),
          col('data', { field: fieldOf('data', [{ arrow: '->>', key: { kind: 'key', name: 'b' } }]) }),
        ],
        filters: [{ path: [], filter: eq('id', '1') }],
        order: [{ path: [], terms: [{ field: fieldOf('id'), direction: 'desc', nulls: 'first' }] }],
      }),
      {},
      main(
        'SELECT "items"."id", CAST("items"."status" AS text) AS "s", "items"."data"->>$1 AS "b" FROM "public"."items" AS "items" WHERE "items"."id" = $2 ORDER BY "items"."id" DESC NULLS FIRST',
      ),
      ['b', '1'],
    ],
    [
      'a page with an exact count uses a count CTE',
      readRequest('projects', {}, { range: { offset: 10, limit: 5 }, preferences: prefs('exact') }),
      {},
      main(
        'SELECT "projects".* FROM "public"."projects" AS "projects" LIMIT $1 OFFSET $2',
        '(SELECT pg_catalog.count(*) FROM pgrst_source_count)',
        JSON_BODY,
        ', pgrst_source_count AS (SELECT 1 FROM "public"."projects" AS "projects")',
      ),
      [5, 10],
    ],
    [
      'no page: the exact count is the page count',
      readRequest('projects', {}, { preferences: prefs('exact') }),
      {},
      main('SELECT "projects".* FROM "public"."projects" AS "projects"', 'pg_catalog.count(_postgrest_t)'),
      [],
    ],
    [
      'db-max-rows caps the page; estimated stops counting past it',
      readRequest('projects', {}, { preferences: prefs('estimated') }),
      { dbMaxRows: 3 },
      main(
        'SELECT "projects".* FROM "public"."projects" AS "projects" LIMIT $1 OFFSET $2',
        '(SELECT pg_catalog.count(*) FROM pgrst_source_count)',
        JSON_BODY,
        ', pgrst_source_count AS (SELECT 1 FROM "public"."projects" AS "projects" LIMIT $3)',
      ),
      [3, 0, 4],
    ],
    [
      'many-to-one and one-to-many embeds, inner join, embedded filter, related order',
      readRequest('projects', {
        select: [col('id'), rel('clients', [col('name')]), rel('tasks', [star], { joinType: 'inner' })],
        filters: [{ path: ['tasks'], filter: eq('name', 'x') }],
        order: [{ path: [], terms: [{ relation: 'clients', field: fieldOf('name') }] }],
      }),
      {},
      main(
        'SELECT "projects"."id", to_jsonb("projects_clients_1".*) AS "clients", COALESCE("projects_tasks_1"."projects_tasks_1", \'[]\') AS "tasks" FROM "public"."projects" AS "projects"' +
          ' LEFT JOIN LATERAL (SELECT "clients_1"."name" FROM "public"."clients" AS "clients_1" WHERE "clients_1"."id" = "projects"."client_id") AS "projects_clients_1" ON TRUE' +
          ' INNER JOIN LATERAL (SELECT jsonb_agg("projects_tasks_1") AS "projects_tasks_1" FROM (SELECT "tasks_1".* FROM "public"."tasks" AS "tasks_1" WHERE "tasks_1"."project_id" = "projects"."id" AND "tasks_1"."name" = $1) AS "projects_tasks_1") AS "projects_tasks_1" ON "projects_tasks_1"."projects_tasks_1" IS NOT NULL' +
          ' ORDER BY "projects_clients_1"."name"',
      ),
      ['x'],
    ],
    [
      'many-to-many through the junction, spread into arrays',
      readRequest('users', { select: [col('name'), rel('tasks', [col('name', { alias: 'task' })], { spread: true })] }),
      {},
      main(
        'SELECT "users"."name", "users_tasks_1"."task" AS "task" FROM "public"."users" AS "users"' +
          ' LEFT JOIN LATERAL (SELECT bool_or(true) AS "users_tasks_1", COALESCE(jsonb_agg("users_tasks_1"."task"), \'[]\') AS "task" FROM (SELECT "tasks_1"."name" AS "task" FROM "public"."tasks" AS "tasks_1", "public"."users_tasks" AS "users_tasks_1_junction" WHERE "tasks_1"."id" = "users_tasks_1_junction"."task_id" AND "users_tasks_1_junction"."user_id" = "users"."id") AS "users_tasks_1") AS "users_tasks_1" ON TRUE',
      ),
      [],
    ],
    [
      'embed null filters test the lateral; the count uses EXISTS',
      readRequest(
        'clients',
        { select: [col('id'), rel('projects', [])], filters: [{ path: [], filter: filterOf('projects', { kind: 'is', value: 'null' }) }] },
        { range: { offset: 1 }, preferences: prefs('exact') },
      ),
      {},
      main(
        'SELECT "clients"."id" FROM "public"."clients" AS "clients" LEFT JOIN LATERAL (SELECT jsonb_agg("clients_projects_1") AS "clients_projects_1" FROM (SELECT "projects_1".* FROM "public"."projects" AS "projects_1" WHERE "projects_1"."client_id" = "clients"."id") AS "clients_projects_1") AS "clients_projects_1" ON TRUE WHERE NOT "clients_projects_1"."clients_projects_1" IS DISTINCT FROM NULL LIMIT ALL OFFSET $1',
        '(SELECT pg_catalog.count(*) FROM pgrst_source_count)',
        JSON_BODY,
        ', pgrst_source_count AS (SELECT 1 FROM "public"."clients" AS "clients" WHERE NOT EXISTS (SELECT 1 FROM "public"."projects" AS "projects_1" WHERE "projects_1"."client_id" = "clients"."id"))',
      ),
      [1],
    ],
    [
      'aggregates group by position',
      readRequest('projects', {
        select: [col('client_id'), col('id', { aggregate: 'sum', aggregateCast: 'text' }), col('*', { aggregate: 'count', alias: 'n' })],
      }),
      { dbAggregatesEnabled: true },
      main(
        'SELECT "projects"."client_id", CAST(SUM("projects"."id") AS text) AS "sum", COUNT(*) AS "n" FROM "public"."projects" AS "projects" GROUP BY 1',
      ),
      [],
    ],
    [
      'a grouped node orders by a selected JSON path by its position',
      readRequest('items', {
        select: [col('meta', { field: fieldOf('meta', [{ arrow: '->>', key: { kind: 'key', name: 'color' } }]) }), col('id', { aggregate: 'count' })],
        order: [{ path: [], terms: [{ field: fieldOf('meta', [{ arrow: '->>', key: { kind: 'key', name: 'color' } }]), direction: 'desc' }] }],
      }),
      { dbAggregatesEnabled: true },
      main('SELECT "items"."meta"->>$1 AS "color", COUNT("items"."id") AS "count" FROM "public"."items" AS "items" GROUP BY 1 ORDER BY 1 DESC'),
      ['color'],
    ],
    [
      'aggregates of a to-one spread are hoisted to the parent',
      readRequest('tasks', { select: [rel('projects', [col('client_id'), col('id', { aggregate: 'max' })], { spread: true })] }),
      { dbAggregatesEnabled: true },
      main(
        'SELECT "tasks_projects_1"."client_id" AS "client_id", MAX("tasks_projects_1"."pgrst_agg_1") AS "max" FROM "public"."tasks" AS "tasks" LEFT JOIN LATERAL (SELECT "projects_1"."client_id", "projects_1"."id" AS "pgrst_agg_1" FROM "public"."projects" AS "projects_1" WHERE "projects_1"."id" = "tasks"."project_id") AS "tasks_projects_1" ON TRUE GROUP BY 1',
      ),
      [],
    ],
    [
      'csv',
      readRequest('clients', {}, { accept: ['text/csv'] }),
      {},
      main(
        'SELECT "clients".* FROM "public"."clients" AS "clients"',
        'NULL::bigint',
        "(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM (SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a) || E'\\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), E'\\n'), '')",
      ),
      [],
    ],
    [
      'a single object, nulls stripped',
      readRequest('clients', {}, { accept: ['application/vnd.pgrst.object+json;nulls=stripped'] }),
      {},
      main('SELECT "clients".* FROM "public"."clients" AS "clients"', 'NULL::bigint', "coalesce(json_strip_nulls(json_agg(_postgrest_t)->0), 'null')"),
      [],
    ],
    [
      'HEAD builds no body',
      readRequest('clients', {}, { action: { kind: 'read', headersOnly: true } }),
      {},
      main('SELECT "clients".* FROM "public"."clients" AS "clients"', 'NULL::bigint', 'NULL::text'),
      [],
    ],
  ];
  it.each(cases)('%s', (_name, request, settings, text, params) => {
    expect(compile(request, settings).main).toEqual({ text, params });
  });

  it('gives the same text for the same request shape, whatever the values', () => {
    const a = compile(readRequest('projects', { filters: [{ path: [], filter: eq('id', '1') }] }));
    const b = compile(readRequest('projects', { filters: [{ path: [], filter: eq('id', "2'; --") }] }));
    expect(a.main.text).toBe(b.main.text);
    const inA = compile(readRequest('projects', { filters: [{ path: [], filter: filterOf('id', { kind: 'in', values: ['1'] }) }] }));
    const inB = compile(readRequest('projects', { filters: [{ path: [], filter: filterOf('id', { kind: 'in', values: ['1', '2', '3'] }) }] }));
    expect(inA.main.text).toBe(inB.main.text);
  });

  it('explains the count query for planned and estimated counts', () => {
    const c = compile(readRequest('projects', { filters: [{ path: [], filter: eq('id', '1') }] }, { preferences: prefs('planned') }));
    expect(c.plannedCount).toEqual({
      text: 'EXPLAIN (FORMAT JSON) SELECT 1 FROM "public"."projects" AS "projects" WHERE "projects"."id" = $1',
      params: ['1'],
    });
    expect(compile(readRequest('projects')).plannedCount).toBeUndefined();
  });

  it('reads the root from a given source for writes', () => {
    const plan = planRead(readRequest('projects', { select: [col('id'), rel('clients', [col('name')])] }), testCache, defaultDataApiSettings);
    expect(toSqlQuery(compileReadNode(plan.read, raw('pgrst_source'))).text).toBe(
      'SELECT "projects"."id", to_jsonb("projects_clients_1".*) AS "clients" FROM pgrst_source AS "projects" LEFT JOIN LATERAL (SELECT "clients_1"."name" FROM "public"."clients" AS "clients_1" WHERE "clients_1"."id" = "projects"."client_id") AS "projects_clients_1" ON TRUE',
    );
  });

  it('reads embedded nodes from given sources, by node', () => {
    const plan = planRead(readRequest('clients', { select: [col('id'), rel('projects', [col('id')])] }), testCache, defaultDataApiSettings);
    const projects = plan.read.embeds[0]!.plan;
    expect(toSqlQuery(compileReadNode(plan.read, raw('pgrst_source'), new Map([[projects, raw('inserted_projects')]]))).text).toBe(
      'SELECT "clients"."id", COALESCE("clients_projects_1"."clients_projects_1", \'[]\') AS "projects" FROM pgrst_source AS "clients" LEFT JOIN LATERAL (SELECT jsonb_agg("clients_projects_1") AS "clients_projects_1" FROM (SELECT "projects_1"."id" FROM inserted_projects AS "projects_1" WHERE "projects_1"."client_id" = "clients"."id") AS "clients_projects_1") AS "clients_projects_1" ON TRUE',
    );
  });
});
