// The body column of a main statement, built in Postgres from the shaped rows (aliased
// `_postgrest_t` in its FROM) for the negotiated media type: a JSON array, a single JSON
// object, or CSV. Reads and writes share it, so every action renders bodies alike.
import type { MediaType } from '../api-request/types.ts';
import { raw, sql, type Sql } from './sql.ts';

/** The alias the main statement gives the shaped rows it aggregates. */
export const ROWS_ALIAS = '_postgrest_t';

export interface BodyOptions {
  readonly media: MediaType;
  /** `nulls=stripped`: drop null-valued keys from the objects. */
  readonly stripNulls?: boolean;
  /** A relation of the shaped rows (e.g. `pgrst_source`), read once for the CSV header line. */
  readonly csvHeaderSource: Sql;
  /** HEAD and `return=minimal` build no body. */
  readonly none?: boolean;
}

const strip = (expr: string, on: boolean | undefined): string => (on ? `json_strip_nulls(${expr})` : expr);

// A record's text form is already CSV once its parentheses are cut: fields with commas,
// quotes or spaces are quoted and quotes doubled, as PostgREST's CSV output is.
const csvSql = (headerSource: Sql): Sql =>
  sql`(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM (SELECT row_to_json(hh) AS r FROM ${headerSource} AS hh LIMIT 1) s) a) || E'\\n' || coalesce(string_agg(substring(${raw(ROWS_ALIAS)}::text, 2, length(${raw(ROWS_ALIAS)}::text) - 2), E'\\n'), '')`;

export const bodySql = (options: BodyOptions): Sql => {
  if (options.none) return raw('NULL::text');
  switch (options.media) {
    case 'text/csv':
      return csvSql(options.csvHeaderSource);
    case 'application/vnd.pgrst.object+json':
      return raw(`coalesce(${strip(`json_agg(${ROWS_ALIAS})->0`, options.stripNulls)}, 'null')`);
    default:
      return raw(`coalesce(${strip(`json_agg(${ROWS_ALIAS})`, options.stripNulls)}, '[]')`);
  }
};
