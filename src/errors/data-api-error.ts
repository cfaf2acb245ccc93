// The one error type every stage throws: a PostgREST-compatible code, an HTTP status and the
// JSON body fields. Turned into a response in exactly one place (http/error-response.ts).
// Codes follow PostgREST: PGRST0xx connection, 1xx request, 2xx schema cache, 3xx JWT.

export interface DataApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: unknown;
  readonly hint: unknown;
}

export class DataApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  readonly hint: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: unknown = null,
    hint: unknown = null,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'DataApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.hint = hint;
    this.headers = headers;
  }

  body(): DataApiErrorBody {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}

export const isDataApiError = (e: unknown): e is DataApiError => e instanceof DataApiError;
