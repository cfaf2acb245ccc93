// CORS for the Data API and the auth service: preflights are answered here, and every
// response to a request with an Origin gets the allow headers. No configured origins means
// any origin is allowed (as PostgREST and Neon do); the origin is echoed so credentials work.
import type { HttpResponse } from '../response/types.ts';

const EXPOSED = [
  'Content-Encoding',
  'Content-Location',
  'Content-Range',
  'Content-Type',
  'Date',
  'Location',
  'Server',
  'Transfer-Encoding',
  'Range-Unit',
  'Preference-Applied',
  'Proxy-Status',
  'set-auth-jwt',
].join(', ');

export const isOriginAllowed = (origin: string, allowed: readonly string[] | undefined): boolean =>
  allowed === undefined || allowed.length === 0 || allowed.includes(origin) || allowed.includes('*');

export const corsHeaders = (origin: string | undefined, allowed: readonly string[] | undefined): Record<string, string> =>
  origin === undefined || !isOriginAllowed(origin, allowed)
    ? {}
    : {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Expose-Headers': EXPOSED,
        Vary: 'Origin',
      };

export const preflightResponse = (
  origin: string,
  requestHeaders: string | undefined,
  allowed: readonly string[] | undefined,
): HttpResponse => ({
  status: 200,
  headers: {
    ...corsHeaders(origin, allowed),
    'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD',
    'Access-Control-Allow-Headers': requestHeaders ?? 'Authorization, Content-Type, Accept, Accept-Profile, Content-Profile, Prefer, Range',
    'Access-Control-Max-Age': '86400',
  },
  body: '',
});
