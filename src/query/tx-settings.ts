// The GUCs every request transaction sets before its main statement (PostgREST's
// PreQuery): role, JWT claims, method, path, headers, cookies, search_path, timezone and
// app.settings.*. They go to Postgres as two text arrays in one prepared set_config call.
import type { AuthResult } from '../auth/authenticate.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';
import type { ApiRequest } from '../api-request/types.ts';
import { quoteIdent } from './sql.ts';

export type TxSettings = readonly (readonly [string, string])[];

export const txSettingsFor = (
  request: Pick<ApiRequest, 'method' | 'path' | 'headers' | 'cookies' | 'schema' | 'preferences'>,
  auth: AuthResult,
  settings: Pick<DataApiSettings, 'dbExtraSearchPath' | 'appSettings'>,
): TxSettings => {
  const searchPath = [request.schema, ...settings.dbExtraSearchPath.filter((s) => s !== request.schema)]
    .map(quoteIdent)
    .join(', ');
  const out: (readonly [string, string])[] = [
    ['search_path', searchPath],
    ['role', auth.role],
    ['request.jwt.claims', JSON.stringify(auth.claims)],
    ['request.method', request.method],
    ['request.path', request.path],
    ['request.headers', JSON.stringify(request.headers)],
    ['request.cookies', JSON.stringify(request.cookies)],
  ];
  if (request.preferences.timezone !== undefined) out.push(['timezone', request.preferences.timezone]);
  for (const [k, v] of Object.entries(settings.appSettings)) out.push([`app.settings.${k}`, v]);
  return out;
};
