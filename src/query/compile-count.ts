// The query counting the rows a read matches, ignoring its page: `SELECT 1` over the root
// with its filters, where `!inner` embeds and `rel=not.is.null` become EXISTS subqueries so
// nothing is joined or built (PostgREST: readPlanToCountQuery). Filters on an embed's value
// (`rel(key)=...`) read its lateral row, so only those embeds are joined, as the read joins them.
import type { Condition, Embed, ReadPlan } from '../plan/types.ts';
import { embedAliasIn, embedJoinSql } from './compile-read-node.ts';
import { andAll, findEmbed, fromSql, joinConditions } from './embed-joins.ts';
import { conditionSql } from './operators.ts';
import { join, raw, sql, type Sql } from './sql.ts';

const readsEmbed = (c: Condition, name: string): boolean =>
  c.kind === 'related-filter' ? c.embed === name : c.kind === 'logic' && c.children.some((child) => readsEmbed(child, name));

const countNode = (read: ReadPlan, embed: Embed | undefined, parentAlias: string | undefined, source?: Sql): Sql => {
  const exists = (name: string): Sql => {
    const child = findEmbed(read, name);
    return sql`EXISTS (${countNode(child.plan, child, read.alias)})`;
  };
  const where = andAll([
    ...(embed !== undefined && parentAlias !== undefined ? joinConditions(embed, parentAlias) : []),
    ...read.where.map((c) => conditionSql(read.alias, c, exists, embedAliasIn(read))),
    ...read.embeds.filter((e) => e.joinType === 'inner').map((e) => exists(e.name)),
  ]);
  const joins = read.embeds
    .filter((e) => read.where.some((c) => readsEmbed(c, e.name)))
    .map((e) => embedJoinSql(e, read.alias, embed !== undefined));
  return sql`SELECT 1 ${fromSql(read, embed, parentAlias, source)}${join(joins, '')}${where === undefined ? raw('') : sql` WHERE ${where}`}`;
};

/** With `source` (a function's rows), the root counts it instead of its table. */
export const compileCountQuery = (read: ReadPlan, source?: Sql): Sql => countNode(read, undefined, undefined, source);
