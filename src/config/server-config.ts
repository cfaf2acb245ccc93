// Rowgate's own settings (ARCHITECTURE.md section 2) from the environment and `serve`'s flags,
// validated once at start-up so a typo fails with one clear line instead of later, obscurely.
// Empty variables count as unset, as docker-compose and .env files often leave them.
import { resolve } from 'node:path';
import { isLogLevel, type LogLevel } from '../observe/logger.ts';
import { ConfigError } from './config-error.ts';

export type DataApiAuthProvider = 'neon_auth' | 'external' | 'none';

export interface ServerConfig {
  /** --port, else PORT, else 3000. */
  readonly port: number;
  /** --port alone: PostgREST mode listens on it instead of server-port (PORT does not count there). */
  readonly portFlag?: number;
  /** A superuser or owner connection to the cluster; undefined starts the embedded Postgres. */
  readonly databaseUrl?: string;
  /** Absolute path of ROWGATE_DATA_DIR. */
  readonly dataDir: string;
  /** ROWGATE_ADMIN_TOKEN; undefined means generate one and keep it in the data dir. */
  readonly adminToken?: string;
  /** Where users reach the server, without a trailing slash; in every URL shown and as iss/aud. */
  readonly publicUrl: string;
  /** ROWGATE_ENABLE_DATA_API: enable the default database's Data API at start-up with this provider. */
  readonly enableDataApi?: DataApiAuthProvider;
  readonly logLevel: LogLevel;
  /** --config (or PostgREST's lone argument): a postgrest.conf, which selects PostgREST mode. */
  readonly configPath?: string;
}

const AUTH_PROVIDERS: readonly DataApiAuthProvider[] = ['neon_auth', 'external', 'none'];
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];

const port = (value: string, name: string): number => {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ConfigError(name, `Invalid ${name}: expected a port number from 1 to 65535, got ${JSON.stringify(value)}`);
  return n;
};

const postgresUrl = (value: string, name: string): string => {
  if (!/^postgres(ql)?:\/\//.test(value) || !URL.canParse(value))
    throw new ConfigError(name, `Invalid ${name}: expected a postgres:// or postgresql:// URL, e.g. postgres://user:password@host:5432/postgres`);
  return value;
};

const httpUrl = (value: string, name: string): string => {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '')
    throw new ConfigError(name, `Invalid ${name}: expected an http:// or https:// URL without query, e.g. https://rowgate.example.com, got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
};

const choice = <C extends string>(value: string, name: string, choices: readonly C[]): C => {
  if (!(choices as readonly string[]).includes(value))
    throw new ConfigError(name, `Invalid ${name}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as C;
};

interface Flags {
  readonly port?: string;
  readonly config?: string;
}

/** `--port N`, `--port=N`, `--config FILE`, `--config=FILE`, or one bare path (as `postgrest FILE`). */
const parseFlags = (argv: readonly string[]): Flags => {
  const flags: { port?: string; config?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--(port|config)(?:=(.*))?$/.exec(arg);
    if (m) {
      const name = m[1] as 'port' | 'config';
      const value = m[2] ?? argv[++i];
      if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('--')))
        throw new ConfigError(`--${name}`, `Missing value for --${name}`);
      flags[name] = value;
    } else if (!arg.startsWith('-') && flags.config === undefined) flags.config = arg;
    else throw new ConfigError(arg, `Unknown option ${arg} (serve takes --port N and --config FILE)`);
  }
  return flags;
};

/** Validates env and argv once; throws ConfigError naming the variable or flag at fault. */
export const loadServerConfig = (env: NodeJS.ProcessEnv, argv: readonly string[]): ServerConfig => {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const flags = parseFlags(argv);
  const portFlag = flags.port === undefined ? undefined : port(flags.port, '--port');
  const listenPort = portFlag ?? (get('PORT') !== undefined ? port(get('PORT')!, 'PORT') : 3000);
  const databaseUrl = get('DATABASE_URL');
  const publicUrl = get('ROWGATE_PUBLIC_URL');
  const enable = get('ROWGATE_ENABLE_DATA_API');
  const logLevel = get('LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!isLogLevel(logLevel)) throw new ConfigError('LOG_LEVEL', `Invalid LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  return {
    port: listenPort,
    portFlag,
    databaseUrl: databaseUrl === undefined ? undefined : postgresUrl(databaseUrl, 'DATABASE_URL'),
    dataDir: resolve(get('ROWGATE_DATA_DIR') ?? '.rowgate'),
    adminToken: get('ROWGATE_ADMIN_TOKEN'),
    publicUrl: publicUrl === undefined ? `http://localhost:${listenPort}` : httpUrl(publicUrl, 'ROWGATE_PUBLIC_URL'),
    enableDataApi: enable === undefined ? undefined : choice(enable, 'ROWGATE_ENABLE_DATA_API', AUTH_PROVIDERS),
    logLevel,
    configPath: flags.config,
  };
};
