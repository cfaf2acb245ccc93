// The Content-Range header and the status of a paged response (PostgREST's RangeQuery):
// `0-9/100`, `0-9/*` without a count, `*/0` for an empty page; 206 when the count shows
// rows beyond the page, 416 when the page starts past the end.
export interface PageStatus {
  readonly status: 200 | 206 | 416;
  readonly contentRange: string;
}

export const contentRange = (lower: number, upper: number, total: number | undefined): string => {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
  return `${range}/${total ?? '*'}`;
};

/** For a page of `pageTotal` rows starting at row `lower` of `total` (when counted). */
export const pageStatus = (lower: number, pageTotal: number, total: number | undefined): PageStatus => {
  const upper = lower + pageTotal - 1;
  const header = contentRange(lower, upper, total);
  if (total === undefined) return { status: 200, contentRange: header };
  if (lower > total) return { status: 416, contentRange: header };
  return { status: 1 + upper - lower < total ? 206 : 200, contentRange: header };
};
