// Reads the row estimate of `EXPLAIN (FORMAT JSON)` for count=planned|estimated.
import type { StatementResult } from '../db/pool.ts';

export const plannedTotal = (result: StatementResult | undefined): number | undefined => {
  const text = result?.rows[0]?.['QUERY PLAN'];
  if (typeof text !== 'string') return undefined;
  const parsed = JSON.parse(text) as readonly { Plan?: { 'Plan Rows'?: number } }[];
  const rows = parsed[0]?.Plan?.['Plan Rows'];
  return typeof rows === 'number' ? rows : undefined;
};
