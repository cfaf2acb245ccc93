// The query stage's output: the statements of one request's transaction. The main
// statement always returns one row with the columns of MainRow, so the response stage
// reads every action's result the same way.
import type { SqlQuery } from './sql.ts';

export interface CompiledRequest {
  /** Runs first when present: `EXPLAIN (FORMAT JSON)` of the count, for count=planned|estimated. */
  readonly plannedCount?: SqlQuery;
  readonly main: SqlQuery;
}

/** Column names of the main statement's single row (all text or null). */
export interface MainRow {
  /** Rows in this page (or rows changed by a write). */
  readonly page_total: string;
  /** count=exact total, else null. */
  readonly total_count: string | null;
  /** The JSON (or CSV) body, built in Postgres; null when nothing is returned. */
  readonly body: string | null;
  /** `current_setting('response.headers', true)`: JSON array of one-key objects. */
  readonly response_headers: string | null;
  /** `current_setting('response.status', true)`. */
  readonly response_status: string | null;
  /** For an insert of one row: the pk as `col=eq.v&...` for the Location header. */
  readonly location?: string | null;
}
