// The rows `return=representation` gives back: the read compiler's SELECT over the changed
// rows (`pgrst_source`), so select=, embeds and order= shape writes as they shape reads.
// Embeds of rows inserted by the same statement also read those rows' INSERT CTE, since a
// statement's snapshot cannot see its own writes in the tables.
import type { InsertRows, ReadPlan } from '../plan/types.ts';
import { sameRelationship } from '../plan/insert-rows.ts';
import type { QualifiedName } from '../schema-cache/types.ts';
import { compileReadNode } from './compile-read.ts';
import { quoteIdent, raw, type Sql } from './sql.ts';

/** A relation of the read (`"schema"."table" AS "alias"`) to read together with a CTE's rows. */
interface Swap {
  readonly from: QualifiedName;
  readonly alias: string;
  /** The columns both give: RETURNING's list, or every column. */
  readonly columns: readonly string[];
  readonly cte: string;
}

export interface InsertedCtes {
  readonly insertCtes: ReadonlyMap<InsertRows, string>;
  readonly junctionCtes: ReadonlyMap<InsertRows, string>;
}

/** Pairs the representation's embeds with the nested inserts of the same relationships. */
const swapsFor = (read: ReadPlan, rows: InsertRows, ctes: InsertedCtes): Swap[] =>
  read.embeds.flatMap((embed) => {
    const nested = rows.nested.find((n) => sameRelationship(n.relationship, embed.relationship));
    const cte = nested === undefined ? undefined : ctes.insertCtes.get(nested.rows);
    if (nested === undefined || cte === undefined) return [];
    const own: Swap = { from: embed.plan.from, alias: embed.plan.alias, columns: nested.rows.returning, cte };
    const rel = embed.relationship;
    const junctionCte = ctes.junctionCtes.get(nested.rows);
    const junction: Swap[] =
      rel.kind === 'm2m' && junctionCte !== undefined && embed.junctionAlias !== undefined
        ? [
            {
              from: rel.junction.table,
              alias: embed.junctionAlias,
              columns: [...rel.junction.sourceColumns, ...rel.junction.targetColumns].map(([, j]) => j),
              cte: junctionCte,
            },
          ]
        : [];
    return [own, ...junction, ...swapsFor(embed.plan, nested.rows, ctes)];
  });

/**
 * compileReadNode reads a different source only at its root; an embed's FROM is always
 * `"schema"."table" AS "alias"` (and its junction's likewise), with an alias unique in the
 * statement, so that exact text is swapped for the table's rows plus the ones just inserted
 * (a many-to-one embed may point at either). Both sides are identifiers, never values.
 */
const withSwaps = (fragment: Sql, swaps: readonly Swap[]): Sql => {
  if (swaps.length === 0) return fragment;
  const texts = swaps.map(({ from, alias, columns, cte }) => {
    const table = `${quoteIdent(from.schema)}.${quoteIdent(from.name)}`;
    const cols = columns.length === 0 || columns.includes('*') ? '*' : columns.map(quoteIdent).join(', ');
    const as = ` AS ${quoteIdent(alias)}`;
    return [`${table}${as}`, `(SELECT ${cols} FROM ${table} UNION ALL SELECT ${cols} FROM ${quoteIdent(cte)})${as}`] as const;
  });
  const parts = fragment.parts.map((part) => texts.reduce((text, [from, to]) => text.replaceAll(from, to), part));
  return Object.freeze({ kind: 'sql', parts, values: fragment.values });
};

export const representationSql = (read: ReadPlan, rows: InsertRows | undefined, ctes: InsertedCtes): Sql => {
  const select = compileReadNode(read, raw('pgrst_source'));
  return rows === undefined ? select : withSwaps(select, swapsFor(read, rows, ctes));
};
