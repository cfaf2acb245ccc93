// Compiles a function call into its main statement (PostgREST: Statements.hs mainCall): the
// call's rows as the `pgrst_source` CTE, shaped by the read compiler over it (select, embeds,
// filters, order, page), and the row every main statement returns, its body built in Postgres:
// the value itself for a scalar or a single row, an array for sets.
import type { CallRequestPlan } from '../plan/call-types.ts';
import { bodySql, ROWS_ALIAS } from './body-sql.ts';
import { callSql } from './call-sql.ts';
import { compileCountQuery, compileReadNode, responseGucsSql } from './compile-read.ts';
import { raw, sql, toSqlQuery, type Sql } from './sql.ts';
import type { CompiledRequest } from './types.ts';

export { callTxEnd } from './call-tx-end.ts';

const SOURCE = raw('pgrst_source');
const ROWS = raw('pgrst_rows');

const strip = (expr: string, on: boolean): string => (on ? `json_strip_nulls(${expr})` : expr);

/** A function returning one value or one row: it reports one row, whatever its filters kept. */
const isSingle = (plan: CallRequestPlan): boolean => !plan.result.startsWith('setof');

/** The body of the call's rows (aliased `_postgrest_t`) for its result kind and media type. */
export const callBodySql = (plan: CallRequestPlan): Sql => {
  if (plan.headersOnly || plan.result === 'void') return raw('NULL::text');
  if (plan.media === 'text/csv') return bodySql({ media: plan.media, csvHeaderSource: ROWS });
  // Single values and rows are their first element; PostgREST's singular form unwraps only a scalar.
  const singular = plan.media === 'application/vnd.pgrst.object+json';
  const value = plan.result === 'scalar' || (plan.result === 'setof-scalar' && !singular) ? `${ROWS_ALIAS}.pgrst_scalar` : ROWS_ALIAS;
  const one = singular || isSingle(plan);
  const agg = one ? `json_agg(${value})->0` : `json_agg(${value})`;
  return raw(`coalesce(${strip(agg, plan.stripNulls)}, '${one ? 'null' : '[]'}')`);
};

export const compileCall = (plan: CallRequestPlan): CompiledRequest => {
  const { read, maxRows } = plan;
  const single = isSingle(plan);
  // A single value or row counts as one even when filtered out (as in PostgREST); counting the
  // rows all the same makes the statement read them, so a void function still runs.
  const pageTotal = raw(single ? `greatest(pg_catalog.count(${ROWS_ALIAS}), 1)` : `pg_catalog.count(${ROWS_ALIAS})`);
  // Without a page or a cap the page is the whole result: its size is the total.
  const paged = maxRows !== undefined || read.range.offset > 0 || read.range.limit !== undefined;
  const countCte = plan.count && paged ? sql`, pgrst_source_count AS (${compileCountQuery(read, SOURCE)})` : raw('');
  const total = !plan.count ? raw('NULL::bigint') : paged ? raw('(SELECT pg_catalog.count(*) FROM pgrst_source_count)') : pageTotal;
  const main = sql`WITH pgrst_source AS (${callSql(plan)}), pgrst_rows AS (${compileReadNode(read, SOURCE)})${countCte} SELECT ${total} AS total_count, ${pageTotal} AS page_total, ${callBodySql(plan)} AS body, ${responseGucsSql} FROM pgrst_rows AS ${raw(ROWS_ALIAS)}`;
  return { main: toSqlQuery(main) };
};
