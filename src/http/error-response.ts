// The one error boundary: a DataApiError becomes PostgREST's JSON error response; a
// Postgres error is mapped by SQLSTATE; anything else is logged and answered as a 500
// without internals (never a stack trace on the wire).
import { DataApiError } from '../errors/data-api-error.ts';
import { fromPgError } from '../errors/pg-error.ts';
import { PgQueryError } from '../db/pool.ts';
import type { HttpResponse } from '../response/types.ts';

export const toDataApiError = (e: unknown, authenticated: boolean, log: (msg: string, e: unknown) => void): DataApiError => {
  if (e instanceof DataApiError) return e;
  if (e instanceof PgQueryError) return fromPgError(e.pg, authenticated);
  log('unexpected error while serving a request', e);
  return new DataApiError(500, 'PGRSTX00', 'Internal server error', null, null);
};

export const errorResponse = (error: DataApiError): HttpResponse => {
  const body = JSON.stringify(error.body());
  return {
    status: error.status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Proxy-Status': `PostgREST; error=${error.code}`,
      ...error.headers,
    },
    body,
  };
};
