// The vocabulary of a parsed request: what the client asked for, before it is checked
// against the schema cache. Pure data, no logic (PostgREST: ApiRequest/Types.hs).

/** `data->a->>b`: single arrow keeps JSON, double arrow yields text. */
export interface JsonStep {
  readonly arrow: '->' | '->>';
  /** A key (`->'k'`) or an array index (`->0`, negative allowed). */
  readonly key: { readonly kind: 'key'; readonly name: string } | { readonly kind: 'index'; readonly index: number };
}

/** A column, possibly followed by a JSON path: `col`, `data->a->>b`. */
export interface Field {
  readonly name: string;
  readonly jsonPath: readonly JsonStep[];
}

export type AggregateFunction = 'sum' | 'avg' | 'max' | 'min' | 'count';

export type SelectItem =
  /** `alias:field->path::cast` or `field.sum()::cast`; `count()` alone has field name '*'. */
  | {
      readonly kind: 'field';
      readonly field: Field;
      readonly alias?: string;
      readonly cast?: string;
      readonly aggregate?: AggregateFunction;
      readonly aggregateCast?: string;
    }
  | { readonly kind: 'star' }
  /** `alias:relation!hint!inner(children)` or, with spread, `...relation(children)`. */
  | {
      readonly kind: 'relation';
      readonly relation: string;
      readonly alias?: string;
      readonly hint?: string;
      readonly joinType?: 'inner' | 'left';
      readonly spread: boolean;
      readonly children: readonly SelectItem[];
    };

/** Operators that take the `(any)` / `(all)` modifiers. */
export type QuantOperator = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'match' | 'imatch';
/** Operators on a single value without modifiers. */
export type SimpleOperator = 'neq' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj';
export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts';
export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

export type Operation =
  | { readonly kind: 'quant'; readonly op: QuantOperator; readonly quantifier?: 'any' | 'all'; readonly value: string }
  | { readonly kind: 'simple'; readonly op: SimpleOperator; readonly value: string }
  | { readonly kind: 'in'; readonly values: readonly string[] }
  | { readonly kind: 'is'; readonly value: IsValue }
  | { readonly kind: 'isdistinct'; readonly value: string }
  | { readonly kind: 'fts'; readonly op: FtsOperator; readonly language?: string; readonly value: string };

export interface OpExpr {
  readonly negated: boolean;
  readonly operation: Operation;
}

export interface Filter {
  /**
   * Set for `relation(key)=op.value` (beyond PostgREST): the filter reads `key` of the embed
   * `relation` (a to-one embed's column, or an aggregate a to-many embed selects); `field` is the key.
   */
  readonly relation?: string;
  readonly field: Field;
  readonly opExpr: OpExpr;
}

/** `and=(a.eq.1,or(b.gt.2,c.is.null))`; `not.or=(...)` is a negated node. */
export type LogicTree =
  | {
      readonly kind: 'expr';
      readonly negated: boolean;
      readonly op: 'and' | 'or';
      readonly children: readonly LogicTree[];
    }
  | { readonly kind: 'filter'; readonly filter: Filter };

export interface OrderTerm {
  /**
   * Set for `order=relation(col)`: order by a column of an embedded to-one relation, or
   * (beyond PostgREST) by an aggregate an embedded to-many relation selects.
   */
  readonly relation?: string;
  readonly field: Field;
  readonly direction?: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}

/** The path of embed names a parameter applies to: `books.authors.name=eq.x` -> ['books','authors']. */
export type EmbedPath = readonly string[];

export interface PathFilter {
  readonly path: EmbedPath;
  readonly filter: Filter;
}
export interface PathLogic {
  readonly path: EmbedPath;
  readonly tree: LogicTree;
}
export interface PathOrder {
  readonly path: EmbedPath;
  readonly terms: readonly OrderTerm[];
}

/** Rows wanted, zero-based and inclusive like HTTP ranges; no `limit` means unbounded. */
export interface RowRange {
  readonly offset: number;
  readonly limit?: number;
}
export interface PathRange {
  readonly path: EmbedPath;
  readonly range: RowRange;
}

