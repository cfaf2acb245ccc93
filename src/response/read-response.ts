// Renders a read: the body Postgres built, passed through as text; Content-Range and the
// 200/206/416 status from the page and the count; the singular-object check; and the
// status and headers the transaction set through the response GUCs.
import type { ApiRequest } from '../api-request/types.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { invalidRange } from '../errors/request-errors.ts';
import type { ExplainRequest, ReadRequestPlan } from '../plan/types.ts';
import { bodyHeaders, checkSingular } from './body.ts';
import { pageStatus } from './content-range.ts';
import { applyGucOverrides } from './guc-overrides.ts';
import type { TxOutcome } from './render-response.ts';
import type { HttpResponse } from './types.ts';

/**
 * The total to report. `estimated` is the exact count while it stays within db-max-rows
 * (the count query stops one row past it); past that, or without db-max-rows, the larger
 * of the counted rows and the planner's estimate, as PostgREST reports.
 */
export const readTotal = (
  plan: Pick<ReadRequestPlan, 'count' | 'maxRows'>,
  totalCount: string | null,
  plannedTotal: number | undefined,
): number | undefined => {
  const exact = totalCount === null ? undefined : Number(totalCount);
  switch (plan.count) {
    case undefined:
      return undefined;
    case 'exact':
      return exact;
    case 'planned':
      return plannedTotal;
    case 'estimated':
      if (exact === undefined) return plannedTotal;
      if (plan.maxRows !== undefined && exact <= plan.maxRows) return exact;
      return Math.max(exact, plannedTotal ?? exact);
  }
};

/** The execution plan Postgres gave for the read, as `application/vnd.pgrst.plan`. */
const renderExplain = (plan: ReadRequestPlan, explain: ExplainRequest, outcome: TxOutcome): HttpResponse => {
  const lines = (outcome.rows ?? []).map((r) => r['QUERY PLAN'] ?? '');
  return {
    status: 200,
    headers: {
      'Content-Type': `application/vnd.pgrst.plan+${explain.format}; for="${plan.media}"; charset=utf-8`,
    },
    body: explain.format === 'json' ? (lines[0] ?? '[]') : lines.join('\n'),
  };
};

export const renderRead = (plan: ReadRequestPlan, request: ApiRequest, outcome: TxOutcome): HttpResponse => {
  if (plan.explain !== undefined) return renderExplain(plan, plan.explain, outcome);
  const { main } = outcome;
  const pageTotal = Number(main.page_total);
  checkSingular(plan.media, pageTotal);
  const total = readTotal(plan, main.total_count, outcome.plannedTotal);
  const lower = plan.read.range.offset;
  const page = pageStatus(lower, pageTotal, total);
  if (page.status === 416) {
    const e = invalidRange({ kind: 'out-of-bounds', lower, total: total ?? 0 });
    throw new DataApiError(e.status, e.code, e.message, e.details, e.hint, { 'Content-Range': page.contentRange });
  }
  const headers = {
    'Content-Range': page.contentRange,
    ...bodyHeaders(plan.media, plan.stripNulls, request),
    ...(plan.preferenceApplied.length === 0 ? {} : { 'Preference-Applied': plan.preferenceApplied.join(', ') }),
  };
  const { status, headers: finalHeaders } = applyGucOverrides(page.status, headers, main);
  return { status, headers: finalHeaders, body: plan.headersOnly ? '' : (main.body ?? '') };
};
