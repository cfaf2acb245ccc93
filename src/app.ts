// The request pipeline of the Data API, and the only file that knows the order of the
// stages: authenticate -> parse -> plan -> compile -> run the transaction -> render.
// Any stage may throw; errorResponse() turns that into PostgREST's JSON error.
import type { ApiRequest, RawRequest } from './api-request/types.ts';
import { parseApiRequest } from './api-request/api-request.ts';
import { parsePayload } from './api-request/payload.ts';
import { authenticate, type AuthResult } from './auth/authenticate.ts';
import type { DataApi } from './data-api/data-api.ts';
import type { StatementResult, Transaction } from './db/pool.ts';
import { noSchemaCache } from './errors/schema-cache-errors.ts';
import { errorResponse, toDataApiError } from './http/error-response.ts';
import type { Logger } from './observe/logger.ts';
import { startStageTimer, type StageTimer } from './observe/server-timing.ts';
import { planRequest } from './plan/plan-request.ts';
import type { Plan } from './plan/types.ts';
import { callTxEnd } from './query/call-tx-end.ts';
import { compileRequest } from './query/compile-request.ts';
import { mutationTxEnd } from './query/tx-end.ts';
import { txSettingsFor, type TxSettings } from './query/tx-settings.ts';
import type { CompiledRequest, MainRow } from './query/types.ts';
import { preRequestStatement } from './query/pre-request.ts';
import type { SqlQuery } from './query/sql.ts';
import { renderOpenApi } from './response/openapi.ts';
import { plannedTotal } from './response/planned-count.ts';
import { renderInfo, renderResponse, type TxOutcome } from './response/render-response.ts';
import type { HttpResponse } from './response/types.ts';
import type { SchemaCache } from './schema-cache/types.ts';

type QueryPlan = Exclude<Plan, { kind: 'info' | 'openapi' }>;

/**
 * A request taken through every stage before the database. OPTIONS and the OpenAPI document
 * are answered from the schema cache alone; everything else is one transaction.
 */
export type PlannedRequest =
  | {
      readonly kind: 'no-transaction';
      readonly auth: AuthResult;
      readonly request: ApiRequest;
      readonly plan: Exclude<Plan, QueryPlan>;
      readonly cache: SchemaCache;
    }
  | {
      readonly kind: 'transaction';
      readonly auth: AuthResult;
      readonly request: ApiRequest;
      readonly plan: QueryPlan;
      readonly compiled: CompiledRequest;
      readonly transaction: Transaction;
    };

const transactionFor = (plan: QueryPlan, compiled: CompiledRequest, settings: TxSettings, preRequest: SqlQuery | undefined): Transaction => ({
  readOnly: plan.kind === 'read' || (plan.kind === 'call' && plan.readOnly),
  settings,
  // The main statement comes last: outcomeOf() reads it, and the planned count, from the end.
  statements: [preRequest, compiled.plannedCount, compiled.main].filter((s): s is SqlQuery => s !== undefined),
  end: plan.kind === 'read' ? 'commit' : plan.kind === 'call' ? callTxEnd(plan) : mutationTxEnd(plan),
});

/** The stages before the database, pure and synchronous; the benchmark runs exactly these too. */
export const planDataApiRequest = (api: DataApi, raw: RawRequest, timer?: StageTimer): PlannedRequest => {
  const auth = authenticate(raw.headers.authorization as string | undefined, api.settings);
  timer?.mark('jwt');
  const cache = api.schemaCache();
  if (cache === undefined) throw noSchemaCache();
  const parsed = parseApiRequest(raw, { schemas: api.settings.dbSchemas });
  const payload = parsePayload(raw.body, parsed.contentType, { action: parsed.action, columns: parsed.query.columns });
  const request = payload === undefined ? parsed : { ...parsed, payload };
  timer?.mark('parse');
  const plan = planRequest(request, cache, api.settings);
  if (plan.kind === 'info' || plan.kind === 'openapi') return { kind: 'no-transaction', auth, request, plan, cache };
  const compiled = compileRequest(plan);
  timer?.mark('plan');
  const transaction = transactionFor(plan, compiled, txSettingsFor(request, auth, api.settings), preRequestStatement(api.settings.dbPreRequest));
  return { kind: 'transaction', auth, request, plan, compiled, transaction };
};

const outcomeOf = (compiled: CompiledRequest, results: readonly StatementResult[]): TxOutcome => {
  const rows = results.at(-1)?.rows ?? [];
  const main = rows[0] as MainRow | undefined;
  if (main === undefined) throw new Error('the main statement returned no row');
  const total = compiled.plannedCount ? plannedTotal(results.at(-2)) : undefined;
  return total === undefined ? { main, rows } : { main, rows, plannedTotal: total };
};

export const serveDataApi = async (api: DataApi, raw: RawRequest, log: Logger): Promise<HttpResponse> => {
  // Decides 401 or 403 for a Postgres permission error; only the transaction raises those.
  let authenticated = false;
  try {
    const timer = api.settings.serverTimingEnabled ? startStageTimer() : undefined;
    const planned = planDataApiRequest(api, raw, timer);
    authenticated = planned.auth.authenticated;
    if (planned.kind === 'no-transaction') {
      const { plan } = planned;
      return plan.kind === 'info'
        ? renderInfo(plan.allowed)
        : renderOpenApi(planned.cache, plan.schema, raw.headers.host as string | undefined, api.basePath, {
            role: planned.auth.role,
            followPrivileges: api.settings.openapiMode === 'follow-privileges',
          });
    }
    const results = await api.pool.runTransaction(planned.transaction);
    timer?.mark('transaction');
    const response = renderResponse(planned.plan, planned.request, outcomeOf(planned.compiled, results));
    if (timer === undefined) return response;
    timer.mark('response');
    return { ...response, headers: { ...response.headers, 'Server-Timing': timer.header() } };
  } catch (e) {
    return errorResponse(toDataApiError(e, authenticated, (m, err) => log.error(m, err)));
  }
};
