// Relationships from foreign keys, derived as PostgREST does: many-to-one (one-to-one when
// the FK columns are a key) and the inverse, through views that show either side, and
// many-to-many via junctions whose primary key covers two FKs; then computed relationships
// (functions of a row), which replace FK ones their function is named like; only exposed objects remain.
import type { CatalogComputedRelationship, CatalogForeignKey } from './catalog-rows.ts';
import { tableKey, type QualifiedName, type Relationship, type Table } from './types.ts';
import { expandChoices, type ViewForeignKeyDep } from './view-keys.ts';

type ToOne = Extract<Relationship, { kind: 'm2o' | 'o2m' | 'o2o' }>;
type ManyToMany = Extract<Relationship, { kind: 'm2m' }>;
type Computed = Extract<Relationship, { kind: 'computed' }>;
type Pairs = readonly (readonly [string, string])[];

const sameName = (a: QualifiedName, b: QualifiedName): boolean => a.schema === b.schema && a.name === b.name;

// The FK-holding side; the kind of the inverse follows from it. `isParent` marks the FK side
// (see types.ts); PostgREST's own flag of that name is set on the other side.
const fkSide = (
  fk: CatalogForeignKey,
  table: QualifiedName,
  foreignTable: QualifiedName,
  columns: Pairs,
  isSelf: boolean,
): ToOne =>
  fk.oneToOne
    ? { kind: 'o2o', table, foreignTable, constraint: fk.name, columns, isParent: true, isSelf }
    : { kind: 'm2o', table, foreignTable, constraint: fk.name, columns, isSelf };

const viewName = (dep: ViewForeignKeyDep): QualifiedName => ({ schema: dep.view.schema, name: dep.view.name });

/** The FK side of every FK: table to table, and through views that show either side. */
const foreignKeySides = (foreignKeys: readonly CatalogForeignKey[], deps: readonly ViewForeignKeyDep[]): ToOne[] => {
  const depsOf = new Map<string, { source: ViewForeignKeyDep[]; target: ViewForeignKeyDep[] }>();
  for (const dep of deps) {
    const key = `${dep.foreignKey.tableOid}\u0000${dep.foreignKey.name}`;
    const entry = depsOf.get(key) ?? { source: [], target: [] };
    entry[dep.side].push(dep);
    depsOf.set(key, entry);
  }
  const sides: ToOne[] = [];
  for (const fk of foreignKeys) {
    const table = { schema: fk.schema, name: fk.table };
    const foreignTable = { schema: fk.foreignSchema, name: fk.foreignTable };
    const cols = fk.columns.map(([c]) => c);
    const refs = fk.columns.map(([, r]) => r);
    sides.push(fkSide(fk, table, foreignTable, fk.columns, fk.tableOid === fk.foreignOid));
    const { source = [], target = [] } = depsOf.get(`${fk.tableOid}\u0000${fk.name}`) ?? {};
    const sourceChoices = source.flatMap((dep) => expandChoices(dep.columns).map((c) => [dep, c] as const));
    const targetChoices = target.flatMap((dep) => expandChoices(dep.columns).map((c) => [dep, c] as const));
    for (const [dep, viewCols] of sourceChoices)
      sides.push(fkSide(fk, viewName(dep), foreignTable, zip(viewCols, refs), false));
    for (const [dep, viewCols] of targetChoices)
      sides.push(fkSide(fk, table, viewName(dep), zip(cols, viewCols), false));
    for (const [from, fromCols] of sourceChoices)
      for (const [to, toCols] of targetChoices)
        sides.push(fkSide(fk, viewName(from), viewName(to), zip(fromCols, toCols), from.view.oid === to.view.oid));
  }
  return sides;
};

const zip = (a: readonly string[], b: readonly string[]): Pairs => a.map((x, i) => [x, b[i]!] as const);
const swap = (pairs: Pairs): Pairs => pairs.map(([a, b]) => [b, a] as const);

/**
 * A junction's primary key, or beyond PostgREST one of its unique keys (a junction with a
 * surrogate id and `unique (a_id, b_id)`), must include the columns of both foreign keys.
 */
const manyToMany = (sides: readonly ToOne[], tables: ReadonlyMap<string, Table>): ManyToMany[] => {
  const byJunction = new Map<string, ToOne[]>();
  for (const side of sides) {
    if (side.kind !== 'm2o') continue;
    const key = tableKey(side.table.schema, side.table.name);
    const list = byJunction.get(key);
    if (list) list.push(side);
    else byJunction.set(key, [side]);
  }
  const result: ManyToMany[] = [];
  for (const [key, fks] of byJunction) {
    const table = tables.get(key);
    const keys = [table?.primaryKey ?? [], ...(table?.uniqueKeys ?? [])].filter((k) => k.length > 0).map((k) => new Set(k));
    if (keys.length === 0) continue;
    for (const a of fks)
      for (const b of fks) {
        if (a.constraint === b.constraint) continue;
        const columns = [...a.columns, ...b.columns];
        if (!keys.some((k) => columns.every(([c]) => k.has(c)))) continue;
        result.push({
          kind: 'm2m',
          table: a.foreignTable,
          foreignTable: b.foreignTable,
          junction: {
            table: a.table,
            constraint1: a.constraint,
            constraint2: b.constraint,
            sourceColumns: swap(a.columns),
            targetColumns: swap(b.columns),
          },
          isSelf: sameName(a.foreignTable, b.foreignTable),
        });
      }
  }
  return result;
};

