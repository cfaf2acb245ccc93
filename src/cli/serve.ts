// `rowgate serve`: starts Postgres (embedded unless DATABASE_URL is set) and serves the
// Data APIs on one port until SIGINT/SIGTERM, then stops everything cleanly; or, given
// PGRST_DB_URI or a postgrest.conf, serves one database as PostgREST does (serve-postgrest.ts).
import type { Server } from 'node:http';
import { serveDataApi } from '../app.ts';
import { defaultDataApiSettings } from '../config/data-api-settings.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadPostgrestConfig } from '../config/postgrest-config.ts';
import { loadServerConfig, type ServerConfig } from '../config/server-config.ts';
import { authHelpersSql } from '../control-plane/auth-helpers.ts';
import { installRoles } from '../control-plane/roles.ts';
import { schemaChangeTriggerSql } from '../schema-cache/watch-schema-cache.ts';
import { openDataApi, type DataApi } from '../data-api/data-api.ts';
import { startEmbeddedCluster, type EmbeddedCluster } from '../db/embedded-cluster.ts';
import { createPool, PgQueryError } from '../db/pool.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { createRouter } from '../http/router.ts';
import { createHttpServer } from '../http/server.ts';
import { createLogger, type Logger } from '../observe/logger.ts';
import { listen, ListenError, untilSignal } from './listen.ts';
import { servePostgrestMode } from './serve-postgrest.ts';

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

const redacted = (url: string): { name: string; password: string } | undefined => {
  const u = new URL(url);
  return u.password === '' ? undefined : { name: decodeURIComponent(u.username), password: '********' };
};

export const serve = async (argv: readonly string[]): Promise<void> => {
  try {
    const config = loadServerConfig(process.env, argv);
    const log = createLogger(config.logLevel);
    const postgrest = await loadPostgrestConfig(process.env, config.configPath);
    if (postgrest) await servePostgrestMode(postgrest, { port: config.portFlag, log });
    else await serveBranches(config, log);
  } catch (e) {
    const failure = startupFailure(e);
    if (failure === undefined) throw e;
    process.stderr.write(`rowgate: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  }
};

/** Start-up errors a user can act on: one line and an exit code (2 for configuration), no stack trace. */
const startupFailure = (e: unknown): { readonly message: string; readonly exitCode: number } | undefined => {
  if (e instanceof ConfigError) return { message: e.message, exitCode: 2 };
  if (e instanceof ListenError) return { message: e.message, exitCode: 1 };
  // Connecting to Postgres failed (PGRST000), or a start-up query did (a missing db-pre-config function).
  if (e instanceof DataApiError) return { message: typeof e.details === 'string' ? `${e.message.replace(/\.$/, '')}: ${e.details}` : e.message, exitCode: 1 };
  if (e instanceof PgQueryError) return { message: `Postgres: ${e.message}`, exitCode: 1 };
  return undefined;
};

/** Rowgate's own mode: the default branch's database, served under /{branch}/{db}/rest/v1. */
const serveBranches = async (config: ServerConfig, log: Logger): Promise<void> => {
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
    // auth.user_id() and friends, so RLS policies written for Neon work as they stand.
    await admin.query({ text: authHelpersSql, params: [] });
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
    await listen(server, config.port, '0.0.0.0', 'PORT=N or --port N');
    log.info(`Rowgate is serving on ${config.publicUrl}`);
    log.info(`  Data API (branch ${DEFAULT_BRANCH}, database ${DEFAULT_DATABASE}): ${config.publicUrl}/${DEFAULT_BRANCH}/${DEFAULT_DATABASE}/rest/v1`);
    // The embedded cluster's fixed local password is part of what a developer needs; a
    // password from DATABASE_URL stays out of the logs.
    log.info(`  Postgres (owner connection): ${withDatabase(adminUrl, DEFAULT_DATABASE, cluster ? undefined : redacted(adminUrl))}`);
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
