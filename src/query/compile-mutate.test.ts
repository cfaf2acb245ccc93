import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { planMutate } from '../plan/mutate-plan.ts';
import { col, eq, rel, star } from '../plan/test-schema.ts';
import { writeCache, writeRequest } from '../plan/test-write-request.ts';
import { compileMutate } from './compile-mutate.ts';

const compile = (request: ApiRequest) => compileMutate(planMutate(request, writeCache, defaultDataApiSettings)).main;

const GUCS =
  "nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status";
const WRITTEN = '(SELECT pg_catalog.count(*) FROM pgrst_source) AS page_total';
const NO_INSERTED = 'NULL::bigint AS inserted';
const INSERTED =
  "(SELECT pg_catalog.count(*) - coalesce(nullif(current_setting('rowgate.upsert_updates', true), '')::bigint, 0) FROM pgrst_source) AS inserted";
const COUNT_UPDATE =
  "set_config('rowgate.upsert_updates', (coalesce(nullif(current_setting('rowgate.upsert_updates', true), '')::int, 0) + 1)::text, true) IS NOT NULL";
const tail = (location = 'NULL::text', inserted = NO_INSERTED) =>
  `NULL::bigint AS total_count, ${GUCS}, ${location} AS location, ${inserted}`;
/** A write without a body: the statement's one row straight from pgrst_source. */
const minimal = (ctes: string, location?: string, inserted?: string) =>
  `WITH ${ctes} SELECT ${WRITTEN}, NULL::text AS body, ${tail(location, inserted)}`;
const JSON_BODY = "coalesce(json_agg(_postgrest_t), '[]')";
/** A write returning its rows: pgrst_rows shapes them, the body aggregates them. */
const represented = (ctes: string, rows: string, inserted?: string, body = JSON_BODY) =>
  `WITH ${ctes}, pgrst_rows AS (${rows}) SELECT ${WRITTEN}, ${body} AS body, ${tail(undefined, inserted)} FROM pgrst_rows AS _postgrest_t`;

const PROJECTS = '"public"."projects" AS "projects"';
const recordset = (defs: string) => `json_to_recordset($1::json) AS "pgrst_body"(${defs})`;
const byId = { filters: [{ path: [], filter: eq('id', '1') }] };

