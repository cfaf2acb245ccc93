// Loads the schema cache of the exposed schemas (one round trip of catalog queries, then
// pure derivation) and answers the planner's lookups: tables, columns, functions.
// Reloading on NOTIFY lives in watch-schema-cache.ts.
import type { DbPool } from '../db/pool.ts';
import { columnNotFound, tableNotFound } from '../errors/schema-cache-errors.ts';
import { queryCatalog, type CatalogSnapshot } from './catalog-queries.ts';
import type { CatalogComputedField, CatalogRelation, CatalogRoutine, RelKindCode } from './catalog-rows.ts';
import { deriveRelationships } from './derive-relationships.ts';
import {
  tableKey,
  type Column,
  type ComputedField,
  type RelationKind,
  type Routine,
  type SchemaCache,
  type Table,
} from './types.ts';
import { inferViewKeys } from './view-keys.ts';

export { watchSchemaCache, schemaChangeTriggerSql, type WatchOptions } from './watch-schema-cache.ts';

const KINDS: Readonly<Record<RelKindCode, RelationKind>> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign_table',
  p: 'partitioned_table',
};

// pg_relation_is_updatable bits (1 << CMD_INSERT etc.).
const INSERT = 8;
const UPDATE = 4;
const DELETE = 16;

const toComputedField = (f: CatalogComputedField): ComputedField =>
  Object.freeze({
    name: f.name,
    function: { schema: f.functionSchema, name: f.name },
    description: f.description,
    type: f.type,
    nominalType: f.nominalType,
    category: f.category,
  });

const NO_FIELDS: ReadonlyMap<string, ComputedField> = new Map();

const toTable = (
  rel: CatalogRelation,
  viewPrimaryKey: readonly string[] | undefined,
  computedFields: ReadonlyMap<string, ComputedField> | undefined,
  rowFunctionNames: ReadonlySet<string>,
): Table =>
  Object.freeze({
    schema: rel.schema,
    name: rel.name,
    kind: KINDS[rel.kind],
    description: rel.description,
    insertable: (rel.updatable & INSERT) !== 0,
    updatable: (rel.updatable & UPDATE) !== 0,
    deletable: (rel.updatable & DELETE) !== 0,
    primaryKey: viewPrimaryKey ?? rel.primaryKey,
    uniqueKeys: rel.uniqueKeys,
    columns: new Map(rel.columns.map((c) => [c.name, Object.freeze({ ...c }) as Column])),
    computedFields: computedFields ?? NO_FIELDS,
    rowFunctionNames,
    grants: rel.grants ?? {},
  });

const INPUT_MODES = new Set(['i', 'b', 'v']);
// A function with one unnamed parameter of these types takes the whole request body.
const BODY_TYPES = new Set(['bytea', 'json', 'jsonb', 'text', 'xml']);

const toRoutine = (r: CatalogRoutine): Routine | undefined => {
  const inputs = r.args.filter((a) => INPUT_MODES.has(a.mode));
  const unnamed = inputs.filter((a) => a.name === null || a.name === '');
  // PostgREST calls functions with named arguments only, so others cannot be called.
  if (unnamed.length > 1 || (unnamed.length === 1 && !BODY_TYPES.has(unnamed[0]!.type))) return undefined;
  return {
    schema: r.schema,
    name: r.name,
    description: r.description,
    params: inputs.map((a, i) => ({
      name: a.name ?? '',
      type: a.type,
      required: i < r.requiredCount,
      variadic: a.mode === 'v',
    })),
    returns: {
      setOf: r.setOf,
      kind: r.composite ? 'composite' : 'scalar',
      type: { schema: r.returnSchema, name: r.returnName },
    },
    volatility: r.volatility === 'i' ? 'immutable' : r.volatility === 's' ? 'stable' : 'volatile',
    hasVariadic: r.variadic,
  };
};

