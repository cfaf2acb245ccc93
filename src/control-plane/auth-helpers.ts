// The SQL helpers of Neon's pg_session_jwt that RLS policies call (ARCHITECTURE.md section 3),
// reading the claims each request sets in request.jwt.claims: auth.session() (jsonb),
// auth.jwt() (the same), auth.user_id() (the `sub`, NULL without one) and auth.uid() (uuid).
// Installed idempotently; `nullif` because a GUC once set reads '' after its transaction.

export const authHelpersSql = `
create schema if not exists auth;
create or replace function auth.session() returns jsonb language sql stable
  as $$ select coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb) $$;
create or replace function auth.jwt() returns jsonb language sql stable
  as $$ select auth.session() $$;
create or replace function auth.user_id() returns text language sql stable
  as $$ select auth.session()->>'sub' $$;
create or replace function auth.uid() returns uuid language plpgsql stable as $$
begin
  return (auth.session()->>'sub')::uuid;
exception when invalid_text_representation then
  return null;
end $$;
grant usage on schema auth to public;
grant execute on all functions in schema auth to public;
`;