/** Everything in the query string, parsed. */
export interface QueryParams {
  readonly select: readonly SelectItem[];
  readonly filters: readonly PathFilter[];
  readonly logic: readonly PathLogic[];
  readonly order: readonly PathOrder[];
  /**
   * limit/offset per embed path; `[]` is the query's own top level, before the Range header
   * (ApiRequest.range has the two combined).
   */
  readonly ranges: readonly PathRange[];
  /** `?columns=a,b` for inserts and RPC. */
  readonly columns?: readonly string[];
  /** `?on_conflict=a,b` for upserts. */
  readonly onConflict?: readonly string[];
  /**
   * Every non-reserved pair whose key has no embed path (`col=...`, `data->>a=...`), key and
   * value decoded, in query order: the keys PUT checks against the primary key.
   */
  readonly rootParams: readonly (readonly [string, string])[];
  /**
   * Only for a GET/HEAD on a function: the pairs whose value is not an operator expression,
   * as `[argument name, value]` (PostgREST's qsParams); the others are filters on its result.
   */
  readonly rpcArgs?: readonly (readonly [string, string])[];
  /** The query string sorted by key, for Content-Location (PostgREST's qsCanonical). */
  readonly canonical?: string;
}

export interface Preferences {
  readonly resolution?: 'merge-duplicates' | 'ignore-duplicates';
  readonly missing?: 'default' | 'null';
  readonly return?: 'minimal' | 'headers-only' | 'representation';
  readonly count?: 'exact' | 'planned' | 'estimated';
  readonly tx?: 'commit' | 'rollback';
  readonly handling: 'lenient' | 'strict';
  /** True when `handling=` was sent: Preference-Applied echoes it only then. */
  readonly handlingSent?: boolean;
  readonly timezone?: string;
  readonly maxAffected?: number;
  /** Preferences that were not understood, as sent. */
  readonly invalid: readonly string[];
}

export type MediaType =
  | 'application/json'
  | 'application/vnd.pgrst.object+json'
  | 'application/vnd.pgrst.array+json'
  | 'application/geo+json'
  | 'text/csv'
  | 'text/plain'
  | 'application/octet-stream'
  | 'application/vnd.pgrst.plan+json'
  | 'application/x-www-form-urlencoded';

/** The payload of a write, as parsed once. `raw` is what is bound as the one JSON parameter. */
export type Payload =
  | {
      readonly kind: 'json';
      readonly raw: string;
      /** Keys of the object, or the union of keys of all objects of an array. */
      readonly keys: ReadonlySet<string>;
      readonly isArray: boolean;
      /** Row count of the payload (1 for an object). */
      readonly rowCount: number;
      /** The parsed value, kept for nested inserts and PUT checks. */
      readonly value: unknown;
    }
  | { readonly kind: 'raw'; readonly raw: Buffer; readonly contentType: string };

export type Action =
  | { readonly kind: 'read'; readonly headersOnly: boolean }
  | { readonly kind: 'create' }
  | { readonly kind: 'update' }
  | { readonly kind: 'single-upsert' }
  | { readonly kind: 'delete' }
  | { readonly kind: 'call'; readonly method: 'GET' | 'HEAD' | 'POST' }
  | { readonly kind: 'info' };

export type Target =
  | { readonly kind: 'relation'; readonly name: string }
  | { readonly kind: 'routine'; readonly name: string }
  | { readonly kind: 'root' };

export interface ApiRequest {
  readonly method: string;
  readonly action: Action;
  readonly target: Target;
  /** The schema picked by Accept-Profile/Content-Profile, or the first of db-schemas. */
  readonly schema: string;
  /**
   * True when a profile header was sent, or when several schemas are exposed (PostgREST then
   * counts the default as negotiated): responses echo Content-Profile.
   */
  readonly schemaNegotiated: boolean;
  readonly query: QueryParams;
  readonly preferences: Preferences;
  readonly payload?: Payload;
  /** Top-level range from limit/offset and the Range header combined. */
  readonly range: RowRange;
  /** True when a Range header was applied (only GET reads one). */
  readonly rangeHeader: boolean;
  /**
   * Media ranges of the Accept header (e.g. text/csv, application/json, the any-type range),
   * lower-cased with their parameters but not q, best first (see media-type.ts); q=0 dropped.
   */
  readonly accept: readonly string[];
  readonly contentType: MediaType | string;
  readonly path: string;
  /** Lower-case names, repeated headers joined by ", ", without Cookie (PostgREST's iHeaders). */
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
  /** The request body as received, for payload parsing. */
  readonly body?: Buffer;
}

/** A request as the HTTP layer hands it to the Data API. */
export interface RawRequest {
  readonly method: string;
  /** The path after the Data API's prefix, still percent-encoded: '/posts', '/rpc/fn', '/'. */
  readonly path: string;
  /** The raw query string, without '?'. */
  readonly search: string;
  /** As Node gives them: lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}
