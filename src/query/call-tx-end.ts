// How a call's transaction ends (PostgREST: MainTx.hs for CallReadPlan): by `Prefer: tx=` and
// db-tx-end, unless the singular media type or a strict max-affected must first see how many
// rows came back; then a failed check rolls back whatever the function changed.
import type { Transaction } from '../db/pool.ts';
import { maxAffectedViolation, singularityError } from '../errors/request-errors.ts';
import type { CallRequestPlan } from '../plan/call-types.ts';

export const callTxEnd = (plan: Pick<CallRequestPlan, 'singular' | 'maxAffected' | 'txEnd'>): Transaction['end'] => {
  const { singular, maxAffected, txEnd } = plan;
  if (!singular && maxAffected === undefined) return txEnd;
  return (results) => {
    const rows = Number(results.at(-1)?.rows[0]?.page_total ?? 0);
    if (singular && rows !== 1) return singularityError(rows);
    if (maxAffected !== undefined && rows > maxAffected) return maxAffectedViolation(rows);
    return txEnd;
  };
};
