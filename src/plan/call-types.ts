// The vocabulary of a planned function call (`/rpc/fn`): which overload, how its arguments
// reach it, what kind of value it returns, and the read tree that shapes that value as a read
// over the `pgrst_source` of its rows (PostgREST: Plan/CallPlan.hs and Plan.hs callReadPlan).
import type { MediaType } from '../api-request/types.ts';
import type { QualifiedName } from '../schema-cache/types.ts';
import type { ReadPlan } from './types.ts';

/** A parameter as the call names and types it. */
export interface CallParam {
  readonly name: string;
  /**
   * The SQL type the value is read as: the parameter's type, with `character` and `bit`
   * widened to their varying forms so a value is not silently cut to one character.
   */
  readonly type: string;
  readonly variadic: boolean;
}

export type CallArgs =
  /** `fn()`: no parameter was given (the others take their defaults). */
  | { readonly kind: 'none' }
  /** GET query parameters and form fields: one bound text value per parameter, cast to its type. */
  | {
      readonly kind: 'direct';
      /** A variadic parameter given repeatedly holds each value, in order. */
      readonly values: readonly (readonly [CallParam, string | readonly string[]])[];
    }
  /** A JSON body: the given keys read out of its (first) object by json_to_record(set). */
  | { readonly kind: 'json'; readonly payload: string; readonly isArray: boolean; readonly params: readonly CallParam[] }
  /** The whole body as the one unnamed parameter (json, jsonb, text, xml or bytea). */
  | { readonly kind: 'body'; readonly type: string; readonly value: string };

/**
 * What the function returns: a value (`scalar`, possibly `void`), a set of values, a row of
 * a composite type or a set of rows (SETOF / TABLE). Rows are shaped like a table's.
 */
export type CallResult = 'void' | 'scalar' | 'setof-scalar' | 'composite' | 'setof-composite';

export interface CallRequestPlan {
  readonly kind: 'call';
  readonly routine: QualifiedName;
  readonly args: CallArgs;
  readonly result: CallResult;
  /** select, filters, order and page over the function's rows (`pgrst_source`). */
  readonly read: ReadPlan;
  readonly media: MediaType;
  readonly stripNulls: boolean;
  /** HEAD: no body is built. */
  readonly headersOnly: boolean;
  /** count=exact|estimated: the total of rows matched (PostgREST has no planned count for calls). */
  readonly count: boolean;
  readonly maxRows?: number;
  /** GET and HEAD, and POST of a stable or immutable function, run in a read-only transaction. */
  readonly readOnly: boolean;
  readonly txEnd: 'commit' | 'rollback';
  /** The singular media type: not exactly one row is PGRST116, rolled back. */
  readonly singular: boolean;
  /** `max-affected` with handling=strict on a set-returning function: more rows is PGRST124, rolled back. */
  readonly maxAffected?: number;
  /** The values of Preference-Applied, in PostgREST's order. */
  readonly preferenceApplied: readonly string[];
}
