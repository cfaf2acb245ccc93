// Decides who a request runs as. Until JWT verification lands, only anonymous requests
// are served: they run as db-anon-role; a bearer token is refused as PostgREST does
// without a configured secret (PGRST300), and without an anon role requests get 401.
import { DataApiError } from '../errors/data-api-error.ts';
import type { DataApiSettings } from '../config/data-api-settings.ts';

export interface AuthResult {
  readonly role: string;
  /** The JWT claims (JSON), set as request.jwt.claims. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** False for the anonymous role: permission errors then answer 401, not 403. */
  readonly authenticated: boolean;
}

export const authenticate = (
  authorization: string | undefined,
  settings: Pick<DataApiSettings, 'dbAnonRole'>,
): AuthResult => {
  if (authorization !== undefined && /^bearer\s/i.test(authorization.trim() + ' ')) {
    throw new DataApiError(500, 'PGRST300', 'Server lacks JWT secret');
  }
  if (settings.dbAnonRole === undefined) {
    throw new DataApiError(401, 'PGRST302', 'Anonymous access is disabled', null, null, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  return { role: settings.dbAnonRole, claims: { role: settings.dbAnonRole }, authenticated: false };
};
