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
import type { CallRequestPlan } from './call-types.ts';

export type { CallRequestPlan } from './call-types.ts';

/** A computed field's function, called with the node's row cast to `rowType` (see embed-joins.ts for why the cast). */
export interface ComputedCall {
  readonly function: QualifiedName;
  readonly rowType: QualifiedName;
}

/** A field of the node's table: a column (or a name left to Postgres), or a computed field with its call. */
export type PlanField = Field & { readonly computed?: ComputedCall };

export type PlanSelect =
  /** A column or computed field (or JSON path into one) of the node's table, with its output key. */
  | {
      readonly kind: 'field';
      readonly field: PlanField;
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
      readonly field: PlanField;
      readonly negated: boolean;
      readonly operation: Operation;
      /** The column's nominal type ('' when unknown): json/jsonb paths need no to_jsonb(), tsvector no to_tsvector(). */
      readonly columnType: string;
    }
  /** `?books=not.is.null` on an embed: true when the embed produced a row / rows (`negated` for `is.null`). */
  | { readonly kind: 'embed-exists'; readonly embed: string; readonly negated: boolean }
  /**
   * `?clients(name)=eq.x`, `?projects(count)=gt.1` (beyond PostgREST): a filter on a value of the
   * embed's lateral row, where `field` names the key: a to-one embed's column, or an aggregate
   * of a to-many embed that selects only aggregates (one row per parent; see Embed.aggregateKeys).
   */
  | {
      readonly kind: 'related-filter';
      readonly embed: string;
      readonly field: Field;
      readonly negated: boolean;
      readonly operation: Operation;
      /** The key's type where known ('' else), as for `filter`. */
      readonly columnType: string;
    }
  | {
      readonly kind: 'logic';
      readonly op: 'and' | 'or';
      readonly negated: boolean;
      readonly children: readonly Condition[];
    };

export interface PlanOrder {
  /**
   * Set for a related order, the embed's name: `field` is read from the embed's lateral row, a
   * column of a to-one embed (`order=author(name)`) or, beyond PostgREST, the output key of an
   * aggregate of a to-many embed that selects only aggregates (`order=comments(count)`).
   */
  readonly embed?: string;
  readonly field: PlanField;
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
  /**
   * SQL alias of the node's table: the table name at the root, `<table>_<depth>` below (as
   * PostgREST, so Postgres errors name the same aliases). Unique along the node's path;
   * siblings may share one, each in its own subquery.
   */
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
  /**
   * To-many embeds selecting only aggregates: the output keys its parent filters or orders by
   * (`projects(count)=gt.1`). Its lateral row carries each, computed once, as a column of that name.
   */
  readonly aggregateKeys: readonly string[];
  /**
   * A to-many embed whose select is only aggregates (no GROUP BY) is one row per parent even
   * over no children; when its parent asks whether it has any (`!inner`, `rel=is.null`), the
   * children say: its lateral row carries that as a column.
   */
  readonly childrenAsked: boolean;
  /** A to-many spread of aggregates only: its one row's values lift into the parent as they are. */
  readonly spreadsOneRow: boolean;
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
  /** The values of Preference-Applied, in PostgREST's order. */
  readonly preferenceApplied: readonly string[];
  /** `Accept: application/vnd.pgrst.plan+json` (db-plan-enabled): answer the EXPLAIN output. */
  readonly explain?: ExplainRequest;
}

/** What EXPLAIN to answer with, and for which media type the explained statement builds its body. */
export interface ExplainRequest {
  readonly format: 'json' | 'text';
  readonly options: readonly ('analyze' | 'verbose' | 'settings' | 'buffers' | 'wal')[];
}

export interface OnConflict {
  readonly columns: readonly string[];
  readonly resolution: 'merge-duplicates' | 'ignore-duplicates';
}

/**
 * The rows an INSERT takes from JSON objects: which columns (their types and defaults come
 * from `table`), how absent keys fill, and the rows of related tables inserted with them.
 */
