// Turns a RawRequest into an ApiRequest: what is asked (action and target from method and
// path), in which schema (profile headers), and everything parsed from the query string and
// headers (PostgREST: ApiRequest.hs userApiRequest). No database, no schema cache.
import { invalidResourcePath, invalidRpcMethod, unacceptableSchema, unsupportedMethod } from '../errors/request-errors.ts';
import { parseAccept, parseContentType } from './media-type.ts';
import { parsePreferences } from './preferences.ts';
import { parseQueryParams } from './query-params.ts';
import { decodeQueryComponent } from './query-string.ts';
import { requestedRange } from './range.ts';
import type { Action, ApiRequest, RawRequest, Target } from './types.ts';

export interface ApiRequestSettings {
  /** db-schemas: the first is the default. */
  readonly schemas: readonly string[];
  /** False when db-tx-end forbids overrides, so `Prefer: tx=` is dropped as PostgREST drops it. */
  readonly allowTxOverride?: boolean;
}

type Headers = RawRequest['headers'];

const header = (headers: Headers, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

// Wai's pathInfo: segments split on `/` and percent-decoded (`+` stays); `/` alone is none.
const pathSegments = (path: string): string[] => {
  if (path === '' || path === '/') return [];
  return (path.startsWith('/') ? path.slice(1) : path).split('/').map((s) => decodeQueryComponent(s, false));
};

const targetOf = (path: string): Target => {
  const segments = pathSegments(path);
  if (segments.length === 0) return { kind: 'root' };
  if (segments.length === 1) return { kind: 'relation', name: segments[0]! };
  if (segments.length === 2 && segments[0] === 'rpc') return { kind: 'routine', name: segments[1]! };
  throw invalidResourcePath();
};

const actionOf = (target: Target, method: string): Action => {
  if (target.kind === 'routine') {
    if (method === 'GET' || method === 'HEAD' || method === 'POST') return { kind: 'call', method };
    if (method === 'OPTIONS') return { kind: 'info' };
    throw invalidRpcMethod(method);
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      return { kind: 'read', headersOnly: method === 'HEAD' };
    case 'OPTIONS':
      return { kind: 'info' };
  }
  if (target.kind === 'relation') {
    switch (method) {
      case 'POST':
        return { kind: 'create' };
      case 'PUT':
        return { kind: 'single-upsert' };
      case 'PATCH':
        return { kind: 'update' };
      case 'DELETE':
        return { kind: 'delete' };
    }
  }
  throw unsupportedMethod(method);
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Writes name their schema in Content-Profile, everything else in Accept-Profile.
const schemaOf = (method: string, headers: Headers, schemas: readonly string[]): { schema: string; negotiated: boolean } => {
  const profile = header(headers, WRITES.has(method) ? 'content-profile' : 'accept-profile');
  if (profile === undefined) return { schema: schemas[0] ?? 'public', negotiated: schemas.length !== 1 };
  if (!schemas.includes(profile)) throw unacceptableSchema(profile, schemas);
  return { schema: profile, negotiated: true };
};

// Web.Cookie parseCookies: `a=1; b=2`, values as sent; a repeated name keeps the last.
const cookiesOf = (value: string | undefined): Record<string, string> => {
  const cookies: Record<string, string> = {};
  if (value === undefined) return cookies;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq === -1 ? part : part.slice(0, eq)).replace(/^ +/, '');
    if (name !== '') cookies[name] = eq === -1 ? '' : part.slice(eq + 1);
  }
  return cookies;
};

const headersOf = (headers: Headers): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
};

/**
 * Parses a request, failing as PostgREST does and in its order: PGRST125 (path), PGRST106
 * (schema), PGRST101/117 (method), PGRST100 (query string), PGRST103/114 (ranges). The payload
 * is left to payload.ts; the body is passed along.
 */
export const parseApiRequest = (raw: RawRequest, settings: ApiRequestSettings): ApiRequest => {
  const method = raw.method;
  const target = targetOf(raw.path);
  const { schema, negotiated } = schemaOf(method, raw.headers, settings.schemas);
  const action = actionOf(target, method);
  const query = parseQueryParams(raw.search, { rpcRead: action.kind === 'call' && action.method !== 'POST' });
  const top = query.ranges.find((r) => r.path.length === 0)?.range;
  const { range, fromHeader } = requestedRange(method, header(raw.headers, 'range'), top);
  return {
    method,
    action,
    target,
    schema,
    schemaNegotiated: negotiated,
    query,
    preferences: parsePreferences(raw.headers.prefer, { allowTxOverride: settings.allowTxOverride ?? true }),
    range,
    rangeHeader: fromHeader,
    accept: parseAccept(header(raw.headers, 'accept')),
    contentType: parseContentType(header(raw.headers, 'content-type')),
    path: raw.path,
    headers: headersOf(raw.headers),
    cookies: cookiesOf(header(raw.headers, 'cookie')),
    body: raw.body,
  };
};
