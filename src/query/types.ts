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
  /** Rows in this page, or rows a write changed (counted from pgrst_source, not the representation). */
  readonly page_total: string;
  /** count=exact total, else null. */
  readonly total_count: string | null;
  /** The JSON (or CSV) body, built in Postgres; null when nothing is returned. */
  readonly body: string | null;
  /** `current_setting('response.headers', true)`: JSON array of one-key objects. */
  readonly response_headers: string | null;
  /** `current_setting('response.status', true)`. */
  readonly response_status: string | null;
  /** return=headers-only of an insert: the key of the first row written, as row_to_json text. */
  readonly location?: string | null;
  /** Upserts: how many of the rows written were inserted rather than updated (201 vs 200). */
  readonly inserted?: string | null;
}
