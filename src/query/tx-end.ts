// How a write's transaction ends (PostgREST: MainTx.hs failPut, failNotSingular,
// failExceedsMaxAffectedPref, optionalRollback). Without a check the end is fixed, so the
// whole transaction leaves in one flight; a check looks at the rows written first, at the
// cost of one more round trip, and rolls back with its error when it fails.
import type { Transaction } from '../db/pool.ts';
import type { MutateRequestPlan } from '../plan/types.ts';
import { maxAffectedViolation, putMatchingPk, singularityError } from '../errors/request-errors.ts';

export const mutationTxEnd = (plan: MutateRequestPlan): Transaction['end'] => {
  const put = plan.mutation.kind === 'insert' && plan.mutation.singleUpsert;
  const { singular, maxAffected, txEnd } = plan;
  if (!put && !singular && maxAffected === undefined) return txEnd;
  return (results) => {
    const written = Number(results.at(-1)?.rows[0]?.page_total ?? 0);
    // PUT names one row by its key: a payload row with another key writes nothing.
    if (put && written !== 1) return putMatchingPk();
    if (singular && written !== 1) return singularityError(written);
    if (maxAffected !== undefined && written > maxAffected) return maxAffectedViolation(written);
    return txEnd;
  };
};
