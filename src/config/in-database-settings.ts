// In-database configuration, as PostgREST's Config/Database.hs: the `pgrst.*` settings of the
// login role (`ALTER ROLE authenticator [IN DATABASE db] SET pgrst.db_schemas = '...'`) and,
// optionally, those a db-pre-config function sets; they override the file and environment.
import { createPool } from '../db/pool.ts';
import { empty, ident, sql, toSqlQuery, type Sql } from '../query/sql.ts';
import { ConfigError } from './config-error.ts';
import type { DataApiSettings } from './data-api-settings.ts';
import { applySpecs, checkDataApiSettings, dataApiSettingSpecs, inDatabaseName } from './postgrest-settings.ts';

const PREFIX = 'pgrst.';

/** Every name PostgREST reads from the database; those Rowgate does not use are read and ignored. */
const NAMES: readonly string[] = [
  ...dataApiSettingSpecs.filter((s) => s.inDatabase).map((s) => inDatabaseName(s.key)),
  'client_error_verbosity',
  'db_hoisted_tx_settings',
  'db_pre_config',
  'db_root_spec',
  'jwt_cache_max_lifetime',
  'openapi_security_active',
  'openapi_server_proxy_uri',
  'server_trace_header',
  'url_use_legacy_target_names',
].map((n) => PREFIX + n);

/** `schema.function` or `function` as a quoted identifier. */
const functionName = (name: string): Sql => {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => p === ''))
    throw new ConfigError('db-pre-config', `Invalid db-pre-config: expected a function name like schema.function, got ${JSON.stringify(name)}`);
  return ident(...parts);
};

/**
 * The one query. A database-specific setting beats the role-wide one, which beats what the
 * pre-config function sets (`ORDER BY database DESC NULLS LAST`: oid, then 0, then NULL).
 * A setting on the database alone (`ALTER DATABASE ... SET`) is not read, as in PostgREST.
 */
export const inDatabaseSettingsQuery = (preConfig?: string): Sql => {
  const names = `{${NAMES.join(',')}}`;
  const fromPreConfig =
    preConfig === undefined
      ? empty
      : sql`
      union
      select null, x, current_setting(x, true)
      from unnest(${names}::text[]) x
      join ${functionName(preConfig)}() _ on true`;
  return sql`with
    role_setting as (
      select setdatabase as database, unnest(setconfig) as setting
      from pg_catalog.pg_db_role_setting
      where setrole = quote_ident(current_user)::regrole::oid
        and setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_catalog))
    ),
    kv_settings as (
      select database,
             substr(setting, 1, strpos(setting, '=') - 1) as k,
             substr(setting, strpos(setting, '=') + 1) as v
      from role_setting${fromPreConfig}
    )
    select distinct on (key) substr(k, ${PREFIX.length + 1}) as key, v as value
    from kv_settings
    where k = any(${names}::text[]) and v is not null
    order by key, database desc nulls last`;
};

export interface InDatabaseOptions {
  /** db-pre-config: a function that sets `pgrst.*` with set_config(..., true). */
  readonly preConfig?: string;
}

/**
 * Reads the `pgrst.*` settings of the role `connectionString` logs in as, keyed without the
 * prefix (`db_schemas`). Opens one short-lived connection.
 */
export const readInDatabaseSettings = async (connectionString: string, options: InDatabaseOptions = {}): Promise<Record<string, string>> => {
  const pool = createPool({ connectionString, max: 1, preparedStatements: false, application: 'rowgate-config' });
  try {
    const result = await pool.query(toSqlQuery(inDatabaseSettingsQuery(options.preConfig)));
    const out: Record<string, string> = {};
    for (const { key, value } of result.rows) if (typeof key === 'string' && typeof value === 'string') out[key] = value;
    return out;
  } finally {
    await pool.end();
  }
};

/** Layers in-database settings (as readInDatabaseSettings returns them) over `base`. */
export const applyInDatabaseSettings = (base: DataApiSettings, raw: Readonly<Record<string, string>>): DataApiSettings =>
  checkDataApiSettings(
    applySpecs(
      dataApiSettingSpecs.filter((s) => s.inDatabase),
      base,
      // PostgREST reads only the main names from the database, never the old aliases.
      (name) => {
        const key = inDatabaseName(name);
        const value = raw[key];
        return value === undefined || !dataApiSettingSpecs.some((s) => s.key === name) ? undefined : { value, where: PREFIX + key };
      },
    ),
  );
