// Compiling computed relationships: the child reads its function called with the parent's
// row (cast to the parent's type, so a write's or a call's records and overloads resolve),
// with no join conditions, in the read, its count query and `rel=not.is.null`.
import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api-request/types.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { planRead } from '../plan/read-plan.ts';
import { col, filterOf, readRequest, rel, testCache } from '../plan/test-schema.ts';
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
