// What the schema cache knows about the exposed schemas: tables and views with their
// columns, computed fields and keys, the relationships between them, and the functions. Loaded once per
// (re)load by catalog-queries.ts; read by the planner on every request, never changed.

export interface QualifiedName {
  readonly schema: string;
  readonly name: string;
}

export interface Column {
  readonly name: string;
  readonly description: string | null;
  readonly nullable: boolean;
  /** `format_type` of the column, e.g. `character varying(20)`, `integer[]`, `public.my_enum`. */
  readonly type: string;
  /** The type without modifiers and, for domains, the base type, e.g. `character varying`. */
  readonly nominalType: string;
  /** Type category from pg_type.typcategory: `N` numeric, `S` string, `B` boolean, `A` array, `U` user... */
  readonly category: string;
  readonly maxLength: number | null;
  /** Default expression text, or null. */
  readonly default: string | null;
  /** Values of an enum type, else empty. */
  readonly enumValues: readonly string[];
  readonly generated: boolean;
  readonly position: number;
}

/**
 * A computed field: a function of one row of the table (PostgREST's computed fields, in an
 * exposed schema or db-extra-search-path), not returning a set or a table's row. Requests
 * name it like a column; it is called explicitly, `"schema"."fn"(row)`.
 */
export interface ComputedField {
  readonly name: string;
  readonly function: QualifiedName;
  readonly description: string | null;
  /** `format_type` of the return type. */
  readonly type: string;
  /** The return type without modifiers, domains resolved to their base (as Column.nominalType). */
  readonly nominalType: string;
  readonly category: string;
}

export type RelationKind = 'table' | 'view' | 'materialized_view' | 'foreign_table' | 'partitioned_table';

export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  readonly description: string | null;
  readonly insertable: boolean;
  readonly updatable: boolean;
  readonly deletable: boolean;
  /** Column names of the primary key, in key order (views: inferred from the base table). */
  readonly primaryKey: readonly string[];
  /**
   * Columns of each unique constraint and full unique index (no expression, no predicate),
   * in key order; a junction whose foreign keys lie in one is many-to-many (beyond PostgREST).
   */
  readonly uniqueKeys: readonly (readonly string[])[];
  /** Columns in ordinal order, keyed by name (Map preserves insertion order). */
  readonly columns: ReadonlyMap<string, Column>;
  /** Computed fields by name; not part of `*`. A column of the same name hides one. */
  readonly computedFields: ReadonlyMap<string, ComputedField>;
  /**
   * Names Postgres would read as a function call on a row of this table (`"t"."to_json"` is
   * `to_json(t)`: pg_catalog's polymorphic functions, functions of row types) that are not
   * its computed fields: the planner refuses them as fields instead of letting them through.
   */
  readonly rowFunctionNames: ReadonlySet<string>;
  /**
   * Table-level privileges granted to each role by name, `PUBLIC` for everyone (column grants
   * and membership in other roles are not resolved). The database still checks every request;
   * this only shapes what the OpenAPI document shows a role.
   */
  readonly grants: Readonly<Record<string, readonly TablePrivilege[]>>;
}

export type TablePrivilege = 'select' | 'insert' | 'update' | 'delete';

/**
 * A foreign-key relationship seen from `table`. Every FK yields two: many-to-one from the
 * referencing side and one-to-many (or one-to-one when the FK columns are unique) back.
 * Junction tables yield many-to-many. Views get the relationships of their base columns.
 * A computed relationship is a function taking a row of `table` and returning rows of
 * `foreignTable` (PostgREST's computed relationships); it is named by the function.
 */
export type Relationship =
  | {
      readonly kind: 'm2o' | 'o2m' | 'o2o';
      readonly table: QualifiedName;
      readonly foreignTable: QualifiedName;
      readonly constraint: string;
      /** Pairs of (column of table, column of foreignTable). */
      readonly columns: readonly (readonly [string, string])[];
      /** For o2o: true on the side that holds the foreign key. */
      readonly isParent?: boolean;
      readonly isSelf: boolean;
    }
  | {
      readonly kind: 'm2m';
      readonly table: QualifiedName;
      readonly foreignTable: QualifiedName;
      readonly junction: {
        readonly table: QualifiedName;
        readonly constraint1: string;
        readonly constraint2: string;
        /** (column of table, column of junction) */
        readonly sourceColumns: readonly (readonly [string, string])[];
        /** (column of foreignTable, column of junction) */
        readonly targetColumns: readonly (readonly [string, string])[];
      };
      readonly isSelf: boolean;
    }
  | {
      readonly kind: 'computed';
      readonly table: QualifiedName;
      readonly foreignTable: QualifiedName;
      /** Called with the parent's row: `FROM "schema"."fn"(parent) AS child`. */
      readonly function: QualifiedName;
      /** It returns one row (not `setof`, or `ROWS 1`): embedded as an object. */
      readonly toOne: boolean;
      readonly isSelf: boolean;
    };

/** A relationship by foreign keys (directly or through a junction), not by a function. */
export type KeyRelationship = Exclude<Relationship, { readonly kind: 'computed' }>;

export interface RoutineParam {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly variadic: boolean;
}

export interface Routine {
  readonly schema: string;
  readonly name: string;
  readonly description: string | null;
  readonly params: readonly RoutineParam[];
  /** Return: a set or single value, of a composite (table) type or a scalar. */
  readonly returns: {
    readonly setOf: boolean;
    readonly kind: 'composite' | 'scalar';
    readonly type: QualifiedName;
  };
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly hasVariadic: boolean;
}

export interface SchemaCache {
  /** Keyed by `schema.name` (use tableKey()). */
  readonly tables: ReadonlyMap<string, Table>;
  /** Relationships by `schema.name` of their `table`. */
  readonly relationships: ReadonlyMap<string, readonly Relationship[]>;
  /** Overloads by `schema.name`. */
  readonly routines: ReadonlyMap<string, readonly Routine[]>;
  readonly schemas: readonly string[];
  readonly loadedAt: Date;
}

export const tableKey = (schema: string, name: string): string => `${schema}\u0000${name}`;
