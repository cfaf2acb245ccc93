// The query counting the rows a read matches, ignoring its page: `SELECT 1` over the root
// with its filters, where `!inner` embeds and `rel=not.is.null` become EXISTS subqueries so
// nothing is joined or built (PostgREST: readPlanToCountQuery).
import type { Embed, ReadPlan } from '../plan/types.ts';
import { andAll, findEmbed, fromSql, joinConditions } from './embed-joins.ts';
import { conditionSql } from './operators.ts';
import { raw, sql, type Sql } from './sql.ts';

const countNode = (read: ReadPlan, embed: Embed | undefined, parentAlias: string | undefined, source?: Sql): Sql => {
  const exists = (name: string): Sql => {
    const child = findEmbed(read, name);
    return sql`EXISTS (${countNode(child.plan, child, read.alias)})`;
  };
  const where = andAll([
    ...(embed !== undefined && parentAlias !== undefined ? joinConditions(embed, parentAlias) : []),
    ...read.where.map((c) => conditionSql(read.alias, c, exists)),
    ...read.embeds.filter((e) => e.joinType === 'inner').map((e) => exists(e.name)),
  ]);
  return sql`SELECT 1 ${fromSql(read, embed, source)}${where === undefined ? raw('') : sql` WHERE ${where}`}`;
};

/** With `source` (a function's rows), the root counts it instead of its table. */
export const compileCountQuery = (read: ReadPlan, source?: Sql): Sql => countNode(read, undefined, undefined, source);
