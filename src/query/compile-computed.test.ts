// Compiling computed relationships and computed fields: a relationship's child reads its
// function called with the parent's row, a field is its function called with the node's row
// (both cast to the row's type, so a write's or a call's records and overloads resolve),
// wherever they appear: select, filters, logic trees, order, JSON paths, fts, aggregates.
import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { planRead } from '../plan/read-plan.ts';
import { col, fieldOf, filterOf, readRequest, rel, testCache } from '../plan/test-schema.ts';
import { compileCountQuery } from './compile-count.ts';
import { compileReadNode } from './compile-read-node.ts';
import { raw, toSqlQuery } from './sql.ts';

const plan = (request: ApiRequest) => planRead(request, testCache, defaultDataApiSettings).read;
const read = (request: ApiRequest, source?: string) => toSqlQuery(compileReadNode(plan(request), source === undefined ? undefined : raw(source)));
const count = (request: ApiRequest) => toSqlQuery(compileCountQuery(plan(request)));

describe('computed relationships', () => {
  it('embeds a to-one one as a lateral call on the parent row', () => {
    expect(read(readRequest('projects', { select: [col('id'), rel('client_of', [col('name')], { alias: 'client' })] }))).toEqual({
      text:
        'SELECT "projects"."id", to_jsonb("projects_client_1".*) AS "client" FROM "public"."projects" AS "projects"' +
        ' LEFT JOIN LATERAL (SELECT "clients_1"."name" FROM "public"."client_of"("projects"::"public"."projects") AS "clients_1") AS "projects_client_1" ON TRUE',
      params: [],
    });
  });

  it('aggregates a to-many one, calling the function of its own schema', () => {
    const r = read(readRequest('clients', { select: [col('id'), rel('projects_of', [col('id')], { joinType: 'inner' })] }));
    expect(r.text).toBe(
      'SELECT "clients"."id", COALESCE("clients_projects_of_1"."clients_projects_of_1", \'[]\') AS "projects_of" FROM "public"."clients" AS "clients"' +
        ' INNER JOIN LATERAL (SELECT jsonb_agg("clients_projects_of_1") AS "clients_projects_of_1" FROM (SELECT "projects_1"."id" FROM "api"."projects_of"("clients"::"public"."clients") AS "projects_1") AS "clients_projects_of_1") AS "clients_projects_of_1"' +
        ' ON "clients_projects_of_1"."clients_projects_of_1" IS NOT NULL',
    );
  });

  it('casts the record of a source (a write or a call) to the parent type', () => {
    const r = read(readRequest('projects', { select: [col('id'), rel('client_of', [col('name')])] }), 'pgrst_source');
    expect(r.text).toContain('FROM pgrst_source AS "projects" LEFT JOIN LATERAL (SELECT "clients_1"."name" FROM "public"."client_of"("projects"::"public"."projects") AS "clients_1")');
  });

  it('counts with EXISTS over the call for !inner and rel=not.is.null', () => {
    const request = readRequest('clients', {
      select: [col('id'), rel('projects_of', [col('id')], { joinType: 'inner' })],
      filters: [{ path: ['projects_of'], filter: filterOf('id', { kind: 'quant', op: 'gt', value: '1' }) }],
    });
    expect(count(request)).toEqual({
      text:
        'SELECT 1 FROM "public"."clients" AS "clients" WHERE EXISTS (SELECT 1 FROM "api"."projects_of"("clients"::"public"."clients") AS "projects_1" WHERE "projects_1"."id" > $1)',
      params: ['1'],
    });
    const exists = readRequest('projects', {
      select: [col('id'), rel('client_of', [col('id')])],
      filters: [{ path: [], filter: filterOf('client_of', { kind: 'is', value: 'null' }, true) }],
    });
    expect(count(exists).text).toBe(
      'SELECT 1 FROM "public"."projects" AS "projects" WHERE EXISTS (SELECT 1 FROM "public"."client_of"("projects"::"public"."projects") AS "clients_1")',
    );
  });
});

