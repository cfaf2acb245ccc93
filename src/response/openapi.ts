// The API root (`GET /`): an OpenAPI 2.0 description of the exposed schema's tables and
// views, built from the schema cache as PostgREST does (types per column, primary and
// foreign key notes, the verbs each relation allows). With openapi-mode follow-privileges
// a role sees only the relations and verbs it was granted.
import { tableKey, type Column, type SchemaCache, type Table, type TablePrivilege } from '../schema-cache/types.ts';
import type { HttpResponse } from './types.ts';

const SWAGGER_TYPES: Readonly<Record<string, string>> = {
  'character varying': 'string',
  character: 'string',
  text: 'string',
  boolean: 'boolean',
  smallint: 'integer',
  integer: 'integer',
  bigint: 'integer',
  numeric: 'number',
  real: 'number',
  'double precision': 'number',
};

const propertyOf = (table: Table, column: Column, cache: SchemaCache): Record<string, unknown> => {
  const notes: string[] = [];
  if (column.description) notes.push(column.description);
  if (table.primaryKey.includes(column.name)) notes.push('This is a Primary Key.<pk/>');
  for (const rel of cache.relationships.get(tableKey(table.schema, table.name)) ?? []) {
    if (rel.kind !== 'm2o') continue;
    const pair = rel.columns.find(([own]) => own === column.name);
    if (pair)
      notes.push(
        `This is a Foreign Key to \`${rel.foreignTable.name}.${pair[1]}\`.<fk table='${rel.foreignTable.name}' column='${pair[1]}'/>`,
      );
  }
  const isArray = column.nominalType.endsWith('[]');
  const type = isArray ? 'array' : SWAGGER_TYPES[column.nominalType];
  return {
    ...(notes.length ? { description: notes.join('\n\n') } : {}),
    ...(column.default !== null ? { default: column.default } : {}),
    ...(column.enumValues.length ? { enum: column.enumValues } : {}),
    format: column.type,
    ...(column.maxLength !== null ? { maxLength: column.maxLength } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(isArray ? { items: { type: SWAGGER_TYPES[column.nominalType.slice(0, -2)] ?? 'string' } } : {}),
  };
};

const definitionOf = (table: Table, cache: SchemaCache): Record<string, unknown> => {
  const columns = [...table.columns.values()];
  const required = columns.filter((c) => !c.nullable && c.default === null && !c.generated).map((c) => c.name);
  return {
    ...(table.description ? { description: table.description } : {}),
    ...(required.length ? { required } : {}),
    properties: Object.fromEntries(columns.map((c) => [c.name, propertyOf(table, c, cache)])),
    type: 'object',
  };
};

/** Who the document is for: in follow-privileges mode, only what `role` (or PUBLIC) was granted. */
export interface OpenApiAccess {
  readonly role: string;
  readonly followPrivileges: boolean;
}

const granted = (table: Table, access: OpenApiAccess, privilege: TablePrivilege): boolean =>
  !access.followPrivileges ||
  (table.grants[access.role] ?? []).includes(privilege) ||
  (table.grants.PUBLIC ?? []).includes(privilege);

const pathOf = (table: Table, access: OpenApiAccess): Record<string, unknown> => {
  const ref = { $ref: `#/definitions/${table.name}` };
  const ok = { description: 'OK', schema: { items: ref, type: 'array' } };
  const verbs: Record<string, unknown> = {};
  if (granted(table, access, 'select'))
    verbs.get = { tags: [table.name], summary: table.description ?? undefined, responses: { '200': ok, '206': { description: 'Partial Content' } } };
  if (table.insertable && granted(table, access, 'insert')) verbs.post = { tags: [table.name], responses: { '201': { description: 'Created' } } };
  if (table.updatable && granted(table, access, 'update')) verbs.patch = { tags: [table.name], responses: { '204': { description: 'No Content' } } };
  if (table.deletable && granted(table, access, 'delete')) verbs.delete = { tags: [table.name], responses: { '204': { description: 'No Content' } } };
  return verbs;
};

export const renderOpenApi = (
  cache: SchemaCache,
  schema: string,
  host: string | undefined,
  basePath: string,
  access: OpenApiAccess,
): HttpResponse => {
  const tables = [...cache.tables.values()]
    .filter((t) => t.schema === schema && Object.keys(pathOf(t, access)).length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  const document = {
    swagger: '2.0',
    info: { title: 'Rowgate Data API', description: `The tables and views of schema '${schema}'.`, version: '0.1.0' },
    ...(host ? { host } : {}),
    basePath,
    schemes: ['http'],
    consumes: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    produces: ['application/json', 'application/vnd.pgrst.object+json', 'text/csv'],
    paths: {
      '/': { get: { tags: ['Introspection'], summary: 'OpenAPI description (this document)', responses: { '200': { description: 'OK' } } } },
      ...Object.fromEntries(tables.map((t) => [`/${t.name}`, pathOf(t, access)])),
    },
    definitions: Object.fromEntries(tables.map((t) => [t.name, definitionOf(t, cache)])),
  };
  return {
    status: 200,
    headers: { 'Content-Type': 'application/openapi+json; charset=utf-8' },
    body: JSON.stringify(document),
  };
};
