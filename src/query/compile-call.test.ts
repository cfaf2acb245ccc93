import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings, type DataApiSettings } from '../config/data-api-settings.ts';
import { planCall } from '../plan/call-plan.ts';
import { callCache, callRequest } from '../plan/test-routines.ts';
import { col, eq, rel } from '../plan/test-schema.ts';
import { compileCall } from './compile-call.ts';

const compile = (request: ApiRequest, settings: Partial<DataApiSettings> = {}) =>
  compileCall(planCall(request, callCache, { ...defaultDataApiSettings, ...settings })).main;

const GUCS =
  "nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status";
const COUNT = 'pg_catalog.count(_postgrest_t)';
const ONE = `greatest(${COUNT}, 1)`;
const VALUE = "coalesce(json_agg(_postgrest_t.pgrst_scalar)->0, 'null')";
const VALUES = "coalesce(json_agg(_postgrest_t.pgrst_scalar), '[]')";
const ROW = "coalesce(json_agg(_postgrest_t)->0, 'null')";
const ROWS = "coalesce(json_agg(_postgrest_t), '[]')";

interface Tail {
  readonly total?: string;
  readonly page?: string;
  readonly body?: string;
  readonly countCte?: string;
}

/** The main statement around the call's rows and their shaping. */
const main = (source: string, rows: string, tail: Tail = {}) =>
  `WITH pgrst_source AS (${source}), pgrst_rows AS (${rows})${tail.countCte ?? ''} SELECT ${tail.total ?? 'NULL::bigint'} AS total_count, ${tail.page ?? COUNT} AS page_total, ${tail.body ?? ROWS} AS body, ${GUCS} FROM pgrst_rows AS _postgrest_t`;

const scalarCall = (from: string) => `SELECT pgrst_call.pgrst_scalar FROM ${from} AS pgrst_call`;
const rowsCall = (from: string) => `SELECT pgrst_call.* FROM ${from} AS pgrst_call`;
const jsonBody = (reader: string, columns: string, defs: string) =>
  `(SELECT $1::json AS json_data) AS pgrst_payload, LATERAL (SELECT ${columns} FROM ${reader}(pgrst_payload.json_data) AS _(${defs}) LIMIT 1) AS pgrst_body, LATERAL `;
const PROJECTS = 'SELECT "projects".* FROM pgrst_source AS "projects"';

