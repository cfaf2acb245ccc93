// Errors of lookups in the schema cache (PGRST2xx), with PostgREST's "Perhaps you meant"
// hints. The caller passes the candidate names; the fuzzy matching lives in fuzzy-match.ts.
import { DataApiError } from './data-api-error.ts';
import { closestMatch } from './fuzzy-match.ts';

export type RelationshipSummary =
  | {
      readonly embedding: string;
      readonly cardinality: string;
      readonly relationship: string;
      /** The `table!hint` that would pick this relationship. */
      readonly hint: string;
    }
  /** A computed relationship, which PostgREST lists as `{}` with an empty hint. */
  | { readonly computed: true };

export const noRelationship = (
  parent: string,
  child: string,
  schema: string,
  embedHint: string | undefined,
  suggestion: string | undefined,
): DataApiError =>
  new DataApiError(
    400,
    'PGRST200',
    `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
    `Searched for a foreign key relationship between '${parent}' and '${child}'${
      embedHint === undefined ? '' : ` using the hint '${embedHint}'`
    } in the schema '${schema}', but no matches were found.`,
    suggestion ?? null,
  );

export const ambiguousRelationship = (
  parent: string,
  child: string,
  rels: readonly RelationshipSummary[],
): DataApiError =>
  new DataApiError(
    300,
    'PGRST201',
    `Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
    rels.map((r) => ('computed' in r ? {} : { cardinality: r.cardinality, embedding: r.embedding, relationship: r.relationship })),
    `Try changing '${child}' to one of the following: ${rels
      .map((r) => ('computed' in r ? '' : `'${r.hint}'`))
      .join(', ')}. Find the desired relationship in the 'details' key.`,
  );

/** What PGRST202 reports besides the name: where the hint looks, and a body an unnamed parameter could take. */
export interface NoFunctionContext {
  /** Names of the schema's functions: the hint suggests one when no overload has the name. */
  readonly candidates: readonly string[];
  /** Parameter names of each overload of the name: the hint then suggests one of those lists. */
  readonly overloads: readonly (readonly string[])[];
  /** A POST whose body a single unnamed parameter could have taken, by the body's kind. */
  readonly body?: 'json' | 'text' | 'xml' | 'bytea';
}

/** `(a, b)`: a parameter list as PostgREST compares them, sorted. */
const paramList = (names: readonly string[]): string => `(${[...names].sort().join(', ')})`;

/**
 * PGRST202 worded as PostgREST's NoRpc: `argNames` in sorted order; a body of text, xml or
 * bytea looked only for a single unnamed parameter, so neither names nor a hint are shown.
 */
export const noFunction = (schema: string, name: string, argNames: readonly string[], context: NoFunctionContext): DataApiError => {
  const func = `${schema}.${name}`;
  const args = [...argNames].sort();
  const onlyBody = context.body !== undefined && context.body !== 'json';
  const withArgs = args.length === 0 ? ' without parameters' : ` with parameter${args.length > 1 ? 's' : ''} ${args.join(', ')}`;
  const searched = onlyBody
    ? ` with a single unnamed ${context.body} parameter`
    : context.body === 'json'
      ? `${withArgs} or with a single unnamed json/jsonb parameter`
      : withArgs;
  // PostgREST's fuzzy search is stricter on names (0.75) than on parameter lists (0.33).
  const suggestion = onlyBody
    ? undefined
    : context.overloads.length === 0
      ? closestMatch(name, context.candidates, 0.75)
      : (() => {
          const list = closestMatch(paramList(args), context.overloads.map(paramList), 0.33);
          return list === undefined ? undefined : `${name}${list}`;
        })();
  return new DataApiError(
    404,
    'PGRST202',
    `Could not find the function ${func}${onlyBody ? '' : args.length === 0 ? ' without parameters' : `(${args.join(', ')})`} in the schema cache`,
    `Searched for the function ${func}${searched}, but no matches were found in the schema cache.`,
    suggestion === undefined ? null : `Perhaps you meant to call the function ${schema}.${suggestion}`,
  );
};

export const ambiguousFunction = (signatures: readonly string[]): DataApiError =>
  new DataApiError(
    300,
    'PGRST203',
    `Could not choose the best candidate function between: ${signatures.join(', ')}`,
    null,
    'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
  );

/**
 * A name that is neither a column nor a computed field of `relation`, but that Postgres would
 * read as a function call on its row (`"t"."to_json"` is `to_json(t)`). Worded as the 42703
 * Postgres gives for any other unknown column, saying why this one is refused.
 */
export const notAField = (relation: string, name: string): DataApiError =>
  new DataApiError(
    400,
    '42703',
    `column ${relation}.${name} does not exist`,
    `'${name}' is a function that is not a computed field of '${relation}'`,
    `A computed field is a function of one '${relation}' row, in an exposed schema or the extra search path, returning neither a set nor a table's rows`,
  );

export const columnNotFound = (relation: string, column: string): DataApiError =>
  new DataApiError(400, 'PGRST204', `Could not find the '${column}' column of '${relation}' in the schema cache`);

export const tableNotFound = (schema: string, name: string, candidates: readonly string[]): DataApiError => {
  const suggestion = closestMatch(name, candidates, 0.75);
  return new DataApiError(
    404,
    'PGRST205',
    `Could not find the table '${schema}.${name}' in the schema cache`,
    null,
    suggestion === undefined ? null : `Perhaps you meant the table '${schema}.${suggestion}'`,
  );
};

export const noSchemaCache = (): DataApiError =>
  new DataApiError(503, 'PGRST002', 'Could not query the database for the schema cache. Retrying.');
