// The SQL that ties an embedded node to its parent: the join conditions of its
// relationship (through the junction for many-to-many), the FROM of the child (a call with
// the parent's row for a computed relationship), and the expression telling whether the
// embed produced anything (for `rel=not.is.null`).
import type { Embed, ReadPlan } from '../plan/types.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

/**
 * A computed relationship's rows: its function called with the parent's row, cast to the
 * parent's type, which tells overloads for other row types apart and turns the records of
 * a write's or a call's rows (`pgrst_source`) into that type (PostgREST #2963).
 */
const computedCall = (embed: Embed | undefined, parentAlias: string | undefined): Sql | undefined => {
  const rel = embed?.relationship;
  if (rel?.kind !== 'computed') return undefined;
  // Only embedded nodes have a relationship, and every embedded node has a parent.
  if (parentAlias === undefined) throw new Error(`computed relationship '${rel.function.name}' has no parent row`);
  return sql`${ident(rel.function.schema, rel.function.name)}(${ident(parentAlias)}::${ident(rel.table.schema, rel.table.name)})`;
};

/**
 * `FROM "schema"."table" AS "alias"` of a node (plus the junction of an m2m), or the call of a
 * computed relationship on the parent's row, aliased `parentAlias`.
 */
export const fromSql = (read: ReadPlan, embed: Embed | undefined, parentAlias: string | undefined, source: Sql | undefined): Sql => {
  const main = sql`${computedCall(embed, parentAlias) ?? source ?? ident(read.from.schema, read.from.name)} AS ${ident(read.alias)}`;
  if (embed?.relationship.kind !== 'm2m' || embed.junctionAlias === undefined) return sql`FROM ${main}`;
  const junction = embed.relationship.junction.table;
  return sql`FROM ${main}, ${ident(junction.schema, junction.name)} AS ${ident(embed.junctionAlias)}`;
};

/** The conditions that correlate a child with its parent's row (none for a computed relationship: its call does). */
export const joinConditions = (embed: Embed, parentAlias: string): readonly Sql[] => {
  const child = embed.plan.alias;
  const rel = embed.relationship;
  if (rel.kind === 'computed') return [];
  if (rel.kind === 'm2m') {
    const junction = embed.junctionAlias ?? rel.junction.table.name;
    return [
      ...rel.junction.targetColumns.map(([col, jcol]) => sql`${ident(child, col)} = ${ident(junction, jcol)}`),
      ...rel.junction.sourceColumns.map(([col, jcol]) => sql`${ident(junction, jcol)} = ${ident(parentAlias, col)}`),
    ];
  }
  return rel.columns.map(([col, fcol]) => sql`${ident(child, fcol)} = ${ident(parentAlias, col)}`);
};

/** The column of an aggregates-only embed's lateral row telling whether it aggregated any row. */
export const HAS_ROWS = 'pgrst_has_rows';

/**
 * True when the embed matched: a to-one lateral row is NULL as a whole when nothing matched;
 * a to-many lateral has its aggregate column, NULL over zero rows; an aggregates-only one is
 * one row whatever the children, so its children say (bool_or(true), NULL over none).
 */
export const embedExistsSql = (embed: Embed): Sql => {
  if (embed.toOne) return sql`${ident(embed.alias)} IS DISTINCT FROM NULL`;
  return sql`${ident(embed.alias, embed.childrenAsked ? HAS_ROWS : embed.alias)} IS DISTINCT FROM NULL`;
};

export const findEmbed = (read: ReadPlan, name: string): Embed => {
  const embed = read.embeds.find((e) => e.name === name);
  // The planner only emits conditions and orders on embeds it planned.
  if (embed === undefined) throw new Error(`embed '${name}' is not planned on '${read.alias}'`);
  return embed;
};

export const andAll = (parts: readonly Sql[]): Sql | undefined => (parts.length === 0 ? undefined : join(parts, ' AND '));

export const TRUE = raw('TRUE');
