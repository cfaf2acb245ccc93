// Turns the transaction's result into the HTTP response for the plan's action.
import type { ApiRequest } from '../api-request/types.ts';
import type { Plan } from '../plan/types.ts';
import type { MainRow } from '../query/types.ts';
import { renderRead } from './read-response.ts';
import { renderMutate } from './mutate-response.ts';
import { renderCall } from './call-response.ts';
import type { HttpResponse } from './types.ts';

export interface TxOutcome {
  readonly main: MainRow;
  /** Every row of the main statement: EXPLAIN in text format answers one row per line. */
  readonly rows?: readonly Readonly<Record<string, string | null>>[];
  /** From EXPLAIN, for count=planned|estimated. */
  readonly plannedTotal?: number;
}

export const renderResponse = (
  plan: Exclude<Plan, { kind: 'info' | 'openapi' }>,
  request: ApiRequest,
  outcome: TxOutcome,
): HttpResponse =>
  plan.kind === 'read'
    ? renderRead(plan, request, outcome)
    : plan.kind === 'call'
      ? renderCall(plan, request, outcome)
      : renderMutate(plan, request, outcome);

export const renderInfo = (allowed: readonly string[]): HttpResponse => ({
  status: 200,
  headers: { Allow: allowed.join(',') },
  body: '',
});
