// Reads the bound JSON payload as typed rows, as PostgREST does (SqlFragment.hs fromJsonBodyF):
// json_to_record(set) with the columns' own types, so Postgres parses every value as its
// column; `missing=default` first merges each object over its columns' defaults.
import type { InsertRows } from '../plan/types.ts';
import type { Table } from '../schema-cache/types.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

/** The alias of the typed payload rows in every write. */
export const BODY = 'pgrst_body';

type RowShape = Pick<InsertRows, 'table' | 'columns' | 'missingDefault'>;

const columnOf = (table: Table, name: string) => {
  const column = table.columns.get(name);
  // The planner only hands on columns it found in the table.
  if (column === undefined) throw new Error(`column '${name}' is not in '${table.name}'`);
  return column;
};

// Types come from the catalog (format_type), not the client, so they are trusted text.
const columnDefs = (shape: RowShape): Sql =>
  join(
    shape.columns.map((c) => sql`${ident(c)} ${raw(columnOf(shape.table, c).type)}`),
    ', ',
  );

/** `jsonb_build_object('a', <default of a>, ...)` over the columns that have a default. */
const defaultsObject = (shape: RowShape): Sql | undefined => {
  if (!shape.missingDefault) return undefined;
  const pairs = shape.columns.flatMap((c) => {
    const column = columnOf(shape.table, c);
    // Default expressions are catalog text (pg_get_expr), evaluated per row like a real DEFAULT.
    return column.default === null || column.generated ? [] : [sql`${c}::text, ${raw(column.default)}`];
  });
  return pairs.length === 0 ? undefined : sql`jsonb_build_object(${join(pairs, ', ')})`;
};

/** The FROM item giving one typed row (aliased `pgrst_body`) per object of the bound JSON array. */
export const recordsetFrom = (shape: RowShape, payload: string): Sql => {
  const alias = ident(BODY);
  // `{}` and `[{}, {}]` still insert rows: all of their columns take defaults.
  if (shape.columns.length === 0) return sql`json_array_elements(${payload}::json) AS ${alias}`;
  const defaults = defaultsObject(shape);
  if (defaults === undefined) return sql`json_to_recordset(${payload}::json) AS ${alias}(${columnDefs(shape)})`;
  return sql`jsonb_array_elements(${payload}::jsonb) AS pgrst_elem(v) CROSS JOIN LATERAL jsonb_to_record(${defaults} || pgrst_elem.v) AS ${alias}(${columnDefs(shape)})`;
};

/** A LATERAL item typing the one JSON object `element`, or undefined when no column is read. */
export const recordFrom = (shape: RowShape, element: Sql): Sql | undefined => {
  if (shape.columns.length === 0) return undefined;
  const defaults = defaultsObject(shape);
  const alias = ident(BODY);
  return defaults === undefined
    ? sql`json_to_record(${element}) AS ${alias}(${columnDefs(shape)})`
    : sql`jsonb_to_record(${defaults} || (${element})::jsonb) AS ${alias}(${columnDefs(shape)})`;
};

/** `RETURNING` list: the columns asked for, the whole row, or just something to count. */
export const returningSql = (alias: string, returning: readonly string[]): Sql => {
  if (returning.length === 0) return raw('1');
  if (returning.includes('*')) return sql`${ident(alias)}.*`;
  return join(
    returning.map((c) => ident(alias, c)),
    ', ',
  );
};
