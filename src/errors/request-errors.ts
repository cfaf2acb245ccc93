// Errors of the request stages (PGRST1xx): the query-string grammar, headers, body and
// the checks the planner makes on a request. Messages are PostgREST's, word for word,
// because clients match on them. Retired codes stay listed so they are never reused:
// PGRST104 (parse request), PGRST109 (limit without order / spread not to-one),
// PGRST110 (off-limits changes), PGRST113 (binary field), PGRST119.
import { DataApiError } from './data-api-error.ts';

export const queryParamError = (message: string, details: string): DataApiError =>
  new DataApiError(400, 'PGRST100', message, details);

/** A parse failure at `position` of `input` (PostgREST: `"failed to parse select parameter (...)"`). */
export const parseError = (param: string, input: string, details: string): DataApiError =>
  queryParamError(`failed to parse ${param} parameter (${input})`, details);

/**
 * A grammar failure worded as PostgREST's parser words it, e.g. message
 * `"failed to parse order (id.x)" (line 1, column 4)` and details `unexpected "x" expecting ...`.
 */
export const syntaxError = (subject: string, line: number, column: number, details: string): DataApiError =>
  queryParamError(`"${subject}" (line ${line}, column ${column})`, details);

export const invalidRpcMethod = (method: string): DataApiError =>
  new DataApiError(405, 'PGRST101', `Cannot use the ${method} method on RPC`);

export const invalidBody = (message: string): DataApiError => new DataApiError(400, 'PGRST102', message);

export type RangeProblem =
  | { readonly kind: 'negative-limit' }
  | { readonly kind: 'lower-gt-upper' }
  | { readonly kind: 'out-of-bounds'; readonly lower: number; readonly total: number };

export const invalidRange = (problem: RangeProblem): DataApiError => {
  const details =
    problem.kind === 'negative-limit'
      ? 'Limit should be greater than or equal to zero.'
      : problem.kind === 'lower-gt-upper'
        ? 'The lower boundary must be lower than or equal to the upper boundary in the Range header.'
        : `An offset of ${problem.lower} was requested, but there are only ${problem.total} rows.`;
  return new DataApiError(416, 'PGRST103', 'Requested range not satisfiable', details);
};

export const invalidPutFilters = (): DataApiError =>
  new DataApiError(405, 'PGRST105', "Filters must include all and only primary key columns with 'eq' operators");

export const unacceptableSchema = (schema: string, exposed: readonly string[]): DataApiError =>
  new DataApiError(
    406,
    'PGRST106',
    `Invalid schema: ${schema}`,
    null,
    `Only the following schemas are exposed: ${exposed.join(', ')}`,
  );

export const mediaTypeError = (mediaTypes: readonly string[]): DataApiError =>
  new DataApiError(406, 'PGRST107', `None of these media types are available: ${mediaTypes.join(', ')}`);

export const notEmbedded = (resource: string, aliased?: { name: string; alias: string }): DataApiError =>
  aliased
    ? new DataApiError(
        400,
        'PGRST108',
        `'${resource}' is not an embedded resource in this request`,
        'Target names are not allowed in filters if they have an alias',
        `Change '${aliased.name}' to '${aliased.alias}' in filters, orders or limits.`,
      )
    : new DataApiError(
        400,
        'PGRST108',
        `'${resource}' is not an embedded resource in this request`,
        null,
        `Verify that '${resource}' is included in the 'select' query parameter.`,
      );

/** The same relation embedded twice under one key: both would answer as one key of the object. */
export const embeddedTwice = (parent: string, name: string, spread: boolean): DataApiError =>
  new DataApiError(
    400,
    'PGRST100',
    `'${name}' is embedded more than once in '${parent}'`,
    'Each embedded resource is one key of the response, so two embeds cannot share a name',
    spread
      ? `Spread it once with all the columns, e.g. '...${name}(a,b)'.`
      : `Give all but one of them an alias, e.g. '${name}_2:${name}(...)'.`,
  );

export const gucHeadersError = (): DataApiError =>
  new DataApiError(
    500,
    'PGRST111',
    'response.headers guc must be a JSON array composed of objects with a single key and a string value',
  );

export const gucStatusError = (): DataApiError =>
  new DataApiError(500, 'PGRST112', 'response.status guc must be a valid status code');

export const putLimitNotAllowed = (): DataApiError =>
  new DataApiError(400, 'PGRST114', 'limit/offset querystring parameters are not allowed for PUT');

export const putMatchingPk = (): DataApiError =>
  new DataApiError(400, 'PGRST115', 'Payload values do not match URL in primary key column(s)');

export const singularityError = (rows: number): DataApiError =>
  new DataApiError(
    406,
    'PGRST116',
    'Cannot coerce the result to a single JSON object',
    `The result contains ${rows} rows`,
  );