describe('compileCall: arguments', () => {
  const cases: readonly (readonly [string, ApiRequest, string, readonly unknown[]])[] = [
    [
      'GET parameters, each a text parameter cast to its type',
      callRequest('add_them', { args: [['b', '2'], ['a', '1']] }),
      main(scalarCall('(SELECT "public"."add_them"("a" := $1::integer, "b" := $2::integer) AS pgrst_scalar OFFSET 0)'), 'SELECT "add_them".* FROM pgrst_source AS "add_them"', { page: ONE, body: VALUE }),
      ['1', '2'],
    ],
    [
      'no arguments: the defaults apply',
      callRequest('three_defaults'),
      main(scalarCall('(SELECT "public"."three_defaults"() AS pgrst_scalar OFFSET 0)'), 'SELECT "three_defaults".* FROM pgrst_source AS "three_defaults"', { page: ONE, body: VALUE }),
      [],
    ],
    [
      'only the parameters given are named',
      callRequest('three_defaults', { args: [['c', '5']] }),
      main(scalarCall('(SELECT "public"."three_defaults"("c" := $1::integer) AS pgrst_scalar OFFSET 0)'), 'SELECT "three_defaults".* FROM pgrst_source AS "three_defaults"', { page: ONE, body: VALUE }),
      ['5'],
    ],
    [
      'a repeated variadic parameter is one array; a repeated other one keeps its last value',
      callRequest('variadic_param', { args: [['v', 'hi'], ['v', 'th"ere']] }),
      main(scalarCall('(SELECT "public"."variadic_param"(VARIADIC "v" := $1::text[]) AS pgrst_scalar OFFSET 0)'), 'SELECT "variadic_param".* FROM pgrst_source AS "variadic_param"', { page: ONE, body: VALUE }),
      ['{"hi","th\\"ere"}'],
    ],
    [
      'character and bit read as their varying forms; user types as the cache names them',
      callRequest('char_echo', { args: [['c', 'abcdef'], ['flags', '{101}']] }),
      main(scalarCall('(SELECT "public"."char_echo"("c" := $1::character varying, "flags" := $2::bit varying[]) AS pgrst_scalar OFFSET 0)'), 'SELECT "char_echo".* FROM pgrst_source AS "char_echo"', { page: ONE, body: VALUE }),
      ['abcdef', '{101}'],
    ],
    [
      'a JSON object: its keys read by json_to_record',
      callRequest('add_them', { body: '{"a":1,"b":2,"c":3}', query: { columns: ['a', 'b'] } }),
      main(
        scalarCall(`${jsonBody('json_to_record', '"a", "b"', '"a" integer, "b" integer')}(SELECT "public"."add_them"("a" := "pgrst_body"."a", "b" := "pgrst_body"."b") AS pgrst_scalar OFFSET 0)`),
        'SELECT "add_them".* FROM pgrst_source AS "add_them"',
        { page: ONE, body: VALUE },
      ),
      ['{"a":1,"b":2,"c":3}'],
    ],
    [
      'a JSON array: its first object',
      callRequest('typed', { body: '[{"m":"foo"},{"m":"bar"}]' }),
      main(
        scalarCall(`${jsonBody('json_to_recordset', '"m"', '"m" public.mood')}(SELECT "public"."typed"("m" := "pgrst_body"."m") AS pgrst_scalar OFFSET 0)`),
        'SELECT "typed".* FROM pgrst_source AS "typed"',
        { page: ONE, body: VALUE },
      ),
      ['[{"m":"foo"},{"m":"bar"}]'],
    ],
    [
      'a variadic parameter from JSON is passed VARIADIC',
      callRequest('variadic_param', { body: '{"v":["a","b"]}' }),
      main(
        scalarCall(`${jsonBody('json_to_record', '"v"', '"v" text[]')}(SELECT "public"."variadic_param"(VARIADIC "v" := "pgrst_body"."v") AS pgrst_scalar OFFSET 0)`),
        'SELECT "variadic_param".* FROM pgrst_source AS "variadic_param"',
        { page: ONE, body: VALUE },
      ),
      ['{"v":["a","b"]}'],
    ],
    [
      'form fields are direct values, repeats kept for variadic',
      callRequest('variadic_param', { body: 'v=a&v=b', contentType: 'application/x-www-form-urlencoded' }),
      main(scalarCall('(SELECT "public"."variadic_param"(VARIADIC "v" := $1::text[]) AS pgrst_scalar OFFSET 0)'), 'SELECT "variadic_param".* FROM pgrst_source AS "variadic_param"', { page: ONE, body: VALUE }),
      ['{"a","b"}'],
    ],
    [
      'an unnamed json parameter takes the whole body',
      callRequest('unnamed_json', { body: '{"x": [1]}' }),
      main(scalarCall('(SELECT "public"."unnamed_json"($1::json) AS pgrst_scalar OFFSET 0)'), 'SELECT "unnamed_json".* FROM pgrst_source AS "unnamed_json"', { page: ONE, body: VALUE }),
      ['{"x": [1]}'],
    ],
    [
      'an unnamed bytea parameter takes the body as hex',
      callRequest('unnamed_bytea', { body: Buffer.from([0, 255]), contentType: 'application/octet-stream' }),
      main(scalarCall('(SELECT "public"."unnamed_bytea"($1::bytea) AS pgrst_scalar OFFSET 0)'), 'SELECT "unnamed_bytea".* FROM pgrst_source AS "unnamed_bytea"', { page: ONE, body: VALUE }),
      ['\\x00ff'],
    ],
  ];
  it.each(cases)('%s', (_name, request, text, params) => {
    expect(compile(request)).toEqual({ text, params });
  });
});

