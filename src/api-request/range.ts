// Row ranges: the `Range: 0-9` header combined with limit/offset into the rows a read wants,
// and for the response the Content-Range header and the 200/206/416 choice (PostgREST:
// RangeQuery.hs and ApiRequest.hs getRanges). Ranges are inclusive, like HTTP's.
import { invalidRange, putLimitNotAllowed } from '../errors/request-errors.ts';
import type { RowRange } from './types.ts';

/** `lower-` or `lower-upper` as sent; `upper` absent means open-ended. */
export interface RangeHeader {
  readonly lower: number;
  readonly upper?: number;
}

const RANGE = /^(\d+)-(\d*)$/;

/**
 * The Range header's rows, or undefined when absent or not of the form `0-9` / `10-`: PostgREST
 * then ignores it (a `bytes=` unit or a list of ranges included). Range-Unit is not consulted.
 */
export const parseRangeHeader = (value: string | undefined): RangeHeader | undefined => {
  const m = value === undefined ? null : RANGE.exec(value);
  if (m === null) return undefined;
  const lower = Number(m[1]);
  const upper = m[2] === '' ? undefined : Number(m[2]);
  if (!Number.isSafeInteger(lower) || (upper !== undefined && !Number.isSafeInteger(upper))) return undefined;
  return upper === undefined ? { lower } : { lower, upper };
};

export interface RequestedRange {
  readonly range: RowRange;
  /** A Range header was applied (only GET reads one). */
  readonly fromHeader: boolean;
}

/**
 * The top-level range: the Range header (GET only, per RFC 9110) intersected with the
 * query's limit/offset. `limit=0` asks for no rows whatever the header says. Throws PGRST103
 * when the header's bounds are reversed or the two do not overlap, and PGRST114 for a PUT
 * with limit/offset.
 */
export const requestedRange = (
  method: string,
  rangeHeaderValue: string | undefined,
  params: RowRange | undefined,
): RequestedRange => {
  const header = method === 'GET' ? parseRangeHeader(rangeHeaderValue) : undefined;
  const fromHeader = header !== undefined;
  const offset = params?.offset ?? 0;
  const limit = params?.limit;
  if (method === 'PUT' && (offset !== 0 || limit !== undefined)) throw putLimitNotAllowed();
  if (limit === 0) return { range: { offset, limit: 0 }, fromHeader };
  if (header === undefined) return { range: limit === undefined ? { offset } : { offset, limit }, fromHeader };
  if (header.upper !== undefined && header.upper < header.lower) throw invalidRange({ kind: 'lower-gt-upper' });
  const lower = Math.max(offset, header.lower);
  const ends = [limit === undefined ? Infinity : offset + limit - 1, header.upper ?? Infinity];
  const upper = Math.min(...ends);
  // PostgREST reports a header that misses the limit/offset window as a negative limit.
  if (upper < lower) throw invalidRange({ kind: 'negative-limit' });
  return { range: upper === Infinity ? { offset: lower } : { offset: lower, limit: upper - lower + 1 }, fromHeader };
};

/**
 * Content-Range for `rowsReturned` rows starting at `offset`: `0-9/100`, `0-9/*` without a
 * total, `*\/0` for an empty table, `*\/*` for no rows. Writes use `contentRange(1, 0, total)`.
 */
export const contentRange = (offset: number, rowsReturned: number, total: number | undefined): string => {
  const upper = offset + rowsReturned - 1;
  const rows = total !== 0 && offset <= upper ? `${offset}-${upper}` : '*';
  return `${rows}/${total ?? '*'}`;
};

/** 416 past the end, 206 for part of a counted total, else 200 (RangeQuery.hs rangeStatusHeader). */
export const rangeStatus = (offset: number, rowsReturned: number, total: number | undefined): 200 | 206 | 416 => {
  if (total === undefined) return 200;
  if (offset > total) return 416;
  return rowsReturned < total ? 206 : 200;
};