const inverse = (side: ToOne): ToOne =>
  side.kind === 'o2o'
    ? { ...side, table: side.foreignTable, foreignTable: side.table, columns: swap(side.columns), isParent: false }
    : { ...side, kind: 'o2m', table: side.foreignTable, foreignTable: side.table, columns: swap(side.columns) };

const toComputed = (row: CatalogComputedRelationship): Computed => {
  const table = { schema: row.schema, name: row.table };
  const foreignTable = { schema: row.foreignSchema, name: row.foreignTable };
  return {
    kind: 'computed',
    table,
    foreignTable,
    function: { schema: row.functionSchema, name: row.functionName },
    toOne: row.toOne,
    isSelf: sameName(table, foreignTable),
  };
};

/**
 * A computed relationship replaces every FK relationship from its table to the relation
 * whose schema and name its function has (PostgREST keys both by that pair, and the
 * computed one wins): `designers(videogames)` returning designers overrides the FK.
 */
const withComputed = (derived: readonly Relationship[], computed: readonly Computed[]): Relationship[] => {
  const pair = (a: QualifiedName, b: QualifiedName): string => `${tableKey(a.schema, a.name)}\u0000${tableKey(b.schema, b.name)}`;
  const overridden = new Set(computed.map((c) => pair(c.table, c.function)));
  return [...derived.filter((r) => !overridden.has(pair(r.table, r.foreignTable))), ...computed];
};

export const deriveRelationships = (
  foreignKeys: readonly CatalogForeignKey[],
  viewDeps: readonly ViewForeignKeyDep[],
  tables: ReadonlyMap<string, Table>,
  computed: readonly CatalogComputedRelationship[] = [],
): ReadonlyMap<string, readonly Relationship[]> => {
  const sides = foreignKeySides(foreignKeys, viewDeps);
  const all = withComputed([...sides, ...manyToMany(sides, tables), ...sides.map(inverse)], computed.map(toComputed));
  const cached = (q: QualifiedName): boolean => tables.has(tableKey(q.schema, q.name));
  const byTable = new Map<string, Relationship[]>();
  for (const rel of all) {
    if (!cached(rel.table) || !cached(rel.foreignTable)) continue;
    if (rel.kind === 'm2m' && !cached(rel.junction.table)) continue;
    const key = tableKey(rel.table.schema, rel.table.name);
    const list = byTable.get(key);
    if (list) list.push(rel);
    else byTable.set(key, [rel]);
  }
  for (const list of byTable.values()) list.sort(compareRelationships);
  return byTable;
};

// PostgREST sorts relationships (its derived Ord), and PGRST201 lists them in that order:
// by table, foreign table, self-ness, then one-to-many < many-to-one < one-to-one < many-to-many;
// computed relationships (its second constructor) after all of those, by function first.
const KIND_ORDER = { o2m: 0, m2o: 1, o2o: 2, m2m: 3 } as const;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpName = (a: QualifiedName, b: QualifiedName): number => cmp(a.schema, b.schema) || cmp(a.name, b.name);
const cmpPairs = (a: Pairs, b: Pairs): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmp(a[i]![0], b[i]![0]) || cmp(a[i]![1], b[i]![1]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
};

const compareComputed = (a: Computed, b: Computed): number =>
  cmpName(a.function, b.function) ||
  cmpName(a.table, b.table) ||
  cmpName(a.foreignTable, b.foreignTable) ||
  Number(a.toOne) - Number(b.toOne) ||
  Number(a.isSelf) - Number(b.isSelf);

export const compareRelationships = (a: Relationship, b: Relationship): number => {
  if (a.kind === 'computed' || b.kind === 'computed')
    return a.kind === 'computed' && b.kind === 'computed' ? compareComputed(a, b) : a.kind === 'computed' ? 1 : -1;
  const head =
    cmpName(a.table, b.table) ||
    cmpName(a.foreignTable, b.foreignTable) ||
    Number(a.isSelf) - Number(b.isSelf) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (head !== 0) return head;
  if (a.kind === 'm2m' && b.kind === 'm2m') {
    const [x, y] = [a.junction, b.junction];
    return (
      cmpName(x.table, y.table) ||
      cmp(x.constraint1, y.constraint1) ||
      cmp(x.constraint2, y.constraint2) ||
      cmpPairs(x.sourceColumns, y.sourceColumns) ||
      cmpPairs(x.targetColumns, y.targetColumns)
    );
  }
  if (a.kind !== 'm2m' && b.kind !== 'm2m')
    return cmp(a.constraint, b.constraint) || cmpPairs(a.columns, b.columns) || Number(b.isParent ?? false) - Number(a.isParent ?? false);
  return 0;
};
