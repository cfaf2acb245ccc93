// Against real Postgres: role settings are cluster-wide, so this file logs in as a role of
// its own instead of `authenticator`, which other test files share.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { ConfigError } from './config-error.ts';
import { defaultDataApiSettings } from './data-api-settings.ts';
import { applyInDatabaseSettings, readInDatabaseSettings } from './in-database-settings.ts';

let db: TestDatabase;
const role = `cfg_${randomBytes(4).toString('hex')}`;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql(`create role ${role} login password 'pw'`);
  const u = new URL(db.url);
  u.username = role;
  u.password = 'pw';
  url = u.toString();
});

afterAll(async () => {
  await db.drop();
  // The database is gone, so only the role-wide settings remain to drop with the role.
  const admin = await createTestDatabase();
  await admin.sql(`drop role if exists ${role}`);
  await admin.drop();
});

describe('readInDatabaseSettings', () => {
  it('is empty when the role has no pgrst settings', async () => {
    expect(await readInDatabaseSettings(url)).toEqual({});
  });

  it('reads role settings, database-specific ones winning, and skips non-pgrst and unknown ones', async () => {
    await db.sql(`alter role ${role} set pgrst.db_schemas = 'tenant1, tenant2'`);
    await db.sql(`alter role ${role} set pgrst.db_max_rows = '50'`);
    await db.sql(`alter role ${role} set pgrst.not_a_setting = 'x'`);
    await db.sql(`alter role ${role} set statement_timeout = '5s'`);
    await db.sql(`alter role ${role} in database ${db.name} set pgrst.db_schemas = 'tenant3'`);
    // A setting on the database alone is not PostgREST configuration.
    await db.sql(`alter database ${db.name} set pgrst.db_anon_role = 'nobody'`);
    expect(await readInDatabaseSettings(url)).toEqual({ db_schemas: 'tenant3', db_max_rows: '50' });
  });

  it('reads what a db-pre-config function sets, below the role settings', async () => {
    await db.sql(`create schema postgrest`);
    await db.sql(`grant usage on schema postgrest to ${role}`);
    await db.sql(`
      create function postgrest.pre_config() returns void language sql as $$
        select set_config('pgrst.db_anon_role', 'web_anon', true), set_config('pgrst.db_max_rows', '9', true)
      $$`);
    expect(await readInDatabaseSettings(url, { preConfig: 'postgrest.pre_config' })).toEqual({
      db_schemas: 'tenant3',
      db_max_rows: '50',
      db_anon_role: 'web_anon',
    });
  });

  it('rejects a malformed pre-config name', async () => {
    await expect(readInDatabaseSettings(url, { preConfig: 'a.b.c' })).rejects.toThrow(ConfigError);
  });
});

describe('applyInDatabaseSettings', () => {
  const base = { ...defaultDataApiSettings, dbAnonRole: 'anon', dbSchemas: ['api'], dbPoolSize: 7, appSettings: { a: '1' } };

  it('overrides the file and environment settings with the in-database ones', () => {
    expect(
      applyInDatabaseSettings(base, {
        db_schemas: 'tenant1, tenant2',
        db_max_rows: '50',
        db_plan_enabled: 'true',
        jwt_aud: 'app',
        server_cors_allowed_origins: 'https://a.example',
      }),
    ).toEqual({
      ...base,
      dbSchemas: ['tenant1', 'tenant2'],
      dbMaxRows: 50,
      dbPlanEnabled: true,
      jwtAud: 'app',
      serverCorsAllowedOrigins: ['https://a.example'],
    });
  });

  it('restores the default for an empty value, and ignores what is not settable in the database', () => {
    expect(applyInDatabaseSettings(base, { db_anon_role: '', db_pool: '99', db_schema: 'old_alias', server_port: '1' })).toEqual({
      ...base,
      dbAnonRole: undefined,
    });
  });

  it('names the in-database setting in errors', () => {
    expect(() => applyInDatabaseSettings(base, { db_max_rows: 'many' })).toThrow(
      'Invalid db-max-rows (from pgrst.db_max_rows): expected a whole number, got "many"',
    );
    expect(() => applyInDatabaseSettings(base, { jwt_secret: 'short' })).toThrow(/at least 32 characters/);
  });
});