describe('compileCall: results and their shaping', () => {
  const cases: readonly (readonly [string, ApiRequest, string, readonly unknown[]])[] = [
    [
      'a set of scalars is an array of the values',
      callRequest('setof_ints'),
      main(scalarCall('(SELECT "public"."setof_ints"() AS pgrst_scalar)'), 'SELECT "setof_ints".* FROM pgrst_source AS "setof_ints"', { body: VALUES }),
      [],
    ],
    [
      'void builds no body, but still reads the rows so the function runs',
      callRequest('ret_void', { body: '' }),
      main(scalarCall('(SELECT "public"."ret_void"() AS pgrst_scalar OFFSET 0)'), 'SELECT "ret_void".* FROM pgrst_source AS "ret_void"', { page: ONE, body: 'NULL::text' }),
      [],
    ],
    [
      'a single row is its object, shaped as its table',
      callRequest('single_project', { args: [['id', '1']], query: { select: [col('name')] } }),
      main(rowsCall('"public"."single_project"("id" := $1::integer)'), 'SELECT "projects"."name" FROM pgrst_source AS "projects"', { page: ONE, body: ROW }),
      ['1'],
    ],
    [
      'a row of OUT parameters reads as a relation named after the function',
      callRequest('out_params'),
      main(rowsCall('"public"."out_params"()'), 'SELECT "out_params".* FROM pgrst_source AS "out_params"', { page: ONE, body: ROW }),
      [],
    ],
    [
      'rows of a table: filters, order, page and embeds over pgrst_source',
      callRequest('getallprojects', {
        query: {
          select: [col('id'), rel('clients', [col('name')])],
          filters: [{ path: [], filter: eq('id', '3') }],
          order: [{ path: [], terms: [{ field: { name: 'name', jsonPath: [] }, direction: 'desc' }] }],
        },
        prefs: { count: 'exact' },
      }),
      main(
        rowsCall('"public"."getallprojects"()'),
        'SELECT "projects"."id", to_jsonb("projects_clients_1".*) AS "clients" FROM pgrst_source AS "projects" LEFT JOIN LATERAL (SELECT "clients_1"."name" FROM "public"."clients" AS "clients_1" WHERE "clients_1"."id" = "projects"."client_id") AS "projects_clients_1" ON TRUE WHERE "projects"."id" = $1 ORDER BY "projects"."name" DESC',
        { total: COUNT },
      ),
      ['3'],
    ],
    [
      'count=exact on a page counts pgrst_source with the same filters',
      { ...callRequest('getallprojects', { query: { filters: [{ path: [], filter: eq('id', '3') }] }, prefs: { count: 'exact' } }), range: { offset: 1, limit: 2 } },
      main(rowsCall('"public"."getallprojects"()'), `${PROJECTS} WHERE "projects"."id" = $1 LIMIT $2 OFFSET $3`, {
        countCte: ', pgrst_source_count AS (SELECT 1 FROM pgrst_source AS "projects" WHERE "projects"."id" = $4)',
        total: '(SELECT pg_catalog.count(*) FROM pgrst_source_count)',
      }),
      ['3', 2, 1, '3'],
    ],
    [
      'db-max-rows caps the page',
      callRequest('getallprojects', { method: 'HEAD' }),
      main(rowsCall('"public"."getallprojects"()'), `${PROJECTS} LIMIT $1 OFFSET $2`, { body: 'NULL::text' }),
      [10, 0],
    ],
    [
      'CSV reads its header from pgrst_rows',
      callRequest('getallprojects', { accept: ['text/csv'] }),
      main(rowsCall('"public"."getallprojects"()'), PROJECTS, {
        body: "(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM (SELECT row_to_json(hh) AS r FROM pgrst_rows AS hh LIMIT 1) s) a) || E'\\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), E'\\n'), '')",
      }),
      [],
    ],
    [
      'the singular object of rows; of a set of scalars, its row as PostgREST gives it',
      callRequest('setof_ints', { accept: ['application/vnd.pgrst.object+json'] }),
      main(scalarCall('(SELECT "public"."setof_ints"() AS pgrst_scalar)'), 'SELECT "setof_ints".* FROM pgrst_source AS "setof_ints"', { body: ROW }),
      [],
    ],
    [
      'nulls=stripped',
      callRequest('getallprojects', { accept: ['application/vnd.pgrst.array+json;nulls=stripped'] }),
      main(rowsCall('"public"."getallprojects"()'), PROJECTS, { body: "coalesce(json_strip_nulls(json_agg(_postgrest_t)), '[]')" }),
      [],
    ],
  ];
  it.each(cases)('%s', (name, request, text, params) => {
    expect(compile(request, name.startsWith('db-max-rows') ? { dbMaxRows: 10 } : {})).toEqual({ text, params });
  });
});
