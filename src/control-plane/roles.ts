// Installs the roles the Data API relies on (ARCHITECTURE.md section 3): `authenticator`
// (the only login the Data API uses, NOINHERIT), `anonymous` and `authenticated`, granted
// to it. Roles are cluster-wide; the password is set fresh at each start and kept in memory.
import { randomBytes } from 'node:crypto';
import type { DbPool } from '../db/pool.ts';
import { sql, toSqlQuery } from '../query/sql.ts';

const ROLES = sql`
do $$ begin
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'anonymous') then create role anonymous nologin; end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
  grant anonymous, authenticated to authenticator;
  execute format('alter role authenticator password %L', current_setting('rowgate.authenticator_password'));
end $$`;

/** Creates the roles if missing and returns a password valid for `authenticator`. */
export const installRoles = async (admin: DbPool): Promise<string> => {
  const password = randomBytes(24).toString('base64url');
  await admin.runTransaction({
    readOnly: false,
    settings: [['rowgate.authenticator_password', password]],
    statements: [toSqlQuery(ROLES)],
    end: 'commit',
  });
  return password;
};
