// Compiles a nested insert (Rowgate, beyond PostgREST) into data-modifying CTEs of one
// statement, all run as the caller so RLS sees every row. Each table's rows get a source
// CTE of JSON objects numbered in order, an INSERT ... ORDER BY that number, and, when other
// rows link to them, a numbered copy of what RETURNING gave: RETURNING keeps the insert's
// order, so the k-th returned row is the k-th source object. Parents (many-to-one) are
// inserted before the rows that reference them; children after, with FKs from the parent;
// many-to-many rows after too, each with a junction row linking it to its holder.
import type { InsertRows, Mutation, NestedInsert } from '../plan/types.ts';
import type { QualifiedName } from '../schema-cache/types.ts';
import { insertInto } from './compile-insert.ts';
import { BODY, recordFrom, returningSql } from './payload-rows.ts';
import { ident, join, raw, sql, type Sql } from './sql.ts';

type Insert = Extract<Mutation, { kind: 'insert' }>;
type Pairs = readonly (readonly [string, string])[];

interface NodeNames {
  /** The numbered JSON objects: pgrst_ord, pgrst_link (the holder's pgrst_ord), pgrst_elem. */
  readonly src: string;
  /** The INSERT ... RETURNING. */
  readonly ins: string;
  /** RETURNING's rows numbered again, with their source's link. */
  readonly rows: string;
  readonly table: string;
}

const names = (base: string, table: string): NodeNames => ({ src: `${base}_src`, ins: base, rows: `${base}_rows`, table });

export interface NestedInsertSql {
  /** The CTE definitions, `pgrst_source` among them (the root's INSERT). */
  readonly ctes: Sql;
  /** The INSERT CTE of every nested table's rows, for the representation's embeds. */
  readonly insertCtes: ReadonlyMap<InsertRows, string>;
  /** The junction INSERT CTE of many-to-many rows, by those rows. */
  readonly junctionCtes: ReadonlyMap<InsertRows, string>;
}

const count = (cte: string): Sql => sql`(SELECT pg_catalog.count(*) FROM ${ident(cte)})`;

/**
 * True when every source object of `node` became a row; else an error, since a skipped row
 * (a trigger returning NULL, a rule) would shift every later link. Plain SQL cannot raise,
 * so the message is made to fail a cast: 22P02, a 400.
 */
const linkGuard = (node: NodeNames): Sql =>
  sql`CASE WHEN ${count(node.ins)} = ${count(node.src)} THEN true ELSE ('nested insert into ' || ${node.table}::text || ': ' || ${count(node.ins)}::text || ' of ' || ${count(node.src)}::text || ' rows were inserted, so related rows cannot be linked')::int::boolean END`;

const parentSource = (holder: NodeNames, key: string): Sql =>
  sql`SELECT row_number() OVER (ORDER BY s.pgrst_ord) AS pgrst_ord, s.pgrst_ord AS pgrst_link, s.pgrst_elem -> ${key}::text AS pgrst_elem FROM ${ident(holder.src)} AS s WHERE json_typeof(s.pgrst_elem -> ${key}::text) = 'object'`;

// One object under the key is one child (a one-to-one side); null or absent is none.
const childSource = (holder: NodeNames, key: string): Sql =>
  sql`SELECT row_number() OVER (ORDER BY s.pgrst_ord, c.ordinality) AS pgrst_ord, s.pgrst_ord AS pgrst_link, c.value AS pgrst_elem FROM ${ident(holder.src)} AS s CROSS JOIN LATERAL (SELECT s.pgrst_elem -> ${key}::text AS v) AS k CROSS JOIN LATERAL json_array_elements(CASE json_typeof(k.v) WHEN 'array' THEN k.v WHEN 'object' THEN json_build_array(k.v) ELSE '[]'::json END) WITH ORDINALITY AS c(value, ordinality)`;

const numberedRows = (node: NodeNames): Sql =>
  sql`SELECT i.*, s.pgrst_link FROM (SELECT row_number() OVER () AS pgrst_ord, r.* FROM ${ident(node.ins)} AS r) AS i JOIN ${ident(node.src)} AS s ON s.pgrst_ord = i.pgrst_ord`;

/** A child's link to its parent's rows: (parent column, child FK column) pairs. */
interface ParentLink {
  readonly parent: NodeNames;
  readonly pairs: Pairs;
}

/** A parent inserted for a row: its rows joined as `alias`, (row FK column, parent column) pairs. */
interface ParentRows {
  readonly names: NodeNames;
  readonly pairs: Pairs;
  readonly alias: string;
}