export interface InsertRows {
  readonly table: Table;
  /** The columns taken from the payload (payload keys, or ?columns=), in table order. */
  readonly columns: readonly string[];
  /** `Prefer: missing=default`: absent keys take the column default instead of NULL. */
  readonly missingDefault: boolean;
  /** Nested inserts: rows of embeddable relationships named by keys of the objects. */
  readonly nested: readonly NestedInsert[];
  /** RETURNING: column names, `['*']` for the whole row, `[]` for just a count. */
  readonly returning: readonly string[];
}

/**
 * `limit`/`offset` on PATCH or DELETE (PostgREST's limited update and delete): only the rows
 * of that page of the filtered rows, in `order`, change. They are picked by `key`: the
 * primary key, else (a table without one) the row's physical address `ctid`.
 */
export interface LimitedRows {
  readonly range: RowRange;
  readonly order: readonly PlanOrder[];
  readonly key: readonly string[] | 'ctid';
}

export type Mutation =
  | (InsertRows & {
      readonly kind: 'insert';
      /** The JSON array of objects bound as the one payload parameter. */
      readonly payload: string;
      readonly onConflict?: OnConflict;
      /** PUT: only payload rows matching these pk filters are written (on `pgrst_body`). */
      readonly where: readonly Condition[];
      /** PUT: exactly one row must be written, else PGRST115 and rollback. */
      readonly singleUpsert: boolean;
    })
  | {
      readonly kind: 'update';
      readonly table: Table;
      readonly columns: readonly string[];
      /** The JSON array of objects; its first object holds the new values. */
      readonly payload: string;
      readonly where: readonly Condition[];
      readonly limited?: LimitedRows;
      readonly missingDefault: boolean;
      readonly returning: readonly string[];
    }
  | {
      readonly kind: 'delete';
      readonly table: Table;
      readonly where: readonly Condition[];
      readonly limited?: LimitedRows;
      readonly returning: readonly string[];
    };

/**
 * Rows of a related table inserted with the rows holding `key`: children (one-to-many, or the
 * one-to-one side holding the FK), whose FK columns are filled from their parent's row; a
 * parent (many-to-one), inserted first so the referencing row's FK columns come from it; or
 * many-to-many rows, inserted with one junction row each linking them to their holder.
 */
export interface NestedInsert {
  /** The payload key holding the rows: an object (to-one) or an array of objects. */
  readonly key: string;
  /** From the table holding the key to the nested rows' table. */
  readonly relationship: Relationship;
  /** True when the nested row is the parent: the holder's FK columns reference it. */
  readonly isParent: boolean;
  readonly rows: InsertRows;
}

export interface MutateRequestPlan {
  readonly kind: 'mutate';
  readonly mutation: Mutation;
  /** Shapes `return=representation` (select, order, embeds) over the changed rows. */
  readonly read: ReadPlan;
  readonly media: MediaType;
  /** `nulls=stripped` on the array or object media types. */
  readonly stripNulls: boolean;
  readonly returnPreference: 'minimal' | 'headers-only' | 'representation';
  /** `max-affected` with `handling=strict` on PATCH and DELETE: more rows is PGRST124 and rollback. */
  readonly maxAffected?: number;
  /** The singular media type was asked for: not exactly one row is PGRST116 and rollback. */
  readonly singular: boolean;
  /** How the transaction ends when no check fails: db-tx-end with any allowed `Prefer: tx=`. */
  readonly txEnd: 'commit' | 'rollback';
  /** `count=exact|estimated`: Content-Range carries the number of rows written. */
  readonly countRows: boolean;
  /** The table's primary key, for the Location header of `return=headers-only`. */
  readonly locationColumns: readonly string[];
  /** The values of Preference-Applied, in PostgREST's order. */
  readonly preferenceApplied: readonly string[];
  readonly preferences: Preferences;
}

export interface InfoPlan {
  readonly kind: 'info';
  readonly allowed: readonly string[];
}

/** `GET /`: the OpenAPI description of the schema. */
export interface OpenApiPlan {
  readonly kind: 'openapi';
  readonly schema: string;
}

export type Plan = ReadRequestPlan | MutateRequestPlan | CallRequestPlan | InfoPlan | OpenApiPlan;
