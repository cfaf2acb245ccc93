// `rowgate serve`: starts Postgres (embedded unless DATABASE_URL is set) or, in PostgREST
// mode, connects to PGRST_DB_URI / the config file's db-uri; opens the Data APIs and
// serves them on one port until SIGINT/SIGTERM, then stops everything cleanly.
import type { Server } from 'node:http';
import { serveDataApi } from '../app.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { ConfigError } from '../config/config-error.ts';
import { applyInDatabaseSettings, readInDatabaseSettings } from '../config/in-database-settings.ts';
import { loadPostgrestConfig } from '../config/postgrest-config.ts';
import { loadServerConfig } from '../config/server-config.ts';
import { installRoles } from '../control-plane/roles.ts';
import { schemaChangeTriggerSql } from '../schema-cache/watch-schema-cache.ts';
import { openDataApi, type DataApi } from '../data-api/data-api.ts';
import { startEmbeddedCluster, type EmbeddedCluster } from '../db/embedded-cluster.ts';
import { createPool } from '../db/pool.ts';
import { createRouter } from '../http/router.ts';
import { createHttpServer } from '../http/server.ts';
import { createLogger, type Logger } from '../observe/logger.ts';

const DEFAULT_BRANCH = 'main';
const DEFAULT_DATABASE = 'neondb';

const withDatabase = (url: string, database: string, user?: { name: string; password: string }): string => {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  if (user) {
    u.username = encodeURIComponent(user.name);
    u.password = encodeURIComponent(user.password);
  }
  return u.toString();
};

class ListenError extends Error {}

const listen = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new ListenError(
          e.code === 'EADDRINUSE'
            ? `port ${port} is already in use; stop the other server or pick another port with PORT=N or --port N`
            : `cannot listen on ${host}:${port}: ${e.message}`,
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });

const untilSignal = (): Promise<string> =>
  new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });

const servePostgrestMode = async (dbUri: string, port: number, host: string, base: typeof defaultDataApiSettings, log: Logger): Promise<void> => {
  log.info(`PostgREST mode: serving ${new URL(dbUri).pathname.slice(1) || 'the database'} at /`);
  const settings = applyInDatabaseSettings(base, await readInDatabaseSettings(dbUri));
  const api = await openDataApi({ name: 'postgrest', connectionString: dbUri, settings, log });
  const server = createHttpServer(createRouter({ root: api, serveDataApi: (a, raw) => serveDataApi(a, raw, log), ready: () => true }), log);
  await listen(server, port, host);
  log.info(`listening on http://${host === '0.0.0.0' || host === '*' ? 'localhost' : host}:${port}/`);
  const signal = await untilSignal();
  log.info(`${signal}: shutting down`);
  server.closeAllConnections();
  server.close();
  await api.close();
};

export const serve = async (argv: readonly string[]): Promise<void> => {
  try {
    await serveUntilSignal(argv);
  } catch (e) {
    if (!(e instanceof ListenError)) throw e;
    process.stderr.write(`rowgate: ${e.message}\n`);
    process.exitCode = 1;
  }
};

const serveUntilSignal = async (argv: readonly string[]): Promise<void> => {
  let config;
  try {
    config = loadServerConfig(process.env, argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`rowgate: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const postgrest = await loadPostgrestConfig(process.env, config.configPath).catch((e: unknown) => {
    if (e instanceof ConfigError) {
      process.stderr.write(`rowgate: ${e.message}\n`);
      process.exitCode = 2;
      return null;
    }
    throw e;
  });
  if (postgrest === null) return;
  if (postgrest) {
    await servePostgrestMode(postgrest.dbUri, postgrest.serverPort, postgrest.serverHost, postgrest.settings, log);
    return;
  }

  let cluster: EmbeddedCluster | undefined;
  let adminUrl: string;
  if (config.databaseUrl) {
    adminUrl = config.databaseUrl;
    log.info(`using the Postgres server of DATABASE_URL (${new URL(adminUrl).host})`);
  } else {
    log.info(`starting embedded Postgres (data in ${config.dataDir})`);
    cluster = await startEmbeddedCluster({ dataDir: config.dataDir, log: (l) => log.debug(`postgres: ${l}`) });
    await cluster.createDatabase(DEFAULT_DATABASE);
    adminUrl = cluster.url('postgres');
    log.info(`embedded Postgres is up on 127.0.0.1:${cluster.port}`);
  }

  const apis = new Map<string, DataApi>();
  let server: Server | undefined;
  try {
    const admin = createPool({ connectionString: withDatabase(adminUrl, DEFAULT_DATABASE), max: 2 });
    const password = await installRoles(admin);
    // DDL notifies the server, so new tables are served without a manual reload.
    await admin.query({ text: schemaChangeTriggerSql, params: [] });
    await admin.end();
    const api = await openDataApi({
      name: `${DEFAULT_BRANCH}/${DEFAULT_DATABASE}`,
      basePath: `/${DEFAULT_BRANCH}/${DEFAULT_DATABASE}/rest/v1`,
      connectionString: withDatabase(adminUrl, DEFAULT_DATABASE, { name: 'authenticator', password }),
      settings: { ...defaultDataApiSettings, dbAnonRole: 'anonymous' },
      log,
    });
    apis.set(`${DEFAULT_BRANCH}/${DEFAULT_DATABASE}`, api);
    server = createHttpServer(
      createRouter({
        lookup: (branch, database) => apis.get(`${branch}/${database}`),
        serveDataApi: (a, raw) => serveDataApi(a, raw, log),
        ready: () => true,
      }),
      log,
    );
    await listen(server, config.port, '0.0.0.0');
    log.info(`Rowgate is serving on ${config.publicUrl}`);
    log.info(`  Data API (branch ${DEFAULT_BRANCH}, database ${DEFAULT_DATABASE}): ${config.publicUrl}/${DEFAULT_BRANCH}/${DEFAULT_DATABASE}/rest/v1`);
    log.info(`  Postgres (owner connection): ${withDatabase(adminUrl, DEFAULT_DATABASE)}`);
    const signal = await untilSignal();
    log.info(`${signal}: shutting down`);
  } finally {
    server?.closeAllConnections();
    server?.close();
    for (const api of apis.values()) await api.close().catch(() => undefined);
    if (cluster) {
      log.info('stopping embedded Postgres');
      await cluster.stop();
    }
  }
};
