// How a call's arguments reach the function (PostgREST: Plan.hs callReadPlan and
// CallPlan.hs toRpcParams): GET parameters and form fields as text values (a repeated variadic
// one collects every value, any other keeps the last), a JSON body read by json_to_record, or
// the whole body for a function with a single unnamed parameter. Only given names are passed.
import type { ApiRequest } from '../api-request/types.ts';
import type { Routine, RoutineParam } from '../schema-cache/types.ts';
import type { CallArgs, CallParam } from './call-types.ts';

// These types ignore the length a value has and cut it to theirs (`'abc'::character` is `a`),
// so values are read as the varying forms and the function's own checks apply (postgrest#1586).
const WIDER: Readonly<Record<string, string>> = {
  character: 'character varying',
  'character[]': 'character varying[]',
  bit: 'bit varying',
  'bit[]': 'bit varying[]',
};

export const callParam = (p: RoutineParam): CallParam => ({ name: p.name, type: WIDER[p.type] ?? p.type, variadic: p.variadic });

/** The argument names a call gives, and for GET and forms their values in order. */
export interface GivenArgs {
  readonly names: ReadonlySet<string>;
  /** GET/HEAD parameters or form fields; undefined for a JSON or raw body. */
  readonly pairs?: readonly (readonly [string, string])[];
}

/** Form fields as sent, repeats kept (payload.ts keeps only the last, as a row would). */
export const formPairs = (body: Buffer | undefined): readonly (readonly [string, string])[] => [
  ...new URLSearchParams(body === undefined ? '' : body.toString('utf8')),
];

export const givenArgs = (request: ApiRequest): GivenArgs => {
  if (request.action.kind === 'call' && request.action.method !== 'POST') {
    const pairs = request.query.rpcArgs ?? [];
    return { names: new Set(pairs.map(([k]) => k)), pairs };
  }
  if (request.contentType === 'application/x-www-form-urlencoded') {
    const pairs = formPairs(request.body);
    return { names: new Set(pairs.map(([k]) => k)), pairs };
  }
  const p = request.payload;
  return { names: p?.kind === 'json' ? p.keys : new Set() };
};

const directValues = (params: readonly RoutineParam[], pairs: readonly (readonly [string, string])[]): CallArgs => {
  const values = params.map((p) => {
    const given = pairs.filter(([k]) => k === p.name).map(([, v]) => v);
    return [callParam(p), p.variadic ? given : given.at(-1)!] as const;
  });
  return { kind: 'direct', values };
};

const hex = (b: Buffer): string => `\\x${b.toString('hex')}`;

/** The whole body as the one unnamed parameter's value (bytea as its hex text form). */
const bodyArgs = (request: ApiRequest, param: RoutineParam): CallArgs => {
  const body = request.body ?? Buffer.alloc(0);
  if (param.type === 'bytea') return { kind: 'body', type: 'bytea', value: hex(body) };
  // An empty JSON body is an empty object, as for calls by name.
  const text = body.length === 0 && request.contentType === 'application/json' ? '{}' : body.toString('utf8');
  return { kind: 'body', type: param.type, value: text };
};

export const callArgs = (request: ApiRequest, routine: Routine, given: GivenArgs): CallArgs => {
  const [first, ...others] = routine.params;
  if (first !== undefined && others.length === 0 && first.name === '' && request.method === 'POST')
    return bodyArgs(request, first);
  const params = routine.params.filter((p) => given.names.has(p.name));
  if (params.length === 0) return { kind: 'none' };
  if (given.pairs !== undefined) return directValues(params, given.pairs);
  const p = request.payload;
  if (p?.kind !== 'json') return { kind: 'json', payload: '{}', isArray: false, params: params.map(callParam) };
  return { kind: 'json', payload: p.raw, isArray: p.isArray, params: params.map(callParam) };
};
