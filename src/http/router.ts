// Routes a request to one of the surfaces on the port: the Data API of a branch's database
// (`/{branch}/{db}/rest/v1/...`), or, in PostgREST mode, the one Data API at `/`; health
// endpoints; and CORS preflights for all of them.
import { decodeQueryComponent } from '../api-request/query-string.ts';
import type { RawRequest } from '../api-request/types.ts';
import type { DataApi } from '../data-api/data-api.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import type { HttpResponse } from '../response/types.ts';
import { corsHeaders, preflightResponse } from './cors.ts';
import { errorResponse } from './error-response.ts';
import type { Handler } from './server.ts';

export interface RouterOptions {
  /** PostgREST mode: this Data API answers at `/`. */
  readonly root?: DataApi;
  /** Rowgate mode: the enabled Data API of a branch's database, if any. */
  readonly lookup?: (branch: string, database: string) => DataApi | undefined;
  readonly serveDataApi: (api: DataApi, raw: RawRequest) => Promise<HttpResponse>;
  readonly ready: () => boolean;
}

const DATA_API_PATH = /^\/([^/]+)\/([^/]+)\/rest\/v1(\/.*)?$/;

const json = (status: number, value: unknown): HttpResponse => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
});

const withCors = (response: HttpResponse, origin: string | undefined, api: DataApi | undefined): HttpResponse => {
  const cors = corsHeaders(origin, api?.settings.serverCorsAllowedOrigins);
  return Object.keys(cors).length === 0 ? response : { ...response, headers: { ...response.headers, ...cors } };
};

export const createRouter = (options: RouterOptions): Handler => {
  const route = (raw: RawRequest): { api: DataApi; path: string } | HttpResponse => {
    if (raw.path === '/health') return json(200, { status: 'ok' });
    if (raw.path === '/ready') return options.ready() ? json(200, { status: 'ready' }) : json(503, { status: 'starting' });
    if (options.root) return { api: options.root, path: raw.path };
    const m = DATA_API_PATH.exec(raw.path);
    if (m && options.lookup) {
      // As the Data API decodes its own path segments: a bad escape stays as sent (decodeURIComponent would throw).
      const branch = decodeQueryComponent(m[1]!, false);
      const database = decodeQueryComponent(m[2]!, false);
      const api = options.lookup(branch, database);
      if (api) return { api, path: m[3] ?? '/' };
      return errorResponse(
        new DataApiError(
          404,
          'PGRST125',
          'Invalid path specified in request URL',
          `No Data API is enabled for database '${database}' of branch '${branch}'`,
          'Enable it in the console or with `rowgate data-api enable`.',
        ),
      );
    }
    return errorResponse(new DataApiError(404, 'PGRST125', 'Invalid path specified in request URL'));
  };

  return async (raw) => {
    const target = route(raw);
    const origin = raw.headers.origin as string | undefined;
    if (!('api' in target)) return withCors(target, origin, undefined);
    if (raw.method === 'OPTIONS' && origin !== undefined && raw.headers['access-control-request-method'] !== undefined)
      return preflightResponse(
        origin,
        raw.headers['access-control-request-headers'] as string | undefined,
        target.api.settings.serverCorsAllowedOrigins,
      );
    const response = await options.serveDataApi(target.api, { ...raw, path: target.path });
    return withCors(response, origin, target.api);
  };
};
