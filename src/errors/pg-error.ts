// Turns an error raised by Postgres into a DataApiError: the SQLSTATE becomes the `code`,
// and the HTTP status follows PostgREST's table (Error.hs, mapSQLtoHTTP). Also honours
// `RAISE SQLSTATE 'PTnnn'` (status nnn) and `RAISE SQLSTATE 'PGRST'` (full control).
import { DataApiError } from './data-api-error.ts';
import { pgrstParseError } from './request-errors.ts';

/** The fields of a Postgres ErrorResponse that we use; the driver's error has them all. */
export interface PgServerError {
  readonly code: string;
  readonly message: string;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
}

export const isPgServerError = (e: unknown): e is PgServerError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as { code?: unknown }).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((e as { code: string }).code) &&
  typeof (e as { severity?: unknown }).severity === 'string';

const byPrefix: ReadonlyArray<readonly [string, number]> = [
  ['08', 503], // connection exception
  ['09', 500], // triggered action exception
  ['0L', 403], // invalid grantor
  ['0P', 403], // invalid role specification
  ['25', 500], // invalid transaction state
  ['28', 403], // invalid authorization specification
  ['2D', 500], // invalid transaction termination
  ['38', 500], // external routine exception
  ['39', 500], // external routine invocation
  ['3B', 500], // savepoint exception
  ['40', 500], // transaction rollback
  ['53', 503], // insufficient resources (53400 handled below)
  ['54', 500], // program limit exceeded
  ['55', 500], // object not in prerequisite state
  ['57', 500], // operator intervention (57P01 handled below)
  ['58', 500], // system error
  ['F0', 500], // config file error
  ['HV', 500], // foreign data wrapper error
  ['P0', 500], // PL/pgSQL error (P0001 handled below)
  ['XX', 500], // internal error
];

/** HTTP status for a SQLSTATE; `authenticated` is false for the anonymous role. */
export const statusForSqlState = (code: string, message: string, authenticated: boolean): number => {
  switch (code) {
    case '23503':
    case '23505':
      return 409;
    case '25006':
      return 405;
    case '21000':
      // pg-safeupdate's refusal, and an upsert whose payload names one key twice: the client's doing.
      return message.endsWith('requires a WHERE clause') || message.startsWith('ON CONFLICT DO UPDATE command cannot affect row a second time')
        ? 400
        : 500;
    case '22023':
      return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
    case '53400':
      return 500;
    case '57P01':
      return 503;
    case 'P0001':
      return 400;
    case '42883':
      return message.startsWith('function xmlagg(') ? 406 : 404;
    case '42P01':
      return 404;
    case '42P17':
      return 500;
    case '42501':
      return authenticated ? 403 : 401;
  }
  if (code.startsWith('PT')) {
    const status = Number(code.slice(2));
    // 1xx are interim responses, which an error body cannot follow.
    return Number.isInteger(status) && status >= 200 && status <= 599 ? status : 500;
  }
  for (const [prefix, status] of byPrefix) if (code.startsWith(prefix)) return status;
  return 400;
};

interface RaisedPgrst {
  readonly body: { code: string; message: string; details: unknown; hint: unknown };
  readonly status: number;
  readonly headers: Record<string, string>;
}

const parseJsonObject = (text: string | undefined): Record<string, unknown> | undefined => {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

const parseRaisedPgrst = (e: PgServerError): RaisedPgrst | DataApiError => {
  const msg = parseJsonObject(e.message);
  if (!msg || typeof msg.code !== 'string' || typeof msg.message !== 'string')
    return pgrstParseError(
      `Invalid JSON value for MESSAGE: '${e.message}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    );
  const detailHint =
    "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";
  if (e.detail === undefined) return pgrstParseError('DETAIL is missing in the RAISE statement', detailHint);
  const det = parseJsonObject(e.detail);
  if (!det || typeof det.status !== 'number' || typeof det.headers !== 'object' || det.headers === null)
    return pgrstParseError(`Invalid JSON value for DETAIL: '${e.detail}'`, detailHint);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(det.headers as Record<string, unknown>)) headers[k] = String(v);
  return {
    body: { code: msg.code, message: msg.message, details: msg.details ?? null, hint: msg.hint ?? null },
    status: det.status,
    headers,
  };
};

export const fromPgError = (e: PgServerError, authenticated: boolean): DataApiError => {
  if (e.code === 'PGRST') {
    const raised = parseRaisedPgrst(e);
    if (raised instanceof DataApiError) return raised;
    const { body } = raised;
    return new DataApiError(raised.status, body.code, body.message, body.details, body.hint, raised.headers);
  }
  const status = statusForSqlState(e.code, e.message, authenticated);
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return new DataApiError(status, e.code, e.message, e.detail ?? null, e.hint ?? null, headers);
};

export const connectionError = (details: string): DataApiError =>
  new DataApiError(503, 'PGRST000', 'Database connection error.', details);

export const poolTimeout = (): DataApiError =>
  new DataApiError(504, 'PGRST003', 'Timed out acquiring connection from connection pool.');
