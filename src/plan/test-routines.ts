// Functions over test-schema.ts's cache, and a request builder for calls, for the call
// planner's, compiler's and renderer's table-driven tests: one of each return kind, defaults,
// variadic, overloads and single unnamed parameters. Test support only; nothing imports it at run time.
import { parsePayload } from '../api-request/payload.ts';
import type { Action, ApiRequest, Preferences, QueryParams } from '../api-request/types.ts';
import { tableKey, type Routine, type RoutineParam, type SchemaCache } from '../schema-cache/types.ts';
import { readRequest, testCache } from './test-schema.ts';

const param = (name: string, type: string, required = true, variadic = false): RoutineParam => ({ name, type, required, variadic });

const fn = (
  name: string,
  params: readonly RoutineParam[],
  returns: Routine['returns'],
  volatility: Routine['volatility'] = 'immutable',
): Routine => ({ schema: 'public', name, description: null, params, returns, volatility, hasVariadic: params.some((p) => p.variadic) });

const scalar = (name: string, setOf = false): Routine['returns'] => ({ setOf, kind: 'scalar', type: { schema: 'pg_catalog', name } });
const rows = (name: string, setOf = true, schema = 'public'): Routine['returns'] => ({ setOf, kind: 'composite', type: { schema, name } });

const routines: readonly Routine[] = [
  fn('add_them', [param('a', 'integer'), param('b', 'integer')], scalar('int4')),
  fn('sayhello', [param('name', 'text')], scalar('text')),
  fn('noparams', [], scalar('text')),
  fn('ret_void', [], scalar('void'), 'volatile'),
  fn('setof_ints', [], scalar('int4', true)),
  fn('getallprojects', [], rows('projects'), 'stable'),
  fn('getproject', [param('id', 'integer')], rows('projects'), 'stable'),
  fn('single_project', [param('id', 'integer')], rows('projects', false), 'stable'),
  fn('out_params', [], rows('record', false, 'pg_catalog')),
  fn('insert_project', [param('id', 'integer')], rows('projects'), 'volatile'),
  fn('three_defaults', [param('a', 'integer', false), param('b', 'integer', false), param('c', 'integer', false)], scalar('int4')),
  fn('variadic_param', [param('v', 'text[]', false, true)], scalar('_text')),
  fn('char_echo', [param('c', 'character'), param('flags', 'bit[]', false)], scalar('text')),
  fn('typed', [param('m', 'public.mood')], scalar('text')),
  fn('overloaded', [], scalar('int4', true)),
  fn('overloaded', [param('a', 'integer'), param('b', 'integer')], scalar('int4')),
  fn('overloaded', [param('a', 'text'), param('b', 'text'), param('c', 'text')], scalar('text')),
  fn('same_args', [param('arg', 'integer')], scalar('int4')),
  fn('same_args', [param('arg', 'xml')], scalar('xml')),
  fn('unnamed_json', [param('', 'json')], scalar('json')),
  fn('unnamed_text', [param('', 'text')], scalar('text')),
  fn('unnamed_bytea', [param('', 'bytea')], scalar('int4')),
  fn('two_unnamed', [param('', 'json')], scalar('json')),
  fn('two_unnamed', [param('', 'jsonb')], scalar('jsonb')),
];

const byName = new Map<string, Routine[]>();
for (const r of routines) byName.set(tableKey(r.schema, r.name), [...(byName.get(tableKey(r.schema, r.name)) ?? []), r]);

export const callCache: SchemaCache = { ...testCache, routines: byName };

export interface CallOptions {
  readonly method?: 'GET' | 'HEAD' | 'POST';
  /** GET/HEAD arguments, as the parser hands them over. */
  readonly args?: readonly (readonly [string, string])[];
  /** A POST body, parsed by payload.ts for its Content-Type. */
  readonly body?: string | Buffer;
  readonly contentType?: string;
  readonly query?: Partial<QueryParams>;
  readonly prefs?: Partial<Preferences>;
  readonly accept?: readonly string[];
}

/** A call of `name`: GET unless a body is given. */
export const callRequest = (name: string, options: CallOptions = {}): ApiRequest => {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const action: Action = { kind: 'call', method };
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const contentType = options.contentType ?? 'application/json';
  const request = readRequest(name, { ...options.query, ...(method === 'POST' ? {} : { rpcArgs: options.args ?? [] }) }, {
    method,
    action,
    target: { kind: 'routine', name },
    path: `/rpc/${name}`,
    preferences: { handling: 'lenient', invalid: [], ...options.prefs },
    accept: options.accept ?? [],
    contentType,
    ...(body === undefined ? {} : { body }),
  });
  const payload = body === undefined ? undefined : parsePayload(body, contentType, { action, columns: options.query?.columns });
  return payload === undefined ? request : { ...request, payload };
};
