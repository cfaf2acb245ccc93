// Compiles a write into its one main statement: the mutation as the `pgrst_source` CTE (with
// the CTEs of nested inserts), the representation shaped by the read compiler over it, and
// the row every main statement returns, plus the rows written, the Location key and, for
// upserts, how many rows were inserted rather than updated.
import type { InsertRows, MutateRequestPlan, Mutation } from '../plan/types.ts';
import { bodySql, ROWS_ALIAS } from './body-sql.ts';
import { deleteSql, updateSql } from './compile-change.ts';
import { insertedCountSql, insertSql } from './compile-insert.ts';
import { nestedInsertSql } from './compile-nested-insert.ts';
import { responseGucsSql } from './compile-read.ts';
import { representationSql, type InsertedCtes } from './representation-sql.ts';
import { ident, join, raw, sql, toSqlQuery, type Sql } from './sql.ts';
import type { CompiledRequest } from './types.ts';

export { mutationTxEnd } from './tx-end.ts';

interface MutationCtes {
  readonly ctes: Sql;
  readonly rows?: InsertRows;
  readonly inserted: InsertedCtes;
}

const NONE: InsertedCtes = { insertCtes: new Map(), junctionCtes: new Map() };

const mutationCtes = (mutation: Mutation): MutationCtes => {
  switch (mutation.kind) {
    case 'insert':
      if (mutation.nested.length > 0) {
        const nested = nestedInsertSql(mutation);
        return { ctes: nested.ctes, rows: mutation, inserted: nested };
      }
      return { ctes: sql`pgrst_source AS (${insertSql(mutation)})`, inserted: NONE };
    case 'update':
      return { ctes: sql`pgrst_source AS (${updateSql(mutation)})`, inserted: NONE };
    case 'delete':
      return { ctes: sql`pgrst_source AS (${deleteSql(mutation)})`, inserted: NONE };
  }
};

/** The key of the one row a POST wrote, as JSON, for the Location of return=headers-only. */
const locationSql = (plan: MutateRequestPlan): Sql => {
  const m = plan.mutation;
  if (plan.returnPreference !== 'headers-only' || m.kind !== 'insert' || plan.locationColumns.length === 0)
    return raw('NULL::text');
  const cols = join(plan.locationColumns.map((c) => ident(c)), ', ');
  return sql`(SELECT row_to_json(pgrst_loc)::text FROM (SELECT ${cols} FROM pgrst_source LIMIT 1) AS pgrst_loc)`;
};

const isUpsert = (m: Mutation): boolean =>
  m.kind === 'insert' && (m.singleUpsert || m.onConflict?.resolution === 'merge-duplicates');

export const compileMutate = (plan: MutateRequestPlan): CompiledRequest => {
  const { ctes, rows, inserted } = mutationCtes(plan.mutation);
  // Counting pgrst_source reads it to its end, so it is the number of rows written.
  const written = raw('(SELECT pg_catalog.count(*) FROM pgrst_source) AS page_total');
  const tail = sql`NULL::bigint AS total_count, ${responseGucsSql}, ${locationSql(plan)} AS location, ${
    isUpsert(plan.mutation) ? insertedCountSql : raw('NULL::bigint')
  } AS inserted`;
  if (plan.returnPreference !== 'representation')
    return { main: toSqlQuery(sql`WITH ${ctes} SELECT ${written}, NULL::text AS body, ${tail}`) };
  const shaped = representationSql(plan.read, rows, inserted);
  const body = bodySql({ media: plan.media, stripNulls: plan.stripNulls, csvHeaderSource: raw('pgrst_rows') });
  return {
    main: toSqlQuery(
      sql`WITH ${ctes}, pgrst_rows AS (${shaped}) SELECT ${written}, ${body} AS body, ${tail} FROM pgrst_rows AS ${raw(ROWS_ALIAS)}`,
    ),
  };
};