describe('compileMutate', () => {
  const cases: readonly (readonly [string, ApiRequest, string, readonly unknown[]])[] = [
    [
      'an insert of one object, bound as a one-row array',
      writeRequest('projects', 'create', '{"name":"a","client_id":1}'),
      minimal(
        `pgrst_source AS (INSERT INTO ${PROJECTS} ("name", "client_id") SELECT "pgrst_body"."name", "pgrst_body"."client_id" FROM ${recordset('"name" text, "client_id" integer')} RETURNING 1)`,
      ),
      ['[{"name":"a","client_id":1}]'],
    ],
    [
      'a bulk insert: the same one statement whatever the row count',
      writeRequest('projects', 'create', '[{"name":"a"},{"name":"b"}]'),
      minimal(
        `pgrst_source AS (INSERT INTO ${PROJECTS} ("name") SELECT "pgrst_body"."name" FROM ${recordset('"name" text')} RETURNING 1)`,
      ),
      ['[{"name":"a"},{"name":"b"}]'],
    ],
    [
      'objects without keys insert rows of defaults',
      writeRequest('projects', 'create', '[{},{}]'),
      minimal(`pgrst_source AS (INSERT INTO ${PROJECTS} SELECT FROM json_array_elements($1::json) AS "pgrst_body" RETURNING 1)`),
      ['[{},{}]'],
    ],
    [
      'missing=default merges each object over the defaults of its columns',
      writeRequest('defaulted', 'create', '[{"name":"a"},{"client_id":2,"name":"b"}]', {
        query: { columns: ['id', 'name', 'client_id'] },
        prefs: { missing: 'default' },
      }),
      minimal(
        `pgrst_source AS (INSERT INTO "public"."defaulted" AS "defaulted" ("id", "name", "client_id") SELECT "pgrst_body"."id", "pgrst_body"."name", "pgrst_body"."client_id" FROM jsonb_array_elements($1::jsonb) AS pgrst_elem(v) CROSS JOIN LATERAL jsonb_to_record(jsonb_build_object($2::text, nextval('defaulted_id_seq'::regclass), $3::text, 'anon'::text) || pgrst_elem.v) AS "pgrst_body"("id" integer, "name" text, "client_id" integer) RETURNING 1)`,
      ),
      ['[{"name":"a"},{"client_id":2,"name":"b"}]', 'id', 'name'],
    ],
    [
      'merge-duplicates updates every column on the key and counts the updates',
      writeRequest('projects', 'create', '[{"id":1,"name":"a"}]', { prefs: { resolution: 'merge-duplicates', return: 'representation' } }),
      represented(
        `pgrst_source AS (INSERT INTO ${PROJECTS} ("id", "name") SELECT "pgrst_body"."id", "pgrst_body"."name" FROM ${recordset('"id" integer, "name" text')} ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id", "name" = EXCLUDED."name" WHERE ${COUNT_UPDATE} RETURNING "projects".*)`,
        'SELECT "projects".* FROM pgrst_source AS "projects"',
        INSERTED,
      ),
      ['[{"id":1,"name":"a"}]'],
    ],
    [
      'ignore-duplicates on on_conflict columns',
      writeRequest('projects', 'create', '{"name":"a"}', { query: { onConflict: ['name'] }, prefs: { resolution: 'ignore-duplicates' } }),
      minimal(
        `pgrst_source AS (INSERT INTO ${PROJECTS} ("name") SELECT "pgrst_body"."name" FROM ${recordset('"name" text')} ON CONFLICT ("name") DO NOTHING RETURNING 1)`,
      ),
      ['[{"name":"a"}]'],
    ],
    [
      'PUT writes only payload rows with the URL key',
      writeRequest('projects', 'single-upsert', '{"id":1,"name":"a"}', { query: byId }),
      minimal(
        `pgrst_source AS (INSERT INTO ${PROJECTS} ("id", "name") SELECT "pgrst_body"."id", "pgrst_body"."name" FROM ${recordset('"id" integer, "name" text')} WHERE "pgrst_body"."id" = $2 ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id", "name" = EXCLUDED."name" WHERE ${COUNT_UPDATE} RETURNING 1)`,
        undefined,
        INSERTED,
      ),
      ['[{"id":1,"name":"a"}]', '1'],
    ],
    [
      'return=headers-only returns the key and reads it for Location',
      writeRequest('projects', 'create', '{"id":7}', { prefs: { return: 'headers-only' } }),
      minimal(
        `pgrst_source AS (INSERT INTO ${PROJECTS} ("id") SELECT "pgrst_body"."id" FROM ${recordset('"id" integer')} RETURNING "projects"."id")`,
        '(SELECT row_to_json(pgrst_loc)::text FROM (SELECT "id" FROM pgrst_source LIMIT 1) AS pgrst_loc)',
      ),
      ['[{"id":7}]'],
    ],
    [
      'an update sets the columns from the first object',
      writeRequest('projects', 'update', '{"name":"b"}', { query: byId }),
      minimal(
        `pgrst_source AS (UPDATE ${PROJECTS} SET "name" = "pgrst_body"."name" FROM (SELECT "pgrst_body".* FROM ${recordset('"name" text')} LIMIT 1) AS "pgrst_body" WHERE "projects"."id" = $2 RETURNING 1)`,
      ),
      ['[{"name":"b"}]', '1'],
    ],
    [
      'an update with nothing to set changes no row',
      writeRequest('projects', 'update', '{}'),
      minimal('pgrst_source AS (SELECT 1 WHERE false)'),
      [],
    ],
    [
      'an update with nothing to set still has the shape to represent',
      writeRequest('projects', 'update', '[]', { prefs: { return: 'representation' } }),
      represented(`pgrst_source AS (SELECT "projects".* FROM ${PROJECTS} WHERE false)`, 'SELECT "projects".* FROM pgrst_source AS "projects"'),
      [],
    ],
    [
      'a delete represented with select and embeds, over pgrst_source',
      writeRequest('projects', 'delete', undefined, {
        query: { ...byId, select: [col('name'), rel('clients', [star])] },
        prefs: { return: 'representation' },
      }),
      represented(
        `pgrst_source AS (DELETE FROM ${PROJECTS} WHERE "projects"."id" = $1 RETURNING "projects"."name", "projects"."client_id", "projects"."id")`,
        'SELECT "projects"."name", to_jsonb("projects_clients_1".*) AS "clients" FROM pgrst_source AS "projects" LEFT JOIN LATERAL (SELECT "clients_1".* FROM "public"."clients" AS "clients_1" WHERE "clients_1"."id" = "projects"."client_id") AS "projects_clients_1" ON TRUE',
      ),
      ['1'],
    ],
  ];

  it.each(cases)('%s', (_, request, text, params) => {
    expect(compile(request)).toEqual({ text, params });
  });

  it('limits an update or a delete to the page of filtered rows, by key in the root order', () => {
    const limited = (kind: 'update' | 'delete', table: string, body?: string) => {
      const request = writeRequest(table, kind, body, {
        query: { ...byId, order: [{ path: [], terms: [{ field: { name: 'name', jsonPath: [] }, direction: 'desc' }] }] },
      });
      return compile({ ...request, range: { offset: 1, limit: 2 } });
    };
    expect(limited('update', 'projects', '{"name":"b"}')).toEqual({
      text: minimal(
        `pgrst_source AS (UPDATE ${PROJECTS} SET "name" = "pgrst_body"."name" FROM (SELECT "pgrst_body".* FROM ${recordset('"name" text')} LIMIT 1) AS "pgrst_body" WHERE ("projects"."id") IN (SELECT "projects"."id" FROM ${PROJECTS} WHERE "projects"."id" = $2 ORDER BY "projects"."name" DESC LIMIT $3 OFFSET $4) RETURNING 1)`,
      ),
      params: ['[{"name":"b"}]', '1', 2, 1],
    });
    // Without a primary key, a table's rows are picked by their ctid.
    expect(limited('delete', 'no_pk')).toEqual({
      text: minimal(
        'pgrst_source AS (DELETE FROM "public"."no_pk" AS "no_pk" WHERE ("no_pk".ctid) IN (SELECT "no_pk".ctid FROM "public"."no_pk" AS "no_pk" WHERE "no_pk"."id" = $1 ORDER BY "no_pk"."name" DESC LIMIT $2 OFFSET $3) RETURNING 1)',
      ),
      params: ['1', 2, 1],
    });
  });

  it('builds CSV and singular bodies with the read path', () => {
    const csv = compile(writeRequest('projects', 'create', 'id\n1', { contentType: 'text/csv', accept: ['text/csv'], prefs: { return: 'representation' } }));
    expect(csv.text).toContain("FROM pgrst_rows AS hh LIMIT 1) s) a) || E'\\n' || coalesce(string_agg(");
    const one = compile(writeRequest('projects', 'create', '{"id":1}', { accept: ['application/vnd.pgrst.object+json'], prefs: { return: 'representation' } }));
    expect(one.text).toContain("coalesce(json_agg(_postgrest_t)->0, 'null') AS body");
  });
});