const insertNodeSql = (rows: InsertRows, node: NodeNames, fromParent: ParentLink | undefined, parents: readonly ParentRows[]): Sql => {
  const values = new Map<string, Sql>();
  for (const c of rows.columns) values.set(c, ident(BODY, c));
  // A child's FK columns come from its parent's row ...
  if (fromParent !== undefined) for (const [parentCol, col] of fromParent.pairs) values.set(col, ident('pgrst_parent', parentCol));
  // ... and a row's FK columns from the parent inserted for it, when there is one.
  for (const p of parents)
    for (const [col, parentCol] of p.pairs) {
      const fromParentRow = ident(p.alias, parentCol);
      // A row without a nested parent keeps the FK value it was given, if any.
      values.set(
        col,
        rows.columns.includes(col)
          ? sql`CASE WHEN ${ident(p.alias)}.pgrst_ord IS NULL THEN ${ident(BODY, col)} ELSE ${fromParentRow} END`
          : fromParentRow,
      );
    }
  const columns = [...values.keys()];
  const selected = columns.length === 0 ? raw('') : sql` ${join([...values.values()], ', ')}`;
  const record = recordFrom(rows, raw('s.pgrst_elem'));
  const from = [
    sql`${ident(node.src)} AS s`,
    ...(record === undefined ? [] : [sql` CROSS JOIN LATERAL ${record}`]),
    ...(fromParent === undefined
      ? []
      : [sql` JOIN ${ident(fromParent.parent.rows)} AS pgrst_parent ON pgrst_parent.pgrst_ord = s.pgrst_link`]),
    ...parents.map((p) => sql` LEFT JOIN ${ident(p.names.rows)} AS ${ident(p.alias)} ON ${ident(p.alias)}.pgrst_link = s.pgrst_ord`),
  ];
  const guards = [...(fromParent === undefined ? [] : [linkGuard(fromParent.parent)]), ...parents.map((p) => linkGuard(p.names))];
  const where = guards.length === 0 ? raw('') : sql` WHERE ${join(guards, ' AND ')}`;
  return sql`${insertInto(rows.table, columns)} SELECT${selected} FROM ${join(from, '')}${where} ORDER BY s.pgrst_ord RETURNING ${returningSql(rows.table.name, rows.returning)}`;
};

/** One junction row per many-to-many row, linking it to the row that held it. */
const junctionSql = (junction: QualifiedName, source: Pairs, target: Pairs, holder: NodeNames, child: NodeNames): Sql => {
  const columns = [...source.map(([, j]) => j), ...target.map(([, j]) => j)];
  const selected = [
    ...source.map(([col]) => ident('pgrst_parent', col)),
    ...target.map(([col]) => ident('c', col)),
  ];
  return sql`${insertInto(junction, columns)} SELECT ${join(selected, ', ')} FROM ${ident(child.rows)} AS c JOIN ${ident(holder.rows)} AS pgrst_parent ON pgrst_parent.pgrst_ord = c.pgrst_link WHERE ${linkGuard(holder)} AND ${linkGuard(child)} ORDER BY c.pgrst_ord RETURNING ${ident(junction.name)}.*`;
};

// The planner never nests a computed relationship's rows (a function's rows take no inserts).
const pairsOf = (n: NestedInsert): Pairs =>
  n.relationship.kind === 'm2m' || n.relationship.kind === 'computed' ? [] : n.relationship.columns;

export const nestedInsertSql = (insert: Insert): NestedInsertSql => {
  const ctes: Sql[] = [];
  const insertCtes = new Map<InsertRows, string>();
  const junctionCtes = new Map<InsertRows, string>();
  let counter = 0;
  const cte = (name: string, body: Sql): void => {
    ctes.push(sql`${ident(name)} AS (${body})`);
  };
  const fresh = (rows: InsertRows): NodeNames => names(`pgrst_n${++counter}`, rows.table.name);

  /** `linked`: other rows link to this node's rows, so they are numbered. */
  const emit = (rows: InsertRows, node: NodeNames, source: Sql, fromParent: ParentLink | undefined, linked: boolean): void => {
    cte(node.src, source);
    const parents = rows.nested
      .filter((n) => n.isParent)
      .map((nested): ParentRows => {
        const parent = fresh(nested.rows);
        emit(nested.rows, parent, parentSource(node, nested.key), undefined, true);
        return { names: parent, pairs: pairsOf(nested), alias: `pgrst_p${counter}` };
      });
    cte(node.ins, insertNodeSql(rows, node, fromParent, parents));
    insertCtes.set(rows, node.ins);
    const children = rows.nested.filter((n) => !n.isParent);
    if (children.length > 0 || linked) cte(node.rows, numberedRows(node));
    for (const nested of children) {
      const child = fresh(nested.rows);
      const rel = nested.relationship;
      if (rel.kind === 'computed') throw new Error(`a computed relationship's rows cannot be inserted ('${nested.key}')`);
      if (rel.kind !== 'm2m') {
        emit(nested.rows, child, childSource(node, nested.key), { parent: node, pairs: rel.columns }, false);
        continue;
      }
      emit(nested.rows, child, childSource(node, nested.key), undefined, true);
      const junction = `${child.ins}_junction`;
      cte(junction, junctionSql(rel.junction.table, rel.junction.sourceColumns, rel.junction.targetColumns, node, child));
      junctionCtes.set(nested.rows, junction);
    }
  };

  const root = names('pgrst_source', insert.table.name);
  emit(
    insert,
    root,
    sql`SELECT p.ordinality AS pgrst_ord, NULL::bigint AS pgrst_link, p.value AS pgrst_elem FROM json_array_elements(${insert.payload}::json) WITH ORDINALITY AS p(value, ordinality)`,
    undefined,
    false,
  );
  insertCtes.delete(insert);
  return { ctes: join(ctes, ', '), insertCtes, junctionCtes };
};
