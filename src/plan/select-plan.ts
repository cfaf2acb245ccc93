// Plans the column items of a `select`: their output keys (PostgREST's naming rule), the
// column types the compiler needs, computed fields with their functions, checked casts, and
// `*` expanded where a node must list its columns (aggregates group by them, spreads hand
// them to the parent one by one).
import type { Field, SelectItem } from '../api-request/types.ts';
import type { Column, Table } from '../schema-cache/types.ts';
import { queryParamError, aggregatesNotAllowed } from '../errors/request-errors.ts';
import { notAField } from '../errors/schema-cache-errors.ts';
import type { PlanField, PlanSelect } from './types.ts';

type FieldItem = Extract<SelectItem, { kind: 'field' }>;

/**
 * The key a JSON path yields: its last key, or for a trailing array index the last key
 * before it, else the column (`data->1->mycol->>2` is `mycol`, `data->3` is `data`).
 */
export const jsonOutputName = (field: Field): string => {
  for (let i = field.jsonPath.length - 1; i >= 0; i--) {
    const key = field.jsonPath[i]!.key;
    if (key.kind === 'key') return key.name;
  }
  return field.name;
};

/** Alias, else the aggregate's name (what Postgres labels it), else the JSON rule. */
export const outputNameOf = (item: FieldItem): string =>
  item.alias ?? item.aggregate ?? (item.field.jsonPath.length > 0 ? jsonOutputName(item.field) : item.field.name);

// Casts are spliced into SQL as type names, so only type-name characters may pass:
// `int`, `double precision`, `varchar(10)`, `numeric(10,2)`, `text[]`, `public.my_type`.
const CAST = /^[A-Za-z_][A-Za-z0-9_. ]*(\(\d+(, ?\d+)?\))?( ?\[\])*$/;

export const checkCast = (cast: string | undefined): string | undefined => {
  if (cast === undefined || CAST.test(cast)) return cast;
  throw queryParamError('failed to parse select parameter', `Invalid cast: '${cast}'`);
};

/** The nominal type of a column or computed field ('' for a name the cache does not know). */
export const columnTypeOf = (table: Table, name: string): string =>
  (table.columns.get(name) ?? table.computedFields.get(name))?.nominalType ?? '';

/**
 * A field of `table` in select, filters or order: a column (which hides a computed field of
 * the same name), a computed field with its call, or a name left to Postgres (an unknown
 * column is its 42703). A name Postgres would answer with a function call on the row
 * instead (`to_json`, `count`) is refused; tables of unknown columns (a function's record
 * rows) pass every name on.
 */
export const planField = (table: Table, field: Field): PlanField => {
  if (table.columns.has(field.name)) return field;
  const computed = table.computedFields.get(field.name);
  if (computed !== undefined)
    return { ...field, computed: { function: computed.function, rowType: { schema: table.schema, name: table.name } } };
  if (table.columns.size > 0 && table.rowFunctionNames.has(field.name)) throw notAField(table.name, field.name);
  return field;
};

const isBareCount = (item: FieldItem, table: Table): boolean =>
  item.field.name === 'count' &&
  item.field.jsonPath.length === 0 &&
  item.aggregate === undefined &&
  table.columns.size > 0 &&
  !table.columns.has('count') &&
  !table.computedFields.has('count');

export const planFieldItem = (item: FieldItem, table: Table, aggregatesEnabled: boolean): PlanSelect => {
  if (item.aggregate !== undefined && !aggregatesEnabled) throw aggregatesNotAllowed();
  const aggregateCast = checkCast(item.aggregateCast);
  if (item.aggregate === 'count' && item.field.name === '*')
    return { kind: 'count', outputName: item.alias ?? 'count', ...(aggregateCast === undefined ? {} : { aggregateCast }) };
  const cast = checkCast(item.cast);
  // A bare `count` (PostgREST's old `projects(count)`) was Postgres reading "t"."count" as
  // count(t), the number of rows, aggregates enabled or not; it stays that, as count().
  if (isBareCount(item, table))
    return { kind: 'count', outputName: item.alias ?? 'count', ...(cast === undefined ? {} : { aggregateCast: cast }) };
  return {
    kind: 'field',
    field: planField(table, item.field),
    outputName: outputNameOf(item),
    columnType: columnTypeOf(table, item.field.name),
    ...(cast === undefined ? {} : { cast }),
    ...(item.aggregate === undefined ? {} : { aggregate: item.aggregate }),
    ...(aggregateCast === undefined ? {} : { aggregateCast }),
  };
};

const columnItem = (column: Column): PlanSelect => ({
  kind: 'field',
  field: { name: column.name, jsonPath: [] },
  outputName: column.name,
  columnType: column.nominalType,
});

/** `*` replaced by the table's columns in ordinal order. */
export const expandStar = (select: readonly PlanSelect[], table: Table): readonly PlanSelect[] =>
  select.some((s) => s.kind === 'star')
    ? select.flatMap((s) => (s.kind === 'star' ? [...table.columns.values()].map(columnItem) : [s]))
    : select;

/** Postgres's limit on the entries of a select list (MaxTupleAttributeNumber). */
export const MAX_SELECT_ENTRIES = 1664;

/**
 * A node's select list must fit Postgres's limit, else the statement fails with 54011, a
 * 500; `*` counts as the table's columns. `others` are the entries its embeds add.
 */
export const checkSelectWidth = (select: readonly PlanSelect[], table: Table, others: number): void => {
  const entries = select.reduce((n, s) => n + (s.kind === 'star' ? table.columns.size : 1), others);
  if (entries > MAX_SELECT_ENTRIES)
    throw queryParamError(
      'failed to parse select parameter',
      `The select list has ${entries} entries, more than the ${MAX_SELECT_ENTRIES} Postgres allows`,
    );
};

export const isAggregated = (s: PlanSelect): boolean => s.kind === 'count' || (s.kind === 'field' && s.aggregate !== undefined);