export const unsupportedMethod = (method: string): DataApiError =>
  new DataApiError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);

/** What a related key `rel(key)` is used in: `order=rel(key)` or (beyond PostgREST) `rel(key)=op.value`. */
export type RelatedUse = 'order' | 'filter';

const relatedExample = (use: RelatedUse, target: string): string =>
  use === 'order' ? `'select=...,${target}(count())&order=${target}(count)'` : `'select=...,${target}(count())&${target}(count)=gt.0'`;

/** PostgREST's message and details; the hint tells what a to-many embed needs to be used so (beyond PostgREST). */
export const relatedNotToOne = (use: RelatedUse, origin: string, target: string): DataApiError =>
  new DataApiError(
    400,
    'PGRST118',
    `A related ${use} on '${target}' is not possible`,
    `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`,
    `A one-to-many or many-to-many embed can be used in a related ${use} when it selects only aggregates, as in ${relatedExample(use, target)}`,
  );

/** `rel(key)` on a to-many embed whose select has no aggregate with that output key. */
export const relatedKeyNotSelected = (use: RelatedUse, target: string, key: string, keys: readonly string[]): DataApiError =>
  keys.length === 0
    ? new DataApiError(
        400,
        'PGRST100',
        `A related ${use} on '${target}' is not possible`,
        `'${target}' selects nothing, so it has no '${key}'`,
        `Select the aggregate in the embed, as in ${relatedExample(use, target)}`,
      )
    : new DataApiError(
        400,
        'PGRST100',
        `A related ${use} on '${target}' is not possible`,
        `'${target}' selects no aggregate named '${key}'`,
        `Use the output key of one of its aggregates: ${keys.map((k) => `'${k}'`).join(', ')}`,
      );

/** `rel(key)` naming two aggregates of the embed, or one named like the embed's own SQL alias. */
export const relatedKeyAmbiguous = (use: RelatedUse, target: string, key: string): DataApiError =>
  new DataApiError(
    400,
    'PGRST100',
    `A related ${use} on '${target}' is not possible`,
    `'${key}' does not name exactly one aggregate of '${target}'`,
    'Give the aggregate an alias of its own',
  );

/** `rel(key)` on a to-one embed whose row has no such key. */
export const relatedColumnNotSelected = (use: RelatedUse, target: string, key: string, keys: readonly string[]): DataApiError =>
  new DataApiError(
    400,
    'PGRST100',
    `A related ${use} on '${target}' is not possible`,
    `'${target}' has no '${key}' among the keys it selects`,
    keys.length === 0 ? `Select '${key}' in the embed` : `Use one of its keys: ${keys.map((k) => `'${k}'`).join(', ')}`,
  );

/** `order=rel(key)` on a node with aggregates: ORDER BY runs over groups, not rows. */
export const relatedOrderOnGroups = (origin: string, target: string): DataApiError =>
  new DataApiError(
    400,
    'PGRST100',
    `A related order on '${target}' is not possible`,
    `'${origin}' selects aggregates, so its rows are groups and '${target}' has no single value for a group`,
    'Order by a selected column or aggregate instead',
  );

export const unacceptableFilter = (target: string): DataApiError =>
  new DataApiError(
    400,
    'PGRST120',
    `Bad operator on the '${target}' embedded resource`,
    'Only is null or not is null filters are allowed on embedded resources',
  );

export const pgrstParseError = (details: string, hint: string): DataApiError =>
  new DataApiError(500, 'PGRST121', 'Could not parse JSON in the "RAISE SQLSTATE \'PGRST\'" error', details, hint);

export const invalidPreferences = (prefs: readonly string[]): DataApiError =>
  new DataApiError(
    400,
    'PGRST122',
    'Invalid preferences given with handling=strict',
    `Invalid preferences: ${prefs.join(', ')}`,
  );

export const aggregatesNotAllowed = (): DataApiError =>
  new DataApiError(400, 'PGRST123', 'Use of aggregate functions is not allowed');

export const maxAffectedViolation = (rows: number): DataApiError =>
  new DataApiError(
    400,
    'PGRST124',
    'Query result exceeds max-affected preference constraint',
    `The query affects ${rows} rows`,
  );

export const invalidResourcePath = (): DataApiError =>
  new DataApiError(404, 'PGRST125', 'Invalid path specified in request URL');

export const openApiDisabled = (): DataApiError =>
  new DataApiError(404, 'PGRST126', 'Root endpoint metadata is disabled');

export const notImplemented = (details: string): DataApiError =>
  new DataApiError(400, 'PGRST127', 'Feature not implemented', details);

export const maxAffectedRpcViolation = (): DataApiError =>
  new DataApiError(
    400,
    'PGRST128',
    'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
  );
