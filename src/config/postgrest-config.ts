// PostgREST mode's configuration: a `postgrest.conf` (given with --config) and the PGRST_*
// environment variables, environment over file as in PostgREST, into the settings of the one
// Data API served at `/`. In-database settings are layered on later (in-database-settings.ts).
import { loadConfFile, type ConfMap, type ConfValue } from './conf-file.ts';
import { invalidSetting } from './config-error.ts';
import { defaultDataApiSettings, type DataApiSettings } from './data-api-settings.ts';
import {
  applySpecs,
  checkDataApiSettings,
  dataApiSettingSpecs,
  envName,
  readAtFile,
  toBool,
  toInt,
  toText,
  type RawValue,
  type SettingSpec,
} from './postgrest-settings.ts';

export interface PostgrestModeConfig {
  /** A postgres:// URI (libpq key=value strings are converted); PGHOST etc. fill in what it omits. */
  readonly dbUri: string;
  readonly serverPort: number;
  /** An address for `listen()`; PostgREST's `!4`, `*4`, `*`, `*6`, `!6` are translated. */
  readonly serverHost: string;
  readonly settings: DataApiSettings;
  /** db-config: read `pgrst.*` settings of the login role from the database (default true). */
  readonly dbConfig: boolean;
  /** db-pre-config: a function that sets `pgrst.*` settings with set_config. */
  readonly dbPreConfig?: string;
  /** PostgREST settings that were given but that Rowgate does not implement (worth a warning). */
  readonly ignored: readonly string[];
}

type ServerFields = Pick<PostgrestModeConfig, 'dbUri' | 'serverPort' | 'serverHost' | 'dbConfig' | 'dbPreConfig'>;

const DEFAULT_DB_URI = 'postgresql://';

// Warp's host preferences (PostgREST's server-host) as Node listen() addresses.
const HOST_PREFERENCES: Readonly<Record<string, string>> = { '!4': '0.0.0.0', '*4': '0.0.0.0', '*': '::', '*6': '::', '!6': '::' };

/** Understood by PostgREST, not (yet) by Rowgate: reported, never an error. */
const UNSUPPORTED: readonly string[] = [
  'admin-server-host',
  'admin-server-port',
  'admin-server-unix-socket',
  'admin-server-unix-socket-mode',
  'client-error-verbosity',
  'db-channel',
  'db-channel-enabled',
  'db-hoisted-tx-settings',
  'db-pool-acquisition-timeout',
  'db-pool-automatic-recovery',
  'db-pool-max-idletime',
  'db-pool-max-lifetime',
  'db-pool-timeout',
  'db-root-spec',
  'jwt-cache-max-entries',
  'log-level',
  'log-query',
  'openapi-security-active',
  'openapi-server-proxy-uri',
  'server-reuseport',
  'server-trace-header',
  'server-unix-socket',
  'server-unix-socket-mode',
  'url-use-legacy-target-names',
];

const unquote = (v: string): string => v.replace(/\\(.)/g, '$1');

/** libpq's `host=h port=5432 dbname=d user=u password='p w'` as a URI the driver reads. */
export const conninfoToUri = (conninfo: string): string => {
  const pairs = new Map<string, string>();
  const re = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S*))/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(conninfo)) !== null) {
    pairs.set(m[1]!, m[2] !== undefined ? unquote(m[2]) : m[3]!);
    end = re.lastIndex;
  }
  if (conninfo.slice(end).trim() !== '') throw invalidSetting('db-uri', undefined, `cannot read the connection string near ${JSON.stringify(conninfo.slice(end).trim())}`);
  const take = (k: string): string | undefined => {
    const v = pairs.get(k);
    pairs.delete(k);
    return v;
  };
  const user = take('user');
  const password = take('password');
  const dbname = take('dbname');
  let host = take('host') ?? '';
  const port = take('port');
  // Unix sockets and host lists stay query parameters, which the driver also reads.
  if (host.includes('/') || host.includes(',')) {
    pairs.set('host', host);
    host = '';
  }
  const auth = user === undefined ? '' : `${encodeURIComponent(user)}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@`;
  const query = [...pairs].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `postgresql://${auth}${host}${port ? `:${port}` : ''}/${dbname === undefined ? '' : encodeURIComponent(dbname)}${query ? `?${query}` : ''}`;
};

