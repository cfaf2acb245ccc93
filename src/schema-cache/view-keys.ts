// Keys that views inherit from the tables they show: a view gets a table's primary key, or
// takes part in one of its foreign keys, when it shows every column of that key unchanged.
// A key column shown several times yields every choice (PostgREST's "repeated references").
import type { CatalogForeignKey, CatalogKeys, CatalogRelation } from './catalog-rows.ts';
import { resolveViewOrigins } from './view-columns.ts';

/** A view that shows all columns of one side of a foreign key. */
export interface ViewForeignKeyDep {
  readonly view: CatalogRelation;
  readonly foreignKey: CatalogForeignKey;
  /** `source`: the view shows the referencing columns; `target`: the referenced ones. */
  readonly side: 'source' | 'target';
  /** For each key column in key order, the view columns that show it. */
  readonly columns: readonly (readonly string[])[];
}

export interface ViewKeys {
  /** Inferred primary-key column names by view oid. */
  readonly primaryKeys: ReadonlyMap<number, readonly string[]>;
  readonly foreignKeyDeps: readonly ViewForeignKeyDep[];
}

const refKey = (rel: number, attnum: number): string => `${rel}:${attnum}`;

export const inferViewKeys = (relations: readonly CatalogRelation[], keys: CatalogKeys): ViewKeys => {
  const origins = resolveViewOrigins(keys.views);
  const pkByTable = new Map(keys.primaryKeys.map((pk) => [pk.tableOid, pk.attnums] as const));
  const fksBySource = group(keys.foreignKeys, (fk) => fk.tableOid);
  const fksByTarget = group(keys.foreignKeys, (fk) => fk.foreignOid);
  const primaryKeys = new Map<number, readonly string[]>();
  const foreignKeyDeps: ViewForeignKeyDep[] = [];

  for (const view of relations) {
    const viewOrigins = origins.get(view.oid);
    if ((view.kind !== 'v' && view.kind !== 'm') || viewOrigins === undefined) continue;
    // (table oid, attnum) -> names of the view columns showing it, in view column order.
    const shownAs = new Map<string, string[]>();
    const tables: number[] = [];
    for (const column of view.columns) {
      const ref = viewOrigins.get(column.position);
      if (ref === undefined) continue;
      if (!tables.includes(ref.rel)) tables.push(ref.rel);
      const key = refKey(ref.rel, ref.attnum);
      shownAs.set(key, [...(shownAs.get(key) ?? []), column.name]);
    }
    const covering = (rel: number, attnums: readonly number[]): (readonly string[])[] | undefined => {
      const columns = attnums.map((n) => shownAs.get(refKey(rel, n)));
      return columns.every((c) => c !== undefined) ? (columns as string[][]) : undefined;
    };

    const pk: string[] = [];
    for (const table of tables) {
      const attnums = pkByTable.get(table);
      const columns = attnums && covering(table, attnums);
      // Several names for one key column: any will do, as PostgREST takes the first.
      if (columns) pk.push(...columns.map((c) => c[0]!));
    }
    if (pk.length > 0) primaryKeys.set(view.oid, pk);

    for (const table of tables) {
      for (const fk of fksBySource.get(table) ?? []) {
        const columns = covering(table, fk.attnums.map(([n]) => n));
        if (columns) foreignKeyDeps.push({ view, foreignKey: fk, side: 'source', columns });
      }
      for (const fk of fksByTarget.get(table) ?? []) {
        const columns = covering(table, fk.attnums.map(([, n]) => n));
        if (columns) foreignKeyDeps.push({ view, foreignKey: fk, side: 'target', columns });
      }
    }
  }
  return { primaryKeys, foreignKeyDeps };
};

const group = <T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
};

/** Every way to pick one view column per key column (the cartesian product). */
export const expandChoices = (columns: readonly (readonly string[])[]): readonly (readonly string[])[] =>
  columns.reduce<readonly (readonly string[])[]>(
    (combos, choices) => combos.flatMap((combo) => choices.map((c) => [...combo, c])),
    [[]],
  );
