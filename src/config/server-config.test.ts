import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadServerConfig } from './server-config.ts';

describe('loadServerConfig', () => {
  it('has the documented defaults', () => {
    expect(loadServerConfig({}, [])).toEqual({
      port: 3000,
      databaseUrl: undefined,
      dataDir: resolve('.rowgate'),
      adminToken: undefined,
      publicUrl: 'http://localhost:3000',
      enableDataApi: undefined,
      logLevel: 'info',
      configPath: undefined,
    });
  });

  it('reads every variable', () => {
    const config = loadServerConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgres://postgres:pw@db:5432/postgres',
        ROWGATE_DATA_DIR: '/var/lib/rowgate',
        ROWGATE_ADMIN_TOKEN: 'tok',
        ROWGATE_PUBLIC_URL: 'https://rowgate.example.com/',
        ROWGATE_ENABLE_DATA_API: 'neon_auth',
        LOG_LEVEL: 'DEBUG',
      },
      [],
    );
    expect(config).toEqual({
      port: 8080,
      databaseUrl: 'postgres://postgres:pw@db:5432/postgres',
      dataDir: '/var/lib/rowgate',
      adminToken: 'tok',
      publicUrl: 'https://rowgate.example.com',
      enableDataApi: 'neon_auth',
      logLevel: 'debug',
      configPath: undefined,
    });
  });

  it('lets --port win over PORT, and the default public URL follows it', () => {
    expect(loadServerConfig({ PORT: '8080' }, ['--port', '4000'])).toMatchObject({ port: 4000, publicUrl: 'http://localhost:4000' });
    expect(loadServerConfig({}, ['--port=4001']).port).toBe(4001);
  });

  it('keeps --port apart from PORT, for PostgREST mode', () => {
    expect(loadServerConfig({ PORT: '8080' }, ['--port', '4000']).portFlag).toBe(4000);
    expect(loadServerConfig({ PORT: '8080' }, []).portFlag).toBeUndefined();
  });

  it('takes --config, or one bare path as postgrest does', () => {
    expect(loadServerConfig({}, ['--config', 'postgrest.conf']).configPath).toBe('postgrest.conf');
    expect(loadServerConfig({}, ['--config=a.conf']).configPath).toBe('a.conf');
    expect(loadServerConfig({}, ['b.conf']).configPath).toBe('b.conf');
  });

  it('treats empty variables as unset', () => {
    expect(loadServerConfig({ PORT: '', DATABASE_URL: ' ', LOG_LEVEL: '', ROWGATE_ENABLE_DATA_API: '' }, [])).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      logLevel: 'info',
      enableDataApi: undefined,
    });
  });

  const invalid: readonly (readonly [NodeJS.ProcessEnv, readonly string[], string, RegExp])[] = [
    [{ PORT: 'http' }, [], 'PORT', /^Invalid PORT: expected a port number from 1 to 65535, got "http"$/],
    [{ PORT: '0' }, [], 'PORT', /^Invalid PORT/],
    [{}, ['--port', '99999'], '--port', /^Invalid --port/],
    [{}, ['--port'], '--port', /^Missing value for --port$/],
    [{}, ['--config', '--port', '1'], '--config', /^Missing value for --config$/],
    [{}, ['--verbose'], '--verbose', /^Unknown option --verbose/],
    [{}, ['a.conf', 'b.conf'], 'b.conf', /^Unknown option b\.conf/],
    [{ DATABASE_URL: 'localhost:5432' }, [], 'DATABASE_URL', /^Invalid DATABASE_URL: expected a postgres:\/\//],
    [{ ROWGATE_PUBLIC_URL: 'rowgate.example.com' }, [], 'ROWGATE_PUBLIC_URL', /^Invalid ROWGATE_PUBLIC_URL: expected an http/],
    [{ ROWGATE_PUBLIC_URL: 'ftp://x' }, [], 'ROWGATE_PUBLIC_URL', /^Invalid ROWGATE_PUBLIC_URL/],
    [{ ROWGATE_ENABLE_DATA_API: 'jwt' }, [], 'ROWGATE_ENABLE_DATA_API', /^Invalid ROWGATE_ENABLE_DATA_API: expected one of neon_auth, external, none, got "jwt"$/],
    [{ LOG_LEVEL: 'trace' }, [], 'LOG_LEVEL', /^Invalid LOG_LEVEL: expected one of error, warn, info, debug, got "trace"$/],
  ];
  it.each(invalid)('rejects %o %o, naming %s', (env, argv, setting, message) => {
    let error: unknown;
    try {
      loadServerConfig(env, argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as Error).message).toMatch(message);
  });
});
