// db-pre-request: PostgREST calls this function in every request's transaction after the
// settings and before the main statement, so it can inspect request.* and raise to refuse
// the request, or set response.headers. `schema.fn` or `fn` (then found on the search_path).
import { ident, sql, toSqlQuery, type SqlQuery } from './sql.ts';

// The setting rarely changes, so its statement is built once, not per request.
const built = new Map<string, SqlQuery>();

export const preRequestStatement = (name: string | undefined): SqlQuery | undefined => {
  if (name === undefined || name === '') return undefined;
  let statement = built.get(name);
  if (statement === undefined) {
    const dot = name.indexOf('.');
    const fn = dot < 0 ? ident(name) : ident(name.slice(0, dot), name.slice(dot + 1));
    statement = toSqlQuery(sql`select ${fn}()`);
    built.set(name, statement);
  }
  return statement;
};
