// Renders a function call as PostgREST does (Response.hs, CallReadPlan): the body Postgres
// built, Content-Range and 200/206/416 from the page and the count as for reads, 204 without
// a body or Content-Type for a void function, Preference-Applied, and the status and headers
// the function set through the response GUCs.
import type { ApiRequest } from '../api-request/types.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { invalidRange } from '../errors/request-errors.ts';
import type { CallRequestPlan } from '../plan/call-types.ts';
import { bodyHeaders } from './body.ts';
import { pageStatus } from './content-range.ts';
import { applyGucOverrides } from './guc-overrides.ts';
import type { TxOutcome } from './render-response.ts';
import type { HttpResponse } from './types.ts';

export const renderCall = (plan: CallRequestPlan, request: ApiRequest, outcome: TxOutcome): HttpResponse => {
  const { main } = outcome;
  const total = plan.count && main.total_count !== null ? Number(main.total_count) : undefined;
  const lower = plan.read.range.offset;
  const page = pageStatus(lower, Number(main.page_total), total);
  if (page.status === 416) {
    const e = invalidRange({ kind: 'out-of-bounds', lower, total: total ?? 0 });
    throw new DataApiError(e.status, e.code, e.message, e.details, e.hint, { 'Content-Range': page.contentRange });
  }
  const headers: Record<string, string> = { 'Content-Range': page.contentRange };
  if (plan.preferenceApplied.length > 0) headers['Preference-Applied'] = plan.preferenceApplied.join(', ');
  const isVoid = plan.result === 'void';
  if (!isVoid) Object.assign(headers, bodyHeaders(plan.media, plan.stripNulls, request));
  const final = applyGucOverrides(isVoid ? 204 : page.status, headers, main);
  return { status: final.status, headers: final.headers, body: isVoid || plan.headersOnly ? '' : (main.body ?? '') };
};
