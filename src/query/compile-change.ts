// Compiles PATCH and DELETE (PostgREST: QueryBuilder.hs mutatePlanToQuery Update, Delete):
// the root filters as the WHERE (or, with limit/offset, the keys of that page of the filtered
// rows), the first payload object as the new values, RETURNING what the response needs. A
// PATCH with nothing to set changes no row.
import type { LimitedRows, Mutation } from '../plan/types.ts';
import { columnOrderSql } from './compile-read-node.ts';
import { conditionSql } from './operators.ts';
import { BODY, recordsetFrom, returningSql } from './payload-rows.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

type Update = Extract<Mutation, { kind: 'update' }>;
type Delete = Extract<Mutation, { kind: 'delete' }>;

const noEmbeds = (name: string): Sql => {
  throw new Error(`a write's WHERE has no embed '${name}'`);
};

const filtersSql = (alias: string, mutation: Update | Delete): Sql =>
  mutation.where.length === 0
    ? raw('')
    : sql` WHERE ${join(mutation.where.map((c) => conditionSql(alias, c, noEmbeds)), ' AND ')}`;

// `(key) IN (SELECT key ... ORDER BY ... LIMIT ... OFFSET ...)`: the page of filtered rows.
const limitedSql = (alias: string, mutation: Update | Delete, limited: LimitedRows): Sql => {
  const { table } = mutation;
  const key = limited.key === 'ctid' ? sql`${ident(alias)}.ctid` : join(limited.key.map((c) => ident(alias, c)), ', ');
  const order =
    limited.order.length === 0 ? raw('') : sql` ORDER BY ${join(limited.order.map((o) => columnOrderSql(alias, o)), ', ')}`;
  const { offset, limit } = limited.range;
  const page = limit === undefined ? sql` LIMIT ALL OFFSET ${offset}` : sql` LIMIT ${limit} OFFSET ${offset}`;
  return sql` WHERE (${key}) IN (SELECT ${key} FROM ${ident(table.schema, table.name)} AS ${ident(alias)}${filtersSql(alias, mutation)}${order}${page})`;
};

const whereSql = (alias: string, mutation: Update | Delete): Sql =>
  mutation.limited === undefined ? filtersSql(alias, mutation) : limitedSql(alias, mutation, mutation.limited);

export const updateSql = (update: Update): Sql => {
  const { table, columns } = update;
  const alias = table.name;
  if (columns.length === 0) {
    // `UPDATE t SET` with nothing is invalid; an empty row set of the table's shape stands in.
    if (update.returning.length === 0) return raw('SELECT 1 WHERE false');
    return sql`SELECT ${returningSql(alias, update.returning)} FROM ${ident(table.schema, table.name)} AS ${ident(alias)} WHERE false`;
  }
  const set = join(
    columns.map((c) => sql`${ident(c)} = ${ident(BODY, c)}`),
    ', ',
  );
  // One object sets the values; of an array, the first one does.
  const body = sql`(SELECT ${ident(BODY)}.* FROM ${recordsetFrom(update, update.payload)} LIMIT 1) AS ${ident(BODY)}`;
  return sql`UPDATE ${ident(table.schema, table.name)} AS ${ident(alias)} SET ${set} FROM ${body}${whereSql(alias, update)} RETURNING ${returningSql(alias, update.returning)}`;
};

export const deleteSql = (del: Delete): Sql => {
  const { table } = del;
  return sql`DELETE FROM ${ident(table.schema, table.name)} AS ${ident(table.name)}${whereSql(table.name, del)} RETURNING ${returningSql(table.name, del.returning)}`;
};
