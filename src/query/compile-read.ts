// Compiles a read (GET/HEAD on a table or view) into its main statement: the shaped rows in
// a `pgrst_source` CTE, aggregated into the body in Postgres, with the page size, the exact
// total when asked and the response GUCs in the one row every main statement returns.
import type { ReadRequestPlan } from '../plan/types.ts';
import { bodySql, ROWS_ALIAS } from './body-sql.ts';
import { compileCountQuery } from './compile-count.ts';
import { compileReadNode } from './compile-read-node.ts';
import { raw, sql, toSqlQuery, type Sql } from './sql.ts';
import type { CompiledRequest } from './types.ts';

export { compileReadNode } from './compile-read-node.ts';
export { compileCountQuery } from './compile-count.ts';

const SOURCE = raw('pgrst_source');

/** The response GUCs, NULL when unset or empty (a reset GUC reads as ''). */
export const responseGucsSql: Sql = raw(
  "nullif(current_setting('response.headers', true), '') AS response_headers, " +
    "nullif(current_setting('response.status', true), '') AS response_status",
);

export const compileRead = (plan: ReadRequestPlan): CompiledRequest => {
  const { read, count, maxRows } = plan;
  const pageTotal = raw(`pg_catalog.count(${ROWS_ALIAS})`);
  const exactish = count === 'exact' || count === 'estimated';
  // Without a page or a cap the page is the whole result: its size is the total.
  const paged = maxRows !== undefined || read.range.offset > 0 || read.range.limit !== undefined;
  // Compiled only when a count was asked for: it is a second walk of the read tree.
  const countQuery = count === undefined ? raw('') : compileCountQuery(read);
  // count=estimated only needs to know whether the total passes db-max-rows.
  const countCte =
    exactish && paged
      ? count === 'estimated' && maxRows !== undefined
        ? sql`, pgrst_source_count AS (${countQuery} LIMIT ${maxRows + 1})`
        : sql`, pgrst_source_count AS (${countQuery})`
      : raw('');
  const total = !exactish ? raw('NULL::bigint') : paged ? raw('(SELECT pg_catalog.count(*) FROM pgrst_source_count)') : pageTotal;
  const body = bodySql({
    media: plan.media,
    stripNulls: plan.stripNulls,
    csvHeaderSource: SOURCE,
    none: plan.headersOnly,
  });
  const main = sql`WITH pgrst_source AS (${compileReadNode(read)})${countCte} SELECT ${total} AS total_count, ${pageTotal} AS page_total, ${body} AS body, ${responseGucsSql} FROM pgrst_source AS ${raw(ROWS_ALIAS)}`;
  if (plan.explain !== undefined) {
    // EXPLAIN options come from a closed list checked by the media-type parser.
    const options = [`FORMAT ${plan.explain.format.toUpperCase()}`, ...plan.explain.options.map((o) => o.toUpperCase())];
    return { main: toSqlQuery(sql`EXPLAIN (${raw(options.join(', '))}) ${main}`) };
  }
  const planned = count === 'planned' || count === 'estimated';
  return planned
    ? { main: toSqlQuery(main), plannedCount: toSqlQuery(sql`EXPLAIN (FORMAT JSON) ${countQuery}`) }
    : { main: toSqlQuery(main) };
};
