// `rowgate serve` in PostgREST mode: the one database of db-uri served at `/`, configured as
// PostgREST configures itself (postgrest.conf, then PGRST_*, then the login role's `pgrst.*`
// settings unless db-config is off), until SIGINT/SIGTERM.
import { serveDataApi } from '../app.ts';
import { applyInDatabaseSettings, readInDatabaseSettings } from '../config/in-database-settings.ts';
import type { PostgrestModeConfig } from '../config/postgrest-config.ts';
import { openDataApi } from '../data-api/data-api.ts';
import { createRouter } from '../http/router.ts';
import { createHttpServer } from '../http/server.ts';
import type { Logger } from '../observe/logger.ts';
import { listen, untilSignal, urlFor } from './listen.ts';

export interface PostgrestModeOptions {
  /** `--port N`: an explicit flag wins over server-port. PORT does not: PostgREST never reads it. */
  readonly port?: number;
  readonly log: Logger;
}

export const servePostgrestMode = async (config: PostgrestModeConfig, { port = config.serverPort, log }: PostgrestModeOptions): Promise<void> => {
  if (config.ignored.length > 0) log.warn(`ignoring PostgREST settings that Rowgate does not implement: ${config.ignored.join(', ')}`);
  log.info(`PostgREST mode: serving ${new URL(config.dbUri).pathname.slice(1) || 'the database'} at /`);
  // As in PostgREST, db-pre-config runs only as part of reading the in-database settings.
  const settings = config.dbConfig
    ? applyInDatabaseSettings(config.settings, await readInDatabaseSettings(config.dbUri, { preConfig: config.dbPreConfig }))
    : config.settings;
  const api = await openDataApi({ name: 'postgrest', connectionString: config.dbUri, settings, log });
  const server = createHttpServer(createRouter({ root: api, serveDataApi: (a, raw) => serveDataApi(a, raw, log), ready: () => true }), log);
  try {
    const bound = await listen(server, port, config.serverHost, 'server-port (PGRST_SERVER_PORT) or --port N');
    log.info(`listening on ${urlFor(config.serverHost, bound)}`);
    const signal = await untilSignal();
    log.info(`${signal}: shutting down`);
  } finally {
    server.closeAllConnections();
    server.close();
    await api.close();
  }
};
