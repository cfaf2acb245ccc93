// The SELECT that calls the function (PostgREST: QueryBuilder.hs callPlanToQuery), the rows
// every call is then shaped from: `"s"."fn"("a" := ...) AS pgrst_call` with named arguments,
// each a text parameter cast to its type, or read from a JSON body by json_to_record(set).
// A scalar result is the one column `pgrst_scalar`; a row result keeps its own columns.
import type { CallArgs, CallParam, CallRequestPlan } from '../plan/call-types.ts';
import { arrayLiteral } from './operators.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

// Type names come from the schema cache, as format_type() printed them (quoted where needed);
// they are spliced as SQL text because a type cannot be a parameter.
const typeSql = (type: string): Sql => raw(type);

const named = (p: CallParam, value: Sql): Sql => sql`${raw(p.variadic ? 'VARIADIC ' : '')}${ident(p.name)} := ${value}`;

// A repeated variadic parameter is one array; its values stay parameters in an array literal.
const directValue = (p: CallParam, value: string | readonly string[]): Sql =>
  sql`${typeof value === 'string' ? value : arrayLiteral(value)}::${typeSql(p.type)}`;

const BODY = raw('pgrst_body');

/** `FROM (SELECT $1::json ...) pgrst_payload, LATERAL (...first object...) pgrst_body, `: the keys as typed columns. */
const jsonBodySql = (args: Extract<CallArgs, { kind: 'json' }>): Sql => {
  const columns = join(
    args.params.map((p) => ident(p.name)),
    ', ',
  );
  const defs = join(
    args.params.map((p) => sql`${ident(p.name)} ${typeSql(p.type)}`),
    ', ',
  );
  const reader = raw(args.isArray ? 'json_to_recordset' : 'json_to_record');
  // Of an array only the first object counts, as in PostgREST.
  return sql`(SELECT ${args.payload}::json AS json_data) AS pgrst_payload, LATERAL (SELECT ${columns} FROM ${reader}(pgrst_payload.json_data) AS _(${defs}) LIMIT 1) AS ${BODY}, LATERAL `;
};

/** What stands before the call in FROM (the JSON body's relations), and the argument list. */
const argumentsSql = (args: CallArgs): { readonly before: Sql; readonly list: Sql } => {
  switch (args.kind) {
    case 'none':
      return { before: raw(''), list: raw('') };
    case 'direct':
      return { before: raw(''), list: join(args.values.map(([p, v]) => named(p, directValue(p, v))), ', ') };
    case 'json':
      return {
        before: jsonBodySql(args),
        list: join(
          args.params.map((p) => named(p, ident('pgrst_body', p.name))),
          ', ',
        ),
      };
    case 'body':
      return { before: raw(''), list: sql`${args.value}::${typeSql(args.type)}` };
  }
};

export const isScalarResult = (plan: Pick<CallRequestPlan, 'result'>): boolean => plan.result !== 'composite' && plan.result !== 'setof-composite';

/** The rows of the call: the source every shaping of its result reads as `pgrst_source`. */
export const callSql = (plan: Pick<CallRequestPlan, 'routine' | 'args' | 'result'>): Sql => {
  const { before, list } = argumentsSql(plan.args);
  const fn = sql`${ident(plan.routine.schema, plan.routine.name)}(${list})`;
  if (!isScalarResult(plan)) return sql`SELECT pgrst_call.* FROM ${before}${fn} AS pgrst_call`;
  // OFFSET 0 keeps Postgres from pulling a single value's call up into the statement, where
  // each use of pgrst_scalar (the page count, the body) ran a stable function once more.
  const fence = plan.result === 'setof-scalar' ? raw('') : raw(' OFFSET 0');
  return sql`SELECT pgrst_call.pgrst_scalar FROM ${before}(SELECT ${fn} AS pgrst_scalar${fence}) AS pgrst_call`;
};
