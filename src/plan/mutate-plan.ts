// Plans a write (POST, PUT, PATCH, DELETE on a table or view) as PostgREST does (Plan.hs
// mutatePlan): the columns from the payload or ?columns=, the WHERE from the root filters,
// upsert resolution, PUT's checks, and the checks and transaction end its Prefer asks for.
import type { ApiRequest, Payload } from '../api-request/types.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';
import {
  invalidBody,
  invalidPreferences,
  invalidPutFilters,
  invalidResourcePath,
  notImplemented,
  putLimitNotAllowed,
  putMatchingPk,
} from '../errors/request-errors.ts';
import { findColumn, findTable } from '../schema-cache/schema-cache.ts';
import type { SchemaCache, Table } from '../schema-cache/types.ts';
import { noRelatedFilters, planFilter, planFilterCondition, planLogicTree } from './conditions.ts';
import { planInsertRows } from './insert-rows.ts';
import { preferenceApplied, txEndFor } from './mutate-preferences.ts';
import { negotiateReadMedia } from './read-media.ts';
import { planReadNode } from './read-plan.ts';
import { returningFor, type ReturnPreference } from './returning.ts';
import type { Condition, LimitedRows, MutateRequestPlan, Mutation, OnConflict, ReadPlan } from './types.ts';

type JsonPayload = Extract<Payload, { kind: 'json' }>;

const jsonPayload = (request: ApiRequest): JsonPayload => {
  const p = request.payload;
  if (p === undefined || p.kind !== 'json') throw invalidBody('Empty or invalid json');
  return p;
};

/** The payload as the JSON array every write binds (an object is one row). */
const asArray = (p: JsonPayload): string => (p.isArray ? p.raw : `[${p.raw}]`);

const objectsOf = (p: JsonPayload): readonly Record<string, unknown>[] =>
  (Array.isArray(p.value) ? p.value : [p.value]) as Record<string, unknown>[];

const NO_EMBEDS: ReadonlySet<string> = new Set();

/** Root filters and logic trees: the mutation's WHERE. Embed filters shape only the representation. */
const rootConditions = (request: ApiRequest, table: Table): Condition[] => [
  ...request.query.filters.filter((f) => f.path.length === 0).map((f) => planFilter(f.filter, table, NO_EMBEDS, noRelatedFilters)),
  ...request.query.logic.filter((l) => l.path.length === 0).map((l) => planLogicTree(l.tree, table, NO_EMBEDS, noRelatedFilters)),
];

const plainColumns = (table: Table, names: ReadonlySet<string>): string[] => {
  // Sorted for the error, as PostgREST's Set of keys is; kept in table order.
  for (const name of [...names].sort()) findColumn(table, name);
  return [...table.columns.keys()].filter((c) => names.has(c));
};

/** PUT names one row: root filters must be `eq` on exactly the whole key, without limit/offset (PGRST105, PGRST114). */
const putConditions = (request: ApiRequest, table: Table): Condition[] => {
  if (request.query.ranges.some((r) => r.path.length === 0 && (r.range.offset !== 0 || r.range.limit !== undefined)))
    throw putLimitNotAllowed();
  const filters = request.query.filters.filter((f) => f.path.length === 0).map((f) => f.filter);
  const pk = new Set(table.primaryKey);
  const fields = new Set(filters.map((f) => f.field.name));
  const onlyPkEq = filters.every(
    (f) =>
      !f.opExpr.negated &&
      f.relation === undefined &&
      f.field.jsonPath.length === 0 &&
      f.opExpr.operation.kind === 'quant' &&
      f.opExpr.operation.op === 'eq' &&
      f.opExpr.operation.quantifier === undefined,
  );
  const rootLogic = request.query.logic.some((l) => l.path.length === 0);
  if (rootLogic || pk.size === 0 || !onlyPkEq || fields.size !== pk.size || ![...pk].every((c) => fields.has(c)))
    throw invalidPutFilters();
  return filters.map((f) => planFilterCondition(f, table));
};

/**
 * PATCH and DELETE with `limit`/`offset` change only that page of the filtered rows, in the
 * root `order` (PostgREST's limited update/delete), not every row the filters match.
 */
const limitedRows = (request: ApiRequest, table: Table, read: ReadPlan): LimitedRows | undefined => {
  const { range } = request;
  if (range.offset === 0 && range.limit === undefined) return undefined;
  if (read.order.some((o) => o.embed !== undefined))
    throw notImplemented('A limited update or delete can only be ordered by columns of its own table');
  if (table.primaryKey.length > 0) return { range, order: read.order, key: table.primaryKey };
  if (table.kind === 'table') return { range, order: read.order, key: 'ctid' };
  throw notImplemented(`A limited update or delete on '${table.name}' needs a primary key to pick its rows by`);
};

