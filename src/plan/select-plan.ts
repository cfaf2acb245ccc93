// Plans the column items of a `select`: their output keys (PostgREST's naming rule), the
// column types the compiler needs, checked casts, and `*` expanded where a node must list
// its columns (aggregates group by them, spreads hand them to the parent one by one).
import type { Field, SelectItem } from '../api-request/types.ts';
import type { Column, Table } from '../schema-cache/types.ts';
import { queryParamError, aggregatesNotAllowed } from '../errors/request-errors.ts';
import type { PlanSelect } from './types.ts';

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

export const columnTypeOf = (table: Table, name: string): string => table.columns.get(name)?.nominalType ?? '';

export const planFieldItem = (item: FieldItem, table: Table, aggregatesEnabled: boolean): PlanSelect => {
  if (item.aggregate !== undefined && !aggregatesEnabled) throw aggregatesNotAllowed();
  const aggregateCast = checkCast(item.aggregateCast);
  if (item.aggregate === 'count' && item.field.name === '*')
    return { kind: 'count', outputName: item.alias ?? 'count', ...(aggregateCast === undefined ? {} : { aggregateCast }) };
  const cast = checkCast(item.cast);
  return {
    kind: 'field',
    field: item.field,
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
