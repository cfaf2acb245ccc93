// The request pipeline of the Data API, and the only file that knows the order of the
// stages: authenticate -> parse -> plan -> compile -> run the transaction -> render.
// Any stage may throw; errorResponse() turns that into PostgREST's JSON error.
import type { RawRequest } from './api-request/types.ts';
import { parseApiRequest } from './api-request/api-request.ts';
import { parsePayload } from './api-request/payload.ts';
import { authenticate } from './auth/authenticate.ts';
import type { DataApi } from './data-api/data-api.ts';
import { noSchemaCache } from './errors/schema-cache-errors.ts';
import { errorResponse, toDataApiError } from './http/error-response.ts';
import type { Logger } from './observe/logger.ts';
import { planRequest } from './plan/plan-request.ts';
import type { Plan } from './plan/types.ts';
import { compileRequest } from './query/compile-request.ts';
import { mutationTxEnd } from './query/tx-end.ts';
import { callTxEnd } from './query/call-tx-end.ts';
import { txSettingsFor } from './query/tx-settings.ts';
import type { CompiledRequest, MainRow } from './query/types.ts';
import type { Transaction } from './db/pool.ts';
import { plannedTotal } from './response/planned-count.ts';
import { renderInfo, renderResponse } from './response/render-response.ts';
import { renderOpenApi } from './response/openapi.ts';
import type { HttpResponse } from './response/types.ts';
import type { TxSettings } from './query/tx-settings.ts';

export const transactionFor = (
  plan: Exclude<Plan, { kind: 'info' | 'openapi' }>,
  compiled: CompiledRequest,
  settings: TxSettings,
): Transaction => ({
  readOnly: plan.kind === 'read' || (plan.kind === 'call' && plan.readOnly),
  settings,
  statements: compiled.plannedCount ? [compiled.plannedCount, compiled.main] : [compiled.main],
  end: plan.kind === 'read' ? 'commit' : plan.kind === 'call' ? callTxEnd(plan) : mutationTxEnd(plan),
});

export const serveDataApi = async (api: DataApi, raw: RawRequest, log: Logger): Promise<HttpResponse> => {
  let authenticated = false;
  try {
    const auth = authenticate(raw.headers.authorization as string | undefined, api.settings);
    authenticated = auth.authenticated;
    const cache = api.schemaCache();
    if (cache === undefined) throw noSchemaCache();
    const parsed = parseApiRequest(raw, { schemas: api.settings.dbSchemas });
    const payload = parsePayload(raw.body, parsed.contentType, { action: parsed.action, columns: parsed.query.columns });
    const request = payload === undefined ? parsed : { ...parsed, payload };
    const plan = planRequest(request, cache, api.settings);
    if (plan.kind === 'info') return renderInfo(plan.allowed);
    if (plan.kind === 'openapi') return renderOpenApi(cache, plan.schema, raw.headers.host as string | undefined, api.basePath);
    const compiled = compileRequest(plan);
    const results = await api.pool.runTransaction(transactionFor(plan, compiled, txSettingsFor(request, auth, api.settings)));
    const main = results.at(-1)?.rows[0] as MainRow | undefined;
    if (main === undefined) throw new Error('the main statement returned no row');
    const total = compiled.plannedCount ? plannedTotal(results[0]) : undefined;
    const rows = results.at(-1)!.rows;
    return renderResponse(plan, request, total === undefined ? { main, rows } : { main, rows, plannedTotal: total });
  } catch (e) {
    return errorResponse(toDataApiError(e, authenticated, (m, err) => log.error(m, err)));
  }
};
