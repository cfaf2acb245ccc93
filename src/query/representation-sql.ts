// The rows `return=representation` gives back: the read compiler's SELECT over the changed
// rows (`pgrst_source`), so select=, embeds and order= shape writes as they shape reads.
// Embeds of rows inserted by the same statement also read those rows' INSERT CTE, since a
// statement's snapshot cannot see its own writes in the tables.
import type { InsertRows, ReadPlan } from '../plan/types.ts';
import { sameRelationship } from '../plan/insert-rows.ts';
import { compileReadNode } from './compile-read.ts';
import { quoteIdent, raw, type Sql } from './sql.ts';

interface NodeSource {
  readonly node: ReadPlan;
  readonly rows: InsertRows;
  readonly cte: string;
}

/** Pairs the representation's embeds with the nested inserts of the same relationships. */
const nestedSources = (read: ReadPlan, rows: InsertRows, ctes: ReadonlyMap<InsertRows, string>): NodeSource[] =>
  read.embeds.flatMap((embed) => {
    const nested = rows.nested.find((n) => sameRelationship(n.relationship, embed.relationship));
    const cte = nested === undefined ? undefined : ctes.get(nested.rows);
    if (nested === undefined || cte === undefined) return [];
    return [{ node: embed.plan, rows: nested.rows, cte }, ...nestedSources(embed.plan, nested.rows, ctes)];
  });

/**
 * compileReadNode reads a different source only at its root; an embed's FROM is always
 * `"schema"."table" AS "alias"`, with an alias unique in the statement, so that exact text is
 * swapped for the table's rows plus the ones just inserted (a many-to-one embed may point at
 * either). Both sides are identifiers, never values.
 */
const withSources = (fragment: Sql, sources: readonly NodeSource[]): Sql => {
  if (sources.length === 0) return fragment;
  const swaps = sources.map(({ node, rows, cte }) => {
    const alias = quoteIdent(node.alias);
    const table = `${quoteIdent(node.from.schema)}.${quoteIdent(node.from.name)}`;
    // RETURNING gave the columns the embed reads; the table gives the same ones.
    const cols = rows.returning.includes('*') ? '*' : rows.returning.map(quoteIdent).join(', ');
    return [`${table} AS ${alias}`, `(SELECT ${cols} FROM ${table} UNION ALL SELECT ${cols} FROM ${quoteIdent(cte)}) AS ${alias}`] as const;
  });
  const parts = fragment.parts.map((part) => swaps.reduce((text, [from, to]) => text.replaceAll(from, to), part));
  return Object.freeze({ kind: 'sql', parts, values: fragment.values });
};

export const representationSql = (
  read: ReadPlan,
  rows: InsertRows | undefined,
  ctes: ReadonlyMap<InsertRows, string>,
): Sql => {
  const select = compileReadNode(read, raw('pgrst_source'));
  return rows === undefined ? select : withSources(select, nestedSources(read, rows, ctes));
};