interface MutationContext {
  readonly request: ApiRequest;
  readonly table: Table;
  readonly cache: SchemaCache;
  readonly read: ReadPlan;
  readonly returnPreference: ReturnPreference;
  readonly returning: readonly string[];
}

const onConflictFor = (ctx: MutationContext): OnConflict | undefined => {
  const { resolution } = ctx.request.preferences;
  const columns = ctx.request.query.onConflict ?? ctx.table.primaryKey;
  if (resolution === undefined || columns.length === 0) return undefined;
  for (const c of columns) findColumn(ctx.table, c);
  return { columns, resolution };
};

const planCreate = (ctx: MutationContext): Mutation => {
  const { request, table, cache, read } = ctx;
  const p = jsonPayload(request);
  const onConflict = onConflictFor(ctx);
  const rows = planInsertRows(
    table,
    [...p.keys],
    objectsOf(p),
    {
      cache,
      missingDefault: request.preferences.missing === 'default',
      nestedAllowed: true,
      represented: ctx.returnPreference === 'representation' ? [read] : [],
    },
    new Set(),
    ctx.returning,
  );
  if (rows.nested.length > 0 && onConflict !== undefined)
    throw notImplemented('Nested inserts cannot be combined with resolution=merge-duplicates or ignore-duplicates');
  return {
    kind: 'insert',
    ...rows,
    payload: asArray(p),
    ...(onConflict === undefined ? {} : { onConflict }),
    where: [],
    singleUpsert: false,
  };
};

const planPut = (ctx: MutationContext): Mutation => {
  const { request, table } = ctx;
  const where = putConditions(request, table);
  const p = jsonPayload(request);
  const columns = plainColumns(table, p.keys);
  // A payload without the whole key can never match the URL.
  if (!table.primaryKey.every((c) => columns.includes(c))) throw putMatchingPk();
  return {
    kind: 'insert',
    table,
    columns,
    missingDefault: false,
    nested: [],
    returning: ctx.returning,
    payload: asArray(p),
    onConflict: { columns: table.primaryKey, resolution: 'merge-duplicates' },
    where,
    singleUpsert: true,
  };
};

const planMutation = (ctx: MutationContext): Mutation => {
  const { request, table } = ctx;
  switch (request.action.kind) {
    case 'create':
      return planCreate(ctx);
    case 'single-upsert':
      return planPut(ctx);
    case 'update': {
      const p = jsonPayload(request);
      const limited = limitedRows(request, table, ctx.read);
      return {
        kind: 'update',
        table,
        columns: plainColumns(table, p.keys),
        payload: asArray(p),
        where: rootConditions(request, table),
        ...(limited === undefined ? {} : { limited }),
        missingDefault: request.preferences.missing === 'default',
        returning: ctx.returning,
      };
    }
    case 'delete': {
      const limited = limitedRows(request, table, ctx.read);
      return {
        kind: 'delete',
        table,
        where: rootConditions(request, table),
        ...(limited === undefined ? {} : { limited }),
        returning: ctx.returning,
      };
    }
    default:
      throw new Error(`planMutate called for a ${request.action.kind} request`);
  }
};

export const planMutate = (request: ApiRequest, cache: SchemaCache, settings: DataApiSettings): MutateRequestPlan => {
  if (request.target.kind !== 'relation') throw invalidResourcePath();
  const table = findTable(cache, request.schema, request.target.name);
  const read = planReadNode(request, table, cache, settings, 'write');
  const prefs = request.preferences;
  const returnPreference = prefs.return ?? 'minimal';
  const kind = request.action.kind;
  // Location is for POST of one row; PostgREST builds it from the key of the table or view.
  const locationColumns = kind === 'create' ? table.primaryKey : [];
  const returning = returningFor(returnPreference, read, table, locationColumns);
  const mutation = planMutation({ request, table, cache, read, returnPreference, returning });
  if (prefs.handling === 'strict' && prefs.invalid.length > 0) throw invalidPreferences(prefs.invalid);
  const { media, stripNulls } = negotiateReadMedia(request.accept);
  const strictMaxAffected =
    (kind === 'update' || kind === 'delete') && prefs.handling === 'strict' ? prefs.maxAffected : undefined;
  return {
    kind: 'mutate',
    mutation,
    read,
    media,
    stripNulls,
    returnPreference,
    ...(strictMaxAffected === undefined ? {} : { maxAffected: strictMaxAffected }),
    singular: media === 'application/vnd.pgrst.object+json' && kind !== 'single-upsert',
    txEnd: txEndFor(prefs, settings.dbTxEnd),
    countRows: prefs.count === 'exact' || prefs.count === 'estimated',
    locationColumns,
    preferenceApplied: preferenceApplied(prefs, {
      action: request.action,
      dbTxEnd: settings.dbTxEnd,
      resolutionApplied: mutation.kind === 'insert' && mutation.onConflict !== undefined && !mutation.singleUpsert,
    }),
    preferences: prefs,
  };
};
