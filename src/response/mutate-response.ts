// Renders a write as PostgREST does (Response.hs): 201 for POST (200 when an upsert only
// updated), 200 or 204 for PATCH, DELETE and PUT, a body only for return=representation,
// Content-Range with the rows written, Location for one row posted with return=headers-only,
// Preference-Applied, and the status and headers the transaction set through its GUCs.
import type { ApiRequest } from '../api-request/types.ts';
import type { MutateRequestPlan } from '../plan/types.ts';
import type { MainRow } from '../query/types.ts';
import { bodyHeaders } from './body.ts';
import { contentRange } from './content-range.ts';
import { applyGucOverrides } from './guc-overrides.ts';
import type { TxOutcome } from './render-response.ts';
import type { HttpResponse } from './types.ts';

/** The main row of a write: MainRow plus the rows an upsert inserted (compile-mutate.ts). */
interface WriteRow extends MainRow {
  readonly inserted?: string | null;
}

/** `/table?k1=eq.1&k2=is.null` from the key of the row written (JSON, as row_to_json gave it). */
const locationOf = (table: string, key: string): string => {
  const values = JSON.parse(key) as Record<string, unknown>;
  const query = Object.entries(values)
    .map(([k, v]) => {
      const text = v === null ? 'is.null' : `eq.${typeof v === 'string' ? v : JSON.stringify(v)}`;
      return `${encodeURIComponent(k)}=${encodeURIComponent(text)}`;
    })
    .join('&');
  return `/${encodeURIComponent(table)}?${query}`;
};

const statusOf = (plan: MutateRequestPlan, request: ApiRequest, row: WriteRow): number => {
  const represented = plan.returnPreference === 'representation';
  const inserted = row.inserted === null || row.inserted === undefined ? undefined : Number(row.inserted);
  switch (request.action.kind) {
    case 'create':
      // An upsert that inserted nothing only updated (or had nothing to do).
      return plan.preferences.resolution === 'merge-duplicates' && inserted !== undefined && inserted <= 0 ? 200 : 201;
    case 'single-upsert':
      return represented ? ((inserted ?? 0) > 0 ? 201 : 200) : 204;
    default:
      return represented ? 200 : 204;
  }
};

const contentRangeOf = (plan: MutateRequestPlan, request: ApiRequest, written: number): string | undefined => {
  const total = plan.countRows ? written : undefined;
  switch (request.action.kind) {
    case 'update':
      return contentRange(0, written - 1, total);
    case 'single-upsert':
      return undefined;
    default:
      return contentRange(1, 0, total);
  }
};

export const renderMutate = (plan: MutateRequestPlan, request: ApiRequest, outcome: TxOutcome): HttpResponse => {
  const row = outcome.main as WriteRow;
  const written = Number(row.page_total);
  const represented = plan.returnPreference === 'representation';
  const headers: Record<string, string> = {};
  if (request.action.kind === 'create' && written === 1 && row.location !== null && row.location !== undefined)
    headers.Location = locationOf(plan.mutation.table.name, row.location);
  const range = contentRangeOf(plan, request, written);
  if (range !== undefined) headers['Content-Range'] = range;
  if (plan.preferenceApplied.length > 0) headers['Preference-Applied'] = plan.preferenceApplied.join(', ');
  if (represented) Object.assign(headers, bodyHeaders(plan.media, plan.stripNulls, request));
  const final = applyGucOverrides(statusOf(plan, request, row), headers, row);
  return { status: final.status, headers: final.headers, body: represented ? (row.body ?? '') : '' };
};
