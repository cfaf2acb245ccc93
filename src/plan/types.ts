// The vocabulary of a planned request: an ApiRequest checked against the SchemaCache, with
// every name resolved, every embed tied to its relationship and every choice made (media
// type, count, transaction end). The query stage compiles it; nothing here touches SQL.
import type {
  AggregateFunction,
  Field,
  MediaType,
  Operation,
  Preferences,
  RowRange,
} from '../api-request/types.ts';
import type { QualifiedName, Relationship, Table } from '../schema-cache/types.ts';

export type PlanSelect =
  /** A column (or JSON path into one) of the node's table, with its output key. */
  | {
      readonly kind: 'field';
      readonly field: Field;
      /** Output key: the alias, else the aggregate's name, else the last JSON key, else the column name (PostgREST's rule). */
      readonly outputName: string;
      readonly cast?: string;
      readonly aggregate?: AggregateFunction;
      readonly aggregateCast?: string;
      /** The column's nominal type ('' when unknown): json/jsonb paths need no to_jsonb(). */
      readonly columnType?: string;
    }
  /** Every column of the node's table, in ordinal order. */
  | { readonly kind: 'star' }
  /** `count()` with no column. */
  | { readonly kind: 'count'; readonly outputName: string; readonly aggregateCast?: string }
  /** The node's whole row under a name: what a to-one spread hands up for a hoisted `count()`. */
  | { readonly kind: 'row'; readonly outputName: string };

export type Condition =
  | {
      readonly kind: 'filter';
      readonly field: Field;
      readonly negated: boolean;
      readonly operation: Operation;
      /** The column's nominal type ('' when unknown): json/jsonb paths need no to_jsonb(), tsvector no to_tsvector(). */
      readonly columnType: string;
    }
  /** `?books=not.is.null` on an embed: true when the embed produced a row / rows (`negated` for `is.null`). */
  | { readonly kind: 'embed-exists'; readonly embed: string; readonly negated: boolean }
  | {
      readonly kind: 'logic';
      readonly op: 'and' | 'or';
      readonly negated: boolean;
      readonly children: readonly Condition[];
    };

export interface PlanOrder {
  /** Set when ordering by a column of a to-one embed (`order=author(name)`); the embed's name. */
  readonly embed?: string;
  readonly field: Field;
  readonly direction?: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
  /** The column's nominal type ('' when unknown); unused for embed orders. */
  readonly columnType?: string;
}

/** A node of the read tree: one table, its filters and page, and its embedded children. */
export interface ReadPlan {
  readonly kind: 'read';
  readonly table: Table;
  readonly from: QualifiedName;
  /** SQL alias unique within the statement (the compiler may use it as is). */
  readonly alias: string;
  /** Empty means every column (`*`), unless the node has embeds. */
  readonly select: readonly PlanSelect[];
  /** ANDed together. */
  readonly where: readonly Condition[];
  readonly order: readonly PlanOrder[];
  readonly range: RowRange;
  readonly embeds: readonly Embed[];
}

/** A column a spread embed hands to its parent's row (or, hoisted, an aggregate over it). */
export interface SpreadColumn {
  /** Column name in the embed's lateral row. */
  readonly name: string;
  /** Key in the parent's row. */
  readonly outputName: string;
  /** Set when an aggregate of a to-one spread is hoisted to the parent (PostgREST's hoisting). */
  readonly aggregate?: AggregateFunction;
  readonly aggregateCast?: string;
}

export interface Embed {
  /** Key in the output JSON: the alias, else the relation name as written. */
  readonly name: string;
  /** The relation name as written in `select` (differs from `name` when aliased). */
  readonly relationName: string;
  /** SQL alias of the embed's lateral subquery in the parent, unique among siblings. */
  readonly alias: string;
  /** SQL alias of an m2m junction table inside the child's FROM. */
  readonly junctionAlias?: string;
  readonly relationship: Relationship;
  /** m2o and o2o give an object or null; o2m and m2m give an array. */
  readonly toOne: boolean;
  readonly joinType: 'left' | 'inner';
  /** `...rel(cols)`: the child's columns are merged into the parent object. */
  readonly spread: boolean;
  /** What the parent reads from a spread embed (empty unless `spread`). */
  readonly spreadColumns: readonly SpreadColumn[];
  /** `rel()` with nothing selected below: joined (for filtering) but not output. */
  readonly hidden: boolean;
  readonly plan: ReadPlan;
}

export type CountMode = 'exact' | 'planned' | 'estimated';

export interface ReadRequestPlan {
  readonly kind: 'read';
  readonly read: ReadPlan;
  readonly media: MediaType;
  /** `nulls=stripped` on the array or object media types. */
  readonly stripNulls: boolean;
  readonly headersOnly: boolean;
  readonly count?: CountMode;
  /** db-max-rows: the page is capped at this many rows. */
  readonly maxRows?: number;
}

export interface OnConflict {
  readonly columns: readonly string[];
  readonly resolution: 'merge-duplicates' | 'ignore-duplicates';
}

export type Mutation =
  | {
      readonly kind: 'insert';
      readonly table: Table;
      /** The columns taken from the payload (payload keys, or ?columns=), in table order. */
      readonly columns: readonly string[];
      /** The JSON text bound as one parameter (an object or an array of objects). */
      readonly payload: string;
      readonly onConflict?: OnConflict;
      /** `Prefer: missing=default`: absent keys take the column default instead of NULL. */
      readonly missingDefault: boolean;
      /** PUT: the upsert must affect exactly the row named by these pk filters. */
      readonly where: readonly Condition[];
      /** Nested inserts: child rows of embeddable relationships named in the payload. */
      readonly nested: readonly NestedInsert[];
    }
  | {
      readonly kind: 'update';
      readonly table: Table;
      readonly columns: readonly string[];
      readonly payload: string;
      readonly where: readonly Condition[];
      readonly missingDefault: boolean;
    }
  | {
      readonly kind: 'delete';
      readonly table: Table;
      readonly where: readonly Condition[];
    };

/** Children (or a parent) inserted with their parent row in the same statement. */
export interface NestedInsert {
  readonly key: string;
  readonly relationship: Relationship;
  readonly mutation: Mutation & { readonly kind: 'insert' };
}

export interface MutateRequestPlan {
  readonly kind: 'mutate';
  readonly mutation: Mutation;
  /** Shapes `return=representation` (select, order, embeds) over the changed rows. */
  readonly read: ReadPlan;
  readonly media: MediaType;
  readonly returnPreference: 'minimal' | 'headers-only' | 'representation';
  /** Checks made before commit; a violation rolls the transaction back. */
  readonly maxAffected?: number;
  readonly singular: boolean;
  readonly txEnd: 'commit' | 'rollback';
  readonly preferences: Preferences;
}

export interface InfoPlan {
  readonly kind: 'info';
  readonly allowed: readonly string[];
}

export type Plan = ReadRequestPlan | MutateRequestPlan | InfoPlan;
