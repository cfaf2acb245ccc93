// The rows `return=representation` gives back: the read compiler's SELECT over the changed
// rows (`pgrst_source`), so select=, embeds and order= shape writes as they shape reads.
// Embeds of rows inserted by the same statement read their table plus those rows' INSERT
// CTE, since a statement's snapshot cannot see its own writes in the tables.
import type { InsertRows, ReadPlan } from '../plan/types.ts';
import { sameRelationship } from '../plan/insert-rows.ts';
import type { QualifiedName } from '../schema-cache/types.ts';
import { compileReadNode, type NodeSources } from './compile-read-node.ts';
import { ident, join, quoteIdent, raw, sql, type Sql } from './sql.ts';

export interface InsertedCtes {
  readonly insertCtes: ReadonlyMap<InsertRows, string>;
  readonly junctionCtes: ReadonlyMap<InsertRows, string>;
}

/** The table's rows and the ones just inserted, with the columns RETURNING gave (or all). */
const tablePlusInserted = (table: QualifiedName, columns: readonly string[], cte: string): Sql => {
  const cols = columns.length === 0 || columns.includes('*') ? raw('*') : join(columns.map((c) => ident(c)), ', ');
  return sql`(SELECT ${cols} FROM ${ident(table.schema, table.name)} UNION ALL SELECT ${cols} FROM ${ident(cte)})`;
};

interface Found {
  readonly nodes: Map<ReadPlan, Sql>;
  /** Junction tables whose rows the statement inserted, with that CTE. */
  readonly junctions: Map<string, { readonly table: QualifiedName; readonly cte: string }>;
}

/** Pairs the representation's embeds with the nested inserts of the same relationships. */
const collect = (read: ReadPlan, rows: InsertRows, ctes: InsertedCtes, found: Found): Found => {
  for (const embed of read.embeds) {
    const nested = rows.nested.find((n) => sameRelationship(n.relationship, embed.relationship));
    const cte = nested === undefined ? undefined : ctes.insertCtes.get(nested.rows);
    if (nested === undefined || cte === undefined) continue;
    found.nodes.set(embed.plan, tablePlusInserted(embed.plan.from, nested.rows.returning, cte));
    const junctionCte = ctes.junctionCtes.get(nested.rows);
    if (embed.relationship.kind === 'm2m' && junctionCte !== undefined && embed.junctionAlias !== undefined)
      found.junctions.set(embed.junctionAlias, { table: embed.relationship.junction.table, cte: junctionCte });
    collect(embed.plan, nested.rows, ctes, found);
  }
  return found;
};

/**
 * compileReadNode takes other sources for nodes but always reads an m2m embed's junction
 * as `"schema"."junction" AS "<alias>"`; that text becomes the junction's rows plus the
 * ones just inserted. Should another embed share the alias, it reads the same relation
 * with the statement's rows added, which is what the table holds after the statement.
 */
const withJunctions = (fragment: Sql, junctions: Found['junctions']): Sql => {
  if (junctions.size === 0) return fragment;
  const swaps = [...junctions].map(([alias, { table, cte }]) => {
    const name = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
    return [`${name} AS ${quoteIdent(alias)}`, `(SELECT * FROM ${name} UNION ALL SELECT * FROM ${quoteIdent(cte)}) AS ${quoteIdent(alias)}`] as const;
  });
  const parts = fragment.parts.map((part) => swaps.reduce((text, [from, to]) => text.replaceAll(from, to), part));
  return Object.freeze({ kind: 'sql', parts, values: fragment.values });
};

export const representationSql = (read: ReadPlan, rows: InsertRows | undefined, ctes: InsertedCtes): Sql => {
  if (rows === undefined) return compileReadNode(read, raw('pgrst_source'));
  const found = collect(read, rows, ctes, { nodes: new Map(), junctions: new Map() });
  const sources: NodeSources = found.nodes;
  return withJunctions(compileReadNode(read, raw('pgrst_source'), sources), found.junctions);
};