const PROJECT = '"public"."label"("projects"::"public"."projects")';
const call = (fn: string, alias = 'items') => `"public"."${fn}"("${alias}"::"public"."items")`;

describe('computed fields', () => {
  it('selects, filters and orders by an explicit call, named by its output key', () => {
    const r = read(
      readRequest('projects', {
        select: [col('id'), col('label'), col('label', { alias: 'l' })],
        filters: [{ path: [], filter: filterOf('label', { kind: 'quant', op: 'like', value: 'W*' }) }],
        order: [{ path: [], terms: [{ field: fieldOf('label'), direction: 'desc' }] }],
      }),
    );
    expect(r).toEqual({
      text: `SELECT "projects"."id", ${PROJECT} AS "label", ${PROJECT} AS "l" FROM "public"."projects" AS "projects" WHERE ${PROJECT} like $1 ORDER BY ${PROJECT} DESC`,
      params: ['W%'],
    });
  });

  it('reads JSON paths of a jsonb field and searches a tsvector field without conversions', () => {
    const r = read(
      readRequest('items', {
        select: [col('doc', { field: fieldOf('doc', [{ arrow: '->>', key: { kind: 'key', name: 'a' } }]) })],
        filters: [{ path: [], filter: filterOf('words', { kind: 'fts', op: 'fts', value: 'cat' }) }],
        logic: [
          {
            path: [],
            tree: {
              kind: 'expr',
              op: 'or',
              negated: false,
              children: [{ kind: 'filter', filter: filterOf('weight', { kind: 'quant', op: 'gt', value: '2' }) }],
            },
          },
        ],
      }),
    );
    expect(r).toEqual({
      text: `SELECT ${call('doc')}->>$1 AS "a" FROM "public"."items" AS "items" WHERE ${call('words')} @@ to_tsquery($2) AND (${call('weight')} > $3)`,
      params: ['a', 'cat', '2'],
    });
  });

  it('aggregates and casts them, in embedded nodes too', () => {
    const r = toSqlQuery(
      compileReadNode(
        planRead(readRequest('items', { select: [col('weight', { aggregate: 'sum', cast: 'bigint' })] }), testCache, {
          ...defaultDataApiSettings,
          dbAggregatesEnabled: true,
        }).read,
      ),
    );
    expect(r.text).toBe(`SELECT SUM(CAST(${call('weight')} AS bigint)) AS "sum" FROM "public"."items" AS "items"`);
    const embedded = read(readRequest('clients', { select: [rel('projects', [col('label')])] }));
    expect(embedded.text).toContain('SELECT "public"."label"("projects_1"::"public"."projects") AS "label" FROM "public"."projects" AS "projects_1"');
  });

  it('calls them on the records of a source (a write or a call) through the cast', () => {
    expect(read(readRequest('projects', { select: [col('label')] }), 'pgrst_source').text).toBe(
      `SELECT ${PROJECT} AS "label" FROM pgrst_source AS "projects"`,
    );
  });

  it('refuses a name Postgres would answer with a function of the row; other unknown names pass on', () => {
    expect(() => plan(readRequest('projects', { select: [col('to_json')] }))).toThrow('column projects.to_json does not exist');
    expect(() => plan(readRequest('projects', { filters: [{ path: [], filter: filterOf('count', { kind: 'is', value: 'null' }) }] }))).toThrow(
      'column projects.count does not exist',
    );
    expect(read(readRequest('projects', { select: [col('nope')] })).text).toBe('SELECT "projects"."nope" FROM "public"."projects" AS "projects"');
    // A bare `count` is the row count it always answered, as count().
    expect(read(readRequest('projects', { select: [col('count')] })).text).toBe('SELECT COUNT(*) AS "count" FROM "public"."projects" AS "projects"');
  });
});