/** Computed fields by table key (the catalog query already picked one function per name). */
const computedFieldsByTable = (rows: readonly CatalogComputedField[]): Map<string, Map<string, ComputedField>> => {
  const byTable = new Map<string, Map<string, ComputedField>>();
  for (const row of rows) {
    const key = tableKey(row.schema, row.table);
    const fields = byTable.get(key) ?? new Map<string, ComputedField>();
    fields.set(row.name, toComputedField(row));
    byTable.set(key, fields);
  }
  return byTable;
};

/** Builds the cache from catalog rows; pure, so it can be tested without a database. */
export const buildSchemaCache = (
  snapshot: CatalogSnapshot,
  schemas: readonly string[],
  loadedAt: Date = new Date(),
): SchemaCache => {
  const viewKeys = inferViewKeys(snapshot.relations, snapshot.keys);
  const { functions } = snapshot;
  const fields = computedFieldsByTable(functions.computedFields);
  const rowFunctionNames: ReadonlySet<string> = new Set(functions.rowFunctionNames);
  const tables = new Map<string, Table>();
  for (const rel of snapshot.relations) {
    const key = tableKey(rel.schema, rel.name);
    tables.set(key, toTable(rel, viewKeys.primaryKeys.get(rel.oid), fields.get(key), rowFunctionNames));
  }
  const routines = new Map<string, Routine[]>();
  for (const row of functions.routines) {
    const routine = toRoutine(row);
    if (routine === undefined) continue;
    const key = tableKey(routine.schema, routine.name);
    routines.set(key, [...(routines.get(key) ?? []), routine]);
  }
  // Overloads with fewer parameters first, as PostgREST orders them.
  for (const list of routines.values()) list.sort((a, b) => a.params.length - b.params.length);
  return Object.freeze({
    tables,
    relationships: deriveRelationships(
      snapshot.keys.foreignKeys,
      viewKeys.foreignKeyDeps,
      tables,
      functions.computedRelationships,
    ),
    routines,
    schemas: Object.freeze([...schemas]),
    loadedAt,
  });
};

/** `extraSearchPath` (db-extra-search-path) is where computed fields may live besides `schemas`. */
export const loadSchemaCache = async (
  pool: DbPool,
  schemas: readonly string[],
  extraSearchPath: readonly string[] = [],
): Promise<SchemaCache> => buildSchemaCache(await queryCatalog(pool, schemas, extraSearchPath), schemas);

// PostgREST skips the fuzzy hint for schemas this large (its fuzzy index is costly there).
const MAX_TABLES_FOR_HINT = 500;

/** The table or view `schema.name`, else PGRST205 with a "Perhaps you meant" hint. */
export const findTable = (cache: SchemaCache, schema: string, name: string): Table => {
  const table = cache.tables.get(tableKey(schema, name));
  if (table !== undefined) return table;
  const candidates: string[] = [];
  for (const t of cache.tables.values()) if (t.schema === schema) candidates.push(t.name);
  throw tableNotFound(schema, name, candidates.length < MAX_TABLES_FOR_HINT ? candidates : []);
};

/**
 * The column, else PGRST204. For names that may legitimately be absent (select items that
 * could be embeds or computed fields), callers read `table.columns.get(name)` instead.
 */
export const findColumn = (table: Table, name: string): Column => {
  const column = table.columns.get(name);
  if (column === undefined) throw columnNotFound(table.name, name);
  return column;
};

/** Overloads of `schema.name`, fewest parameters first; empty when there is none. */
export const findRoutines = (cache: SchemaCache, schema: string, name: string): readonly Routine[] =>
  cache.routines.get(tableKey(schema, name)) ?? [];

/** Names of the functions of a schema, for PGRST202's hint. */
export const routineNames = (cache: SchemaCache, schema: string): readonly string[] =>
  [...cache.routines.values()].flatMap((list) => (list[0]?.schema === schema ? [list[0].name] : []));