describe('compileMutate: nested inserts', () => {
  const SRC =
    '"pgrst_source_src" AS (SELECT p.ordinality AS pgrst_ord, NULL::bigint AS pgrst_link, p.value AS pgrst_elem FROM json_array_elements($1::json) WITH ORDINALITY AS p(value, ordinality))';
  const guard = (ins: string, src: string, param: string) =>
    `CASE WHEN (SELECT pg_catalog.count(*) FROM "${ins}") = (SELECT pg_catalog.count(*) FROM "${src}") THEN true ELSE ('nested insert into ' || ${param}::text || ': ' || (SELECT pg_catalog.count(*) FROM "${ins}")::text || ' of ' || (SELECT pg_catalog.count(*) FROM "${src}")::text || ' rows were inserted, so related rows cannot be linked')::int::boolean END`;
  const rows = (base: string) =>
    `"${base}_rows" AS (SELECT i.*, s.pgrst_link FROM (SELECT row_number() OVER () AS pgrst_ord, r.* FROM "${base}" AS r) AS i JOIN "${base}_src" AS s ON s.pgrst_ord = i.pgrst_ord)`;

  it('inserts children after the parent, their FK from its numbered RETURNING rows', () => {
    const { text, params } = compile(writeRequest('clients', 'create', '{"name":"c","projects":[{"name":"p"}]}'));
    expect(text).toBe(
      minimal(
        [
          SRC,
          '"pgrst_source" AS (INSERT INTO "public"."clients" AS "clients" ("name") SELECT "pgrst_body"."name" FROM "pgrst_source_src" AS s CROSS JOIN LATERAL json_to_record(s.pgrst_elem) AS "pgrst_body"("name" text) ORDER BY s.pgrst_ord RETURNING "clients"."id")',
          rows('pgrst_source'),
          `"pgrst_n1_src" AS (SELECT row_number() OVER (ORDER BY s.pgrst_ord, c.ordinality) AS pgrst_ord, s.pgrst_ord AS pgrst_link, c.value AS pgrst_elem FROM "pgrst_source_src" AS s CROSS JOIN LATERAL (SELECT s.pgrst_elem -> $2::text AS v) AS k CROSS JOIN LATERAL json_array_elements(CASE json_typeof(k.v) WHEN 'array' THEN k.v WHEN 'object' THEN json_build_array(k.v) ELSE '[]'::json END) WITH ORDINALITY AS c(value, ordinality))`,
          `"pgrst_n1" AS (INSERT INTO ${PROJECTS} ("name", "client_id") SELECT "pgrst_body"."name", "pgrst_parent"."id" FROM "pgrst_n1_src" AS s CROSS JOIN LATERAL json_to_record(s.pgrst_elem) AS "pgrst_body"("name" text) JOIN "pgrst_source_rows" AS pgrst_parent ON pgrst_parent.pgrst_ord = s.pgrst_link WHERE ${guard('pgrst_source', 'pgrst_source_src', '$3')} ORDER BY s.pgrst_ord RETURNING 1)`,
        ].join(', '),
      ),
    );
    expect(params).toEqual(['[{"name":"c","projects":[{"name":"p"}]}]', 'projects', 'clients']);
  });

  it('inserts a parent first, and the representation embeds it from the table plus its INSERT CTE', () => {
    const { text, params } = compile(
      writeRequest('projects', 'create', '{"name":"p","clients":{"name":"c"}}', {
        prefs: { return: 'representation' },
        query: { select: [col('name'), rel('clients', [col('name')])] },
      }),
    );
    expect(text).toBe(
      represented(
        [
          SRC,
          `"pgrst_n1_src" AS (SELECT row_number() OVER (ORDER BY s.pgrst_ord) AS pgrst_ord, s.pgrst_ord AS pgrst_link, s.pgrst_elem -> $2::text AS pgrst_elem FROM "pgrst_source_src" AS s WHERE json_typeof(s.pgrst_elem -> $3::text) = 'object')`,
          '"pgrst_n1" AS (INSERT INTO "public"."clients" AS "clients" ("name") SELECT "pgrst_body"."name" FROM "pgrst_n1_src" AS s CROSS JOIN LATERAL json_to_record(s.pgrst_elem) AS "pgrst_body"("name" text) ORDER BY s.pgrst_ord RETURNING "clients"."name", "clients"."id")',
          rows('pgrst_n1'),
          `"pgrst_source" AS (INSERT INTO ${PROJECTS} ("name", "client_id") SELECT "pgrst_body"."name", "pgrst_p1"."id" FROM "pgrst_source_src" AS s CROSS JOIN LATERAL json_to_record(s.pgrst_elem) AS "pgrst_body"("name" text) LEFT JOIN "pgrst_n1_rows" AS "pgrst_p1" ON "pgrst_p1".pgrst_link = s.pgrst_ord WHERE ${guard('pgrst_n1', 'pgrst_n1_src', '$4')} ORDER BY s.pgrst_ord RETURNING "projects"."name", "projects"."client_id", "projects"."id")`,
        ].join(', '),
        'SELECT "projects"."name", to_jsonb("projects_clients_1".*) AS "clients" FROM pgrst_source AS "projects" LEFT JOIN LATERAL (SELECT "clients_1"."name" FROM (SELECT "name", "id" FROM "public"."clients" UNION ALL SELECT "name", "id" FROM "pgrst_n1") AS "clients_1" WHERE "clients_1"."id" = "projects"."client_id") AS "projects_clients_1" ON TRUE',
      ),
    );
    expect(params).toEqual(['[{"name":"p","clients":{"name":"c"}}]', 'clients', 'clients', 'clients']);
  });

  it('links many-to-many rows through one junction row each, and embeds both from the table plus the CTEs', () => {
    const { text, params } = compile(
      writeRequest('users', 'create', '{"name":"u","tasks":[{"name":"t"}]}', {
        prefs: { return: 'representation' },
        query: { select: [col('name'), rel('tasks', [col('name')])] },
      }),
    );
    expect(text).toContain(
      `"pgrst_n1" AS (INSERT INTO "public"."tasks" AS "tasks" ("name") SELECT "pgrst_body"."name" FROM "pgrst_n1_src" AS s CROSS JOIN LATERAL json_to_record(s.pgrst_elem) AS "pgrst_body"("name" text) ORDER BY s.pgrst_ord RETURNING "tasks"."name", "tasks"."id"), ${rows('pgrst_n1')}, ` +
        `"pgrst_n1_junction" AS (INSERT INTO "public"."users_tasks" AS "users_tasks" ("user_id", "task_id") SELECT "pgrst_parent"."id", "c"."id" FROM "pgrst_n1_rows" AS c JOIN "pgrst_source_rows" AS pgrst_parent ON pgrst_parent.pgrst_ord = c.pgrst_link WHERE ${guard('pgrst_source', 'pgrst_source_src', '$3')} AND ${guard('pgrst_n1', 'pgrst_n1_src', '$4')} ORDER BY c.pgrst_ord RETURNING "users_tasks".*)`,
    );
    expect(text).toContain(
      'FROM (SELECT "name", "id" FROM "public"."tasks" UNION ALL SELECT "name", "id" FROM "pgrst_n1") AS "tasks_1", (SELECT * FROM "public"."users_tasks" UNION ALL SELECT * FROM "pgrst_n1_junction") AS "users_tasks_1_junction" WHERE',
    );
    expect(params).toEqual(['[{"name":"u","tasks":[{"name":"t"}]}]', 'tasks', 'users', 'tasks']);
  });
});