const normaliseDbUri = (raw: string, where: string): string => {
  const uri = readAtFile('db-uri', raw, where).trim();
  if (/^postgres(ql)?:\/\//.test(uri)) {
    if (!URL.canParse(uri)) throw invalidSetting('db-uri', where, 'not a valid postgres:// URI');
    return uri;
  }
  if (uri.includes('=')) return conninfoToUri(uri);
  throw invalidSetting('db-uri', where, 'expected a postgres:// or postgresql:// URI, or a key=value connection string');
};

const serverSpecs: readonly SettingSpec<ServerFields>[] = [
  {
    key: 'db-uri',
    aliases: [],
    inDatabase: false,
    parse: (v, w) => ({ dbUri: normaliseDbUri(toText('db-uri', v, w).trim() || DEFAULT_DB_URI, w) }),
  },
  { key: 'server-port', aliases: [], inDatabase: false, parse: (v, w) => ({ serverPort: toInt('server-port', v, w, 0, 65535) ?? 3000 }) },
  {
    key: 'server-host',
    aliases: [],
    inDatabase: false,
    parse: (v, w) => {
      const host = toText('server-host', v, w).trim() || '!4';
      return { serverHost: HOST_PREFERENCES[host] ?? host };
    },
  },
  { key: 'db-config', aliases: [], inDatabase: false, parse: (v, w) => ({ dbConfig: toBool('db-config', v, w) ?? true }) },
  { key: 'db-pre-config', aliases: [], inDatabase: false, parse: (v, w) => ({ dbPreConfig: toText('db-pre-config', v, w).trim() || undefined }) },
];

const APP_SETTINGS_PREFIX = 'app.settings.';
const APP_SETTINGS_ENV_PREFIX = 'PGRST_APP_SETTINGS_';

/**
 * `app.settings.x = "v"` in the file and PGRST_APP_SETTINGS_X, the environment winning.
 * GUC names are case-insensitive in Postgres, so keys are lower-cased to merge them.
 */
const appSettings = (file: ConfMap | undefined, env: NodeJS.ProcessEnv, configPath: string | undefined): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const [key, value] of file ?? []) {
    const name = key.startsWith(APP_SETTINGS_PREFIX) ? key.slice(APP_SETTINGS_PREFIX.length) : '';
    if (name !== '' && !name.includes('.')) out[name.toLowerCase()] = toText(key, value, configPath ?? key);
  }
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(APP_SETTINGS_ENV_PREFIX) && key.length > APP_SETTINGS_ENV_PREFIX.length && value !== undefined)
      out[key.slice(APP_SETTINGS_ENV_PREFIX.length).toLowerCase()] = value;
  }
  return out;
};

/**
 * The PostgREST-mode configuration, or undefined when neither PGRST_DB_URI nor a config file
 * is given (Rowgate then serves its own branches). Throws ConfigError naming the bad setting.
 */
export const loadPostgrestConfig = async (env: NodeJS.ProcessEnv, configPath?: string): Promise<PostgrestModeConfig | undefined> => {
  if (!configPath && !env.PGRST_DB_URI) return undefined;
  const file = configPath ? await loadConfFile(configPath, env) : undefined;
  const lookup = (name: string): { value: RawValue; where: string } | undefined => {
    const fromEnv = env[envName(name)];
    if (fromEnv !== undefined) return { value: fromEnv, where: envName(name) };
    const fromFile: ConfValue | undefined = file?.get(name);
    return fromFile === undefined ? undefined : { value: fromFile, where: `${name} in ${configPath}` };
  };
  const server = applySpecs(
    serverSpecs,
    { dbUri: normaliseDbUri(DEFAULT_DB_URI, 'db-uri'), serverPort: 3000, serverHost: HOST_PREFERENCES['!4']!, dbConfig: true, dbPreConfig: undefined },
    lookup,
  );
  const settings = applySpecs(dataApiSettingSpecs, { ...defaultDataApiSettings, appSettings: appSettings(file, env, configPath) }, lookup);
  return {
    ...server,
    settings: checkDataApiSettings(settings),
    ignored: UNSUPPORTED.filter((name) => lookup(name) !== undefined),
  };
};
