// The shapes of the JSON the catalog queries return, before they become schema-cache types.
// Oids and attribute numbers stay here: they are how view columns are traced to base tables.
import type { Column, TablePrivilege } from './types.ts';

/** Columns come out of the catalog query already in the cache's shape. */
export type CatalogColumn = Column;

/** pg_class.relkind of the relations the cache keeps. */
export type RelKindCode = 'r' | 'v' | 'm' | 'f' | 'p';

export interface CatalogRelation {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: RelKindCode;
  readonly description: string | null;
  /** pg_relation_is_updatable's bit mask. */
  readonly updatable: number;
  readonly primaryKey: readonly string[];
  readonly uniqueKeys: readonly (readonly string[])[];
  readonly grants: Readonly<Record<string, readonly TablePrivilege[]>>;
  readonly columns: readonly CatalogColumn[];
}

export interface CatalogForeignKey {
  readonly name: string;
  readonly tableOid: number;
  readonly schema: string;
  readonly table: string;
  readonly foreignOid: number;
  readonly foreignSchema: string;
  readonly foreignTable: string;
  /** (column, referenced column) in key order. */
  readonly columns: readonly (readonly [string, string])[];
  /** The same pairs as attribute numbers. */
  readonly attnums: readonly (readonly [number, number])[];
  readonly oneToOne: boolean;
}

export interface CatalogPrimaryKey {
  readonly tableOid: number;
  readonly attnums: readonly number[];
}

export interface CatalogView {
  readonly oid: number;
  /** pg_rewrite.ev_action of the view's _RETURN rule, as pg_node_tree text. */
  readonly definition: string;
}

export interface CatalogKeys {
  readonly foreignKeys: readonly CatalogForeignKey[];
  readonly primaryKeys: readonly CatalogPrimaryKey[];
  readonly views: readonly CatalogView[];
}

export interface CatalogArg {
  readonly name: string | null;
  readonly type: string;
  /** proargmodes: i in, o out, b inout, v variadic, t table. */
  readonly mode: string;
}

/** A function of one row of a cached table, not returning a set or a table's row. */
export interface CatalogComputedField {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly functionSchema: string;
  readonly description: string | null;
  readonly type: string;
  readonly nominalType: string;
  readonly category: string;
}

/** A function taking one row of `schema.table` and returning rows of `foreignSchema.foreignTable`. */
export interface CatalogComputedRelationship {
  readonly functionSchema: string;
  readonly functionName: string;
  readonly schema: string;
  readonly table: string;
  readonly foreignSchema: string;
  readonly foreignTable: string;
  readonly toOne: boolean;
}

/** The function-derived part of the catalog: routines, computed fields and relationships. */
export interface CatalogFunctions {
  readonly routines: readonly CatalogRoutine[];
  readonly computedFields: readonly CatalogComputedField[];
  readonly computedRelationships: readonly CatalogComputedRelationship[];
  /** Names Postgres could call on a whole row in functional notation (`"t"."to_json"`). */
  readonly rowFunctionNames: readonly string[];
}

export interface CatalogRoutine {
  readonly schema: string;
  readonly name: string;
  readonly description: string | null;
  /** All arguments, output ones included, in declaration order. */
  readonly args: readonly CatalogArg[];
  /** Input arguments without a default (they come first). */
  readonly requiredCount: number;
  readonly setOf: boolean;
  readonly composite: boolean;
  readonly returnSchema: string;
  readonly returnName: string;
  readonly volatility: 'i' | 's' | 'v';
  readonly variadic: boolean;
}
