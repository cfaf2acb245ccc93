// One served Data API: a database's settings, its connection pool (logged in as the
// authenticator role) and its current schema cache, reloaded on NOTIFY. The HTTP layer
// looks these up by branch and database (or uses the one of PostgREST mode).
import type { DataApiSettings } from '../config/data-api-settings.ts';
import { createPool, type DbPool } from '../db/pool.ts';
import { loadSchemaCache, watchSchemaCache } from '../schema-cache/schema-cache.ts';
import type { SchemaCache } from '../schema-cache/types.ts';
import type { Logger } from '../observe/logger.ts';

export interface DataApi {
  readonly name: string;
  /** The URL path the API is served under: `/` in PostgREST mode, else `/{branch}/{db}/rest/v1`. */
  readonly basePath: string;
  readonly settings: DataApiSettings;
  readonly pool: DbPool;
  /** The cache the next request plans against; undefined until the first load succeeds. */
  schemaCache(): SchemaCache | undefined;
  reloadSchemaCache(): Promise<SchemaCache>;
  close(): Promise<void>;
}

export interface OpenDataApiOptions {
  readonly name: string;
  readonly basePath?: string;
  /** Connection string of the authenticator role to the served database. */
  readonly connectionString: string;
  readonly settings: DataApiSettings;
  readonly log: Logger;
  /** Listen for `NOTIFY pgrst` to reload the cache (on by default). */
  readonly watch?: boolean;
}

export const openDataApi = async (options: OpenDataApiOptions): Promise<DataApi> => {
  const { settings, log } = options;
  const pool = createPool({
    connectionString: options.connectionString,
    max: settings.dbPoolSize,
    preparedStatements: settings.dbPreparedStatements,
  });
  let cache: SchemaCache | undefined;
  let loading: Promise<SchemaCache> | undefined;

  const reload = (): Promise<SchemaCache> => {
    loading ??= (async () => {
      const started = performance.now();
      try {
        const next = await loadSchemaCache(pool, settings.dbSchemas, settings.dbExtraSearchPath);
        cache = next;
        pool.recycle();
        log.info(
          `${options.name}: schema cache loaded in ${Math.round(performance.now() - started)} ms ` +
            `(${next.tables.size} relations, ${next.routines.size} functions)`,
        );
        return next;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };

  await reload();
  const unwatch =
    options.watch === false
      ? undefined
      : await watchSchemaCache(pool, 'pgrst', () => {
          reload().catch((e: unknown) => log.error(`${options.name}: schema cache reload failed`, e));
        });

  return {
    name: options.name,
    basePath: options.basePath ?? '/',
    settings,
    pool,
    schemaCache: () => cache,
    reloadSchemaCache: reload,
    async close() {
      await unwatch?.();
      await pool.end();
    },
  };
};
