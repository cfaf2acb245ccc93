// Plans a function call at `/rpc/fn` (PostgREST: Plan.hs callReadPlan): picks the overload by
// the argument names given, decides how the arguments are passed, and shapes what it returns
// as a read over its rows: a function returning a table's rows reads like that table (select,
// embeds, filters, order, page), any other like a relation named after the function.
import type { ApiRequest, Preferences } from '../api-request/types.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';
import { invalidPreferences, invalidResourcePath, maxAffectedRpcViolation } from '../errors/request-errors.ts';
import { tableKey, type Routine, type SchemaCache, type Table } from '../schema-cache/types.ts';
import { callArgs, givenArgs, type GivenArgs } from './call-args.ts';
import type { CallRequestPlan, CallResult } from './call-types.ts';
import { findRoutine } from './find-routine.ts';
import { honouredTx, txEndFor } from './mutate-preferences.ts';
import { negotiateReadMedia } from './read-media.ts';
import { planReadNode } from './read-plan.ts';
import type { InfoPlan } from './types.ts';

export const callResult = (routine: Routine): CallResult => {
  const { setOf, kind, type } = routine.returns;
  if (kind === 'composite') return setOf ? 'setof-composite' : 'composite';
  if (setOf) return 'setof-scalar';
  return type.schema === 'pg_catalog' && type.name === 'void' ? 'void' : 'scalar';
};

/**
 * The relation the rows read as: the table or view whose row type the function returns (so
 * embeds find its relationships), else one named after the function, with no known columns.
 */
export const resultTable = (cache: SchemaCache, routine: Routine): Table => {
  const { kind, type } = routine.returns;
  const table = kind === 'composite' ? cache.tables.get(tableKey(type.schema, type.name)) : undefined;
  return (
    table ?? {
      schema: routine.schema,
      name: routine.name,
      kind: 'table',
      description: null,
      insertable: false,
      updatable: false,
      deletable: false,
      primaryKey: [],
      uniqueKeys: [],
      columns: new Map(),
      computedFields: new Map(),
      // No columns are known, so every name is passed on to Postgres as it is.
      rowFunctionNames: new Set(),
      grants: {},
    }
  );
};

/** What a call echoes in Preference-Applied (Response.hs responsePreferences for CallReadPlan). */
const callPreferenceApplied = (prefs: Preferences, settings: Pick<DataApiSettings, 'dbTxEnd'>): readonly string[] => {
  const tx = honouredTx(prefs, settings.dbTxEnd);
  const strict = prefs.handling === 'strict';
  return [
    ...(prefs.count === undefined ? [] : [`count=${prefs.count}`]),
    ...(tx === undefined ? [] : [`tx=${tx}`]),
    ...(prefs.handlingSent || strict ? [`handling=${prefs.handling}`] : []),
    ...(prefs.timezone === undefined ? [] : [`timezone=${prefs.timezone}`]),
    ...(strict && prefs.maxAffected !== undefined ? [`max-affected=${prefs.maxAffected}`] : []),
  ];
};

const routineOf = (request: ApiRequest, cache: SchemaCache, given: GivenArgs): Routine => {
  if (request.target.kind !== 'routine') throw invalidResourcePath();
  return findRoutine(cache, request.schema, request.target.name, {
    argNames: given.names,
    post: request.method === 'POST',
    contentType: request.contentType,
  });
};

export const planCall = (request: ApiRequest, cache: SchemaCache, settings: DataApiSettings): CallRequestPlan => {
  const given = givenArgs(request);
  const routine = routineOf(request, cache, given);
  const read = planReadNode(request, resultTable(cache, routine), cache, settings, 'read');
  const { media, stripNulls } = negotiateReadMedia(request.accept);
  const prefs = request.preferences;
  const strict = prefs.handling === 'strict';
  if (strict && prefs.invalid.length > 0) throw invalidPreferences(prefs.invalid);
  if (strict && prefs.maxAffected !== undefined && !routine.returns.setOf) throw maxAffectedRpcViolation();
  const post = request.method === 'POST';
  return {
    kind: 'call',
    routine: { schema: routine.schema, name: routine.name },
    args: callArgs(request, routine, given),
    result: callResult(routine),
    read,
    media,
    stripNulls,
    headersOnly: request.method === 'HEAD',
    count: prefs.count === 'exact' || prefs.count === 'estimated',
    ...(settings.dbMaxRows === undefined ? {} : { maxRows: settings.dbMaxRows }),
    readOnly: !post || routine.volatility !== 'volatile',
    txEnd: txEndFor(prefs, settings.dbTxEnd),
    singular: media === 'application/vnd.pgrst.object+json',
    ...(strict && prefs.maxAffected !== undefined ? { maxAffected: prefs.maxAffected } : {}),
    preferenceApplied: callPreferenceApplied(prefs, settings),
  };
};

/** OPTIONS on a function: what its volatility allows (GET only runs read-only). */
export const planCallInfo = (request: ApiRequest, cache: SchemaCache): InfoPlan => ({
  kind: 'info',
  allowed: routineOf(request, cache, givenArgs(request)).volatility === 'volatile' ? ['OPTIONS', 'POST'] : ['OPTIONS', 'GET', 'HEAD', 'POST'],
});
