// Compiles an INSERT of the payload's rows in one statement, whatever their number (PostgREST:
// QueryBuilder.hs mutatePlanToQuery Insert): upserts with ON CONFLICT, PUT's key filter on the
// payload rows, and a per-transaction count of the rows an upsert updated rather than inserted.
import type { Mutation, OnConflict } from '../plan/types.ts';
import { conditionSql } from './operators.ts';
import { BODY, recordsetFrom, returningSql } from './payload-rows.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

type Insert = Extract<Mutation, { kind: 'insert' }>;

/** The GUC counting DO UPDATE rows; rows written minus it are the rows inserted (201 vs 200). */
export const UPDATED_GUC = 'rowgate.upsert_updates';

const countUpdate = raw(
  `set_config('${UPDATED_GUC}', (coalesce(nullif(current_setting('${UPDATED_GUC}', true), '')::int, 0) + 1)::text, true) IS NOT NULL`,
);

/** Rows written minus rows updated, read after pgrst_source has run to its end. */
export const insertedCountSql = raw(
  `(SELECT pg_catalog.count(*) - coalesce(nullif(current_setting('${UPDATED_GUC}', true), '')::bigint, 0) FROM pgrst_source)`,
);

const noEmbeds = (name: string): Sql => {
  throw new Error(`a write's WHERE has no embed '${name}'`);
};

export const onConflictSql = (onConflict: OnConflict | undefined, columns: readonly string[]): Sql => {
  if (onConflict === undefined) return raw('');
  const target = join(onConflict.columns.map((c) => ident(c)), ', ');
  // With nothing to set, a merge can only keep the existing row.
  if (onConflict.resolution === 'ignore-duplicates' || columns.length === 0)
    return sql` ON CONFLICT (${target}) DO NOTHING`;
  const set = join(
    columns.map((c) => sql`${ident(c)} = EXCLUDED.${ident(c)}`),
    ', ',
  );
  return sql` ON CONFLICT (${target}) DO UPDATE SET ${set} WHERE ${countUpdate}`;
};

/** `INSERT INTO "s"."t" AS "t" ("a", ...)`, the head every insert shares. */
export const insertInto = (table: { readonly schema: string; readonly name: string }, columns: readonly string[]): Sql => {
  const list = columns.length === 0 ? raw('') : sql` (${join(columns.map((c) => ident(c)), ', ')})`;
  return sql`INSERT INTO ${ident(table.schema, table.name)} AS ${ident(table.name)}${list}`;
};

/** The INSERT of a mutation without nested rows, reading the payload from one JSON parameter. */
export const insertSql = (insert: Insert): Sql => {
  const { table, columns } = insert;
  const selected = columns.length === 0 ? raw('') : sql` ${join(columns.map((c) => ident(BODY, c)), ', ')}`;
  const where =
    insert.where.length === 0
      ? raw('')
      : sql` WHERE ${join(insert.where.map((c) => conditionSql(BODY, c, noEmbeds)), ' AND ')}`;
  return sql`${insertInto(table, columns)} SELECT${selected} FROM ${recordsetFrom(insert, insert.payload)}${where}${onConflictSql(insert.onConflict, columns)} RETURNING ${returningSql(table.name, insert.returning)}`;
};
