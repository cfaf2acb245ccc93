import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { defaultDataApiSettings } from './data-api-settings.ts';
import { conninfoToUri, loadPostgrestConfig } from './postgrest-config.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rowgate-pgrst-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const confFile = async (text: string): Promise<string> => {
  const path = join(dir, `p${n++}.conf`);
  await writeFile(path, text);
  return path;
};
const URI = 'postgres://authenticator:pw@127.0.0.1:5432/app';

describe('loadPostgrestConfig', () => {
  it('is undefined without PGRST_DB_URI or a config file', async () => {
    expect(await loadPostgrestConfig({ DATABASE_URL: URI })).toBeUndefined();
    expect(await loadPostgrestConfig({ PGRST_DB_URI: '' })).toBeUndefined();
  });

  it('has PostgREST defaults', async () => {
    const config = await loadPostgrestConfig({ PGRST_DB_URI: URI });
    expect(config).toEqual({
      dbUri: URI,
      serverPort: 3000,
      serverHost: '0.0.0.0',
      dbConfig: true,
      dbPreConfig: undefined,
      settings: defaultDataApiSettings,
      ignored: [],
    });
  });

  it('reads every supported setting from the file', async () => {
    const path = await confFile(`
      db-uri = "${URI}"
      db-schemas = "api, v2"
      db-anon-role = "web_anon"
      db-pre-request = "api.check"
      db-max-rows = 100
      db-extra-search-path = "public, extensions"
      db-tx-end = "rollback-allow-override"
      db-aggregates-enabled = true
      db-prepared-statements = false
      db-plan-enabled = on
      db-pool = 20
      jwt-secret = "reallyreallyreallyreallyverysafe"
      jwt-aud = "https://api.example.com"
      jwt-role-claim-key = ".app.role"
      server-port = 8080
      server-host = "127.0.0.1"
      openapi-mode = "disabled"
      server-cors-allowed-origins = "https://a.example, https://b.example"
      server-timing-enabled = true
      db-config = false
      db-pre-config = "postgrest.pre_config"
      app.settings.jwt_exp = 3600
      app.settings.name = "demo"
      log-level = "info"
    `);
    const config = await loadPostgrestConfig({}, path);
    expect(config).toEqual({
      dbUri: URI,
      serverPort: 8080,
      serverHost: '127.0.0.1',
      dbConfig: false,
      dbPreConfig: 'postgrest.pre_config',
      ignored: ['log-level'],
      settings: {
        ...defaultDataApiSettings,
        dbSchemas: ['api', 'v2'],
        dbAnonRole: 'web_anon',
        dbPreRequest: 'api.check',
        dbMaxRows: 100,
        dbExtraSearchPath: ['public', 'extensions'],
        dbTxEnd: 'rollback-allow-override',
        dbAggregatesEnabled: true,
        dbPreparedStatements: false,
        dbPlanEnabled: true,
        dbPoolSize: 20,
        jwtSecret: 'reallyreallyreallyreallyverysafe',
        jwtAud: 'https://api.example.com',
        jwtSecretIsBase64: false,
        jwtRoleClaimKey: '.app.role',
        openapiMode: 'disabled',
        serverCorsAllowedOrigins: ['https://a.example', 'https://b.example'],
        serverTimingEnabled: true,
        appSettings: { jwt_exp: '3600', name: 'demo' },
      },
    });
  });

  it('lets the environment override the file, and app settings come from both', async () => {
    const path = await confFile(`db-uri = "postgres://file/db"\ndb-schemas = "file"\ndb-max-rows = 5\napp.settings.a = "file"\napp.settings.b = "file"`);
    const config = await loadPostgrestConfig(
      { PGRST_DB_URI: URI, PGRST_DB_SCHEMAS: 'env1,env2', PGRST_SERVER_PORT: '4000', PGRST_APP_SETTINGS_B: 'env', PGRST_APP_SETTINGS_C: 'env' },
      path,
    );
    expect(config?.dbUri).toBe(URI);
    expect(config?.serverPort).toBe(4000);
    expect(config?.settings.dbSchemas).toEqual(['env1', 'env2']);
    expect(config?.settings.dbMaxRows).toBe(5);
    expect(config?.settings.appSettings).toEqual({ a: 'file', b: 'env', c: 'env' });
  });

  it('treats an empty variable as unset: the default, not the file value (as PostgREST)', async () => {
    const path = await confFile(`db-anon-role = "anon"\ndb-max-rows = 5\ndb-extra-search-path = "ext"`);
    const config = await loadPostgrestConfig({ PGRST_DB_ANON_ROLE: '', PGRST_DB_MAX_ROWS: '', PGRST_DB_EXTRA_SEARCH_PATH: '' }, path);
    expect(config?.settings.dbAnonRole).toBeUndefined();
    expect(config?.settings.dbMaxRows).toBeUndefined();
    // db-extra-search-path is the one setting where '' means empty rather than the default.
    expect(config?.settings.dbExtraSearchPath).toEqual([]);
  });

  it('reads old aliases when the main name is unset', async () => {
    const config = await loadPostgrestConfig({
      PGRST_DB_URI: URI,
      PGRST_DB_SCHEMA: 'old',
      PGRST_MAX_ROWS: '7',
      PGRST_PRE_REQUEST: 'f',
      PGRST_ROLE_CLAIM_KEY: '.r',
      PGRST_SECRET_IS_BASE64: 'true',
      PGRST_JWT_SECRET: Buffer.alloc(32, 1).toString('base64'),
    });
    expect(config?.settings).toMatchObject({ dbSchemas: ['old'], dbMaxRows: 7, dbPreRequest: 'f', jwtRoleClaimKey: '.r', jwtSecretIsBase64: true });
    const both = await loadPostgrestConfig({ PGRST_DB_URI: URI, PGRST_DB_SCHEMAS: 'new', PGRST_DB_SCHEMA: 'old' });
    expect(both?.settings.dbSchemas).toEqual(['new']);
  });

  it('coerces booleans and numbers given as strings, as PostgREST does', async () => {
    const config = await loadPostgrestConfig({
      PGRST_DB_URI: URI,
      PGRST_DB_PLAN_ENABLED: 'TRUE',
      PGRST_DB_AGGREGATES_ENABLED: '"true"',
      PGRST_SERVER_TIMING_ENABLED: '1',
      PGRST_DB_PREPARED_STATEMENTS: 'False',
      PGRST_DB_MAX_ROWS: ' 10 ',
    });
    expect(config?.settings).toMatchObject({ dbPlanEnabled: true, dbAggregatesEnabled: true, serverTimingEnabled: true, dbPreparedStatements: false, dbMaxRows: 10 });
  });

  it('translates PostgREST host preferences and reads @file values', async () => {
    const uriFile = join(dir, 'uri.txt');
    const secretFile = join(dir, 'secret.txt');
    await writeFile(uriFile, `${URI}\n`);
    await writeFile(secretFile, 'a-secret-that-is-long-enough-for-hs256\n');
    const config = await loadPostgrestConfig({ PGRST_DB_URI: `@${uriFile}`, PGRST_JWT_SECRET: `@${secretFile}`, PGRST_SERVER_HOST: '*' });
    expect(config?.dbUri).toBe(URI);
    expect(config?.serverHost).toBe('::');
    expect(config?.settings.jwtSecret).toBe('a-secret-that-is-long-enough-for-hs256');
  });

  it('accepts a JWK as jwt-secret', async () => {
    const jwk = '{"kty":"oct","k":"c2VjcmV0"}';
    expect((await loadPostgrestConfig({ PGRST_DB_URI: URI, PGRST_JWT_SECRET: jwk }))?.settings.jwtSecret).toBe(jwk);
  });

  const invalid: readonly (readonly [Record<string, string>, RegExp])[] = [
    [{ PGRST_DB_MAX_ROWS: 'ten' }, /^Invalid db-max-rows \(from PGRST_DB_MAX_ROWS\): expected a whole number, got "ten"$/],
    [{ PGRST_DB_POOL: '0' }, /^Invalid db-pool \(from PGRST_DB_POOL\): expected a number from 1 to 10000, got 0$/],
    [{ PGRST_SERVER_PORT: '70000' }, /^Invalid server-port .*from 0 to 65535/],
    [{ PGRST_DB_PLAN_ENABLED: 'maybe' }, /^Invalid db-plan-enabled .*expected true or false, got "maybe"/],
    [{ PGRST_DB_TX_END: 'abort' }, /^Invalid db-tx-end .*expected one of commit, commit-allow-override, rollback, rollback-allow-override/],
    [{ PGRST_OPENAPI_MODE: 'on' }, /^Invalid openapi-mode .*follow-privileges/],
    [{ PGRST_DB_SCHEMAS: 'api,pg_catalog' }, /^Invalid db-schemas .*does not allow schema 'pg_catalog'/],
    [{ PGRST_JWT_SECRET: 'short' }, /^Invalid jwt-secret: the JWT secret must be at least 32 characters long$/],
    [{ PGRST_JWT_SECRET: 'not base64 at all!', PGRST_JWT_SECRET_IS_BASE64: 'true' }, /^Invalid jwt-secret: .*not valid base64/],
    [{ PGRST_JWT_AUD: 'a b:c' }, /^Invalid jwt-aud .*a string or a valid URI/],
    [{ PGRST_JWT_ROLE_CLAIM_KEY: 'role' }, /^Invalid jwt-role-claim-key .*JSPath/],
    [{ PGRST_DB_URI: 'mysql://x' }, /^Invalid db-uri \(from PGRST_DB_URI\): expected a postgres/],
  ];
  it.each(invalid)('rejects %o with a message naming the setting', async (env, message) => {
    const error = await loadPostgrestConfig({ PGRST_DB_URI: URI, ...env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('says which file a bad value is in', async () => {
    const path = await confFile('db-max-rows = "lots"');
    await expect(loadPostgrestConfig({}, path)).rejects.toThrow(`Invalid db-max-rows (from db-max-rows in ${path}): expected a whole number, got "lots"`);
  });

  it('rejects lists where PostgREST wants one comma-separated string', async () => {
    const path = await confFile('db-schemas = ["a", "b"]');
    await expect(loadPostgrestConfig({}, path)).rejects.toThrow(/Invalid db-schemas .*use one comma-separated string/);
  });
});

describe('conninfoToUri', () => {
  it.each([
    ['host=localhost port=5432 dbname=app user=me password=pw', 'postgresql://me:pw@localhost:5432/app'],
    ["user=me password='a b\\'c' dbname=app", "postgresql://me:a%20b'c@/app"],
    ['host=/var/run/postgresql dbname=app sslmode=disable', 'postgresql:///app?sslmode=disable&host=%2Fvar%2Frun%2Fpostgresql'],
  ])('%s', (conninfo, uri) => {
    expect(conninfoToUri(conninfo)).toBe(uri);
  });
});
