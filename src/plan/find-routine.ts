// Picks the overload a call means, by the names of the arguments it gives (PostgREST: Plan.hs
// findProc): every required parameter named and nothing else but optional ones. A function
// with one unnamed parameter takes a POST body whole, but only when no overload matches by
// name. None is PGRST202 with a "Perhaps you meant" hint; more than one is PGRST203.
import { ambiguousFunction, noFunction, type NoFunctionContext } from '../errors/schema-cache-errors.ts';
import { findRoutines, routineNames } from '../schema-cache/schema-cache.ts';
import type { Routine, SchemaCache } from '../schema-cache/types.ts';

export interface CallShape {
  /** The argument names given: GET parameters, or the keys of a POST body (or ?columns=). */
  readonly argNames: ReadonlySet<string>;
  /** A POST: its body may go whole to a single unnamed parameter. */
  readonly post: boolean;
  /** The request's Content-Type (canonical), for which unnamed parameter a body fits. */
  readonly contentType: string;
}

// The parameter type a whole body of each Content-Type can be.
const BODY_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/json': ['json', 'jsonb'],
  'text/plain': ['text'],
  'text/xml': ['xml'],
  'application/octet-stream': ['bytea'],
};

const BODY_KINDS: Readonly<Record<string, NoFunctionContext['body']>> = {
  'application/json': 'json',
  'text/plain': 'text',
  'text/xml': 'xml',
  'application/octet-stream': 'bytea',
};

/** True for a POST of text, xml or bytea: only a single unnamed parameter can take it. */
export const isRawBody = (shape: Pick<CallShape, 'post' | 'contentType'>): boolean =>
  shape.post && shape.contentType !== 'application/json' && BODY_KINDS[shape.contentType] !== undefined;

const setEquals = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

const matchesArgNames = (routine: Routine, shape: CallShape): boolean => {
  const { argNames } = shape;
  if (routine.params.length === 0) return argNames.size === 0 && !isRawBody(shape);
  const required = new Set(routine.params.filter((p) => p.required).map((p) => p.name));
  const optional = new Set(routine.params.filter((p) => !p.required).map((p) => p.name));
  // Given names that are optional may be left out; all the others must be the required ones.
  return setEquals(new Set([...argNames].filter((n) => !optional.has(n))), required);
};

export const takesWholeBody = (routine: Routine, shape: CallShape): boolean => {
  const [only, ...rest] = routine.params;
  return (
    shape.post && only !== undefined && rest.length === 0 && only.name === '' && (BODY_TYPES[shape.contentType] ?? []).includes(only.type)
  );
};

/** `public.fn(a => integer, b => text)`, as PGRST203 lists the candidates. */
const signature = (r: Routine): string => `${r.schema}.${r.name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`;

export const findRoutine = (cache: SchemaCache, schema: string, name: string, shape: CallShape): Routine => {
  const overloads = findRoutines(cache, schema, name);
  const byName = overloads.filter((r) => matchesArgNames(r, shape));
  const [only] = byName;
  if (only !== undefined && byName.length === 1) return only;
  if (byName.length > 1) throw ambiguousFunction(byName.map(signature));
  const fallbacks = overloads.filter((r) => takesWholeBody(r, shape));
  const [fallback] = fallbacks;
  if (fallback !== undefined && fallbacks.length === 1) return fallback;
  if (fallbacks.length > 1) throw ambiguousFunction(fallbacks.map(signature));
  const body = shape.post ? BODY_KINDS[shape.contentType] : undefined;
  throw noFunction(schema, name, [...shape.argNames], {
    candidates: overloads.length === 0 ? routineNames(cache, schema) : [],
    overloads: overloads.map((r) => r.params.map((p) => p.name)),
    ...(body === undefined ? {} : { body }),
  });
};
